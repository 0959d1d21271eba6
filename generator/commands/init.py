"""`morgue init`: a new archive site from the skeleton shipped inside the package."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path
from shutil import copytree

from generator.config import CONFIG_NAME


class SiteExistsError(Exception):
    """The folder already holds a site."""


def init_site(directory: Path) -> list[Path]:
    """Create `directory` with site.toml, content/ (starter vocabularies), templates/, static/."""
    if (directory / CONFIG_NAME).exists():
        raise SiteExistsError(f"{directory / CONFIG_NAME} exists already: not overwritten")
    with as_file(files("generator") / "skeleton") as skeleton:
        copytree(skeleton, directory, dirs_exist_ok=True, ignore=_ignore_caches)
    (directory / "content" / "stories").mkdir(parents=True, exist_ok=True)
    (directory / "static").mkdir(exist_ok=True)
    return sorted(p for p in directory.rglob("*") if p.is_file())


def _ignore_caches(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]
