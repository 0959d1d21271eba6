"""Morgue's own theme and the one rule of how a site's folders override it.

A site may replace any theme template or static file with its own of the same name. Every stage
that reads those folders (the template loader, the build state's digests, the static copy, the
preview's messages) takes their order from here.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import SiteConfig

THEME_DIR = Path(__file__).parents[1] / "theme"
"""Morgue's own templates and static files, shipped inside the package."""
LIVERELOAD_SCRIPT = THEME_DIR / "livereload.js"
"""The preview's live-reload script, served to pages and never written to a site."""
LOCALE_DIR = THEME_DIR / "locale"
"""The theme's catalogs: `<language>.po`, one per shipped language (`messages.pot` lists the
strings to translate)."""


def shipped_languages() -> list[str]:
    """Languages with a catalog in the theme, English aside (it needs none)."""
    return sorted(path.stem for path in LOCALE_DIR.glob("*.po"))


def theme_languages() -> frozenset[str]:
    """The languages the theme speaks, English included: tags valid and in standard form
    already (a test asks langcodes), so that a site in one of them reads its `language` without
    loading the registry (70 to 90 ms of every command)."""
    return frozenset({"en", *shipped_languages()})


def template_folders(config: SiteConfig) -> list[Path]:
    """Template folders, the theme's first: a later folder's file replaces an earlier one's."""
    return [THEME_DIR / "templates", config.templates_dir]


def static_folders(config: SiteConfig) -> list[Path]:
    """Static folders, the theme's first: a later folder's file replaces an earlier one's."""
    return [THEME_DIR / "static", config.static_dir]
