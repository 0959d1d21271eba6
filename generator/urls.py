"""Every slug, URL and output-path rule of the site, in one place.

URLs are site-relative paths that start and end with "/" ("/2025/03/18/putin-aide/"); the build
prefixes them with the base URL's path. Output paths are relative to the output folder.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

MAX_SLUG = 80

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose into ASCII but that wire copy uses in names.
_TRANSLITERATE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ı": "i",
        "þ": "th",
        "Þ": "TH",
        "œ": "oe",
        "Œ": "OE",
        "&": " and ",
    }
)


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Return an ASCII, lowercase, hyphenated slug of `text`, cut at a hyphen within `max_length`."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
        .replace("'", "")
        .replace("\u2019", "")
    )
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


def story_url(date: dt.date, slug: str) -> str:
    """URL of a story page."""
    return f"/{date:%Y/%m/%d}/{slug}/"


def story_content_path(date: dt.date, slug: str) -> str:
    """Path of a story's Markdown file, relative to `content/`."""
    return f"stories/{date:%Y/%m/%d}/{slug}.md"


def year_url(year: int) -> str:
    """URL of a year's archive."""
    return f"/{year:04d}/"


def month_url(year: int, month: int) -> str:
    """URL of a month's archive."""
    return f"/{year:04d}/{month:02d}/"


def day_url(date: dt.date) -> str:
    """URL of a day's archive."""
    return f"/{date:%Y/%m/%d}/"


def term_index_url(kind: str) -> str:
    """URL of the A-Z index of a taxonomy: kind is "people", "topics" or "places"."""
    return f"/{kind}/"


def term_url(kind: str, slug: str, page: int | None = None) -> str:
    """URL of a person, topic or place: its landing page, or numbered page `page` (1 = oldest)."""
    if page is None:
        return f"/{kind}/{slug}/"
    return f"/{kind}/{slug}/page/{page}/"


def term_feed_url(kind: str, slug: str) -> str:
    """URL of a person's, topic's or place's Atom feed."""
    return f"/{kind}/{slug}/feed.xml"


HOME_URL = "/"
FEED_URL = "/feed.xml"
SEARCH_URL = "/search/"
SEARCH_INDEX_URL = "/pagefind/"
"""Folder of the search indexes: one per year (`/pagefind/2025/`) and `years.json`."""
SITEMAP_URL = "/sitemap.xml"
NOT_FOUND_URL = "/404.html"


def sitemap_part_url(year: int) -> str:
    """URL of one year's sitemap, when the sitemap is split into an index."""
    return f"/sitemaps/{year:04d}.xml"


def output_path(url: str) -> str:
    """Output file for a URL: "/a/b/" -> "a/b/index.html", "/feed.xml" -> "feed.xml"."""
    path = url.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    return path


def absolute_url(base_url: str, url: str) -> str:
    """Join the site's base URL ("https://example.org/archive/") and a site URL."""
    return base_url.rstrip("/") + url
