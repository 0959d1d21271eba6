"""What every format adapter gives back, and the one way an item becomes a `RawStory`.

An adapter reads a file's bytes (and its name) and gives zero or more items: each a `RawStory`
with its provenance, or an `ItemError` saying in one line why that item is no story. A file that
is wrong as a whole is one `ItemError` with no item name; a file that holds no story and is not
wrong (an empty feed, a package of references) is a `NoStory`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from generator.ingest.datelines import find_dateline, title_case
from generator.ingest.wire import clean_text, story_hash
from generator.models import RawStory, Source, StoryMeta, Subject
from generator.urls import date_problem

MAX_STRUCTURED_BYTES = 16 * 1024 * 1024
"""JSON and XML files larger than this are refused: a feed or an agency item is far smaller, and
a parser's objects take many times the file's size in memory."""
MAX_ITEMS = 10_000
"""Items read from one file at most; the rest are reported, never silently lost."""


@dataclass(frozen=True, slots=True)
class ItemError:
    """An item that is no story (or, with `item` "", a file that is none): one line, why."""

    item: str
    """How the item is named ("item 3", its guid), "" for the whole file."""
    reason: str
    """Why, in one line."""


@dataclass(frozen=True, slots=True)
class NoStory:
    """A well-formed file that holds no story: an empty feed, a package of references."""

    reason: str
    """What it holds instead, in one line."""


Item = RawStory | ItemError
Read = Sequence[Item] | NoStory


class Adapter(Protocol):
    """One format: bytes and a file name in, items out."""

    def __call__(self, data: bytes, file_name: str) -> Read: ...


@dataclass(slots=True)
class Parts:
    """What an adapter found of one item, before it becomes a `RawStory`."""

    item: str
    """How messages name it: its guid, else "item N"."""
    guid: str
    """Its own identifier ("" when it has none)."""
    published: dt.date | None
    """Its first publication date as written, or None (then it is rejected)."""
    paragraphs: list[str]
    """Its body, paragraph by paragraph, as plain text."""
    link: str = ""
    version: str = ""
    headline: str = ""
    summary: str = ""
    byline: str = ""
    language: str = ""
    located: str = ""
    """The place the format says the story was filed from ("Grosseto, Italy")."""
    agency: str = ""
    """The provider or copyright holder, when the text names no agency in a dateline."""
    subjects: list[Subject] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    correction: bool = False
    warnings: list[str] = field(default_factory=list)


def make_story(parts: Parts, file_name: str, sha256: str) -> Item:
    """The story of one item, or why it is none. Its id is a hash of its guid (else its link,
    else its text), so a later version of the same item updates the same story."""
    if parts.published is None:
        return ItemError(parts.item, "no date: the item has no publication time")
    problem = date_problem(parts.published)
    if problem:
        return ItemError(parts.item, f"date {parts.published.isoformat()}: {problem}")
    paragraphs = [text for text in (clean_text(p) for p in parts.paragraphs) if text]
    if not any(ch.isalnum() for p in paragraphs for ch in p[:200]):
        return ItemError(parts.item, "no story text")
    city = agency = ""
    found = find_dateline(paragraphs[0])
    if found is not None:
        city, agency = found.city, found.agency
        paragraphs[0] = paragraphs[0][found.end :].strip()
        if not paragraphs[0]:
            paragraphs.pop(0)
        if not paragraphs:
            return ItemError(parts.item, "no story text after the dateline")
    elif parts.located:
        city = title_case(clean_text(parts.located).split(",")[0])
    agency = agency or clean_text(parts.agency)
    text_hash = story_hash(parts.published, city, agency, paragraphs)
    key = parts.guid or parts.link
    story_id = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] if key else text_hash[:16]
    return RawStory(
        id=story_id,
        date=parts.published,
        dateline=city,
        agency=agency,
        paragraphs=tuple(paragraphs),
        source=Source(
            file=file_name,
            sha256=sha256,
            link=clean_text(parts.link),
            guid=clean_text(parts.guid),
            version=clean_text(parts.version),
        ),
        text_hash=text_hash,
        warnings=tuple(parts.warnings),
        meta=StoryMeta(
            item=parts.item,
            headline=clean_text(parts.headline),
            summary=clean_text(parts.summary),
            byline=clean_text(parts.byline),
            language=clean_text(parts.language),
            subjects=tuple(parts.subjects),
            people=_names(parts.people),
            organisations=_names(parts.organisations),
            places=_names(parts.places),
            correction=parts.correction,
        ),
    )


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in (clean_text(n) for n in names) if name))


def item_name(guid: str, index: int) -> str:
    """How messages name an item: its guid when it has one, else its place in the file."""
    guid = clean_text(guid)
    return guid[:120] if guid else f"item {index}"
