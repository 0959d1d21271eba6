"""`content/` -> typed stories and vocabularies; a file that cannot be read is a `Problem`.

Which files are read and how the results combine lives here; how one file's text becomes a story
or a vocabulary entry (and the line a problem is at) lives in `content_text.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from generator.config import SiteConfig
from generator.content_text import (
    SLUG,
    decode_text,
    file_problem,
    parse_story,
    parse_yaml,
)
from generator.content_text import (
    ContentFileError as ContentFileError,  # the readers' callers catch it from here
)
from generator.models import Organisation, Person, Place, Problem, Story, Topic, Vocabularies

PACKAGED_PLACES = Path(__file__).parent / "data" / "places.yaml"
"""Morgue's own places vocabulary: countries and major cities."""
_VOCABULARY = "vocabulary"
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s|$)")


def story_files(content_dir: Path) -> list[Path]:
    """Every story file under `content/stories/`, in a stable order."""
    stories = content_dir / "stories"
    return sorted(stories.rglob("*.md")) if stories.is_dir() else []


def read_story(path: Path, content_dir: Path) -> Story:
    """Read and parse one story file."""
    return decode_story(path.read_bytes(), path, content_dir)


def decode_story(data: bytes, path: Path, content_dir: Path) -> Story:
    """Parse the bytes of the story file at `path`."""
    return parse_story(decode_text(data, path), path, path.relative_to(content_dir).as_posix())


def load_stories(
    content_dir: Path, paths: Iterable[Path] | None = None
) -> tuple[list[Story], list[Problem]]:
    """Read every story (or just `paths`); a bad file becomes an error, the rest still load."""
    stories: list[Story] = []
    errors: list[Problem] = []
    for path in story_files(content_dir) if paths is None else paths:
        try:
            stories.append(read_story(path, content_dir))
        except ContentFileError as exc:
            errors.append(exc.problem)
        except OSError as exc:
            errors.append(Problem(str(path), 0, "content", f"cannot read: {exc.strerror}"))
    return stories, errors


# --- vocabularies -------------------------------------------------------------------------------


def _vocabulary(path: Path) -> Iterator[tuple[str, dict[str, Any], int]]:
    """Yield (slug, entry, line) of a vocabulary file; a missing file is an empty vocabulary."""
    try:
        text = decode_text(path.read_bytes(), path, _VOCABULARY)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise file_problem(path, 0, "is a folder, not a file", _VOCABULARY) from None
    except OSError as exc:
        raise file_problem(path, 0, f"cannot read: {exc.strerror}", _VOCABULARY) from None
    data = parse_yaml(text, path, 1, _VOCABULARY)
    if data is None:
        return
    if not isinstance(data, dict):
        raise file_problem(path, 1, "a vocabulary must map slugs to entries", _VOCABULARY)
    # One pass for every key's line: a search per key would make large vocabularies quadratic.
    lines: dict[str, int] = {}
    for number, row in enumerate(text.splitlines(), start=1):
        key = _TOP_LEVEL_KEY.match(row)
        if key:
            lines.setdefault(key.group(1).strip("'\""), number)
    for slug, entry in data.items():
        line = lines.get(str(slug), 1)
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise file_problem(path, line, f"{slug!r} is not a slug (a-z, 0-9, -)", _VOCABULARY)
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            raise file_problem(path, line, f"{slug}: entry must be a mapping", _VOCABULARY)
        yield slug, entry, line


def _names(entry: dict[str, Any], key: str, path: Path, line: int) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise file_problem(path, line, f"{key} must be a list of text", _VOCABULARY)
    return tuple(value)


_Named = TypeVar("_Named", Person, Organisation)


def _tombstone(slug: str, entry: dict[str, Any], path: Path, line: int) -> str | None:
    """What a rejected or merged entry left (`rejected: true`, `merged_into: <slug>`): "" for a
    rejection, the slug it was merged into, or None for a live entry."""
    into = entry.get("merged_into")
    if into is not None:
        if not isinstance(into, str) or not SLUG.match(into) or into == slug:
            message = f"{slug}: merged_into must be the slug of another entry"
            raise file_problem(path, line, message, _VOCABULARY)
        return into
    rejected = entry.get("rejected", False)
    if not isinstance(rejected, bool):
        raise file_problem(path, line, f"{slug}: rejected must be true or false", _VOCABULARY)
    return "" if rejected else None


