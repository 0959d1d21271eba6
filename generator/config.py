"""`site.toml` -> a frozen, validated `SiteConfig`, read once per command."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from generator.models import Problem
from generator.timestamps import valid_timezone

CONFIG_NAME = "site.toml"
DEFAULT_BASE_URL = "http://localhost:8000/"


class ConfigError(Exception):
    """`site.toml` is missing, unreadable or holds a value of the wrong kind; prints as one line,
    `where:line: message` (`where` is the file, or the command-line option that gave the value)."""

    def __init__(self, where: str, line: int, message: str) -> None:
        super().__init__(f"{where}:{line}: {message}" if line else f"{where}: {message}")
        self.where = where
        self.line = line
        self.message = message

    @property
    def problem(self) -> Problem:
        """This error as a value, for a report or the preview's overlay."""
        return Problem(self.where, self.line, "config", self.message)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The settings of one archive site, with every path resolved."""

    root: Path
    """The site folder (the one holding `site.toml`)."""
    title: str = "Morgue"
    """The archive's name, in every page's title and feed."""
    description: str = ""
    """One line for the home page and the site feed."""
    base_url: str = DEFAULT_BASE_URL
    """Absolute URL the site is served from, ending with "/"; may carry a path."""
    language: str = "en"
    """BCP 47 language tag of the stories and the interface ("en", "es", "hi", "pt-BR"): the
    pages' `lang`, the theme's translation, dates and numbers."""
    timezone: str = "UTC"
    """IANA time zone name ("Asia/Kolkata", "America/New_York") of the feeds' and sitemaps'
    timestamps: a story's date is a calendar date, taken as the start of that day here."""
    per_page: int = 20
    """Stories per numbered page of a person, topic or place."""
    feed_entries: int = 50
    """Entries of each Atom feed."""
    sitemap_limit: int = 50_000
    """URLs per sitemap; past it the sitemap becomes an index of one sitemap per year."""
    search: bool = True
    """Whether the build indexes the site for search."""
    unreviewed_min_stories: int = 2
    """Stories that must name a person or organisation no editor has confirmed (`reviewed: false`
    in its vocabulary) before it gets a page; 0 or 1 publishes every one."""
    share_image: str = "assets/share.png"
    """The picture that links to any page show when shared (OpenGraph and Twitter cards): a file
    of `static/` (the site's, else the theme's), by its path there, or an absolute http(s) URL;
    "" for none."""
    share_image_alt: str = ""
    """What the share image shows, for readers who cannot see it ("" : the archive's title)."""
    feed_content: str = "summary"
    """What feed entries carry: "summary" (the summary only) or "full" (the whole story too)."""
    output_dir: Path = field(default=Path("public"))
    """Where `morgue build` writes the site (absolute after loading)."""
    scheduler: str = ""
    """The Dask scheduler that renders the pages ("tcp://HOST:8786"); "" renders them in local
    processes (see docs/scale.md)."""

    @property
    def content_dir(self) -> Path:
        """The archive's source of truth: stories and vocabularies."""
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        """The site's own templates; they override Morgue's theme file by file."""
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        """The site's own static files; they override Morgue's theme file by file."""
        return self.root / "static"

    @property
    def cache_dir(self) -> Path:
        """Where the build keeps what it needs for incremental rebuilds: beside the output
        folder (`.public.cache`), so that each output has its own and CI can keep both."""
        return self.output_dir.parent / f".{self.output_dir.name}.cache"

    @property
    def share_image_url(self) -> str:
        """The absolute URL of the share image, or ""."""
        image = self.share_image.strip()
        if not image or urlsplit(image).scheme:
            return image
        return self.base_url.rstrip("/") + "/" + image.lstrip("/")

    @property
    def base_path(self) -> str:
        """The path part of `base_url` ("/archive/"), which prefixes every link."""
        return urlsplit(self.base_url).path or "/"


_KINDS: dict[str, type] = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "timezone": str,
    "per_page": int,
    "feed_entries": int,
    "sitemap_limit": int,
    "search": bool,
    "unreviewed_min_stories": int,
    "share_image": str,
    "share_image_alt": str,
    "feed_content": str,
    "output_dir": str,
    "scheduler": str,
}
_CHOICES = {"feed_content": ("summary", "full")}
"""Settings that take one of a few words."""


