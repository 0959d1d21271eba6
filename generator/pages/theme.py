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


def template_folders(config: SiteConfig) -> list[Path]:
    """Template folders, the theme's first: a later folder's file replaces an earlier one's."""
    return [THEME_DIR / "templates", config.templates_dir]


def static_folders(config: SiteConfig) -> list[Path]:
    """Static folders, the theme's first: a later folder's file replaces an earlier one's."""
    return [THEME_DIR / "static", config.static_dir]
