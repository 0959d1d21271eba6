"""What a batch teaches the vocabularies, and what an editor's changes to them mean for stories.

A batch's new people, organisations and dateline cities are gathered from every file before any story is tagged,
and one name is chosen per slug whatever the order of the files, so tagging never depends on
which file came first. People an editor deleted from `people.yaml` (the ledger says stories
name them; the vocabulary no longer has them) are "retired": never learnt again, and the stories
that name them are reported, not rewritten (the review commands do that).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.content import load_organisations, load_people, load_places
from generator.ingest.ledger import LedgerEntry
from generator.ingest.tagging import BatchVocabulary, Learned, Prepared
from generator.ingest.writer import NewEntry, add_to_vocabulary
from generator.models import Organisation, Person
from generator.urls import slugify

SHOWN_STORIES = 5
"""Stories named per notice; the rest are counted."""


def gather(learned: Iterable[Learned]) -> BatchVocabulary:
    """One entry per new slug; of several spellings the least one wins, so order never matters."""
    people: dict[str, str] = {}
    organisations: dict[str, str] = {}
    places: dict[str, str] = {}

    def add(names: dict[str, str], slug: str, name: str) -> None:
        names[slug] = min(names.get(slug, name), name)

    for item in learned:
        for person in item.new_people:
            add(people, person.slug, person.name)
        for organisation in item.new_organisations:
            add(organisations, organisation.slug, organisation.name)
        if item.new_place is not None:
            add(places, item.new_place.slug, item.new_place.name)
    return BatchVocabulary(
        people=_entries(people), organisations=_entries(organisations), places=_entries(places)
    )


def _entries(names: dict[str, str]) -> tuple[NewEntry, ...]:
    return tuple(NewEntry(slug, names[slug]) for slug in sorted(names))


@dataclass(slots=True)
class PendingVocabulary:
    """A batch's new entries, written to the vocabularies by `write`, before the first story."""

    content_dir: Path
    """The site's `content/`."""
    people: set[str]
    """Slugs of `people.yaml`, this batch's new people included."""
    organisations: set[str]
    """Slugs of `organisations.yaml`, this batch's new organisations included."""
    batch: BatchVocabulary | None
    """What the batch teaches; None once it is written."""
    people_added: list[NewEntry] = field(default_factory=list)
    """New people written to `people.yaml` by this run."""
    organisations_added: list[NewEntry] = field(default_factory=list)
    """New organisations written to `organisations.yaml` by this run."""
    places_added: list[NewEntry] = field(default_factory=list)
    """New places written to `places.yaml` by this run."""

    def __post_init__(self) -> None:
        if self.batch is not None:
            self.people.update(entry.slug for entry in self.batch.people)
            self.organisations.update(entry.slug for entry in self.batch.organisations)

    def write(self, prepared: Prepared) -> None:
        """Write the batch's entries if not done yet, and any of the story's the vocabularies
        lack."""
        content = self.content_dir
        if self.batch is not None:
            add_to_vocabulary(content / "people.yaml", self.batch.people, load_people)
            self.people_added.extend(self.batch.people)
            add_to_vocabulary(
                content / "organisations.yaml", self.batch.organisations, load_organisations
            )
            self.organisations_added.extend(self.batch.organisations)
            add_to_vocabulary(content / "places.yaml", self.batch.places, load_places)
            self.places_added.extend(self.batch.places)
            self.batch = None
        # Tagging against the grown vocabulary found someone learning did not (not seen so far;
        # kept so that a story can never name a person the vocabulary lacks).
        new = _missing(prepared.new_people, self.people)
        add_to_vocabulary(content / "people.yaml", new, load_people)
        self.people_added.extend(new)
        new = _missing(prepared.new_organisations, self.organisations)
        add_to_vocabulary(content / "organisations.yaml", new, load_organisations)
        self.organisations_added.extend(new)


def _missing(found: Sequence[Person | Organisation], slugs: set[str]) -> list[NewEntry]:
    """Entries for what `found` holds that `slugs` lacks; `slugs` gains them."""
    new = [NewEntry(entry.slug, entry.name) for entry in found if entry.slug not in slugs]
    slugs.update(entry.slug for entry in new)
    return new


def retired_people(
    ledger: Mapping[str, LedgerEntry], vocabulary: Mapping[str, Person]
) -> dict[str, list[str]]:
    """Slugs that stories ingest wrote name but `people.yaml` lost -> those stories' paths."""
    gone: dict[str, list[str]] = {}
    for entry in ledger.values():
        for slug in entry.people:
            if slug not in vocabulary:
                gone.setdefault(slug, []).append(entry.path)
    return gone


def retirement_notices(
    retired: Mapping[str, Sequence[str]], vocabulary: Mapping[str, Person]
) -> list[str]:
    """One line per deleted or merged person, naming the stories that still name them."""
    merged_into = {
        slugify(name): person.slug
        for person in vocabulary.values()
        for name in (person.name, *person.aliases)
    }
    notices = []
    for slug in sorted(retired):
        paths = sorted(retired[slug])
        into = merged_into.get(slug)
        what = f"merged into {into}" if into else "deleted"
        shown = ", ".join(paths[:SHOWN_STORIES])
        more = f" and {len(paths) - SHOWN_STORIES} more" if len(paths) > SHOWN_STORIES else ""
        notices.append(
            f"people.yaml: {slug} was {what}; {len(paths)} stories still name it, "
            f"left as they are for review: {shown}{more}"
        )
    return notices