_KIND_NAMES = {str: "text in quotes", int: "a whole number", bool: "true or false"}
_OPTIONS = {"base_url": "--base-url", "output_dir": "--out", "scheduler": "--scheduler"}
"""Settings a command-line option may give, and that option, to name it in an error."""
_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_KEY = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*[.=]""")


def find_site(start: Path) -> Path:
    """The site folder for a command run in `start`: the nearest of `start` and the folders
    above it that holds `site.toml`, as git looks for `.git`; `start` itself when none does (so
    that the error names the folder the command was given)."""
    here = start.absolute()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return start


def load_config(
    site_dir: Path, *, origins: Mapping[str, str] | None = None, **overrides: object
) -> SiteConfig:
    """Read `site.toml` of the site `site_dir` is in (it or a folder above it), apply the
    `overrides` of the command line (None means unset), validate.

    `origins` names where an override came from when it was not the option itself (the
    environment variable `MORGUE_BUILD_BASE_URL`): an error blames the place the value came from.
    """
    site_dir = find_site(site_dir)
    path = site_dir / CONFIG_NAME
    text = _read(path)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # "Invalid value (at line 3, column 9)": the line goes where every error has it.
        at = _TOML_AT.search(str(exc))
        line = int(at.group(1)) if at else 0
        message = _TOML_AT.sub(f" (column {at.group(2)})", str(exc)) if at else str(exc)
        raise ConfigError(str(path), line, f"broken TOML: {message}") from None
    given = {k: v for k, v in overrides.items() if v is not None}
    values = {**raw, **given}
    named = origins or {}

    def fail(key: str, message: str) -> ConfigError:
        if key in given:
            return ConfigError(named.get(key) or _OPTIONS.get(key, key), 0, message)
        return ConfigError(str(path), _key_line(text, key), message)

    for key, value in values.items():
        kind = _KINDS.get(key)
        if kind is None:
            near = difflib.get_close_matches(key.lower(), _KINDS, n=1, cutoff=0.6)
            hint = f" (did you mean {near[0]}?)" if near else ""
            raise fail(key, f"unknown setting {key!r}{hint}")
        # bool is a subclass of int: `per_page = true` must not pass as 1.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise fail(key, f"{key} must be {_KIND_NAMES[kind]}, not {value!r}")
    for key in ("per_page", "feed_entries", "sitemap_limit"):
        if key in values and values[key] < 1:
            raise fail(key, f"{key} must be at least 1")
    for key, choices in _CHOICES.items():
        if key in values and values[key] not in choices:
            words = " or ".join(f'"{choice}"' for choice in choices)
            raise fail(key, f"{key} must be {words}, not {values[key]!r}")
    share = str(values.get("share_image", "")).strip()
    if share and urlsplit(share).scheme not in ("", "http", "https"):
        raise fail("share_image", "share_image must be a file of static/ or an http(s) URL")
    if values.get("unreviewed_min_stories", 0) < 0:
        raise fail("unreviewed_min_stories", "unreviewed_min_stories must be 0 or more")
    if "language" in values:
        tag = language_tag(values["language"])
        if tag is None:
            raise fail(
                "language",
                f'language must be a BCP 47 language tag such as "en", "es", "hi" or '
                f'"pt-BR", not {values["language"]!r}',
            )
        values["language"] = tag
    if "timezone" in values and not valid_timezone(values["timezone"]):
        raise fail(
            "timezone",
            f'timezone must be an IANA time zone name such as "UTC", "Asia/Kolkata" or '
            f'"America/New_York", not {values["timezone"]!r}',
        )
    base_url = str(values.get("base_url", DEFAULT_BASE_URL))
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise fail("base_url", f"base_url must be an absolute http(s) URL, not {base_url!r}")
    values["base_url"] = base_url if base_url.endswith("/") else base_url + "/"
    root = site_dir.resolve()
    values["output_dir"] = root / str(values.get("output_dir", "public"))
    return SiteConfig(root=root, **values)


def language_tag(text: str) -> str | None:
    """`text` as a well-formed, valid BCP 47 tag in its standard form ("EN_us" -> "en-US"), or
    None when it is none (langcodes checks the subtags against the IANA registry)."""
    from generator.pages.theme import theme_languages  # here: the theme's module needs this one

    candidate = text.strip()
    if candidate in theme_languages():
        return candidate
    import langcodes  # here: it is read only for a language the theme does not speak

    # langcodes reads "_" as "-" (as locales write it) and tolerates some spellings of its own
    # ("english"?): only a tag it calls valid and can put in standard form passes.
    if not candidate or not langcodes.tag_is_valid(candidate):
        return None
    try:
        return str(langcodes.standardize_tag(candidate))
    except (ValueError, LookupError):
        return None


def _read(path: Path) -> str:
    """The text of `site.toml`; anything that keeps it from being read is a `ConfigError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(
            str(path),
            0,
            "not found here or in any folder above (is this a Morgue site? `morgue init` makes "
            "one)",
        ) from None
    except IsADirectoryError:
        raise ConfigError(str(path), 0, "is a folder, not a file") from None
    except OSError as exc:
        raise ConfigError(str(path), 0, f"cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(str(path), line, f"not UTF-8 text (byte {exc.start})") from None


def _key_line(text: str, key: str) -> int:
    """1-based line where the top-level `key` is set (or its `[key]` table opens); 0 if none.
    tomllib keeps no positions, and settings are plain top-level keys: a scan finds them."""
    in_table = False
    for number, row in enumerate(text.splitlines(), start=1):
        stripped = row.strip()
        if stripped.startswith("["):
            in_table = True
            name = stripped.strip("[]").split(".")[0].strip().strip("\"'")
            if name == key:
                return number
            continue
        found = _TOML_KEY.match(row)
        if found and not in_table and found.group(1).strip("\"'") == key:
            return number
    return 0
