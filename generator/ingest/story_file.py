"""A tagged wire story -> the exact text of its Markdown file (front matter + body).

Pure functions, no I/O: the same story always gives the same bytes, which is what makes re-ingest
idempotent and lets the writer tell an editor's change from ours.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from generator.models import RawStory

# A plain YAML scalar is kept only when it cannot be read back as anything but this string.
_PLAIN = re.compile(
    r"^[A-Za-z\u00c0-\ud7ff][^\x00-\x1f\x7f-\x9f:#\"'\[\]{},&*!|>%@`\u2028\u2029\ud800-\udfff\ufffe\uffff]*$"
)
# Characters a YAML reader refuses or reads as line breaks even inside a quoted scalar.
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_YAML_WORDS = frozenset(["yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"])
# Markdown would read these at the start of a paragraph as a heading, quote, list or rule.
_BLOCK_START = re.compile(r"^(#|>|[-+*=_]|\d{1,9}[.)](?=\s|$))")
# Inline markup, and "&" where it would start an entity ("&copy;" must stay those six characters).
_INLINE = re.compile(r"([\\`*_\[\]<>!|~]|&(?=#?\w+;))")


def yaml_scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when unambiguous, else a double-quoted JSON string."""
    if (
        value
        and _PLAIN.match(value)
        and value == value.strip()
        and value.lower() not in _YAML_WORDS
        and ": " not in value
        and " #" not in value
    ):
        return value
    # A JSON string is a YAML double-quoted scalar; what YAML refuses raw is written as \\uXXXX.
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _slug_list(slugs: Sequence[str]) -> str:
    return "[" + ", ".join(slugs) + "]"


def escape_markdown(paragraph: str) -> str:
    """Wire text as Markdown that renders to exactly that text: no markup is read in it."""
    escaped = _INLINE.sub(r"\\\1", paragraph)
    if _BLOCK_START.match(escaped):
        escaped = (
            "\\" + escaped
            if not escaped[0].isdigit()
            else re.sub(r"^(\d+)([.)])", r"\1\\\2", escaped)
        )
    return escaped


def _given(byline: str, language: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in (("byline", byline), ("language", language)) if value]


def render_story_file(
    raw: RawStory,
    *,
    title: str,
    summary: str,
    people: Sequence[str],
    organisations: Sequence[str],
    topics: Sequence[str],
    places: Sequence[str],
) -> str:
    """The full text of a story's Markdown file."""
    lines = [
        "---",
        f"id: {yaml_scalar(raw.id)}",
        f"title: {yaml_scalar(title)}",
        f"date: {raw.date.isoformat()}",
        f"dateline: {yaml_scalar(raw.dateline)}",
        f"agency: {yaml_scalar(raw.agency)}",
        f"summary: {yaml_scalar(summary)}",
        f"people: {_slug_list(people)}",
        f"organisations: {_slug_list(organisations)}",
        f"topics: {_slug_list(topics)}",
        f"places: {_slug_list(places)}",
    ]
    # What a format says of the story beyond the wire's fields: only when it says it, so that
    # a plain-text story's file is what it always was.
    meta = raw.meta
    lines.extend(
        f"{key}: {yaml_scalar(value)}" for key, value in _given(meta.byline, meta.language)
    )
    lines.extend(["source:", f"  file: {yaml_scalar(raw.source.file)}"])
    lines.append(f"  sha256: {raw.source.sha256}")
    source = raw.source
    for key, value in (("note", source.note), ("link", source.link), ("guid", source.guid)):
        if value:
            lines.append(f"  {key}: {yaml_scalar(value)}")
    if source.version:
        lines.append(f"  version: {yaml_scalar(source.version)}")
    lines.append("---")
    body = "\n\n".join(escape_markdown(p) for p in raw.paragraphs)
    return "\n".join(lines) + "\n\n" + body + "\n"
