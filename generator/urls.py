"""Every slug, URL and output-path rule of the site, in one place.

URLs are site-relative paths that start and end with "/" ("/2025/03/18/putin-aide/"); the build
prefixes them with the base URL's path. Output paths are relative to the output folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from anyascii import anyascii
from slugify import slugify as python_slugify

MAX_SLUG = 80

_NON_WORD = re.compile(r"[^a-z0-9]+")
_SLUG_RULES = (("'", ""), ("&", " and "), (",", " "))
"""Replacements made before python-slugify's own work, each keeping a slug Morgue wrote before
it used the library: an apostrophe joins ("don't" -> "dont"), "&" is "and", and a comma between
digits separates them ("1,000" -> "1-000", where the library would join them)."""


def _kept(char: str) -> bool:
    """Whether a character survives into transliteration: ASCII, and letters, digits and
    combining marks of any script (a Devanagari vowel sign is a mark, and spells its word);
    other punctuation and symbols ("—", "’", "€") are dropped, as Morgue always did."""
    return char.isascii() or unicodedata.category(char)[0] in "LNM"


def _prepared(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return "".join(char for char in decomposed if _kept(char))


def ascii_words(text: str) -> str:
    """`text` lowercased in ASCII: accents dropped, other scripts transliterated (anyascii:
    "Αλέξης" -> "alexis", "भारत" -> "bhart"); may be ""."""
    prepared = _prepared(text.replace("&", " and "))
    return (prepared if prepared.isascii() else anyascii(prepared)).lower().replace("'", "")


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Return an ASCII, lowercase, hyphenated slug of `text`, cut at a hyphen within `max_length`.

    Never empty: text with no letters or digits in any script gets a stable hash of itself.
    """
    slug = word_slug(text, max_length)
    return slug or "x" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:11]


def word_slug(text: str, max_length: int = MAX_SLUG) -> str:
    """`slugify` without the hash: "" when `text` has no letters or digits (for comparisons).

    python-slugify does the work (transliterating through anyascii, which Morgue's names use
    too); the rules before it keep every Latin slug what it was before (tests/test_slugs.py)."""
    slug = python_slugify(
        _prepared(text),
        entities=False,
        decimal=False,
        hexadecimal=False,
        replacements=_SLUG_RULES,
        replacement_stage="pre",
        backend="anyascii",
    )
    slug = _NON_WORD.sub("-", slug).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


FIRST_YEAR = 1000
"""The earliest year a story may carry: every date path has four digits ("/1000/01/02/")."""
LAST_YEAR = 9998
"""The latest year a story may carry: Python's dates end with 9999, and a page about a date may
look past it (a calendar's last week, the next day)."""


def date_problem(date: dt.date) -> str:
    """Why the pages cannot show a story dated `date`, or "" when they can."""
    if FIRST_YEAR <= date.year <= LAST_YEAR:
        return ""
    return f"year {date.year} is outside the years the archive can show ({FIRST_YEAR}-{LAST_YEAR})"


def date_path(date: dt.date) -> str:
    """ "YYYY/MM/DD" of a date: the one rule of every date in a URL or a file path."""
    return f"{date.year:04d}/{date.month:02d}/{date.day:02d}"


def story_url(date: dt.date, slug: str) -> str:
    """URL of a story page."""
    return f"/{date_path(date)}/{slug}/"


def story_content_path(date: dt.date, slug: str) -> str:
    """Path of a story's Markdown file, relative to `content/`."""
    return f"stories/{date_path(date)}/{slug}.md"


def year_url(year: int) -> str:
    """URL of a year's archive."""
    return f"/{year:04d}/"


def month_url(year: int, month: int) -> str:
    """URL of a month's archive."""
    return f"/{year:04d}/{month:02d}/"


def day_url(date: dt.date) -> str:
    """URL of a day's archive."""
    return f"/{date_path(date)}/"


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


def term_json_feed_url(kind: str, slug: str) -> str:
    """URL of a person's, topic's or place's JSON Feed, beside its Atom feed."""
    return f"/{kind}/{slug}/feed.json"


def json_feed_of(feed_url: str) -> str:
    """The JSON Feed beside an Atom feed (`/x/feed.xml` -> `/x/feed.json`)."""
    return feed_url.removesuffix(".xml") + ".json"


def on_this_day_url(month: int, day: int) -> str:
    """URL of the "On this day" page of a calendar day: its stories in every year."""
    return f"/on-this-day/{month:02d}-{day:02d}/"


HOME_URL = "/"
ARCHIVE_URL = "/archive/"
"""Every year and month with its count of stories: the menu's "Archive"."""
FEED_STYLESHEET_URL = "/assets/feed.xsl"
"""The XSL stylesheet that shows a feed opened in a browser as a page."""
FEED_URL = "/feed.xml"
JSON_FEED_URL = "/feed.json"
"""The site's JSON Feed (1.1), beside its Atom feed."""
SEARCH_URL = "/search/"
OPENSEARCH_URL = "/opensearch.xml"
"""The OpenSearch description of the search page (only when search is on)."""
SEARCH_INDEX_URL = "/pagefind/"
"""Folder of the search indexes: base shards, the delta, `filters.json` and `index.json`."""
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
