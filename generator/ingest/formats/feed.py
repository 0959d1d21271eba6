"""RSS 2.0, RSS 1.0 and Atom feeds -> one story per item, through feedparser.

The feed has been parsed once with defusedxml before feedparser sees it (`xml_safe.py`), so no
entity is expanded and nothing is fetched; feedparser reads it from memory, never from a URL.
Each item keeps its link and guid in `source`. An item that is no story (no date, no text) is
reported by itself; the feed's other items go on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import time
from typing import Any

import feedparser

from generator.ingest.formats.base import (
    MAX_ITEMS,
    Item,
    ItemError,
    NoStory,
    Parts,
    Read,
    item_name,
    make_story,
)
from generator.ingest.formats.dates import written_date
from generator.ingest.formats.html_text import (
    html_paragraphs,
    inline_text,
    looks_like_html,
    text_paragraphs,
)
from generator.ingest.formats.xml_safe import parse_xml
from generator.models import Subject

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(data: bytes, file_name: str) -> Read:
    """The stories of a feed's items."""
    checked = parse_xml(data)
    if isinstance(checked, str):
        return [ItemError("", checked)]
    sha256 = hashlib.sha256(data).hexdigest()
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        return NoStory("a feed with no items")
    feed = parsed.get("feed") or {}
    language = str(feed.get("language") or "")
    items: list[Item] = []
    for index, entry in enumerate(entries[:MAX_ITEMS], start=1):
        try:
            parts = _parts(entry, index, language)
        except (AttributeError, TypeError, ValueError, KeyError) as exc:  # an odd item, not a crash
            name = item_name(str(entry.get("id", "")), index)
            items.append(ItemError(name, f"unreadable item: {exc}"))
            continue
        items.append(make_story(parts, file_name, sha256))
    if len(entries) > MAX_ITEMS:
        left = len(entries) - MAX_ITEMS
        items.append(ItemError("", f"{left} items past the first {MAX_ITEMS} left unread"))
    return items


def _parts(entry: Any, index: int, language: str) -> Parts:
    guid = str(entry.get("id") or "")
    link = str(entry.get("link") or "")
    # Read past feedparser's mapping of a missing "updated" to "published" (deprecated).
    updated, updated_parsed = dict.get(entry, "updated"), dict.get(entry, "updated_parsed")
    published_parsed = dict.get(entry, "published_parsed")
    published = written_date(dict.get(entry, "published")) or written_date(updated)
    if published is None:
        published = _struct_date(published_parsed or updated_parsed)
    summary, body = _body(entry)
    headline = str(entry.get("title") or "")
    if (entry.get("title_detail") or {}).get("type") in _HTML_TYPES or "<" in headline:
        headline = inline_text(headline)
    stamp = updated_parsed or published_parsed  # an RSS item has no update time of its own
    version = time.strftime("%Y-%m-%dT%H:%M:%SZ", stamp) if stamp else ""
    subjects = [
        Subject(code=str(tag.get("term") or ""), name=str(tag.get("label") or ""))
        for tag in entry.get("tags") or []
        if tag.get("term")
    ]
    content = (entry.get("content") or [{}])[0]
    return Parts(
        item=item_name(guid or link, index),
        guid=guid,
        link=link,
        published=published,
        paragraphs=body,
        version=version,
        headline=headline,
        summary=summary,
        byline=inline_text(str(entry.get("author") or "")),
        language=str(content.get("language") or entry.get("language") or language),
        subjects=subjects,
    )


def _body(entry: Any) -> tuple[str, list[str]]:
    """(summary, body paragraphs): the full content when the item has it, else its summary."""
    kind = (entry.get("summary_detail") or {}).get("type")
    summary = _paragraphs(entry.get("summary") or "", kind)
    contents = entry.get("content") or []
    if contents:
        first = contents[0]
        body = _paragraphs(first.get("value") or "", first.get("type"))
        if body:
            return " ".join(summary), body
    return "", summary


def _paragraphs(value: str, kind: object) -> list[str]:
    if kind in _HTML_TYPES or looks_like_html(value):
        return html_paragraphs(value)
    return text_paragraphs(value)


def _struct_date(stamp: Any) -> dt.date | None:
    if not stamp:
        return None
    try:
        return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    except (ValueError, AttributeError):
        return None
