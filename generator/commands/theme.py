"""`morgue theme list|copy`: the built-in theme's files, and copies of them into a site's own
`templates/` and `static/` to override them (`pages/theme.py` has the rule: a site's file of the
same name replaces the theme's), so that nobody has to look for them inside the installed package.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.config import SiteConfig
from generator.pages.theme import THEME_DIR

KINDS = ("templates", "static")
"""The theme's folders, as a site names its own."""


class UnknownThemeFile(Exception):
    """A name that is no file or folder of the theme."""


@dataclass(frozen=True, slots=True)
class Copied:
    """One theme file and what `copy_theme` did with it."""

    path: str
    """Site-relative path ("templates/story.html")."""
    created: bool
    """False when the site had the file already: it was left as it was."""


def theme_files() -> list[str]:
    """Every file of the theme, as a site would name its copy ("templates/base.html",
    "static/assets/style.css"), sorted."""
    found = []
    for kind in KINDS:
        for path in (THEME_DIR / kind).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                found.append(f"{kind}/{path.relative_to(THEME_DIR / kind).as_posix()}")
    return sorted(found)


def select(names: tuple[str, ...]) -> list[str]:
    """The theme files `names` ask for: all of them when none is given; a name is a file or a
    folder of the theme, with or without "templates/" or "static/" in front ("story.html",
    "templates/story.html", "static/assets", "assets/style.css")."""
    every = theme_files()
    if not names:
        return every
    chosen: list[str] = []
    for name in names:
        wanted = PurePosixPath(name.replace("\\", "/").strip("/")).as_posix()
        candidates = [wanted] if wanted.startswith(KINDS) else [f"{k}/{wanted}" for k in KINDS]
        matched = [
            path
            for path in every
            for candidate in candidates
            if path == candidate or path.startswith(candidate + "/")
        ]
        if not matched:
            raise UnknownThemeFile(
                f"{name!r} is no file of the theme (`morgue theme list` lists them)"
            )
        chosen += [path for path in matched if path not in chosen]
    return chosen


def copy_theme(config: SiteConfig, names: tuple[str, ...]) -> list[Copied]:
    """Copy the theme files `names` ask for (all when none) into the site; a file the site has
    already is never overwritten."""
    results = []
    for path in select(names):
        target = config.root / path
        if target.exists() or target.is_symlink():
            results.append(Copied(path, created=False))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = THEME_DIR / path
        # "x": never over a file that appeared since the check above.
        with source.open("rb") as reader, target.open("xb") as writer:
            shutil.copyfileobj(reader, writer)
        results.append(Copied(path, created=True))
    return results


def theme_path(path: str) -> Path:
    """The theme's own file of a site-relative path."""
    return THEME_DIR / path
