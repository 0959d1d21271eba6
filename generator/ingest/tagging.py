"""A parsed wire story -> headline, summary, people, organisations, topics, places, file text.

`Tagger` holds the matchers built once from the vocabularies; `prepare` is a pure function of the
raw bytes, so it runs the same in a worker process as in the main one. A raw file holds zero or
more stories (a feed holds many): `learn` and `prepare` give one result per item, in file order.

What a format says of a story is taken as given, before anything is guessed from its text: its
headline is the title, its summary the summary, the people, organisations and places its metadata
names are tagged (new ones join the vocabularies, not yet reviewed), and its subject codes give
topics where `subjects.py` maps them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator.content import load_organisations, load_people, load_site_places, load_topics
from generator.ingest.entities import find_entities
from generator.ingest.formats import NoStory, read_items
from generator.ingest.headline import derive_headline, derive_summary
from generator.ingest.organisations import OrganisationFinder
from generator.ingest.people import PeopleFinder
from generator.ingest.places import PlaceTagger, dateline_city
from generator.ingest.story_file import render_story_file
from generator.ingest.subjects import subject_topics
from generator.ingest.topics import TopicTagger
from generator.ingest.writer import NewEntry
from generator.models import Organisation, Person, Place, RawStory, Topic
from generator.urls import slugify

_Entry = TypeVar("_Entry", Person, Organisation)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A story ready to be written, and what ingest learnt while tagging it."""

    raw: RawStory
    """The parsed wire story."""
    slug: str
    """The slug its headline gives (the writer makes it unique within the day)."""
    text: str
    """The exact text of its Markdown file."""
    people: tuple[str, ...]
    """Slugs of the people it is tagged with."""
    new_people: tuple[Person, ...]
    """People it names that the vocabulary does not hold yet."""
    new_organisations: tuple[Organisation, ...] = ()
    """Organisations it names that the site's vocabulary does not hold yet."""


@dataclass(frozen=True, slots=True)
class Learned:
    """What one raw file teaches the vocabularies, learnt before any story of a batch is tagged."""

    new_people: tuple[Person, ...]
    """People it names that the vocabulary does not hold yet."""
    new_place: NewEntry | None
    """Its dateline city, when the places vocabulary does not hold it."""
    new_organisations: tuple[Organisation, ...] = ()
    """Organisations it names that the site's vocabulary does not hold yet."""


@dataclass(frozen=True, slots=True)
class BatchVocabulary:
    """The entries a batch adds to the vocabularies, one per slug, sorted by slug."""

    people: tuple[NewEntry, ...] = ()
    """New people for `people.yaml`."""
    organisations: tuple[NewEntry, ...] = ()
    """New organisations for `organisations.yaml`."""
    places: tuple[NewEntry, ...] = ()
    """New dateline cities for `places.yaml`."""

    def __bool__(self) -> bool:
        return bool(self.people or self.organisations or self.places)


