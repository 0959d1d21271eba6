"""A parsed wire story -> headline, summary, people, organisations, topics, places, file text.

`Tagger` holds the matchers built once from the vocabularies; `prepare` is a pure function of the
raw bytes, so it runs the same in a worker process as in the main one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.content import load_organisations, load_people, load_site_places, load_topics
from generator.ingest.entities import find_entities
from generator.ingest.headline import derive_headline, derive_summary
from generator.ingest.organisations import OrganisationFinder
from generator.ingest.people import PeopleFinder
from generator.ingest.places import PlaceTagger, dateline_city
from generator.ingest.story_file import render_story_file
from generator.ingest.topics import TopicTagger
from generator.ingest.wire import WireError, parse_wire
from generator.ingest.writer import NewEntry
from generator.models import Organisation, Person, Place, RawStory
from generator.urls import slugify


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
    """A raw file that is no story."""

    reason: str
    """One line: why."""


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
        self.topics = TopicTagger(load_topics(content_dir / "topics.yaml"))

    def learn(self, data: bytes, file_name: str) -> Learned | Rejected:
        """What one raw file adds to the vocabularies: new people, a new dateline city."""
        parsed = _parse(data, file_name)
        if isinstance(parsed, Rejected):
            return parsed
        raw, _ = parsed
        if self.known.get(raw.id) == raw.text_hash:
            return Learned((), None)
        city = self.places.dateline_slug(raw.dateline)
        place = None
        if city and city not in self.place_slugs:
            place = NewEntry(city, dateline_city(raw.dateline))
        found = find_entities(self.people, self.organisations, raw.paragraphs, raw.agency)
        return Learned(found.people.new, place, found.organisations.new)

    def prepare(self, data: bytes, file_name: str) -> Prepared | Rejected:
        """Parse and tag one raw file."""
        parsed = _parse(data, file_name)
        if isinstance(parsed, Rejected):
            return parsed
        raw, title = parsed
        entities = find_entities(self.people, self.organisations, raw.paragraphs, raw.agency)
        found, organisations = entities.people, entities.organisations
        text = render_story_file(
            raw,
            title=title,
            summary=derive_summary(raw.paragraphs[0]),
            people=found.slugs,
            organisations=organisations.slugs,
            topics=self.topics.tag(raw.paragraphs),
            places=self.places.tag(raw.dateline, raw.paragraphs),
        )
        return Prepared(
            raw=raw,
            slug=slugify(title),
            text=text,
            people=found.slugs,
            new_people=found.new,
            new_organisations=organisations.new,
        )


def _parse(data: bytes, file_name: str) -> tuple[RawStory, str] | Rejected:
    """The parsed story and its headline, or why the file is no story."""
    try:
        raw = parse_wire(data, file_name)
    except WireError as exc:
        return Rejected(str(exc))
    title = derive_headline(raw.paragraphs[0]) or derive_headline(" ".join(raw.paragraphs))
    if not title.strip(" .,;:-\"'"):
        return Rejected("no words in the lede to make a headline from")
    return raw, title
