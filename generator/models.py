"""The content model: frozen dataclasses, no I/O, no imports of ours.

Everything that enters Morgue (a raw wire file, a story's front matter, a vocabulary entry) is
typed once, where it enters, into these classes; every later stage reads them and never the raw
text again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

_Class = TypeVar("_Class", bound=type)


def pickled_as_arguments(cls: _Class) -> _Class:
    """Pickle instances of the frozen dataclass `cls` as its constructor's arguments.

    Unpickling then calls the class, about three times faster than the `__setstate__` that
    dataclasses write for slotted classes (a saved site holds tens of thousands of pages and
    terms). A field the constructor does not take must be worked out by `__post_init__`.
    Put it above `@dataclass`.
    """
    names = tuple(item.name for item in fields(cls) if item.init)

    def __reduce__(self: object) -> tuple[type, tuple[object, ...]]:
        return type(self), tuple(getattr(self, name) for name in names)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 (mypy: no assigning to a method)
    return cls


class TermKind(StrEnum):
    """The four vocabularies, in the order pages show them.

    Each value is the plural that URLs, templates, front matter keys and pickled build state
    already use ("people"), so a kind compares and hashes equal to its string.
    """

    PEOPLE = "people"
    ORGANISATIONS = "organisations"
    TOPICS = "topics"
    PLACES = "places"

    @property
    def singular(self) -> str:
        """How a warning or a heading names one term of this kind ("person")."""
        return _KIND_NAMES[self][0]

    @property
    def vocabulary_file(self) -> str:
        """The file name of the site's own vocabulary of this kind, in `content/`."""
        return f"{self.value}.yaml"

    @property
    def vocabulary_name(self) -> str:
        """How a message names the vocabulary a slug is missing from."""
        return _KIND_NAMES[self][1]


# Places come packaged with Morgue (a site's own places.yaml only adds to them), so a message
# cannot send the reader to one file for them.
_KIND_NAMES = {
    TermKind.PEOPLE: ("person", "content/people.yaml"),
    TermKind.ORGANISATIONS: ("organisation", "content/organisations.yaml"),
    TermKind.TOPICS: ("topic", "content/topics.yaml"),
    TermKind.PLACES: ("place", "the places vocabulary"),
}


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Source:
    """Where a story came from: its provenance, kept in the front matter."""

    file: str
    """The raw file's name, as it was ingested (`000_ec7a645d63049ad9.txt`)."""
    sha256: str
    """Hex SHA-256 of the raw file's bytes."""
    note: str = ""
    """The wire's trailing disclaimer, never part of the story text."""
    link: str = ""
    """The item's link, for a story read from a feed or an agency format ("" for plain text)."""
    guid: str = ""
    """The item's own identifier in its format (RSS guid, Atom id, ninjs uri, NewsML-G2 guid)."""
    version: str = ""
    """The item's version as its format gives it ("3"), or its update time; "" when unknown."""


@dataclass(frozen=True, slots=True)
class Subject:
    """A subject code a format gives a story ("medtop:15000000"), with its name when given."""

    code: str
    """The code as written, scheme prefix included ("medtop:15000000", "subj:04005000")."""
    name: str = ""
    """Its name in the item ("sport"), or ""."""
    broader: tuple[str, ...] = ()
    """Codes of broader subjects the item names for it (NewsML-G2 `broader`)."""


@dataclass(frozen=True, slots=True)
class StoryMeta:
    """Metadata a wire format carries: used as given instead of being guessed from the text."""

    item: str = ""
    """How messages name the item within its file ("item 3", or its guid); "" for a whole file."""
    headline: str = ""
    """The agency's or editor's headline, used as the story's title."""
    summary: str = ""
    """The item's own summary or description."""
    byline: str = ""
    """Who wrote it ("By Jane Doe")."""
    language: str = ""
    """BCP 47 language tag ("en", "es-ES")."""
    subjects: tuple[Subject, ...] = ()
    """Subject codes (IPTC media topics, subject codes, feed categories)."""
    people: tuple[str, ...] = ()
    """Names of people the metadata says the story is about or mentions."""
    organisations: tuple[str, ...] = ()
    """Names of organisations the metadata names."""
    places: tuple[str, ...] = ()
    """Names of places the metadata names."""
    correction: bool = False
    """The format signals this version as a correction of an earlier one."""


