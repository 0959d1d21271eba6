"""What the search index holds for a story: one record, made from the story, not its page.

Pagefind indexes records directly (its service's `AddRecord`), so no page is read back: the
words are the story's body as a reader sees it (the Markdown rendered, its tags dropped), and the
record carries what the search page shows and filters on. A record is a pure function of the
story and the display names of its tags, so the same story always gives the same record, in a
render worker or in the build's own process.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from generator import urls
from generator.content import read_story
from generator.models import Story, TermKind
from generator.pages.markdown import create_markdown, render_markdown
from generator.pages.repeats import shown_summary
from generator.pages.views import credit
from generator.site.gather import GatheredSite

FILTER_NAMES = {
    TermKind.PEOPLE: "person",
    TermKind.ORGANISATIONS: "organisation",
    TermKind.TOPICS: "topic",
    TermKind.PLACES: "place",
}
"""The search filter of each kind of tag, as the search page's form names them."""
SHARD_FILTER = "shard"
"""A filter every record carries: the index (shard or delta) that holds it, so that the search
page can ask one index at a time when it merges newest first."""

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre)>")


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One story as the search index holds it."""

    url: str
    """The story page's link (with the site's base path), as a result links to it."""
    content: str
    """The words searched: the body's text, without the headline (a result shows that apart)."""
    meta: tuple[tuple[str, str], ...]
    """What a result shows: title, date, dateline, summary."""
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    """Filter name -> values: people, organisations, topics and places by name, agency, year."""
    date: str
    """The date to sort on (ISO)."""

    def payload(self, language: str, shard: str) -> dict[str, Any]:
        """The record as Pagefind's `AddRecord` takes it, in index `shard`."""
        filters = {name: list(values) for name, values in self.filters if values}
        filters[SHARD_FILTER] = [shard]
        return {
            "url": self.url,
            "content": self.content,
            "language": language,
            "meta": dict(self.meta),
            "filters": filters,
            "sort": {"date": self.date},
        }


def record_url(base_path: str, story: Story) -> str:
    """The URL a story's record links to: its page, with the site's base path."""
    return base_path.rstrip("/") + urls.story_url(story.date, story.slug)


def body_text(body_html: str) -> str:
    """The text of a rendered story body: blocks on lines of their own, tags dropped, entities
    decoded (Pagefind escapes what it shows)."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", body_html))
    return html.unescape(text).strip()


def story_record(
    story: Story, body_html: str, names: dict[TermKind, dict[str, str]], base_path: str
) -> SearchRecord:
    """The search record of `story`, whose body renders to `body_html`; `names`: kind -> slug ->
    display name."""
    tags = [
        (FILTER_NAMES[kind], tuple(names[kind].get(slug, slug) for slug in story.terms(kind)))
        for kind in FILTER_NAMES
    ]
    filters = (*tags, ("agency", (story.agency,) if story.agency else ()))
    filters += (("year", (f"{story.date.year:04d}",)),)
    meta = (
        ("title", story.title),
        ("date", story.date.isoformat()),
        ("dateline", credit(story.dateline, story.agency)),
        ("summary", shown_summary(story.title, story.summary)),
    )
    return SearchRecord(
        url=record_url(base_path, story),
        content=body_text(body_html),
        meta=tuple((key, value) for key, value in meta if value),
        filters=filters,
        date=story.date.isoformat(),
    )


def tag_names(site: GatheredSite) -> dict[TermKind, dict[str, str]]:
    """Kind -> slug -> display name of every tag a record names."""
    return {kind: site.names(kind) for kind in FILTER_NAMES}


def site_filters(site: GatheredSite) -> dict[str, tuple[str, ...]]:
    """Filter name -> every value the site's records hold (the search form's suggestions)."""
    values = {
        FILTER_NAMES[kind]: tuple(t.name for t in site.terms[kind].values() if t.stories)
        for kind in FILTER_NAMES
    }
    # A pass in C over every story, and one over the days rather than the stories: a build after
    # one edit of 100,000 stories asks for these too.
    values["agency"] = tuple(a for a in set(map(attrgetter("agency"), site.stories)) if a)
    values["year"] = tuple({f"{day.year:04d}" for day in site.days})
    return values


def site_records(site: GatheredSite) -> Iterator[SearchRecord]:
    """The record of every story of `site`, bodies read from disk where the site has none (the
    build's saved state keeps stories without them)."""
    markdown = create_markdown()
    names = tag_names(site)
    content_dir, base_path = site.config.content_dir, site.config.base_path
    for story in site.stories:
        body = story.body or read_story(content_dir / story.path, content_dir).body
        yield story_record(story, render_markdown(markdown, body), names, base_path)
