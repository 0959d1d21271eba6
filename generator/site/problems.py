"""Content problems that the build and `morgue check` both report, found and worded once: slugs
missing from their vocabulary, and two story files with one id or one URL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.content_text import front_matter_line
from generator.models import Problem, Story, TermKind, Vocabularies
from generator.site.gather import Term, collect_terms, sort_stories
from generator.urls import story_url


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A story file that claims an id or a URL an earlier file (in path order) already has."""

    story: Story
    """The later story: the build leaves it out."""
    first: Story
    """The story that keeps the id or URL."""
    what: str
    """"id" or "URL"."""
    value: str
    """The id, or the URL path, both claim."""


def unique_stories(stories: Iterable[Story]) -> tuple[list[Story], list[Duplicate]]:
    """The stories to build, in path order, and every clash of a left-out story with a kept one
    (its id, then its URL): a page or feed entry must never belong to two stories."""
    ids: dict[str, Story] = {}
    addresses: dict[str, Story] = {}
    kept: list[Story] = []
    duplicates: list[Duplicate] = []
    for story in sorted(stories, key=lambda story: story.path):
        url = story_url(story.date, story.slug)
        clashes = [("id", story.id, ids.get(story.id)), ("URL", url, addresses.get(url))]
        found = [Duplicate(story, first, what, value) for what, value, first in clashes if first]
        if found:
            duplicates += found
            continue
        ids[story.id] = addresses[url] = story
        kept.append(story)
    return kept, duplicates


def duplicate_problems(duplicates: Iterable[Duplicate]) -> list[Problem]:
    """The build's error for each left-out story, at its first clash."""
    problems: dict[str, Problem] = {}
    for duplicate in duplicates:
        file = f"content/{duplicate.story.path}"
        what = f"id {duplicate.value!r}" if duplicate.what == "id" else f"URL {duplicate.value}"
        message = f"{what} is already taken by content/{duplicate.first.path}"
        problems.setdefault(file, Problem(file, 0, "content", message))
    return list(problems.values())


def unknown_slug_problems(
    content_dir: Path,
    stories: Sequence[Story],
    terms: Mapping[TermKind, Mapping[str, Term]],
    unknown: Iterable[tuple[TermKind, str, int]],
) -> list[Problem]:
    """One problem per slug missing from its vocabulary, at the oldest story naming it (`stories`
    sorted oldest first, as gathered): the fix is one vocabulary entry, not an edit of every
    story."""
    problems = []
    for kind, slug, first in unknown:
        story = stories[first]
        line = _slug_line(content_dir / story.path, kind, slug)
        more = len(terms[kind][slug].stories) - 1
        tail = f" (and {more} more {'story' if more == 1 else 'stories'})" if more else ""
        message = f"unknown {kind.singular} {slug!r}, not in {kind.vocabulary_name}{tail}"
        problems.append(Problem(f"content/{story.path}", line, "vocabulary", message))
    return problems


def unknown_slugs_in(
    content_dir: Path, stories: Iterable[Story], vocabularies: Vocabularies, kinds: Iterable[str]
) -> list[Problem]:
    """`unknown_slug_problems` for stories not yet gathered, of the vocabularies of `kinds` only."""
    ordered = sort_stories(list(stories))
    terms, unknown = collect_terms(ordered, vocabularies)
    wanted = set(kinds)
    missing = [entry for entry in unknown if entry[0] in wanted]
    return unknown_slug_problems(content_dir, ordered, terms, missing)


def _slug_line(path: Path, kind: str, slug: str) -> int:
    """1-based line of `slug` in the `kind:` list of a story's front matter, or 0."""
    try:
        return front_matter_line(path.read_text(encoding="utf-8"), kind, slug)
    except (OSError, UnicodeDecodeError):
        return 0
