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
from generator.urls import slugify

# Where a credit line starts, alone or at the end of a paragraph: "(Reporting by A; Editing by
# B)", "Reporting by A in Mumbai", "(Edited by A)", "Photo: A/PTI", "Associated Press writer C
# contributed to this report.", AP's links to its topic pages ("AP NFL: https://...").
# A credit without brackets opens only with the words of credits ("Reporting by"): "Produced by
# Durga Arts, the film ..." is a sentence of the story.
_CREDIT = re.compile(
    r"(?:^|(?<=[.!?\"”’)\]])\s*)[-–—•*\s]*[(\[]?\s*(?:(?:additional|further)\s+)?(?:reporting|"
    r"writing|editing|edited|compiled|contributing)\s+by\b"
    r"|(?:^|(?<=[.!?\"”’)\]])\s*)[(\[]\s*(?:research|produced|graphics|reported|translated)\s+by\b"
    r"|(?:^|(?<=[.!?\"”’)\]])\s*)[(\[]?\s*(?:photo|picture|image)s?(?:\s+credits?)?\s*:"
    r"|(?:^|(?<=[.!?\"”’)\]])\s*)(?:the\s+)?(?:associated\s+press|ap)\s+(?:writers?|reporters?|"
    r"correspondents?)\b"
    r"|^follow\s+.{1,80}?\s+on\s+(?:x|twitter|bluesky|instagram|threads)\b"
    r"|^AP\s+[\w\s'’.-]{1,40}:\s*https?://",
    re.IGNORECASE,
)
_CONTRIBUTED = re.compile(r"\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|story)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s")

# A byline of its own: "By Jane Smith and Ravi Kumar", "By JANE SMITH, Reuters".
_BYLINE = re.compile(r"^[Bb][Yy]\s+[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){0,8}\.?$")


# The credit slugs of Indian agencies, alone on a line: "PTI SKV RT", "--IANS", "rk/dan",
# "(ANI)": editors' initials, never a body ("RT") or a person.
_SLUG = re.compile(
    r"^[-–—\s]*\(?(?:PTI|IANS|ANI|UNI)\)?(?:\s+[A-Z]{1,5})*\s*$|^[a-z]{1,6}(?:/[a-z]{1,6})+$"
)


def story_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs that tell the story: credit lines and bylines left out (a credit at the
    end of a paragraph is cut off it)."""
    kept = []
    for paragraph in paragraphs:
        if len(paragraph) < 120 and (
            _BYLINE.match(paragraph.strip()) or _SLUG.match(paragraph.strip())
        ):
            continue
        cut = len(paragraph)
        credit = _CREDIT.search(paragraph)
        if credit:
            cut = credit.start()
        contributed = _CONTRIBUTED.search(paragraph, 0, cut)
        if contributed:
            ends = [m.end() for m in _SENTENCE_END.finditer(paragraph, 0, contributed.start())]
            cut = ends[-1] if ends else 0
        text = paragraph[:cut].rstrip()
        if text:
            kept.append(text)
    return kept


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
    found_people = people.find(paragraphs, found_organisations.spans)
    # An organisation is nobody, under any of its names ("Harvard" of Harvard University).
    taken = set(found_organisations.slugs)
    known = organisations.vocabulary
    for slug in found_organisations.slugs:
        entry = known.get(slug)
        if entry is not None:
            taken.update(slugify(name.lstrip("~")) for name in entry.aliases)
    if taken & set(found_people.slugs):
        found_people = PeopleFound(
            slugs=tuple(slug for slug in found_people.slugs if slug not in taken),
            new=tuple(person for person in found_people.new if person.slug not in taken),
        )
    return Entities(found_people, found_organisations)
