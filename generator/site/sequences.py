"""What comes before and after: the links that let a reader move through time, and the pages a
change moves them on.

Stories follow each other in date order (`GatheredSite.stories`, oldest first, across days);
days, months and years follow each other among those that hold stories; the "On this day" pages
(one per calendar day that holds stories, whatever the year) follow each other in calendar order.
A page links to its neighbours, so a change that adds, removes or moves a story can change the
links of pages it never touches: `linked_urls` names them, for `build/changes.py`, so that an
incremental build still equals a full one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence, Set
from typing import TypeVar

from generator import urls
from generator.models import TermKind
from generator.site.gather import GatheredSite

K = TypeVar("K", bound=Hashable)

CalendarDay = tuple[int, int]
"""(month, day) of a calendar day, whatever the year."""


def story_neighbours(site: GatheredSite, index: int) -> tuple[int | None, int | None]:
    """The stories just before and after story `index` in date order (across days)."""
    before = index - 1 if index > 0 else None
    after = index + 1 if index + 1 < len(site.stories) else None
    return before, after


def neighbours(keys: Sequence[K]) -> dict[K, tuple[K | None, K | None]]:
    """Each of the sorted `keys` -> the key before it and the key after it (None at the ends)."""
    return {
        key: (keys[at - 1] if at > 0 else None, keys[at + 1] if at + 1 < len(keys) else None)
        for at, key in enumerate(keys)
    }


def around(keys: Sequence[K], key: K) -> tuple[K | None, K | None]:
    """The key before `key` and the key after it among the sorted `keys` (None at the ends): one
    page's neighbours, without a map of every key's (`neighbours`)."""
    at = keys.index(key)
    return (keys[at - 1] if at > 0 else None, keys[at + 1] if at + 1 < len(keys) else None)


def months(site: GatheredSite) -> list[tuple[int, int]]:
    """(year, month) of every month that holds stories, oldest first."""
    return list(dict.fromkeys((day.year, day.month) for day in site.days))


def years(site: GatheredSite) -> list[int]:
    """Every year that holds stories, oldest first."""
    return list(dict.fromkeys(day.year for day in site.days))


def calendar_days(site: GatheredSite) -> dict[CalendarDay, list[dt.date]]:
    """(month, day) -> the dates with stories on that calendar day, oldest first; in calendar
    order (January 1 first)."""
    found: dict[CalendarDay, list[dt.date]] = {}
    for day in site.days:
        found.setdefault((day.month, day.day), []).append(day)
    return {key: found[key] for key in sorted(found)}


def _moved(
    old: Mapping[K, tuple[K | None, K | None]], new: Mapping[K, tuple[K | None, K | None]]
) -> list[K]:
    """Keys of `new` whose neighbours differ from what they were in `old` (or that are new)."""
    return [key for key, pair in new.items() if old.get(key) != pair]


def linked_urls(
    old: GatheredSite, new: GatheredSite, changed: Set[str], structure: bool
) -> set[str]:
    """Pages of `new` that may show another neighbour, a neighbour's new words, or a new total
    after stories `changed`:

    - the stories just before and after each changed story, before and after the change (their
      previous and next links name it);
    - the "On this day" pages of the changed stories' calendar days (they list those stories);
    - when stories were added, removed or moved (`structure`): the archive page, the days,
      months, years and "On this day" pages whose neighbours changed, and every numbered page of
      a term whose number of pages changed ("page 3 of 7").
    """
    found: set[str] = set()
    touched: set[tuple[TermKind, str]] = set()
    wanted: set[str] = set()  # ids of the stories whose page shows a changed neighbour
    for site in (old, new):
        for position in (site.positions[i] for i in changed if i in site.positions):
            story = site.stories[position]
            found.add(urls.on_this_day_url(story.date.month, story.date.day))
            touched.update((kind, slug) for kind in TermKind for slug in story.terms(kind))
            for other in story_neighbours(site, position):
                if other is not None:
                    wanted.add(site.stories[other].id)
    shown = filter(None, map(new.story, wanted))
    found.update(urls.story_url(story.date, story.slug) for story in shown)
    if not structure:
        return found
    found.add(urls.ARCHIVE_URL)
    found.update(
        urls.day_url(day) for day in _moved(neighbours(list(old.days)), neighbours(list(new.days)))
    )
    found.update(
        urls.month_url(*month) for month in _moved(neighbours(months(old)), neighbours(months(new)))
    )
    found.update(
        urls.year_url(year) for year in _moved(neighbours(years(old)), neighbours(years(new)))
    )
    found.update(
        urls.on_this_day_url(*key)
        for key in _moved(
            neighbours(list(calendar_days(old))), neighbours(list(calendar_days(new)))
        )
    )
    for kind, slug in touched:
        before, after = old.terms[kind].get(slug), new.terms[kind].get(slug)
        if after is None or not after.published:
            continue
        count = new.page_count(after)
        if before is None or old.page_count(before) != count:
            found.update(urls.term_url(kind, slug, number) for number in range(1, count + 1))
    return found
