"""Write generated stories straight into the content/ format Morgue's ingest produces.

This bypasses ingest: the people, topics and places come from the generator's ground truth, not
from detection. It exists to check and time the Hugo peer site (``bench/run.py --hugo-only``)
when Morgue's ingest is not wanted or not available; Morgue's own numbers always come from
``morgue ingest``. Standard library only.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from bench.generate import WireStory, iter_stories, slugify

MAX_SLUG = 80
TITLE_WORDS = 14


def _quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _cut_slug(text: str) -> str:
    slug = slugify(text)
    if len(slug) > MAX_SLUG:
        slug = slug[: MAX_SLUG + 1].rpartition("-")[0] or slug[:MAX_SLUG]
    return slug


def story_markdown(story: WireStory) -> tuple[str, str]:
    """Return (slug, Markdown file text with YAML front matter) for one generated story."""
    paragraphs = story.text.split("\n\n")
    disclaimer = paragraphs.pop().removeprefix("Disclaimer: ")
    lede = paragraphs[0].split(")", 1)[1].strip()
    paragraphs[0] = lede
    words = lede.split()
    title = " ".join(words[:TITLE_WORDS]).rstrip(",.")
    slug = _cut_slug(title)
    people = ", ".join(p.slug for p in story.people)
    topics = ", ".join(slugify(t) for t in story.topics)
    front = "\n".join(
        [
            "---",
            f"id: {story.file_name.split('_')[1].removesuffix('.txt')}",
            f"title: {_quote(title)}",
            f"date: {story.date.isoformat()}",
            f"dateline: {_quote(story.dateline)}",
            f"agency: {story.agency}",
            f"summary: {_quote(lede)}",
            f"people: [{people}]",
            f"topics: [{topics}]",
            f"places: [{slugify(story.dateline)}]",
            "source:",
            f"  file: {_quote(story.file_name)}",
            f"  sha256: {hashlib.sha256(story.text.encode('utf-8')).hexdigest()}",
            f"  note: {_quote(disclaimer)}",
            "---",
            "",
        ]
    )
    return slug, front + "\n" + "\n\n".join(paragraphs) + "\n"


def _vocabulary(entries: dict[str, str]) -> str:
    lines = [f"{slug}:\n  name: {_quote(name)}" for slug, name in sorted(entries.items())]
    return "\n".join(lines) + "\n"


def write_content(
    stories: Iterable[WireStory], content: str | os.PathLike[str], vocabularies: bool = True
) -> int:
    """Write stories (duplicates skipped) and, if `vocabularies`, people.yaml and topics.yaml
    listing their people and topics under `content`.

    Returns the number of story files written. Slug clashes on one day get "-2", "-3" ...
    """
    root = Path(content)
    people: dict[str, str] = {}
    topics: dict[str, str] = {}
    written = 0
    for story in stories:
        if story.duplicate_of is not None:
            continue
        slug, text = story_markdown(story)
        folder = root / "stories" / f"{story.date:%Y/%m/%d}"
        folder.mkdir(parents=True, exist_ok=True)
        path, number = folder / f"{slug}.md", 1
        while path.exists():
            number += 1
            path = folder / f"{slug}-{number}.md"
        path.write_text(text, encoding="utf-8")
        written += 1
        people.update((p.slug, p.name) for p in story.people)
        topics.update((slugify(t), t) for t in story.topics)
    if vocabularies:
        (root / "people.yaml").write_text(_vocabulary(people), encoding="utf-8")
        (root / "topics.yaml").write_text(_vocabulary(topics), encoding="utf-8")
    return written


def convert(n: int, content: str | os.PathLike[str], seed: int) -> int:
    """Write stories 0 .. n-1 of the corpus of `seed` as content files; return how many."""
    return write_content(iter_stories(0, n, seed), content)
