"""People and organisations of one story, found together so that each rules out the other.

The organisation finder runs first: a name it takes for an organisation ("Sun Pictures", "Warburg
Pincus") is never also a person, however much it reads like one. Credit lines ("Reporting by ...;
Editing by ...", "Associated Press writer ... contributed") name the journalists, not the people
the story is about, and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator.ingest.organisations import OrganisationFinder, OrganisationsFound
from generator.ingest.people import PeopleFinder, PeopleFound

_CREDITS = re.compile(  # "(Reporting by A; Editing by B)", "AP writer C contributed"
    r"^[(\[]?\s*(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|"
    r"contributing|research|produced|graphics|reported)\s+by\b"
    r"|contributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story)"
    r"|^associated\s+press\s+(?:writers?|reporters?|correspondents?)\b",
    re.IGNORECASE,
)


# A byline of its own: "By Jane Smith and Ravi Kumar", "By Jane Smith, Reuters".
_BYLINE = re.compile(r"^[Bb]y\s+[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,8}\.?$")


def story_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs that tell the story: credit lines and bylines left out."""
    return [
        p
        for p in paragraphs
        if not _CREDITS.search(p) and not (len(p) < 120 and _BYLINE.match(p.strip()))
    ]


@dataclass(frozen=True, slots=True)
class Entities:
    """What one story names."""

    people: PeopleFound
    """Its people, organisations' names removed."""
    organisations: OrganisationsFound
    """Its organisations."""


def find_entities(
    people: PeopleFinder,
    organisations: OrganisationFinder,
    paragraphs: Sequence[str],
    agency: str = "",
) -> Entities:
    """The people and organisations `paragraphs` name; `agency` wrote the story."""
    paragraphs = story_paragraphs(paragraphs)
    found_organisations = organisations.find(paragraphs, agency)
    found_people = people.find(paragraphs)
    taken = set(found_organisations.slugs)
    if taken & set(found_people.slugs):
        found_people = PeopleFound(
            slugs=tuple(slug for slug in found_people.slugs if slug not in taken),
            new=tuple(person for person in found_people.new if person.slug not in taken),
        )
    return Entities(found_people, found_organisations)
