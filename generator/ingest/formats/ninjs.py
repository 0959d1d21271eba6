"""IPTC ninjs (News in JSON) 1.x and 2.x -> one story per news object.

A file holds one ninjs object or an array of them. ninjs 2 names its lists in the plural
(`headlines`, `bodies`, `people`, `subjects`, `by`); ninjs 1 in the singular (`headline`,
`body_text` / `body_html` / `body_xhtml`, `person`, `subject`, `byline`): both are read.
Only text items are stories; a picture's or a withdrawn item's object is reported by itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from generator.ingest.formats.base import (
    MAX_ITEMS,
    MAX_STRUCTURED_BYTES,
    Item,
    ItemError,
    NoStory,
    Parts,
    Read,
    item_name,
    make_story,
)
from generator.ingest.formats.dates import written_date
from generator.ingest.formats.html_text import html_paragraphs, inline_text, text_paragraphs
from generator.ingest.wire import WireError, decode
from generator.models import Subject

_HTML = ("html", "xhtml", "xml")


def read_ninjs(data: bytes, file_name: str) -> Read:
    """The stories of a ninjs file."""
    if len(data) > MAX_STRUCTURED_BYTES:
        return [ItemError("", f"JSON larger than {MAX_STRUCTURED_BYTES // 2**20} MiB")]
    try:
        text, _ = decode(data)
        document = json.loads(text)
    except WireError as exc:
        return [ItemError("", str(exc))]
    except RecursionError:
        return [ItemError("", "JSON nested too deeply")]
    except ValueError as exc:  # JSONDecodeError, and numbers past Python's digit limit
        return [ItemError("", f"not valid JSON: {str(exc).splitlines()[0][:120]}")]
    objects = document if isinstance(document, list) else [document]
    if not objects:
        return NoStory("an empty list of ninjs objects")
    sha256 = hashlib.sha256(data).hexdigest()
    items: list[Item] = []
    for index, obj in enumerate(objects[:MAX_ITEMS], start=1):
        if not isinstance(obj, dict) or not isinstance(obj.get("uri"), str):
            items.append(ItemError(f"item {index}", 'not a ninjs object (no "uri")'))
            continue
        items.append(_story(obj, index, file_name, sha256))
    if len(objects) > MAX_ITEMS:
        left = len(objects) - MAX_ITEMS
        items.append(ItemError("", f"{left} objects past the first {MAX_ITEMS} left unread"))
    return items


def _story(obj: dict[str, Any], index: int, file_name: str, sha256: str) -> Item:
    name = item_name(obj["uri"], index)
    kind = _text(obj.get("type")) or "text"
    if kind != "text":
        return ItemError(name, f"a {kind[:20]} item, not a text story")
    status = _text(obj.get("pubstatus"))
    if status in ("withheld", "canceled"):
        return ItemError(name, f"withdrawn by the agency (pubstatus {status})")
    published = (
        written_date(obj.get("firstcreated"))
        or written_date(obj.get("contentcreated"))
        or written_date(obj.get("versioncreated"))
    )
    parts = Parts(
        item=name,
        guid=obj["uri"],
        published=published,
        paragraphs=_body(obj),
        version=_text(obj.get("version")) or _text(obj.get("versioncreated")),
        headline=_headline(obj),
        summary=" ".join(_described(obj)),
        byline=_text(obj.get("by")) or _text(obj.get("byline")),
        language=_text(obj.get("language")),
        located=_text(obj.get("located")),
        agency=_agency(obj),
        subjects=[_subject(s) for s in _entries(obj, "subjects", "subject") if _subject(s).code],
        people=_names(_entries(obj, "people", "person")),
        organisations=_names(_entries(obj, "organisations", "organisation")),
        places=_names(_entries(obj, "places", "place")),
    )
    return make_story(parts, file_name, sha256)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entries(obj: dict[str, Any], plural: str, singular: str) -> list[dict[str, Any]]:
    found = obj.get(plural) or obj.get(singular) or []
    return [entry for entry in found if isinstance(entry, dict)] if isinstance(found, list) else []


def _names(entries: Iterable[dict[str, Any]]) -> list[str]:
    return [_text(entry.get("name")) for entry in entries if _text(entry.get("name"))]


def _subject(entry: dict[str, Any]) -> Subject:
    code = _text(entry.get("uri")) or _text(entry.get("literal")) or _text(entry.get("code"))
    scheme = _text(entry.get("scheme"))
    if code and scheme and "://" not in code and ":" not in code:
        code = scheme.rstrip("/") + "/" + code  # ninjs 1: a scheme URI and a code in it
    return Subject(code=code or _text(entry.get("name")), name=_text(entry.get("name")))


def _headline(obj: dict[str, Any]) -> str:
    headlines = [h for h in obj.get("headlines") or [] if isinstance(h, dict)]
    main = [h for h in headlines if _text(h.get("role")) in ("", "main")] or headlines
    for entry in main:
        value = _text(entry.get("value"))
        if value:
            html = any(mark in _text(entry.get("contenttype")) for mark in _HTML)
            return inline_text(value) if html else value
    return inline_text(_text(obj.get("headline")))


def _described(obj: dict[str, Any]) -> list[str]:
    for entry in obj.get("descriptions") or []:
        if isinstance(entry, dict) and _text(entry.get("value")):
            return _paragraphs(_text(entry.get("value")), _text(entry.get("contenttype")))
    for key in ("description_text", "description_usage"):
        if _text(obj.get(key)):
            return text_paragraphs(_text(obj.get(key)))
    return []


def _body(obj: dict[str, Any]) -> list[str]:
    bodies = [b for b in obj.get("bodies") or [] if isinstance(b, dict) and _text(b.get("value"))]
    # The HTML body keeps its paragraphs; a plain one may have lost them.
    bodies.sort(key=lambda b: not any(mark in _text(b.get("contenttype")) for mark in _HTML))
    for body in bodies:
        paragraphs = _paragraphs(_text(body.get("value")), _text(body.get("contenttype")))
        if paragraphs:
            return paragraphs
    for key in ("body_html", "body_xhtml", "body_text"):
        if _text(obj.get(key)):
            return _paragraphs(_text(obj.get(key)), key)
    for key, value in obj.items():  # ninjs 1 allows any body_<format>
        if key.startswith("body_") and _text(value):
            return _paragraphs(_text(value), key)
    return []


def _paragraphs(value: str, kind: str) -> list[str]:
    if any(mark in kind for mark in _HTML) or value.lstrip().startswith("<"):
        return html_paragraphs(value)
    return text_paragraphs(value)


def _agency(obj: dict[str, Any]) -> str:
    holder = _text(obj.get("copyrightholder"))
    return holder if 0 < len(holder) <= 40 else ""