@dataclass(frozen=True, slots=True)
class Retired:
    """Slugs an editor deleted or rejected: never tagged as new again."""

    people: frozenset[str] = frozenset()
    """Of `people.yaml`."""
    organisations: frozenset[str] = frozenset()
    """Of `organisations.yaml`."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A raw file, or an item of one, that is no story."""

    reason: str
    """One line: why."""
    item: str = ""
    """How the item is named within its file; "" when the whole file is rejected."""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A raw file that holds no story and is not wrong (an empty feed, a package)."""

    reason: str
    """One line: what it holds instead."""


class Tagger:
    """The vocabularies of a site, compiled into matchers once per ingest (or per worker)."""

    def __init__(
        self,
        content_dir: Path,
        retired: Retired | None = None,
        known: Mapping[str, str] | None = None,
        learned: BatchVocabulary | None = None,
    ) -> None:
        """Read the vocabularies; people and organisations `retired` are never new.

        `known` maps the ids of stories ingested before to their text hashes: the same text
        taught the vocabularies what it could when it was first ingested, so `learn` skips it.
        `learned` is what this batch teaches, not reviewed, on top of the files.
        """
        self.known = known or {}
        retired = retired or Retired()
        learned = learned or BatchVocabulary()
        places = load_site_places(content_dir)
        places.update((e.slug, Place(e.slug, e.name, reviewed=False)) for e in learned.places)
        people = load_people(content_dir / "people.yaml")
        people.update((e.slug, Person(e.slug, e.name, reviewed=False)) for e in learned.people)
        organisations = load_organisations(content_dir / "organisations.yaml")
        organisations.update(
            (e.slug, Organisation(e.slug, e.name, reviewed=False)) for e in learned.organisations
        )
        reviewed = {slug: place for slug, place in places.items() if place.reviewed}
        unreviewed = [place for place in places.values() if not place.reviewed]
        self.place_slugs = frozenset(places)
        self.places = PlaceTagger(reviewed, dateline_only=unreviewed)
        self.organisations = OrganisationFinder(organisations, retired.organisations)
        self.people = PeopleFinder(
            people, self.places.names(), retired.people, self.organisations.names()
        )
        self.topic_vocabulary: dict[str, Topic] = load_topics(content_dir / "topics.yaml")
        self.topics = TopicTagger(self.topic_vocabulary)
        self.named = _Named(people, organisations, self.organisations.vocabulary, retired)

    def learn(self, data: bytes, file_name: str) -> list[Learned | Rejected] | Skipped:
        """What each story of one raw file adds to the vocabularies: new people and
        organisations, a new dateline city."""
        parsed = _parse(data, file_name)
        if isinstance(parsed, Skipped):
            return parsed
        return [item if isinstance(item, Rejected) else self._learn(*item) for item in parsed]

    def _learn(self, raw: RawStory, title: str) -> Learned:
        if self.known.get(raw.id) == raw.text_hash:
            return Learned((), None)
        city = self.places.dateline_slug(raw.dateline)
        place = None
        if city and city not in self.place_slugs:
            place = NewEntry(city, dateline_city(raw.dateline))
        found = find_entities(self.people, self.organisations, raw.paragraphs, raw.agency)
        people = self.named.people(raw.meta.people)[1]
        org_slugs, organisations = self.named.organisations(raw.meta.organisations)
        # What the metadata calls an organisation is none of the story's people.
        detected = tuple(p for p in found.people.new if p.slug not in org_slugs)
        return Learned(
            _merge(detected, people), place, _merge(found.organisations.new, organisations)
        )

    def prepare(self, data: bytes, file_name: str) -> list[Prepared | Rejected] | Skipped:
        """Parse and tag the stories of one raw file."""
        parsed = _parse(data, file_name)
        if isinstance(parsed, Skipped):
            return parsed
        return [item if isinstance(item, Rejected) else self._prepare(*item) for item in parsed]

    def _prepare(self, raw: RawStory, title: str) -> Prepared:
        entities = find_entities(self.people, self.organisations, raw.paragraphs, raw.agency)
        found, organisations = entities.people, entities.organisations
        meta = raw.meta
        named_people, new_people = self.named.people(meta.people)
        named_orgs, new_orgs = self.named.organisations(meta.organisations)
        # What the metadata calls an organisation is none of the story's people.
        people = tuple(
            s for s in dict.fromkeys((*named_people, *found.slugs)) if s not in named_orgs
        )
        detected = tuple(p for p in found.new if p.slug not in named_orgs)
        org_slugs = tuple(dict.fromkeys((*named_orgs, *organisations.slugs)))
        topics = subject_topics(meta.subjects, self.topic_vocabulary)
        topics = tuple(dict.fromkeys((*topics, *self.topics.tag(raw.paragraphs))))
        places = self.places.tag(raw.dateline, raw.paragraphs)
        known_places = [
            self.places.dateline_slug(name)
            for name in meta.places
            if name.lower() in self.places.names()
        ]
        places = tuple(dict.fromkeys((*places[:1], *known_places, *places[1:])))
        text = render_story_file(
            raw,
            title=title,
            summary=derive_summary(meta.summary or raw.paragraphs[0]),
            people=people,
            organisations=org_slugs,
            topics=topics,
            places=places,
        )
        return Prepared(
            raw=raw,
            slug=slugify(title),
            text=text,
            people=people,
            new_people=_merge(detected, new_people),
            new_organisations=_merge(organisations.new, new_orgs),
        )


class _Named:
    """People and organisations a format's metadata names -> slugs, and the new ones."""

    def __init__(
        self,
        people: dict[str, Person],
        organisations: dict[str, Organisation],
        known_organisations: Mapping[str, Organisation],
        retired: Retired,
    ) -> None:
        self._retired = retired
        self._people = _index(people)
        self._people_slugs = frozenset(people)
        self._site_organisations = frozenset(organisations)
        self._known_organisations = dict(known_organisations)
        self._organisations = _index(known_organisations)

    def people(self, names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[Person, ...]]:
        """(slugs, new people) of the names."""
        slugs: list[str] = []
        new: list[Person] = []
        for name in names:
            slug = self._people.get(slugify(name)) or slugify(name)
            if not slug or slug in self._retired.people:
                continue
            slugs.append(slug)
            if slug not in self._people_slugs:
                new.append(Person(slug, name, reviewed=False))
        return tuple(dict.fromkeys(slugs)), tuple(new)

    def organisations(
        self, names: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[Organisation, ...]]:
        """(slugs, new organisations) of the names: a starter-list one joins the site's
        vocabulary under its own name."""
        slugs: list[str] = []
        new: list[Organisation] = []
        for name in names:
            slug = self._organisations.get(slugify(name)) or slugify(name)
            if not slug or slug in self._retired.organisations:
                continue
            slugs.append(slug)
            if slug not in self._site_organisations:
                known = self._known_organisations.get(slug)
                display = known.name.lstrip("~") if known else name
                new.append(Organisation(slug, display, reviewed=False))
        return tuple(dict.fromkeys(slugs)), tuple(new)


def _index(entries: Mapping[str, Person | Organisation]) -> dict[str, str]:
    """slugified name or alias -> slug; a slug names its entry too."""
    index: dict[str, str] = {}
    for slug in sorted(entries):
        entry = entries[slug]
        index.setdefault(slug, slug)
        for name in (entry.name, *entry.aliases):
            index.setdefault(slugify(name.lstrip("~")), slug)
    return index


def _merge(first: tuple[_Entry, ...], more: tuple[_Entry, ...]) -> tuple[_Entry, ...]:
    seen = {entry.slug for entry in first}
    return first + tuple(entry for entry in more if entry.slug not in seen)


def _parse(data: bytes, file_name: str) -> list[tuple[RawStory, str] | Rejected] | Skipped:
    """Each story of the file with its headline, or why an item (or the file) is no story."""
    read = read_items(data, file_name)
    if isinstance(read, NoStory):
        return Skipped(read.reason)
    parsed: list[tuple[RawStory, str] | Rejected] = []
    for item in read:
        if not isinstance(item, RawStory):
            parsed.append(Rejected(item.reason, item.item))
            continue
        title = item.meta.headline or derive_headline(item.paragraphs[0])
        title = title or derive_headline(" ".join(item.paragraphs))
        if not title.strip(" .,;:-\"'"):
            parsed.append(Rejected("no words in the lede to make a headline from", item.meta.item))
            continue
        parsed.append((item, title))
    return parsed