def _live(path: Path) -> Iterator[tuple[str, dict[str, Any], int]]:
    """The entries of a people or organisations vocabulary that are no tombstone."""
    for slug, entry, line in _vocabulary(path):
        if _tombstone(slug, entry, path, line) is None:
            yield slug, entry, line


def load_tombstones(path: Path) -> dict[str, str]:
    """The rejected and merged entries of `people.yaml` or `organisations.yaml`: slug -> the slug
    it was merged into, or "" when it was rejected. Ingest never detects these slugs as new;
    the loaders leave them out. Raises `ContentFileError` naming the file and line."""
    gone: dict[str, str] = {}
    for slug, entry, line in _vocabulary(path):
        into = _tombstone(slug, entry, path, line)
        if into is not None:
            gone[slug] = into
    return gone


def load_people(path: Path) -> dict[str, Person]:
    """Read `people.yaml` (tombstones left out); raises `ContentFileError` naming the file and
    line."""
    return _load_named(path, Person)


def load_organisations(path: Path) -> dict[str, Organisation]:
    """Read `organisations.yaml` (the shape of `people.yaml`, tombstones left out); raises
    `ContentFileError`."""
    return _load_named(path, Organisation)


def _load_named(path: Path, kind: type[_Named]) -> dict[str, _Named]:
    """The live entries of a people or organisations vocabulary, as `kind`."""
    return {
        slug: kind(
            slug=slug,
            name=str(entry.get("name") or slug.replace("-", " ").title()),
            aliases=_names(entry, "aliases", path, line),
            description=str(entry.get("description") or ""),
            reviewed=entry.get("reviewed", True) is not False,
        )
        for slug, entry, line in _live(path)
    }


def load_topics(path: Path) -> dict[str, Topic]:
    """Read `topics.yaml`; raises `ContentFileError` naming the file and line."""
    return {
        slug: Topic(
            slug=slug,
            name=str(entry.get("name") or slug.replace("-", " ").title()),
            keywords=_names(entry, "keywords", path, line),
            description=str(entry.get("description") or ""),
            parent=str(entry.get("parent") or ""),
        )
        for slug, entry, line in _vocabulary(path)
    }


def load_places(path: Path) -> dict[str, Place]:
    """Read a places vocabulary; raises `ContentFileError` naming the file and line."""
    return {
        slug: Place(
            slug=slug,
            name=str(entry.get("name") or slug.replace("-", " ").title()),
            aliases=_names(entry, "aliases", path, line),
            country=str(entry.get("country") or ""),
            reviewed=entry.get("reviewed", True) is not False,
        )
        for slug, entry, line in _vocabulary(path)
    }


def load_site_places(
    content_dir: Path, load: Callable[[Path], dict[str, Place]] = load_places
) -> dict[str, Place]:
    """The packaged places, each replaced by the site's own `places.yaml` entry of its slug.

    `load` reads one file (by default `load_places`, which raises on a broken one)."""
    return {**load(PACKAGED_PLACES), **load(content_dir / "places.yaml")}


def load_vocabularies(config: SiteConfig) -> tuple[Vocabularies, list[Problem]]:
    """People, topics and places (packaged, then the site's own); a broken file counts as empty."""
    errors: list[Problem] = []

    def read(loader: Callable[[Path], dict[str, Any]], path: Path) -> dict[str, Any]:
        try:
            return loader(path)
        except ContentFileError as exc:
            errors.append(exc.problem.within(config.root))
            return {}

    content = config.content_dir
    places = load_site_places(content, lambda path: read(load_places, path))
    people = read(load_people, content / "people.yaml")
    organisations = read(load_organisations, content / "organisations.yaml")
    topics = read(load_topics, content / "topics.yaml")
    vocabularies = Vocabularies(
        people=people, organisations=organisations, topics=topics, places=places
    )
    return vocabularies, errors


def vocabulary_paths(config: SiteConfig) -> tuple[Path, ...]:
    """The files vocabularies are read from: packaged places, then the site's own files."""
    content = config.content_dir
    return (
        PACKAGED_PLACES,
        content / "places.yaml",
        content / "people.yaml",
        content / "organisations.yaml",
        content / "topics.yaml",
    )
