"""Subjects a format gives a story -> the site's topics, where a mapping exists.

Three kinds of subject reach ingest: IPTC Media Topics (`medtop:15000000`, or their URI
`http://cv.iptc.org/newscodes/mediatopic/15000000`), the older IPTC Subject Codes (`subj:15008000`,
or an eight-digit literal), and plain words (an RSS category, a subject's name: "Cricket").

- The seventeen top-level codes, the same numbers in both schemes, map to the topics of the
  starter vocabulary that follow them (`MEDIA_TOPICS`); a Media Topic below them counts through
  the `broader` codes its item names for it, and a Subject Code through the number of its
  top level (`15008000` is under `15000000`).
- A subject whose name or word is a topic's name or slug ("Cricket", "climate-change") is that
  topic.

A topic the site's vocabulary does not hold is never made up: the mapping only picks slugs the
vocabulary has, and a sub-topic brings its parent along, as keyword tagging does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from generator.models import Subject, Topic
from generator.urls import slugify

MEDIA_TOPICS: Mapping[str, str] = {
    "01000000": "arts-and-culture",
    "02000000": "crime-and-justice",
    "03000000": "disasters-and-accidents",
    "04000000": "economy",
    "05000000": "education",
    "06000000": "environment",
    "07000000": "health",
    "08000000": "human-interest",
    "09000000": "labour",
    "10000000": "lifestyle",
    "11000000": "politics",
    "12000000": "religion",
    "13000000": "science-and-technology",
    "14000000": "society",
    "15000000": "sport",
    "16000000": "conflict",
    "17000000": "weather",
}
"""IPTC top-level Media Topic (and Subject Code) numbers -> slugs of the starter topics."""

_MEDIA_TOPIC = re.compile(r"(?:^medtop:|/mediatopic/)(\d{8})$", re.IGNORECASE)
_SUBJECT_CODE = re.compile(r"(?:^(?:subj|iptc|subject):|/subjectcode/|^)(\d{8})$", re.IGNORECASE)


def subject_topics(subjects: Iterable[Subject], topics: Mapping[str, Topic]) -> tuple[str, ...]:
    """Slugs of `topics` the subjects name, in the subjects' order, each followed by its
    parents."""
    by_name = {}
    for slug, topic in topics.items():
        by_name[slug] = slug
        by_name[slugify(topic.name)] = slug
    found: dict[str, None] = {}
    for subject in subjects:
        for slug in _slugs(subject, by_name):
            if slug in topics:
                for each in _with_parents(slug, topics):
                    found.setdefault(each, None)
    return tuple(found)


def _slugs(subject: Subject, by_name: Mapping[str, str]) -> list[str]:
    slugs = []
    for code in (subject.code, *subject.broader):
        code = code.strip()
        media = _MEDIA_TOPIC.search(code)
        if media:
            slugs.append(MEDIA_TOPICS.get(media.group(1), ""))
            continue
        number = _SUBJECT_CODE.search(code)
        if number:
            slugs.append(MEDIA_TOPICS.get(number.group(1)[:2] + "000000", ""))
    for word in (subject.name, subject.code):
        slug = by_name.get(slugify(word)) if word and ":" not in word else None
        if slug:
            slugs.append(slug)
    return [slug for slug in slugs if slug]


def _with_parents(slug: str, topics: Mapping[str, Topic]) -> list[str]:
    chain = [slug]
    parent = topics[slug].parent
    while parent in topics and parent not in chain:
        chain.append(parent)
        parent = topics[parent].parent
    return chain
