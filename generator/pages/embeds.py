"""What other stages put into pages: JSON-LD, feeds, sitemap entries, and the warnings about
slugs that a vocabulary lacks. Each function reads the gathered site; none writes anything."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from generator import urls
from generator.content import front_matter_line
from generator.models import Person, Story
from generator.pages import feeds, seo
from generator.pages.render import Hooks
from generator.site.gather import GatheredSite, singular
from generator.site.plan import Page


def _slug_line(path: Path, kind: str, slug: str) -> int:
    """1-based line of `slug` in the `kind:` list of a story's front matter, or 0."""
    try:
        return front_matter_line(path.read_text(encoding="utf-8"), kind, slug)
    except (OSError, UnicodeDecodeError):
        return 0


def unknown_slug_messages(site: GatheredSite) -> list[str]:
    """One message per slug missing from its vocabulary, naming the first story file and line."""
    messages = []
    for kind, slug, first in site.unknown:
        story = site.stories[first]
        path = site.config.content_dir / story.path
        line = _slug_line(path, kind, slug)
        count = len(site.terms[kind][slug].stories)
        more = (
            f" (and {count - 1} more {'story' if count == 2 else 'stories'})" if count > 1 else ""
        )
        vocabulary = {"people": "content/people.yaml", "topics": "content/topics.yaml"}.get(
            kind, "the places vocabulary"
        )
        where = f"{path}:{line}" if line else str(path)
        messages.append(f"{where}: unknown {singular(kind)} {slug!r}, not in {vocabulary}{more}")
    return messages


def _story_json_ld(people: Mapping[str, str], site: GatheredSite, index: int) -> str:
    return seo.story_json_ld(site.config, site.stories[index], people)


def _term_json_ld(site: GatheredSite, kind: str, slug: str) -> str:
    if kind != "people":
        return ""
    term = site.terms[kind][slug]
    person = Person(slug=slug, name=term.name, description=term.description)
    return seo.person_json_ld(site.config, person, len(term.stories))


def _feed(names: Mapping[str, str], site: GatheredSite, key: Any) -> bytes:
    count = site.config.feed_entries
    if key is None:
        title, page_url, feed_url = site.config.title, urls.HOME_URL, urls.FEED_URL
        stories: Sequence[Story] = site.stories[-count:]
    else:
        kind, slug = key
        term = site.terms[kind][slug]
        title = f"{term.name} – {site.config.title}"
        page_url, feed_url = urls.term_url(kind, slug), urls.term_feed_url(kind, slug)
        stories = [site.stories[i] for i in term.stories[-count:]]
    return feeds.render_feed(
        site.config, title=title, page_url=page_url, feed_url=feed_url,
        stories=list(reversed(stories)), names=names,
    )  # fmt: skip


def make_hooks(site: GatheredSite) -> Hooks:
    """JSON-LD and feed functions for the render stage, with their lookup tables made once."""
    people = site.names("people")
    return Hooks(
        story_json_ld=partial(_story_json_ld, people),
        term_json_ld=_term_json_ld,
        feed=partial(_feed, {**site.names("topics"), **people}),
    )


def sitemap_entries(site: GatheredSite, pages: Sequence[Page]) -> list[tuple[str, int, Any]]:
    """(URL, year or 0, last modification) of every HTML page worth indexing."""
    story_dates = {story.id: story.date for story in site.stories}
    newest = site.stories[-1].date if site.stories else None
    entries: list[tuple[str, int, Any]] = []
    for page in pages:
        if page.kind == "story":
            day = story_dates[page.key]
            entries.append((page.url, day.year, day))
        elif page.kind in ("year", "month", "day"):
            key = page.key
            year = (
                key if isinstance(key, int) else key[0] if isinstance(key, tuple) else int(key[:4])
            )
            prefix = page.url.strip("/").replace("/", "-")
            last = max((d for d in site.days if d.isoformat().startswith(prefix)), default=None)
            entries.append((page.url, year, last))
        elif page.kind in ("term", "term_page"):
            kind, slug, *number = page.key
            term = site.terms[kind][slug]
            indices = site.term_page(term, number[0]) if number else term.stories
            entries.append((page.url, 0, site.stories[indices[-1]].date))
        elif page.kind in ("home", "term_index"):
            entries.append((page.url, 0, newest))
    return entries
