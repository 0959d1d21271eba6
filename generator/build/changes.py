"""Which pages a change touches: the rules that make a rebuild cost what changed, not the archive.

Given the site as it was built (`old`) and as it is now (`new`), and the ids of the stories that
were added, removed or edited, `affected_urls` names every page whose output may differ. The
rules follow what each page shows (views.py):

- a story's page shows its own text and tags, the stories before and after it that day, and its
  related stories (found among the stories nearest in time on each shared term);
- a person's, organisation's, topic's or place's landing page and feed show its newest stories
  and facts about all of them; its numbered pages show fixed slices of its stories (page 1 the
  oldest);
- a person or organisation no editor has confirmed has pages only once enough stories name it
  (`Term.published`): when that flips, every page that shows it changes between a link and plain
  text, and `published_changes` names it so that the stories naming it count as changed;
- the A-Z indexes show every term's name and count; day, month and year pages show their stories;
- home and the 404 page show the latest stories and the counts of every month;
- a story's text, provenance and file are shown by its own page alone (and by feeds with full
  content): an edit that changes nothing else re-renders that page only (`own_page_only`).

Everything not named is unchanged. The rules may name more pages than change (they are rendered
and come out the same), never fewer: tests compare incremental builds with full ones, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, replace

from generator import urls
from generator.models import Story, TermKind, Vocabularies
from generator.site.gather import RELATED_WINDOW, REVIEWED_KINDS, GatheredSite, Term
from generator.site.sequences import linked_urls


@dataclass(frozen=True, slots=True)
class Affected:
    """What a change touches."""

    urls: frozenset[str]
    """Site URLs of the pages (and feeds) to render again."""
    structure: bool
    """Whether the set of pages or a story's date or tags changed (sitemaps must follow)."""


def changed_vocabulary_terms(old: Vocabularies, new: Vocabularies) -> set[tuple[TermKind, str]]:
    """(kind, slug) of every vocabulary entry added, removed or edited."""
    changed = set()
    for kind in TermKind:
        before, after = old.of(kind), new.of(kind)
        for slug in before.keys() | after.keys():
            if before.get(slug) != after.get(slug):
                changed.add((kind, slug))
    return changed


def published_changes(old: GatheredSite, new: GatheredSite) -> set[tuple[TermKind, str]]:
    """(kind, slug) of every term that gained or lost its pages: published in one site and not
    in the other (a term that no story names any more counts as unpublished)."""
    flipped = set()
    for kind in REVIEWED_KINDS:
        before, after = old.terms[kind], new.terms[kind]
        for slug in before.keys() | after.keys():
            was, now = before.get(slug), after.get(slug)
            if (was is not None and was.published) != (now is not None and now.published):
                flipped.add((kind, slug))
    return flipped


def stories_naming(site: GatheredSite, terms: Iterable[tuple[TermKind, str]]) -> set[str]:
    """Ids of the stories tagged with any of `terms`."""
    ids: set[str] = set()
    for kind, slug in terms:
        term = site.terms[kind].get(slug)
        if term is not None:
            ids.update(site.stories[i].id for i in term.stories)
    return ids


def affected_urls(
    old: GatheredSite,
    new: GatheredSite,
    changed: Set[str],
    listed: Mapping[str, tuple[str, ...]] | None = None,
    *,
    renamed: bool = False,
) -> Affected:
    """Every page of `new` whose output may differ from `old`'s, when stories `changed`.

    `listed` (story id -> the related stories its page lists, as the last build found them)
    saves finding related stories again when no story moved. `renamed`: a vocabulary entry
    changed, so names shown on counting pages (years, indexes) may have changed too.
    """
    old_index, new_index = old.positions, new.positions
    found: set[str] = set()
    touched_terms: set[tuple[TermKind, str]] = set()
    near: set[str] = set()  # stories whose related list may have changed
    days: set[dt.date] = set()
    structure = renamed
    for story_id in changed:
        before, after = old.story(story_id), new.story(story_id)
        if before is None or after is None or shape(before) != shape(after):
            structure = True
        for site, index in ((old, old_index), (new, new_index)):
            position = index.get(story_id)
            if position is not None:
                story = site.stories[position]
                days.add(story.date)
                near.update(_nearby(site, position, touched_terms))
    # Same stories at the same places with the same tags: every related list is unchanged.
    kept = listed if not structure else None
    found.update(_story_urls(old, new, old_index, new_index, changed, near, kept))
    for kind, slug in touched_terms:
        found.update(_term_urls(old, new, kind, slug, changed, structure))
    for date in days:  # a year page shows counts and names only: they move with structure
        found.update((urls.day_url(date), urls.month_url(date.year, date.month)))
        if structure:
            found.add(urls.year_url(date.year))
    if changed:
        found.update((urls.HOME_URL, urls.FEED_URL))
    if structure:
        found.add(urls.NOT_FOUND_URL)  # it lists every month with its count
    # Previous and next links, "On this day", the archive, "page 3 of 7" (site/sequences.py).
    found.update(linked_urls(old, new, changed, structure))
    return Affected(frozenset(found), structure)


def own_page_only(old: GatheredSite, new: GatheredSite, edited: Set[str]) -> list[Story]:
    """The `edited` stories (as they are now) whose edit shows on their own page alone: their
    text, provenance or file changed, nothing a list, a neighbour or a feed shows of them.
    (A story that names a renamed entry changes where it is listed: it is not one of them.)"""
    if new.config.feed_content == "full":
        return []  # every feed shows its stories' text
    quiet = []
    for story_id in edited:
        before, after = old.story(story_id), new.story(story_id)
        if before is None or after is None:
            continue
        if _shown_elsewhere(before) == _shown_elsewhere(after):
            quiet.append(after)
    return quiet


