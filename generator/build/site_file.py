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
from dataclasses import dataclass, replace

from generator.build.state import SiteState, load_cache_file, write_cache_file
from generator.config import SiteConfig
from generator.site.gather import GatheredSite
from generator.site.plan import Page
from generator.site.problems import Duplicate

SITE_FILE = "build-site.pickle"


@dataclass(frozen=True, slots=True)
class _SavedSite:
    """What the file holds."""

    token: str
    """Which gathering this is; the state saved with it records the same token."""
    site: GatheredSite
    """The site with no stories (and the configuration of the build that gathered it)."""
    paths: tuple[str, ...]
    """The site's stories, in order, as their files (relative to content/)."""
    pages: list[Page]
    """Every page planned from it."""
    duplicates: tuple[tuple[str, str, str, str], ...]
    """Each story left out: its file, the file that kept its id or URL, what, and the value."""


def save_site(
    config: SiteConfig, site: GatheredSite, pages: list[Page], duplicates: list[Duplicate]
) -> str:
    """Write the file for a freshly gathered site; its token, for the state to record."""
    token = os.urandom(16).hex()
    left_out = tuple((d.story.path, d.first.path, d.what, d.value) for d in duplicates)
    paths = tuple(story.path for story in site.stories)
    saved = _SavedSite(token, replace(site, stories=()), paths, pages, left_out)
    write_cache_file(config, SITE_FILE, saved)
    return token


@dataclass(frozen=True, slots=True)
class Gathered:
    """The gathered site, every page of it, and the stories left out as duplicates."""

    site: GatheredSite
    """Terms, days and related stories."""
    pages: list[Page]
    """Every page and feed."""
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
        site = replace(saved.site, config=config, stories=tuple(stories[p] for p in saved.paths))
        duplicates = [
            Duplicate(stories[later], stories[first], what, value)
            for later, first, what, value in saved.duplicates
        ]
    except KeyError:  # a story file the state does not hold: not the same gathering after all
        return None
    return Gathered(site, saved.pages, duplicates, saved.token)
