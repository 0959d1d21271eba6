"""`site.toml` -> a frozen, validated `SiteConfig`, read once per command."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CONFIG_NAME = "site.toml"
DEFAULT_BASE_URL = "http://localhost:8000/"


class ConfigError(Exception):
    """`site.toml` is missing or holds a value of the wrong kind."""


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
    """BCP 47 language tag of the stories."""
    per_page: int = 20
    """Stories per numbered page of a person, topic or place."""
    feed_entries: int = 50
    """Entries of each Atom feed."""
    sitemap_limit: int = 50_000
    """URLs per sitemap; past it the sitemap becomes an index of one sitemap per year."""
    search: bool = True
    """Whether the build indexes the site for search."""
    output_dir: Path = field(default=Path("public"))
    """Where `morgue build` writes the site (absolute after loading)."""

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
    def base_path(self) -> str:
        """The path part of `base_url` ("/archive/"), which prefixes every link."""
        return urlsplit(self.base_url).path or "/"


_KINDS: dict[str, type] = {
    "title": str,
    "description": str,
    "base_url": str,
    "language": str,
    "per_page": int,
    "feed_entries": int,
    "sitemap_limit": int,
    "search": bool,
    "output_dir": str,
}


def load_config(site_dir: Path, **overrides: object) -> SiteConfig:
    """Read `site_dir/site.toml`, apply command-line `overrides` (None means unset), validate."""
    path = site_dir / CONFIG_NAME
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: not found (is this a Morgue site? `morgue init` makes one)"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    values = {**raw, **{k: v for k, v in overrides.items() if v is not None}}
    for key, value in values.items():
        kind = _KINDS.get(key)
        if kind is None:
            raise ConfigError(f"{path}: unknown setting {key!r}")
        # bool is a subclass of int: `per_page = true` must not pass as 1.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: {key} must be a {kind.__name__}, not {value!r}")
    for key in ("per_page", "feed_entries", "sitemap_limit"):
        if key in values and values[key] < 1:
            raise ConfigError(f"{path}: {key} must be at least 1")
    base_url = str(values.get("base_url", DEFAULT_BASE_URL))
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{path}: base_url must be an absolute http(s) URL, not {base_url!r}")
    values["base_url"] = base_url if base_url.endswith("/") else base_url + "/"
    root = site_dir.resolve()
    values["output_dir"] = root / str(values.get("output_dir", "public"))
    return SiteConfig(root=root, **values)
