"""Stories -> people, topics and places with stable pages, date archives, related stories.

Everything here is computed once, before any page is rendered, and never changes afterwards: the
result (`GatheredSite`) is what the render workers read. No I/O.

Stories are referred to by their index in `GatheredSite.stories`, which is sorted oldest first by
(date, id): an int is cheap to store in thousands of term lists, and the sort makes every list built
from it chronological without sorting again.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from heapq import nsmallest

from generator.config import SiteConfig
from generator.models import Story, Vocabularies

KINDS = ("people", "topics", "places")
"""The three taxonomies, in the order pages show them."""

_SINGULAR = {"people": "person", "topics": "topic", "places": "place"}

RELATED_COUNT = 5
"""Related stories per story page."""
# How many stories either side in time a shared term contributes as related candidates. A topic
# such as "politics" may hold half the archive; scanning all of it for every story would make the
# related-story pass quadratic. The nearest stories in time are also the most useful to a reader.
RELATED_WINDOW = 24
# A shared person says more about two stories being related than a shared broad topic.
_RELATED_WEIGHT = {"people": 3, "topics": 2, "places": 1}


@dataclass(frozen=True, slots=True)
class Term:
    """A person, topic or place that at least one story names."""

    kind: str
    """"people", "topics" or "places"."""
    slug: str
    """URL key."""
    name: str
    """Display name; the title-cased slug when the vocabulary lacks it."""
    description: str
    """One line from the vocabulary, or ""."""
    known: bool
    """Whether the vocabulary has the slug."""
    stories: tuple[int, ...]
    """Indices of its stories, oldest first."""
    parent: str = ""
    """For a topic, its parent topic's slug; for a place, its country's slug."""


@dataclass(frozen=True, slots=True)
class GatheredSite:
    """Everything the pages need, computed once: the read-only input of every render worker."""

    config: SiteConfig
    """The site's settings."""
    stories: tuple[Story, ...]
    """Every story, oldest first by (date, id)."""
    terms: Mapping[str, Mapping[str, Term]]
    """kind -> slug -> term, slugs sorted."""
    days: Mapping[dt.date, tuple[int, ...]]
    """Each day that has stories -> its stories, oldest first; days sorted."""
    unknown: tuple[tuple[str, str, int], ...] = ()
    """(kind, slug, first story index) of every slug missing from its vocabulary."""
    memo: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """Per-process memo of views.py's pure functions (a story's list entry is needed by dozens
    of pages); each worker fills its own copy after the fork, nothing else reads it."""

    @property
    def per_page(self) -> int:
        """Stories per numbered page."""
        return self.config.per_page

    def page_count(self, term: Term) -> int:
        """Number of numbered pages of a term (at least 1)."""
        return max(1, -(-len(term.stories) // self.per_page))

    def term_page(self, term: Term, page: int) -> tuple[int, ...]:
        """Stories of numbered page `page` (1 = the oldest `per_page` stories), oldest first."""
        start = (page - 1) * self.per_page
        return term.stories[start : start + self.per_page]

    def related(self, index: int) -> tuple[int, ...]:
        """Up to RELATED_COUNT stories related to story `index`, best first (memoised).

        Computed when a story page asks, not up front: render workers share the work, and an
        incremental build computes it only for the stories near a change.
        """
        key = ("related", index)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = related_stories(self.stories, self.terms, index)
        return found  # type: ignore[return-value]

    def edited(self, stories: Mapping[str, Story]) -> GatheredSite:
        """This site with some stories' text replaced (by id), none moved, added or retagged:
        every term, day and related list stays as it is."""
        if not stories:
            return self
        ordered = tuple(stories.get(story.id, story) for story in self.stories)
        stale = {i for i, story in enumerate(self.stories) if story.id in stories}
        memo = {
            key: value
            for key, value in self.memo.items()
            if not (isinstance(key, tuple) and key[0] == "story_item" and key[1] in stale)
        }
        return replace(self, stories=ordered, memo=memo)

    def years(self) -> dict[int, dict[int, list[dt.date]]]:
        """year -> month -> days with stories, all sorted."""
        result: dict[int, dict[int, list[dt.date]]] = {}
        for day in self.days:
            result.setdefault(day.year, {}).setdefault(day.month, []).append(day)
        return result

    def names(self, kind: str) -> dict[str, str]:
        """slug -> display name of every term of `kind`."""
        return {slug: term.name for slug, term in self.terms[kind].items()}


def singular(kind: str) -> str:
    """ "people" -> "person": how a warning or a heading names one term of `kind`."""
    return _SINGULAR[kind]


def fallback_name(slug: str) -> str:
    """The name a page shows for a slug that is missing from its vocabulary."""
    return slug.replace("-", " ").title()


def _vocabulary_entry(kind: str, slug: str, vocab: Vocabularies) -> tuple[str, str, bool, str]:
    """(name, description, known, parent) of one slug."""
    if kind == "people":
        person = vocab.people.get(slug)
        if person is not None:
            return person.name, person.description, True, ""
    elif kind == "topics":
        topic = vocab.topics.get(slug)
        if topic is not None:
            return topic.name, topic.description, True, topic.parent
    else:
        place = vocab.places.get(slug)
        if place is not None:
            return place.name, "", True, place.country
    return fallback_name(slug), "", False, ""


def sort_stories(stories: Sequence[Story]) -> tuple[Story, ...]:
    """Oldest first; the id breaks ties so the order never depends on file-system order."""
    return tuple(sorted(stories, key=lambda story: (story.date, story.id)))


def collect_terms(
    stories: Sequence[Story], vocab: Vocabularies
) -> tuple[dict[str, dict[str, Term]], list[tuple[str, str, int]]]:
    """Build every term that a story names; also return the unknown (kind, slug, first story)."""
    postings: dict[str, dict[str, list[int]]] = {kind: defaultdict(list) for kind in KINDS}
    for index, story in enumerate(stories):
        for kind in KINDS:
            for slug in getattr(story, kind):
                postings[kind][slug].append(index)
    terms: dict[str, dict[str, Term]] = {}
    unknown: list[tuple[str, str, int]] = []
    for kind in KINDS:
        terms[kind] = {}
        for slug in sorted(postings[kind]):
            name, description, known, parent = _vocabulary_entry(kind, slug, vocab)
            indices = tuple(postings[kind][slug])
            term = Term(kind, slug, name, description, known, indices, parent)
            terms[kind][slug] = term
            if not known:
                unknown.append((kind, slug, indices[0]))
    return terms, unknown


def related_stories(
    stories: Sequence[Story], terms: Mapping[str, Mapping[str, Term]], index: int
) -> tuple[int, ...]:
    """The stories sharing the most (weighted) people, topics and places with story `index`.

    Uses the terms' story lists as an inverted index, and only a window of stories nearest in time
    per shared term, so the cost grows with terms per story, never with the archive. Ties go to
    the story nearest in days, then the older one. Neither depends on where other stories sit in
    the archive: a story added elsewhere never reorders this story's list, which is what lets an
    incremental build recompute related stories only near a change.
    """
    story = stories[index]
    scores: dict[int, int] = defaultdict(int)
    for kind in KINDS:
        weight = _RELATED_WEIGHT[kind]
        for slug in getattr(story, kind):
            posting = terms[kind][slug].stories
            at = bisect_left(posting, index)
            low = max(0, at - RELATED_WINDOW)
            for other in posting[low : at + RELATED_WINDOW + 1]:
                scores[other] += weight
    scores.pop(index, None)
    # A shared place alone (two stories from Washington) is not a relation worth showing.
    floor = _RELATED_WEIGHT["places"]
    day = story.date.toordinal()
    best = nsmallest(
        RELATED_COUNT,
        (
            (-score, abs(stories[other].date.toordinal() - day), other)
            for other, score in scores.items()
            if score > floor
        ),
    )
    return tuple(other for _, _, other in best)


def gather_site(config: SiteConfig, stories: Sequence[Story], vocab: Vocabularies) -> GatheredSite:
    """Turn the loaded stories and vocabularies into everything the pages need."""
    ordered = sort_stories(stories)
    terms, unknown = collect_terms(ordered, vocab)
    days: dict[dt.date, list[int]] = defaultdict(list)
    for index, story in enumerate(ordered):
        days[story.date].append(index)
    return GatheredSite(
        config=config,
        stories=ordered,
        terms=terms,
        days={day: tuple(days[day]) for day in sorted(days)},
        unknown=tuple(unknown),
    )
