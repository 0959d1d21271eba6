"""`sitemap.xml` (sitemaps.org 0.9), split into an index of parts past the limit, and robots.txt.

A part holds at most `config.sitemap_limit` URLs (sitemaps.org allows 50,000 and 50 MB; slugs are
at most 80 characters, so 50,000 URLs stay far below 50 MB). Parts follow the date archive, one
per year, so adding a story rewrites only its year's part and the index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import groupby
from xml.sax.saxutils import escape

from generator import urls
from generator.config import SiteConfig
from generator.models import Output
from generator.site.gather import GatheredSite
from generator.site.plan import (
    DayKey,
    MonthKey,
    OnThisDayKey,
    Page,
    StoryKey,
    TermIndexKey,
    TermKey,
    TermPageKey,
    YearKey,
)
from generator.site.sequences import calendar_days
from generator.timestamps import day_start

Entry = tuple[str, int, dt.date | None]
"""(site URL, year or 0 for a page that is not dated, last modification date or None)."""

# The part for pages with no year (home, A-Z indexes, people, topics). urls.py has no rule for it
# yet; it lives beside the yearly parts, and "pages" can never collide with a four-digit year.
PAGES_PART_URL = "/sitemaps/pages.xml"

_XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _sort_key(entry: Entry) -> tuple[str, dt.date]:
    # URL first; the date only breaks ties, so input order never changes the bytes.
    return entry[0], entry[2] or dt.date.min


def _url_element(base_url: str, zone: str, tag: str, url: str, lastmod: dt.date | None) -> str:
    loc = escape(urls.absolute_url(base_url, url))
    # The start of the day in the site's time zone, with its offset (generator/timestamps.py).
    mod = f"<lastmod>{day_start(lastmod, zone)}</lastmod>" if lastmod else ""
    return f"<{tag}><loc>{loc}</loc>{mod}</{tag}>"


def _document(config: SiteConfig, root: str, tag: str, items: Iterable[Entry]) -> bytes:
    lines = [f"{_XML_HEAD}<{root} {_NS}>"]
    base_url, zone = config.base_url, config.timezone
    lines.extend(_url_element(base_url, zone, tag, url, mod) for url, _, mod in items)
    lines.append(f"</{root}>\n")
    return "\n".join(lines).encode("utf-8")


def _part_url(year: int, number: int) -> str:
    """URL of the `number`th (1-based) part of a year, or of the undated pages when year is 0."""
    first = urls.sitemap_part_url(year) if year else PAGES_PART_URL
    # A year too large for one part continues in "2025-2.xml", "2025-3.xml": the first part keeps
    # the plain name, so an index that later splits a year does not move its first URLs.
    return first if number == 1 else f"{first.removesuffix('.xml')}-{number}.xml"


def render_sitemaps(config: SiteConfig, entries: Sequence[Entry]) -> list[Output]:
    """Return `sitemap.xml` and, past `config.sitemap_limit` URLs, the parts it indexes.

    At or under the limit, `sitemap.xml` is one urlset of every entry. Over it, `sitemap.xml` is a
    sitemap index of one part per year (years ascending), then one for undated pages; a group
    larger than the limit is cut into numbered parts. URLs are sorted within a part; `<lastmod>`
    is written when known (for a part: its newest entry's date).
    """
    limit = config.sitemap_limit
    index_path = urls.output_path(urls.SITEMAP_URL)
    if len(entries) <= limit:
        data = _document(config, "urlset", "url", sorted(entries, key=_sort_key))
        return [Output(index_path, data)]
    # Undated pages (year 0) sort last, after every year.
    ordered = sorted(entries, key=lambda e: (e[1] == 0, e[1], *_sort_key(e)))
    outputs: list[Output] = []
    index: list[Entry] = []
    for year, group in groupby(ordered, key=lambda e: e[1]):
        items = list(group)
        for number, start in enumerate(range(0, len(items), limit), start=1):
            chunk = items[start : start + limit]
            url = _part_url(year, number)
            outputs.append(Output(urls.output_path(url), _document(config, "urlset", "url", chunk)))
            dates = [mod for _, _, mod in chunk if mod is not None]
            index.append((url, year, max(dates) if dates else None))
    index_data = _document(config, "sitemapindex", "sitemap", index)
    return [Output(index_path, index_data), *outputs]


def _last_day(site: GatheredSite, url: str) -> dt.date | None:
    """The newest day with stories under a date archive's URL ("/2025/03/")."""
    prefix = url.strip("/").replace("/", "-")
    return max((day for day in site.days if day.isoformat().startswith(prefix)), default=None)


def sitemap_entries(site: GatheredSite, pages: Sequence[Page]) -> list[Entry]:
    """(URL, year or 0, last modification) of every HTML page worth indexing."""
    story_dates = {story.id: story.date for story in site.stories}
    newest = site.stories[-1].date if site.stories else None
    calendar = calendar_days(site)
    entries: list[Entry] = []
    for page in pages:
        key = page.key
        match key:
            case StoryKey():
                day = story_dates[key.story_id]
                entries.append((page.url, day.year, day))
            case YearKey() | MonthKey() | DayKey():
                entries.append((page.url, key.year, _last_day(site, page.url)))
            case TermKey() if page.kind == "term":  # not its feed
                last = site.terms[key.kind][key.slug].stories[-1]
                entries.append((page.url, 0, site.stories[last].date))
            case TermPageKey():
                term = site.terms[key.kind][key.slug]
                last = site.term_page(term, key.number)[-1]
                entries.append((page.url, 0, site.stories[last].date))
            case OnThisDayKey():
                entries.append((page.url, 0, calendar[key.month, key.day][-1]))
            case TermIndexKey() | None if page.kind in ("home", "term_index", "archive"):
                entries.append((page.url, 0, newest))
    return entries


def render_robots(config: SiteConfig) -> Output:
    """Return `robots.txt`: every crawler may fetch everything; `Sitemap:` gives the sitemap.

    Crawlers read robots.txt only at a host's root: under a base URL with a path, the file is
    still written (harmless) but the host's own robots.txt must point at the sitemap.
    """
    sitemap = urls.absolute_url(config.base_url, urls.SITEMAP_URL)
    # An empty Disallow is the allow-all form every crawler understands (Allow came later).
    text = f"User-agent: *\nDisallow:\n\nSitemap: {sitemap}\n"
    return Output("robots.txt", text.encode("utf-8"))
