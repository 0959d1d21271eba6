"""The gathered site and its pages, saved beside the build state for the next command-line build.

Gathering (terms, days, related stories) and planning every page cost what the archive holds, not
what changed: at 100,000 stories about two seconds of a build after one edit. The preview server
keeps both in memory and, when a change moves nothing (no story added, removed, moved or retagged,
no vocabulary entry changed), only swaps the edited stories' text in (`GatheredSite.edited`). This
file lets a command-line build do the same.

The file holds the site without its stories (they are the state's, saved once, in the stories
file): story paths stand in for them and are looked up in the state when the file is read. It
belongs to one gathering, named by a token that the state saved with it records; a build that
gathers again writes a new file with a new token, so a file and a state from different builds
never go together. A build that reuses the site leaves the file as it is: only stories' words
changed, and the state's journal carries them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass, replace
from itertools import compress
from operator import or_
from typing import Any, overload

from generator.build.state import SiteState, load_cache_file, write_cache_file
from generator.config import SiteConfig
from generator.site.gather import GatheredSite
from generator.site.plan import Page
from generator.site.problems import Duplicate

SITE_FILE = "build-site.pickle"


class PageTable(Sequence[Page]):
    """Every page of a saved site, kept as columns and made into `Page` values only when asked
    for. An edit that moves nothing renders a few pages of 200,000: reading the file then makes
    those few, not 200,000 pages and their keys (about half a second at 100,000 stories).
    Iterating makes them all, once."""

    __slots__ = ("_keys", "_kinds", "_made", "_paths", "_templates", "_urls")

    def __init__(self, columns: tuple[tuple[Any, ...], ...]) -> None:
        self._urls, self._templates, self._kinds, self._keys, self._paths = columns
        self._made: list[Page] | None = None

    @classmethod
    def of(cls, pages: Sequence[Page]) -> PageTable:
        """The table of `pages`; a key is kept as its class and arguments (see
        `models.pickled_as_arguments`)."""
        keys = tuple(page.key and page.key.__reduce__() for page in pages)
        columns = (
            tuple(page.url for page in pages),
            tuple(page.template for page in pages),
            tuple(page.kind for page in pages),
            keys,
            tuple(page.path for page in pages),
        )
        return cls(columns)

    def __reduce__(self) -> tuple[type, tuple[tuple[tuple[Any, ...], ...]]]:
        columns = (self._urls, self._templates, self._kinds, self._keys, self._paths)
        return type(self), (columns,)

    def __len__(self) -> int:
        return len(self._urls)

    @overload
    def __getitem__(self, index: int) -> Page: ...

    @overload
    def __getitem__(self, index: slice) -> list[Page]: ...

    def __getitem__(self, index: int | slice) -> Page | list[Page]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        if self._made is not None:
            return self._made[index]
        key = self._keys[index]
        made_key = key[0](*key[1]) if key else None
        return Page(
            self._urls[index],
            self._templates[index],
            self._kinds[index],
            made_key,
            self._paths[index],
        )

    def __iter__(self) -> Iterator[Page]:
        if self._made is None:
            self._made = [self[i] for i in range(len(self))]
        return iter(self._made)

    def having(self, urls: Set[str], templates: Set[str]) -> list[Page]:
        """The pages, in order, whose URL is in `urls` or whose template is in `templates`;
        only those are made (the test runs in C, `map` and `compress`)."""
        found = map(
            or_, map(urls.__contains__, self._urls), map(templates.__contains__, self._templates)
        )
        return [self[i] for i in compress(range(len(self)), found)]


def pages_having(pages: Sequence[Page], urls: Set[str], templates: Set[str]) -> list[Page]:
    """The pages of `pages`, in order, whose URL is in `urls` or whose template is in
    `templates`."""
    if isinstance(pages, PageTable):
        return pages.having(urls, templates)
    return [page for page in pages if page.url in urls or page.template in templates]


@dataclass(frozen=True, slots=True)
class _SavedSite:
    """What the file holds."""

    token: str
    """Which gathering this is; the state saved with it records the same token."""
    site: GatheredSite
    """The site with no stories (and the configuration of the build that gathered it)."""
    paths: tuple[str, ...]
    """The site's stories, in order, as their files (relative to content/)."""
    pages: PageTable
    """Every page planned from it."""
    duplicates: tuple[tuple[str, str, str, str], ...]
    """Each story left out: its file, the file that kept its id or URL, what, and the value."""


def save_site(
    config: SiteConfig, site: GatheredSite, pages: Sequence[Page], duplicates: list[Duplicate]
) -> str:
    """Write the file for a freshly gathered site; its token, for the state to record."""
    token = os.urandom(16).hex()
    left_out = tuple((d.story.path, d.first.path, d.what, d.value) for d in duplicates)
    paths = tuple(story.path for story in site.stories)
    table = pages if isinstance(pages, PageTable) else PageTable.of(pages)
    saved = _SavedSite(token, replace(site, stories=()), paths, table, left_out)
    write_cache_file(config, SITE_FILE, saved)
    return token


@dataclass(frozen=True, slots=True)
class Gathered:
    """The gathered site, every page of it, and the stories left out as duplicates."""

    site: GatheredSite
    """Terms, days and related stories."""
    pages: Sequence[Page]
    """Every page and feed (a `PageTable` when read from the file)."""
    duplicates: list[Duplicate]
    """The stories left out, each with the one that kept its id or URL."""
    token: str
    """Names the saved copy of this site when it is an earlier build's; "" when gathered
    afresh."""
    earlier: bool = False
    """Whether these are the previous build's site and pages, kept or read back (only stories'
    words changed): the previous state lists these very pages' output paths."""


def load_site(config: SiteConfig, state: SiteState) -> Gathered | None:
    """The site the build that left `state` gathered, its stories taken from `state`; None when
    there is no file, or it belongs to another gathering."""
    saved = load_cache_file(config, SITE_FILE)
    if not isinstance(saved, _SavedSite) or not state.site_token or saved.token != state.site_token:
        return None
    stories = state.stories
    try:
        site = replace(
            saved.site, config=config, stories=tuple(map(stories.__getitem__, saved.paths))
        )
        duplicates = [
            Duplicate(stories[later], stories[first], what, value)
            for later, first, what, value in saved.duplicates
        ]
    except KeyError:  # a story file the state does not hold: not the same gathering after all
        return None
    return Gathered(site, saved.pages, duplicates, saved.token)
