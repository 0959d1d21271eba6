"""The build state's large parts as a base and a journal, as the search index is saved.

At 100,000 stories the state holds, besides the stories, three large tables: the story files'
digests, the related stories of each story, and the output path of every page (28 MB in all;
the signatures have a file of their own, `state.Inputs`). Writing them whole after each edit was
about half a second of its build. So the base (the stories file, `state.STORIES_FILE`) holds
the stories and these tables as of its last compaction, and the state file a `Journal`: only the
entries that differ from the base. A build after one edit writes a few entries (a 200 KB state
file instead of 28 MB); past `journal_limit` changes, the base is written anew.

Nothing here reads or writes a file: `state.py` does, with these values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress
from operator import is_not, ne
from typing import Any

from generator.models import Story

TABLES = ("digests", "related")
"""The state's mappings (path or id -> value) kept in the base and journalled entry by entry."""


def journal_limit(stories: int) -> int:
    """How many changed entries the journal holds before the base is written whole again."""
    return max(500, stories // 20)


@dataclass(frozen=True, slots=True)
class Base:
    """The stories file on disk: which one it is, and what was read from it."""

    token: str
    """Written into the file and into every state saved on it: a state never reads another
    base's entries."""
    stories: dict[str, Story]
    """Story file -> the story as the base holds it; a story that is still this very object
    is saved by reference to the base, any other one in the journal."""
    tables: dict[str, dict[str, Any]]
    """Each of `TABLES` as the base holds it."""
    pages: frozenset[str]
    """The output path of every page, as the base holds them."""


@dataclass(frozen=True, slots=True)
class Journal:
    """What differs from the base."""

    stories: dict[str, Story | None]
    """Story file -> the story now (None: removed)."""
    tables: dict[str, tuple[dict[str, Any], tuple[str, ...]]]
    """Each of `TABLES` -> (entries added or changed, keys removed)."""
    added_pages: frozenset[str]
    """Output paths the base lacks."""
    removed_pages: frozenset[str]
    """Output paths of the base that are gone."""

    def size(self) -> int:
        """How many entries it holds."""
        changes = sum(len(changed) + len(removed) for changed, removed in self.tables.values())
        return len(self.stories) + changes + len(self.added_pages) + len(self.removed_pages)


EMPTY = Journal({}, {name: ({}, ()) for name in TABLES}, frozenset(), frozenset())
"""The journal of a state just written whole as the base."""


def journal_of(
    base: Base,
    stories: Mapping[str, Story],
    tables: Mapping[str, Mapping[str, Any]],
    pages: frozenset[str],
) -> Journal:
    """What `stories`, `tables` and `pages` change in `base`. A story is compared by identity
    (one that was not read again is the very object the base holds), table entries by value
    (a directory walk makes every signature anew). Each comparison runs in C (`map`,
    `compress`): a loop of Python over 100,000 entries a table took most of a second."""
    changed_stories: dict[str, Story | None] = dict.fromkeys(sorted(base.stories - stories.keys()))
    differ = map(is_not, map(base.stories.get, stories.keys()), stories.values())
    changed_stories.update((path, stories[path]) for path in compress(stories.keys(), differ))
    changes: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {}
    for name in TABLES:
        now, was = tables[name], base.tables[name]
        differ = map(ne, map(was.get, now.keys()), now.values())
        changed = {key: now[key] for key in compress(now.keys(), differ)}
        changes[name] = (changed, tuple(sorted(was.keys() - now.keys())))
    return Journal(changed_stories, changes, pages - base.pages, base.pages - pages)


def replay(
    base: Base, journal: Journal
) -> tuple[dict[str, Story], dict[str, dict[str, Any]], frozenset[str]]:
    """The stories, tables and pages of `base` with `journal` applied."""
    stories = dict(base.stories)
    for path, story in journal.stories.items():
        if story is None:
            stories.pop(path, None)
        else:
            stories[path] = story
    tables: dict[str, dict[str, Any]] = {}
    for name in TABLES:
        table = dict(base.tables[name])
        changed, removed = journal.tables[name]
        table.update(changed)
        for key in removed:
            table.pop(key, None)
        tables[name] = table
    pages = (base.pages - journal.removed_pages) | journal.added_pages
    return stories, tables, pages
