"""Every page of the site as a lightweight descriptor, planned up front in one function.

A `Page` says what to render (template, kind) and from what (key), never how. Rendering a page is
a pure function of its descriptor, the gathered site and the templates: that is what lets a later
incremental build skip pages whose inputs did not change, and what lets the build hand pages to
worker processes in small, cheap-to-send chunks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from generator import urls
from generator.models import TermKind, pickled_as_arguments
from generator.site.gather import GatheredSite
from generator.site.sequences import calendar_days

PageKind = Literal[
    "story", "term", "term_page", "term_index", "year", "month", "day",
    "home", "not_found", "search", "feed", "json_feed", "opensearch", "feed_stylesheet", "archive", "on_this_day",
]  # fmt: skip
"""What a page shows."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class StoryKey:
    """A story's page."""

    story_id: str
    """The story's id."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class TermKey:
    """A term's landing page, or its feed."""

    kind: TermKind
    """Person, organisation, topic or place."""
    slug: str
    """The term's slug."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class TermPageKey:
    """One numbered page of a term's stories."""

    kind: TermKind
    """Person, organisation, topic or place."""
    slug: str
    """The term's slug."""
    number: int
    """1 for the oldest stories."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class TermIndexKey:
    """The A-Z index (or topic tree) of one kind."""

    kind: TermKind
    """Person, organisation, topic or place."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class YearKey:
    """A year's archive page."""

    year: int
    """The year."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class MonthKey:
    """A month's archive page."""

    year: int
    """The year."""
    month: int
    """1 to 12."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class DayKey:
    """A day's archive page."""

    day: dt.date
    """The day."""

    @property
    def year(self) -> int:
        """The day's year."""
        return self.day.year


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class OnThisDayKey:
    """The "On this day" page of a calendar day: its stories in every year."""

    month: int
    """1 to 12."""
    day: int
    """1 to 31."""


PageKey = (
    StoryKey | TermKey | TermPageKey | TermIndexKey | YearKey | MonthKey | DayKey | OnThisDayKey
    | None
)  # fmt: skip
"""What a page is about, stable across builds; None for pages about the whole site (home, 404,
search, the archive, the site feed)."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Page:
    """One output file to render."""

    url: str
    """Site URL ("/people/donald-trump/page/2/"); the output path follows from it."""
    template: str
    """Template name, or "" for a file that is not rendered from a template (a feed)."""
    kind: PageKind
    """What the page shows."""
    key: PageKey
    """What the page is about."""
    path: str = field(default="", compare=False)
    """Output path relative to the output folder, worked out from `url` when not given (once:
    builds ask often). A saved site gives it back as saved: reading 200,000 pages then works out
    none of them."""

    def __post_init__(self) -> None:
        if not self.path:
            object.__setattr__(self, "path", urls.output_path(self.url))


def _term_pages(site: GatheredSite, kind: TermKind) -> list[Page]:
    """A kind's index, then per published term its landing page, numbered pages and feed."""
    pages = [Page(urls.term_index_url(kind), "term_index.html", "term_index", TermIndexKey(kind))]
    for slug, term in site.terms[kind].items():
        if not term.published:
            continue  # named in its stories, searchable, but no page until it is confirmed
        pages.append(Page(urls.term_url(kind, slug), "term.html", "term", TermKey(kind, slug)))
        for number in range(1, site.page_count(term) + 1):
            key = TermPageKey(kind, slug, number)
            pages.append(
                Page(urls.term_url(kind, slug, number), "term_page.html", "term_page", key)
            )
        term_key = TermKey(kind, slug)
        pages.append(Page(urls.term_feed_url(kind, slug), "", "feed", term_key))
        pages.append(Page(urls.term_json_feed_url(kind, slug), "", "json_feed", term_key))
    return pages


def _date_pages(site: GatheredSite) -> list[Page]:
    """Each year, then its months, each month followed by its days."""
    pages = []
    for year, months in site.years().items():
        pages.append(Page(urls.year_url(year), "year.html", "year", YearKey(year)))
        for month, days in months.items():
            key = MonthKey(year, month)
            pages.append(Page(urls.month_url(year, month), "month.html", "month", key))
            pages.extend(Page(urls.day_url(day), "day.html", "day", DayKey(day)) for day in days)
    return pages


def plan_pages(site: GatheredSite) -> list[Page]:
    """Every page and feed of the site, in a stable order (sitemaps are made from this list)."""
    pages = [Page(urls.HOME_URL, "home.html", "home", None)]
    for story in site.stories:
        key = StoryKey(story.id)
        pages.append(Page(urls.story_url(story.date, story.slug), "story.html", "story", key))
    for kind in TermKind:
        pages.extend(_term_pages(site, kind))
    pages.extend(_date_pages(site))
    pages.append(Page(urls.ARCHIVE_URL, "archive.html", "archive", None))
    for month, day in calendar_days(site):
        url = urls.on_this_day_url(month, day)
        pages.append(Page(url, "on_this_day.html", "on_this_day", OnThisDayKey(month, day)))
    pages.append(Page(urls.FEED_URL, "", "feed", None))
    pages.append(Page(urls.JSON_FEED_URL, "", "json_feed", None))
    # The feeds' XSL stylesheet speaks the site's language: a template, not a static file.
    pages.append(Page(urls.FEED_STYLESHEET_URL, "feed.xsl", "feed_stylesheet", None))
    pages.append(Page(urls.NOT_FOUND_URL, "404.html", "not_found", None))
    if site.config.search:
        pages.append(Page(urls.SEARCH_URL, "search.html", "search", None))
        pages.append(Page(urls.OPENSEARCH_URL, "", "opensearch", None))
    return pages