@dataclass(frozen=True, slots=True)
class RawStory:
    """One raw wire story, parsed but not yet tagged or written."""

    id: str
    """Stable identifier: the 16 hex digits of the file name, a hash of the item's own identifier
    (guid, uri), else a hash of the normalised text."""
    date: dt.date
    """The story's date: the `date YYYY-MM-DD` header, or the item's first publication time as
    written in its own time zone."""
    dateline: str
    """The dateline city ("New Delhi"), or "" when the story has no dateline."""
    agency: str
    """The wire agency from the dateline ("IANS"), or "" when there is none."""
    paragraphs: tuple[str, ...]
    """Body paragraphs as plain text, the dateline removed from the first."""
    source: Source
    """Provenance of the raw file."""
    text_hash: str
    """Hash of the normalised story text: equal for the same story under two file names."""
    warnings: tuple[str, ...] = ()
    """Problems that did not stop ingest (cp1252 bytes, missing dateline)."""
    meta: StoryMeta = field(default_factory=StoryMeta)
    """What the format itself says of the story (empty for today's plain-text wire)."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Person:
    """An entry of `content/people.yaml`."""

    slug: str
    """URL-safe key ("donald-trump")."""
    name: str
    """Display name ("Donald Trump")."""
    aliases: tuple[str, ...] = ()
    """Other full names or forms that name this person ("President Trump")."""
    description: str = ""
    """One line for the person's page."""
    reviewed: bool = True
    """False for people that ingest detected on its own and no editor has confirmed yet."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Organisation:
    """An entry of `content/organisations.yaml`: the same shape as a person."""

    slug: str
    """URL-safe key ("reserve-bank-of-india")."""
    name: str
    """Display name ("Reserve Bank of India")."""
    aliases: tuple[str, ...] = ()
    """Other names and short forms that name it ("RBI")."""
    description: str = ""
    """One line for the organisation's page."""
    reviewed: bool = True
    """False for organisations that ingest detected on its own and no editor has confirmed yet."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Topic:
    """An entry of `content/topics.yaml`."""

    slug: str
    """URL-safe key ("russia-ukraine-war")."""
    name: str
    """Display name."""
    keywords: tuple[str, ...] = ()
    """Words and phrases whose repeated presence is evidence of the topic."""
    description: str = ""
    """One line for the topic's page."""
    parent: str = ""
    """Slug of the broader topic, or "" for a top-level one."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Place:
    """A country or major city of the places vocabulary."""

    slug: str
    """URL-safe key ("new-delhi")."""
    name: str
    """Display name ("New Delhi")."""
    aliases: tuple[str, ...] = ()
    """Other names in wire copy ("Delhi")."""
    country: str = ""
    """Slug of the country a city lies in, "" for a country."""
    reviewed: bool = True
    """False for dateline cities that ingest added on its own and no editor has confirmed yet."""


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Story:
    """A story of `content/stories/`, as the build sees it."""

    id: str
    """Stable identifier, unique across the archive."""
    slug: str
    """URL slug, unique within the story's day."""
    title: str
    """Headline (editors may rewrite it)."""
    date: dt.date
    """Publication date."""
    dateline: str
    """Dateline city, or ""."""
    agency: str
    """Wire agency, or ""."""
    summary: str
    """The lede, shortened, for lists, feeds and meta descriptions."""
    body: str
    """Markdown body (raw HTML is never rendered)."""
    path: str
    """Path of the source file relative to `content/`, with forward slashes."""
    people: tuple[str, ...] = ()
    """Slugs of people the story names."""
    organisations: tuple[str, ...] = ()
    """Slugs of organisations the story names."""
    topics: tuple[str, ...] = ()
    """Slugs of topics the story is about."""
    places: tuple[str, ...] = ()
    """Slugs of places: the dateline city first, then places named in the text."""
    source: Source | None = None
    """Provenance, when the story was ingested from a wire file."""
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    """Front matter keys Morgue does not know, kept for templates."""

    def terms(self, kind: TermKind) -> tuple[str, ...]:
        """Slugs of the story's terms of `kind`."""
        if kind == TermKind.PEOPLE:
            return self.people
        if kind == TermKind.ORGANISATIONS:
            return self.organisations
        if kind == TermKind.TOPICS:
            return self.topics
        return self.places


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: what a render function returns; nothing touches disk."""

    path: str
    """Path relative to the output folder, with forward slashes ("2025/03/18/slug/index.html")."""
    data: bytes
    """The file's exact bytes."""


@dataclass(frozen=True, slots=True)
class Vocabularies:
    """The names and descriptions of people, organisations, topics and places, keyed by slug."""

    people: Mapping[str, Person] = field(default_factory=dict)
    """`content/people.yaml`."""
    organisations: Mapping[str, Organisation] = field(default_factory=dict)
    """`content/organisations.yaml`."""
    topics: Mapping[str, Topic] = field(default_factory=dict)
    """`content/topics.yaml`."""
    places: Mapping[str, Place] = field(default_factory=dict)
    """The packaged places, overridden by `content/places.yaml`."""

    def of(self, kind: TermKind) -> Mapping[str, Person | Organisation | Topic | Place]:
        """The vocabulary of `kind`, keyed by slug."""
        if kind == TermKind.PEOPLE:
            return self.people
        if kind == TermKind.ORGANISATIONS:
            return self.organisations
        if kind == TermKind.TOPICS:
            return self.topics
        return self.places


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong, as a value from where it is found to where it is printed."""

    file: str
    """The file at fault: relative to the site folder when inside it (`content/people.yaml`),
    else as found; "" when it concerns no one file (a busy output folder)."""
    line: int
    """1-based line, 0 when unknown or when it concerns the whole file."""
    kind: str
    """What found it: "content", "vocabulary", "build", "config", or a check of the built site
    ("html", "links", "feeds", "sitemaps")."""
    message: str
    """What is wrong, in words an editor understands."""

    def __str__(self) -> str:
        return self.located(None)

    def located(self, root: Path | None) -> str:
        """`file:line: message` (or `file: message`, or the message alone); a site-relative file
        written under `root` when one is given, as the build's terminal output names files."""
        file = self.file
        if root is not None and file and not Path(file).is_absolute():
            file = str(root / file)
        where = f"{file}:{self.line}" if file and self.line else file
        return f"{where}: {self.message}" if where else self.message

    def within(self, root: Path) -> Problem:
        """The same problem with its file written relative to the site folder `root`, when it
        lies inside it."""
        path = Path(self.file)
        if not self.file or not path.is_absolute() or not path.is_relative_to(root):
            return self
        return replace(self, file=path.relative_to(root).as_posix())
