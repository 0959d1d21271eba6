"""The text of a content file -> values: UTF-8, YAML, front matter, slugs.

Every failure is a `ContentFileError` carrying a `Problem` that names the file and line; the
readers of `content.py` turn those into values beside what did load.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from generator.models import Problem, Source, Story
from generator.urls import date_problem
from generator.yaml_text import YamlTextError, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""What a slug looks like: lower-case words of a-z and 0-9 joined by single hyphens."""


class ContentFileError(Exception):
    """Raised inside the readers for a file that cannot be read; carries its `Problem`."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def file_problem(path: Path, line: int, message: str, kind: str = "content") -> ContentFileError:
    """The exception for `message` about `path` at `line` (0: the whole file), to raise."""
    return ContentFileError(Problem(str(path), line, kind, message))


def decode_text(data: bytes, path: Path, kind: str = "content") -> str:
    """The text of a content file; bytes that are not UTF-8 are an error at their line."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte {exc.start}: {exc.reason}); save the file as UTF-8"
        raise file_problem(path, line, message, kind) from None


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Split a story file into (front matter, body, line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.startswith("---"):
        raise file_problem(path, 1, "no front matter: the file must start with ---")
    match = re.compile(r"^---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M).match(text)
    if match is None:
        raise file_problem(path, 1, "front matter is not closed by a --- line")
    front = match.group(1)
    body_line = front.count("\n") + 3
    return front, text[match.end() :], body_line


def parse_yaml(text: str, path: Path, first_line: int, kind: str = "content") -> object:
    try:
        return load_yaml(text, first_line)
    except YamlTextError as exc:
        raise file_problem(path, exc.line, exc.message, kind) from None


def _line_of(front: str, key: str) -> int:
    """1-based line of `key:` in the front matter (the file's line, the opening --- is line 1)."""
    return front_matter_line("---\n" + front, key) or 1


def _str(data: dict[str, Any], key: str, path: Path, front: str, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise file_problem(path, 1, f"missing {key!r}")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise file_problem(
            path, _line_of(front, key), f"{key} must be text, not {type(value).__name__}"
        )
    return str(value)


def _slugs(data: dict[str, Any], key: str, path: Path, front: str) -> tuple[str, ...]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise file_problem(path, _line_of(front, key), f"{key} must be a list of slugs")
    for item in value:
        if not isinstance(item, str) or not SLUG.match(item):
            raise file_problem(
                path, _line_of(front, key), f"{key}: {item!r} is not a slug (a-z, 0-9, -)"
            )
    # One string object per slug across the archive (and per dateline, agency and note below):
    # saved state then pickles each once, and loads and keeps one copy, not one per story.
    return tuple(sys.intern(item) for item in dict.fromkeys(value))


_KNOWN = {
    "id",
    "title",
    "date",
    "dateline",
    "agency",
    "summary",
    "people",
    "organisations",
    "topics",
    "places",
    "source",
}


def parse_story(text: str, path: Path, rel_path: str) -> Story:
    """Parse one story file's text; raises `ContentFileError` naming the file and line."""
    front, body, _ = split_front_matter(text, path)
    data = parse_yaml(front, path, 2)
    if not isinstance(data, dict):
        raise file_problem(path, 2, "front matter must be a mapping of keys to values")
    date = data.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date):
        line = _line_of(front, "date") if "date" in data else 1
        what = "missing 'date'" if date is None else f"date must be YYYY-MM-DD, not {date!r}"
        raise file_problem(path, line, what)
    problem = date_problem(date)
    if problem:
        raise file_problem(path, _line_of(front, "date"), f"date {date.isoformat()}: {problem}")
    slug = path.stem
    if not SLUG.match(slug):
        raise file_problem(path, 0, f"file name {slug!r} is not a slug (a-z, 0-9, -)")
    raw_source = data.get("source")
    source = None
    if isinstance(raw_source, dict):
        source = Source(
            file=str(raw_source.get("file", "")),
            sha256=str(raw_source.get("sha256", "")),
            note=sys.intern(str(raw_source.get("note", "") or "")),
            link=str(raw_source.get("link", "") or ""),
            guid=str(raw_source.get("guid", "") or ""),
            version=str(raw_source.get("version", "") or ""),
        )
    elif raw_source is not None:
        raise file_problem(path, _line_of(front, "source"), "source must be a mapping")
    title = _str(data, "title", path, front, required=True).strip()
    if not title:
        raise file_problem(path, _line_of(front, "title"), "title is empty")
    return Story(
        id=_str(data, "id", path, front) or slug,
        slug=slug,
        title=title,
        date=date,
        dateline=sys.intern(_str(data, "dateline", path, front)),
        agency=sys.intern(_str(data, "agency", path, front)),
        summary=_str(data, "summary", path, front),
        body=body.strip("\n") + "\n",
        path=rel_path,
        people=_slugs(data, "people", path, front),
        organisations=_slugs(data, "organisations", path, front),
        topics=_slugs(data, "topics", path, front),
        places=_slugs(data, "places", path, front),
        source=source,
        extra={k: v for k, v in data.items() if k not in _KNOWN},
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
