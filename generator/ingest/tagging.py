"""A parsed wire story -> its headline, summary, people, topics and places, and its file text.

`Tagger` holds the matchers built once from the vocabularies; `prepare` is a pure function of the
raw bytes, so it runs the same in a worker process as in the main one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.content import PACKAGED_PLACES, load_people, load_places, load_topics
from generator.ingest.headline import derive_headline, derive_summary
from generator.ingest.people import PeopleFinder
from generator.ingest.places import PlaceTagger
from generator.ingest.story_file import render_story_file
from generator.ingest.topics import TopicTagger
from generator.ingest.wire import WireError, parse_wire
from generator.models import Person, RawStory
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
    new_people: tuple[Person, ...]
    """People it names that the vocabulary does not hold yet."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """A raw file that is no story."""

    reason: str
    """One line: why."""


class Tagger:
    """The vocabularies of a site, compiled into matchers once per ingest (or per worker)."""

    def __init__(self, content_dir: Path) -> None:
        places = {**load_places(PACKAGED_PLACES), **load_places(content_dir / "places.yaml")}
        self.places = PlaceTagger(places)
        self.people = PeopleFinder(load_people(content_dir / "people.yaml"), self.places.names())
        self.topics = TopicTagger(load_topics(content_dir / "topics.yaml"))

    def prepare(self, data: bytes, file_name: str) -> Prepared | Rejected:
        """Parse and tag one raw file."""
        try:
            raw = parse_wire(data, file_name)
        except WireError as exc:
            return Rejected(str(exc))
        title = derive_headline(raw.paragraphs[0]) or derive_headline(" ".join(raw.paragraphs))
        if not title.strip(" .,;:-\"'"):
            return Rejected("no words in the lede to make a headline from")
        found = self.people.find(raw.paragraphs)
        text = render_story_file(
            raw,
            title=title,
            summary=derive_summary(raw.paragraphs[0]),
            people=found.slugs,
            topics=self.topics.tag(raw.paragraphs),
            places=self.places.tag(raw.dateline, raw.paragraphs),
        )
        return Prepared(raw=raw, slug=slugify(title) or raw.id, text=text, new_people=found.new)
