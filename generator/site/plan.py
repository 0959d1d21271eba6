"""Every page of the site as a lightweight descriptor, planned up front in one function.

A `Page` says what to render (template, kind) and from what (key), never how. Rendering a page is
a pure function of its descriptor, the gathered site and the templates: that is what lets a later
incremental build skip pages whose inputs did not change, and what lets the build hand pages to
worker processes in small, cheap-to-send chunks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import urls
from generator.site.gather import KINDS, GatheredSite


@dataclass(frozen=True, slots=True)
class Page:
    """One output file to render."""

    url: str
    """Site URL ("/people/donald-trump/page/2/"); the output path follows from it."""
    template: str
    """Template name, or "" for a file that is not rendered from a template (a feed)."""
    kind: str
    """What the page shows: "story", "term", "term_page", "term_index", "year", "month", "day",
    "home", "not_found", "search" or "feed"."""
    key: Any
    """What the page is about, stable across builds: a story id, (kind, slug[, page]), a year,
    (year, month), an ISO date, or None."""
    path: str = field(init=False, compare=False)
    """Output path relative to the output folder (worked out once: builds ask often)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", urls.output_path(self.url))


def plan_pages(site: GatheredSite) -> list[Page]:
    """Every page and feed of the site, in a stable order (sitemaps are made from this list)."""
    pages = [Page(urls.HOME_URL, "home.html", "home", None)]
    for story in site.stories:
        pages.append(Page(urls.story_url(story.date, story.slug), "story.html", "story", story.id))
    for kind in KINDS:
        pages.append(Page(urls.term_index_url(kind), "term_index.html", "term_index", kind))
        for slug, term in site.terms[kind].items():
            pages.append(Page(urls.term_url(kind, slug), "term.html", "term", (kind, slug)))
            for number in range(1, site.page_count(term) + 1):
                url = urls.term_url(kind, slug, number)
                pages.append(Page(url, "term_page.html", "term_page", (kind, slug, number)))
            pages.append(Page(urls.term_feed_url(kind, slug), "", "feed", (kind, slug)))
    for year, months in site.years().items():
        pages.append(Page(urls.year_url(year), "year.html", "year", year))
        for month, days in months.items():
            pages.append(Page(urls.month_url(year, month), "month.html", "month", (year, month)))
            for day in days:
                pages.append(Page(urls.day_url(day), "day.html", "day", day.isoformat()))
    pages.append(Page(urls.FEED_URL, "", "feed", None))
    pages.append(Page(urls.NOT_FOUND_URL, "404.html", "not_found", None))
    if site.config.search:
        pages.append(Page(urls.SEARCH_URL, "search.html", "search", None))
    return pages
