"""Stories -> people, organisations, topics and places with stable pages, date archives, related
stories, and which of them are published.

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
from generator.models import Place, Story, TermKind, Topic, Vocabularies, pickled_as_arguments

RELATED_COUNT = 5
"""Related stories per story page."""
# How many stories either side in time a shared term contributes as related candidates. A topic
# such as "politics" may hold half the archive; scanning all of it for every story would make the
# related-story pass quadratic. The nearest stories in time are also the most useful to a reader.
RELATED_WINDOW = 24
# A shared person says more about two stories being related than a shared broad topic.
_RELATED_WEIGHT = {
    TermKind.PEOPLE: 3,
    TermKind.ORGANISATIONS: 2,
    TermKind.TOPICS: 2,
    TermKind.PLACES: 1,
}


# Kinds whose entries ingest adds on its own: an entry no editor has confirmed gets a page only
# once enough stories name it (`SiteConfig.unreviewed_min_stories`).
REVIEWED_KINDS = frozenset((TermKind.PEOPLE, TermKind.ORGANISATIONS))


@pickled_as_arguments
@dataclass(frozen=True, slots=True)
class Term:
    """A person, organisation, topic or place that at least one story names."""

    kind: TermKind
    """Person, organisation, topic or place."""
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
    published: bool = True
    """Whether it has pages and a feed: false for a person or organisation no editor has
    confirmed that too few stories name (see `is_published`); links to it are then plain text."""


@dataclass(frozen=True, slots=True)
class GatheredSite:
    """Everything the pages need, computed once: the read-only input of every render worker."""

    config: SiteConfig
    """The site's settings."""
    stories: tuple[Story, ...]
    """Every story, oldest first by (date, id)."""
    terms: Mapping[TermKind, Mapping[str, Term]]
    """kind -> slug -> term, slugs sorted."""
    days: Mapping[dt.date, tuple[int, ...]]
    """Each day that has stories -> its stories, oldest first; days sorted."""
    unknown: tuple[tuple[TermKind, str, int], ...] = ()
    """(kind, slug, first story index) of every slug missing from its vocabulary."""
    positions: Mapping[str, int] = field(default_factory=dict)
    """Story id -> its index in `stories` (kept by `edited`: no story moves)."""

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
        """Up to RELATED_COUNT stories related to story `index`, best first.

        Computed when asked, not up front: render workers share the work (each keeps what it
        found, see pages/views.py `SiteReader`), and an incremental build computes it only for
        the stories near a change.
        """
        return related_stories(self.stories, self.terms, index)

    def story(self, story_id: str) -> Story | None:
        """The story of id `story_id`, None when the site has none."""
        position = self.positions.get(story_id)
        return None if position is None else self.stories[position]

    def edited(self, stories: Mapping[str, Story]) -> GatheredSite:
        """This site with some stories' text replaced (by id), none moved, added or retagged:
        every term, day and related list stays as it is."""
        if not stories:
            return self
        ordered = list(self.stories)  # copied whole, then only the edited stories replaced
        for story_id, story in stories.items():
            index = self.positions.get(story_id)
            if index is not None:
                ordered[index] = story
        return replace(self, stories=tuple(ordered))

    def years(self) -> dict[int, dict[int, list[dt.date]]]:
        """year -> month -> days with stories, all sorted."""
        result: dict[int, dict[int, list[dt.date]]] = {}
        for day in self.days:
            result.setdefault(day.year, {}).setdefault(day.month, []).append(day)
        return result

    def names(self, kind: TermKind) -> dict[str, str]:
        """slug -> display name of every term of `kind`."""
        return {slug: term.name for slug, term in self.terms[kind].items()}

    def unpublished(self) -> frozenset[tuple[TermKind, str]]:
        """(kind, slug) of every term that has no page (see `Term.published`)."""
        return frozenset(
            (kind, slug)
            for kind, terms in self.terms.items()
            for slug, term in terms.items()
            if not term.published
        )


def fallback_name(slug: str) -> str:
    """The name a page shows for a slug that is missing from its vocabulary."""
    return slug.replace("-", " ").title()


def _vocabulary_entry(
    kind: TermKind, slug: str, vocab: Vocabularies
) -> tuple[str, str, bool, str, bool]:
    """(name, description, known, parent, reviewed) of one slug. A slug missing from its
    vocabulary counts as reviewed: it is an editor's slip that the build already reports, and a
    vocabulary that fails to load must not take every page of its kind down with it."""
    entry = vocab.of(kind).get(slug)
    if entry is None:
        return fallback_name(slug), "", False, "", True
    if isinstance(entry, Topic):
        return entry.name, entry.description, True, entry.parent, True
    if isinstance(entry, Place):
        return entry.name, "", True, entry.country, entry.reviewed
    return entry.name, entry.description, True, "", entry.reviewed


def is_published(kind: TermKind, reviewed: bool, stories: int, min_stories: int) -> bool:
    """Whether a term gets pages: topics and places always; a person or organisation once an
    editor has confirmed it (`reviewed`) or once at least `min_stories` stories name it."""
    return kind not in REVIEWED_KINDS or reviewed or stories >= min_stories


def sort_stories(stories: Sequence[Story]) -> tuple[Story, ...]:
    """Oldest first; the id breaks ties so the order never depends on file-system order."""
    return tuple(sorted(stories, key=lambda story: (story.date, story.id)))


def collect_terms(
    stories: Sequence[Story], vocab: Vocabularies, min_stories: int = 0
) -> tuple[dict[TermKind, dict[str, Term]], list[tuple[TermKind, str, int]]]:
    """Build every term that a story names; also return the unknown (kind, slug, first story).
    `min_stories`: how many stories publish a person or organisation no editor confirmed."""
    postings: dict[TermKind, dict[str, list[int]]] = {kind: defaultdict(list) for kind in TermKind}
    for index, story in enumerate(stories):
        for kind in TermKind:
            for slug in story.terms(kind):
                postings[kind][slug].append(index)
    terms: dict[TermKind, dict[str, Term]] = {}
    unknown: list[tuple[TermKind, str, int]] = []
    for kind in TermKind:
        terms[kind] = {}
        for slug in sorted(postings[kind]):
            name, description, known, parent, reviewed = _vocabulary_entry(kind, slug, vocab)
            indices = tuple(postings[kind][slug])
            published = is_published(kind, reviewed, len(indices), min_stories)
            term = Term(kind, slug, name, description, known, indices, parent, published)
            terms[kind][slug] = term
            if not known:
                unknown.append((kind, slug, indices[0]))
    return terms, unknown


def related_stories(
    stories: Sequence[Story], terms: Mapping[TermKind, Mapping[str, Term]], index: int
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
    for kind in TermKind:
        weight = _RELATED_WEIGHT[kind]
        for slug in story.terms(kind):
            posting = terms[kind][slug].stories
            at = bisect_left(posting, index)
            low = max(0, at - RELATED_WINDOW)
            for other in posting[low : at + RELATED_WINDOW + 1]:
                scores[other] += weight
    scores.pop(index, None)
    # A shared place alone (two stories from Washington) is not a relation worth showing.
    floor = _RELATED_WEIGHT[TermKind.PLACES]
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
    terms, unknown = collect_terms(ordered, vocab, config.unreviewed_min_stories)
    days: dict[dt.date, list[int]] = defaultdict(list)
    for index, story in enumerate(ordered):
        days[story.date].append(index)
    return GatheredSite(
        config=config,
        stories=ordered,
        terms=terms,
        days={day: tuple(days[day]) for day in sorted(days)},
        unknown=tuple(unknown),
        positions={story.id: index for index, story in enumerate(ordered)},
    )