def _shown_elsewhere(story: Story) -> Story:
    """The story without what its own page alone shows (its text, provenance and file): any
    other field, one added later included, may show on other pages."""
    return replace(story, body="", source=None, path="")


def _nearby(
    site: GatheredSite, position: int, touched_terms: set[tuple[TermKind, str]]
) -> set[str]:
    """Ids of the stories whose related list or day neighbours may show the story at `position`
    of `site`; its terms are added to `touched_terms`."""
    story = site.stories[position]
    day = site.days[story.date]
    at = day.index(position)
    near = {site.stories[i].id for i in day[max(0, at - 1) : at + 2]}
    for kind in TermKind:
        for slug in story.terms(kind):
            touched_terms.add((kind, slug))
            posting = site.terms[kind][slug].stories
            spot = posting.index(position)
            window = posting[max(0, spot - RELATED_WINDOW - 1) : spot + RELATED_WINDOW + 2]
            near.update(site.stories[i].id for i in window)
    return near


def shape(story: Story) -> tuple[object, ...]:
    """What decides which pages exist and where a story is listed."""
    return (story.date, story.slug, story.people, story.organisations, story.topics, story.places)


def _story_urls(
    old: GatheredSite,
    new: GatheredSite,
    old_index: Mapping[str, int],
    new_index: Mapping[str, int],
    changed: Set[str],
    near: Set[str],
    listed: Mapping[str, tuple[str, ...]] | None,
) -> set[str]:
    """Story pages of the changed stories, of their same-day neighbours, and of nearby stories
    whose related list changed or shows a changed story. With `listed` (when no story moved),
    the related lists are the last build's, not found again."""
    found = set()
    for story_id in near:
        position = new_index.get(story_id)
        if position is None:
            continue
        neighbours = _neighbours(new, new_index, story_id)
        if listed is not None:
            related: Set[str] | Sequence[str] = listed.get(story_id, changed)
            moved = False
        else:
            related = [new.stories[i].id for i in new.related(position)]
            before = old_index.get(story_id)
            related_before = (
                None if before is None else [old.stories[i].id for i in old.related(before)]
            )
            moved = related != related_before or _neighbours(old, old_index, story_id) != neighbours
        if (
            story_id in changed
            or moved
            or not changed.isdisjoint(related)
            or not changed.isdisjoint(neighbours)
        ):
            story = new.stories[position]
            found.add(urls.story_url(story.date, story.slug))
    return found


def _neighbours(site: GatheredSite, index: Mapping[str, int], story_id: str) -> tuple[str, ...]:
    """Ids of the stories just before and after a story on its day."""
    position = index.get(story_id)
    if position is None:
        return ()
    day = site.days[site.stories[position].date]
    at = day.index(position)
    return tuple(site.stories[i].id for i in day[max(0, at - 1) : at + 2] if i != position)


def _term_urls(
    old: GatheredSite,
    new: GatheredSite,
    kind: TermKind,
    slug: str,
    changed: Set[str],
    structure: bool,
) -> set[str]:
    """A term's landing page and feed (when they may show a change), and the numbered pages
    whose slice of stories changed."""
    before = old.terms[kind].get(slug)
    after = new.terms[kind].get(slug)
    found = set()
    if (before is None) != (after is None) or (
        before is not None and after is not None and len(before.stories) != len(after.stories)
    ):
        found.add(urls.term_index_url(kind))  # counts and names of the A-Z page
    if after is None:
        return found
    if not structure:
        return found | _edited_term_urls(new, after, changed)
    old_ids = [old.stories[i].id for i in before.stories] if before else []
    new_ids = [new.stories[i].id for i in after.stories]
    # Without structure changes only a story's own words changed: the landing page shows them
    # for its newest stories, the feed for its newest entries; its facts, timeline and
    # companions stay as they were.
    if structure or not changed.isdisjoint(new_ids[-new.per_page :]):
        found.add(urls.term_url(kind, slug))
    if structure or not changed.isdisjoint(new_ids[-new.config.feed_entries :]):
        found.add(urls.term_feed_url(kind, slug))
    size = new.per_page
    old_pages = old.page_count(before) if before else 0
    new_pages = new.page_count(after)
    for number in range(1, new_pages + 1):
        start = (number - 1) * size
        page_ids = new_ids[start : start + size]
        if (
            page_ids != old_ids[start : start + size]
            or not changed.isdisjoint(page_ids)
            # The last page common to both gains or loses its link to a newer page.
            or (old_pages != new_pages and number == min(old_pages, new_pages))
        ):
            found.add(urls.term_url(kind, slug, number))
    return found


def _edited_term_urls(site: GatheredSite, term: Term, changed: Set[str]) -> set[str]:
    """When only stories' words changed (the term's stories and pages as they were): the pages
    of `term` that show a changed story: its landing page and feed if it is among their newest,
    and the numbered page that lists it. Found by position, not by reading the term's list."""
    found = set()
    count = len(term.stories)
    for story_id in changed:
        position = site.positions.get(story_id)
        if position is None:
            continue
        spot = bisect_left(term.stories, position)
        if spot == count or term.stories[spot] != position:
            continue  # not one of the term's stories
        if spot >= count - site.per_page:
            found.add(urls.term_url(term.kind, term.slug))
        if spot >= count - site.config.feed_entries:
            found.add(urls.term_feed_url(term.kind, term.slug))
        found.add(urls.term_url(term.kind, term.slug, spot // site.per_page + 1))
    return found
