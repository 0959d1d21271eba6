"""`content/` -> typed stories and vocabularies; every error names the file and line.

A story file is YAML front matter between two `---` lines, then a Markdown body. The story's slug
is its file name; its date comes from the front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.config import SiteConfig
from generator.models import Person, Place, Source, Story, Topic, Vocabularies
from generator.urls import date_problem
from generator.yaml_text import YamlTextError, load_yaml

PACKAGED_PLACES = Path(__file__).parent / "data" / "places.yaml"
"""Morgue's own places vocabulary: countries and major cities."""
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:][^:]*?)\s*:(?:\s|$)")


@dataclass(frozen=True, slots=True)
class ContentError:
    """A problem with one content file."""

    path: Path
    """The file at fault."""
    line: int
    """1-based line of the problem, 0 when it concerns the whole file."""
    message: str
    """What is wrong, in words an editor understands."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


class ContentFileError(Exception):
    """Raised inside this module for a file that cannot be read; carries a `ContentError`."""

    def __init__(self, error: ContentError) -> None:
        super().__init__(str(error))
        self.error = error


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a story file into (front matter, body, line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):
        raise ContentFileError(
            ContentError(path, 1, "no front matter: the file must start with ---")
        )
    match = re.compile(r"^---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M).match(text)
    if match is None:
        raise ContentFileError(ContentError(path, 1, "front matter is not closed by a --- line"))
    front = match.group(1)
    body_line = front.count("\n") + 3
    return front, text[match.end() :], body_line


def _yaml(text: str, path: Path, first_line: int) -> object:
    try:
        return load_yaml(text, first_line)
    except YamlTextError as exc:
        raise ContentFileError(ContentError(path, exc.line, exc.message)) from None


def _line_of(front: str, key: str) -> int:
    """1-based line of `key:` in the front matter (the file's line, the opening --- is line 1)."""
    return front_matter_line("---\n" + front, key) or 1


def _str(data: dict, key: str, path: Path, front: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise ContentFileError(ContentError(path, 1, f"missing {key!r}"))
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ContentFileError(
            ContentError(
                path, _line_of(front, key), f"{key} must be text, not {type(value).__name__}"
            )
        )
    return str(value)


def _slugs(data: dict, key: str, path: Path, front: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ContentFileError(
            ContentError(path, _line_of(front, key), f"{key} must be a list of slugs")
        )
    for item in value:
        if not isinstance(item, str) or not _SLUG.match(item):
            raise ContentFileError(
                ContentError(
                    path, _line_of(front, key), f"{key}: {item!r} is not a slug (a-z, 0-9, -)"
                )
            )
    return tuple(dict.fromkeys(value))


_KNOWN = {
    "id",
    "title",
    "date",
    "dateline",
    "agency",
    "summary",
    "people",
    "topics",
    "places",
    "source",
}


def parse_story(text: str, path: Path, rel_path: str) -> Story:
    """Parse one story file's text; raises `ContentFileError` naming the file and line."""
    front, body, _ = split_front_matter(text, path)
    data = _yaml(front, path, 2)
    if not isinstance(data, dict):
        raise ContentFileError(
            ContentError(path, 2, "front matter must be a mapping of keys to values")
        )
    date = data.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date):
        line = _line_of(front, "date") if "date" in data else 1
        what = "missing 'date'" if date is None else f"date must be YYYY-MM-DD, not {date!r}"
        raise ContentFileError(ContentError(path, line, what))
    problem = date_problem(date)
    if problem:
        raise ContentFileError(
            ContentError(path, _line_of(front, "date"), f"date {date.isoformat()}: {problem}")
        )
    slug = path.stem
    if not _SLUG.match(slug):
        raise ContentFileError(
            ContentError(path, 0, f"file name {slug!r} is not a slug (a-z, 0-9, -)")
        )
    raw_source = data.get("source")
    source = None
    if isinstance(raw_source, dict):
        source = Source(
            file=str(raw_source.get("file", "")),
            sha256=str(raw_source.get("sha256", "")),
            note=str(raw_source.get("note", "") or ""),
        )
    elif raw_source is not None:
        raise ContentFileError(
            ContentError(path, _line_of(front, "source"), "source must be a mapping")
        )
    title = _str(data, "title", path, front, required=True).strip()
    if not title:
        raise ContentFileError(ContentError(path, _line_of(front, "title"), "title is empty"))
    return Story(
        id=_str(data, "id", path, front) or slug,
        slug=slug,
        title=title,
        date=date,
        dateline=_str(data, "dateline", path, front),
        agency=_str(data, "agency", path, front),
        summary=_str(data, "summary", path, front),
        body=body.strip("\n") + "\n",
        path=rel_path,
        people=_slugs(data, "people", path, front),
        topics=_slugs(data, "topics", path, front),
        places=_slugs(data, "places", path, front),
        source=source,
        extra={k: v for k, v in data.items() if k not in _KNOWN},
    )


def story_files(content_dir: Path) -> list[Path]:
    """Every story file under `content/stories/`, in a stable order."""
    stories = content_dir / "stories"
    return sorted(stories.rglob("*.md")) if stories.is_dir() else []


def read_story(path: Path, content_dir: Path) -> Story:
    """Read and parse one story file."""
    return decode_story(path.read_bytes(), path, content_dir)


def decode_story(data: bytes, path: Path, content_dir: Path) -> Story:
    """Parse the bytes of the story file at `path`."""
    return parse_story(_utf8(data, path), path, path.relative_to(content_dir).as_posix())


def _utf8(data: bytes, path: Path) -> str:
    """The text of a content file; bytes that are not UTF-8 are an error at their line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte {exc.start}: {exc.reason}); save the file as UTF-8"
        raise ContentFileError(ContentError(path, line, message)) from None


def load_stories(
    content_dir: Path, paths: Iterable[Path] | None = None
) -> tuple[list[Story], list[ContentError]]:
    """Read every story (or just `paths`); a bad file becomes an error, the rest still load."""
    stories: list[Story] = []
    errors: list[ContentError] = []
    for path in story_files(content_dir) if paths is None else paths:
        try:
            stories.append(read_story(path, content_dir))
        except ContentFileError as exc:
            errors.append(exc.error)
        except OSError as exc:
            errors.append(ContentError(path, 0, f"cannot read: {exc.strerror}"))
    return stories, errors


# --- vocabularies -------------------------------------------------------------------------------


def _vocabulary(path: Path) -> Iterator[tuple[str, dict, int]]:
    """Yield (slug, entry, line) of a vocabulary file; a missing file is an empty vocabulary."""
    try:
        text = _utf8(path.read_bytes(), path)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise ContentFileError(ContentError(path, 0, "is a folder, not a file")) from None
    except OSError as exc:
        raise ContentFileError(ContentError(path, 0, f"cannot read: {exc.strerror}")) from None
    data = _yaml(text, path, 1)
    if data is None:
        return
    if not isinstance(data, dict):
        raise ContentFileError(ContentError(path, 1, "a vocabulary must map slugs to entries"))
    # One pass for every key's line: a search per key would make large vocabularies quadratic.
    lines: dict[str, int] = {}
    for number, row in enumerate(text.splitlines(), start=1):
        key = _TOP_LEVEL_KEY.match(row)
        if key:
            lines.setdefault(key.group(1).strip("'\""), number)
    for slug, entry in data.items():
        line = lines.get(str(slug), 1)
        if not isinstance(slug, str) or not _SLUG.match(slug):
            raise ContentFileError(
                ContentError(path, line, f"{slug!r} is not a slug (a-z, 0-9, -)")
            )
        if entry is None:
            entry = {}
        if not isinstance(entry, dict):
            raise ContentFileError(ContentError(path, line, f"{slug}: entry must be a mapping"))
        yield slug, entry, line


def _names(entry: dict, key: str, path: Path, line: int) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ContentFileError(ContentError(path, line, f"{key} must be a list of text"))
    return tuple(value)


def load_people(path: Path) -> dict[str, Person]:
    """Read `people.yaml`; raises `ContentFileError` naming the file and line."""
    return {
        slug: Person(
            slug=slug,
            name=str(entry.get("name") or slug.replace("-", " ").title()),
            aliases=_names(entry, "aliases", path, line),
            description=str(entry.get("description") or ""),
            reviewed=entry.get("reviewed", True) is not False,
        )
        for slug, entry, line in _vocabulary(path)
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


def load_vocabularies(config: SiteConfig) -> tuple[Vocabularies, list[ContentError]]:
    """People, topics and places (packaged, then the site's own); a broken file counts as empty."""
    errors: list[ContentError] = []

    def read(loader: Callable[[Path], dict], path: Path) -> dict:
        try:
            return loader(path)
        except ContentFileError as exc:
            errors.append(exc.error)
            return {}

    packaged, own_places, own_people, own_topics = vocabulary_paths(config)
    places = {**read(load_places, packaged), **read(load_places, own_places)}
    people = read(load_people, own_people)
    topics = read(load_topics, own_topics)
    return Vocabularies(people=people, topics=topics, places=places), errors


def vocabulary_paths(config: SiteConfig) -> tuple[Path, Path, Path, Path]:
    """The files vocabularies are read from: packaged places, the site's places, people, topics."""
    content = config.content_dir
    return (
        PACKAGED_PLACES,
        content / "places.yaml",
        content / "people.yaml",
        content / "topics.yaml",
    )


def front_matter_line(text: str, key: str, item: str = "") -> int:
    """1-based line of front matter `key:` (the opening --- is line 1), or of `item` in that key's
    value (flow `[a, b]` or block `- a` list); 0 when not found."""
    lines = text.splitlines()
    word = re.compile(rf"(?<![\w-]){re.escape(item)}(?![\w-])") if item else None
    inside = False
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("---"):
            break
        if re.match(rf"{re.escape(key)}\s*:", line):
            inside = True
            if word is None:
                return number
            line = line.split(":", 1)[1]
        elif line[:1] not in (" ", "\t", "-", ""):
            inside = False  # the next key
        if inside and word is not None and word.search(line):
            return number
    return 0
