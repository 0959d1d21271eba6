"""Where a build starts, and the work that follows: the one room of incremental building.

A build starts from nothing (a full build), from the state the last build left on disk (see
`state.py`), or from the previous build a preview keeps in memory; that choice is made once, in
`start_from`, and the pipeline never asks again. Comparing where it starts with the content now
(`changes.py` knows which pages a change touches) gives the `Work`: the pages to render, the files
to remove, the sitemaps, static files and search years to write again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, replace
from pathlib import Path

from jinja2 import Environment, meta

from generator import urls
from generator.build.changes import (
    affected_urls,
    changed_vocabulary_terms,
    own_page_only,
    published_changes,
    shape,
    stories_naming,
)
from generator.build.site_file import Gathered, load_site, pages_having
from generator.build.state import Scan, SiteState, load_state, save_state
from generator.config import SiteConfig
from generator.content import read_story
from generator.models import Story
from generator.pages.feeds import feed_story_indices
from generator.pages.search_record import record_url
from generator.site.gather import GatheredSite, gather_site
from generator.site.plan import Page, StoryKey, TermKey, plan_pages
from generator.site.problems import Duplicate, unique_stories


@dataclass(frozen=True, slots=True)
class Previous:
    """A build's inputs and gathered site, kept in memory by the preview server for the next."""

    state: SiteState
    """What the build read and wrote."""
    site: GatheredSite
    """What it gathered from it."""
    pages: Sequence[Page]
    """Every page it planned."""
    duplicates: list[Duplicate]
    """The stories it left out, each with the one that kept its id or URL."""


@dataclass(frozen=True, slots=True)
class Start:
    """What a build starts from; the only difference between a full, an incremental and a
    preview build."""

    state: SiteState | None
    """The previous build's inputs and outputs; None for a full build."""
    kept: Previous | None
    """The previous build as a preview keeps it in memory; None outside a preview."""
    hint: frozenset[Path] | None
    """The files a preview's watcher saw change: no other story file needs a look."""

    @property
    def in_memory(self) -> bool:
        """Whether this is a preview's build: its state stays in memory, not on disk, and any
        error fails it, so that the last good site stays served."""
        return self.kept is not None


def start_from(
    scan: Scan, *, incremental: bool, previous: Previous | None, hint: Set[Path] | None
) -> Start:
    """Where a build of `scan`'s site starts: from `previous` (a preview), else from the state
    on disk when `incremental`, else from nothing."""
    if previous is not None:
        seen = frozenset(hint) if hint is not None else None
        return Start(previous.state if incremental else None, previous, seen)
    return Start(load_state(scan.config, scan.inputs) if incremental else None, None, None)


def site_and_pages(
    config: SiteConfig,
    start: Start,
    state: SiteState,
    changed: Set[str],
    touched: Set[str] | None,
) -> Gathered:
    """The gathered site and every page of it: when no story moved, the previous build's (a
    preview keeps them in memory, a command-line build reads them from the cache folder) with the
    new words; else gathered and planned afresh (terms, dates, related stories). `touched`: the
    story files read again or gone (None: all of them), the only ones that can hold a change."""
    old = start.state
    if (
        old is not None
        and old.settings == state.settings
        and _nothing_moved(old, state, changed, touched)
    ):
        kept = start.kept or load_site(config, old)
        if kept is not None:
            # The same files, ids and URLs: the same stories kept and left out as before.
            left_out = {duplicate.story.path for duplicate in kept.duplicates}
            edited = {
                story.id: story
                for path, story in _stories_of(state, touched)
                if story.id in changed and path not in left_out
            }
            site = kept.site.edited(edited)
            return Gathered(site, kept.pages, kept.duplicates, old.site_token, earlier=True)
    stories, duplicates = unique_stories(state.stories.values())
    site = gather_site(config, stories, state.vocabularies)
    return Gathered(site, plan_pages(site), duplicates, "")


def _stories_of(state: SiteState, touched: Set[str] | None) -> Iterable[tuple[str, Story]]:
    """(file, story) of `state` for the story files `touched`, or for every one when None: a
    file nobody touched holds the very story the last build read."""
    if touched is None:
        return state.stories.items()
    return ((path, state.stories[path]) for path in touched if path in state.stories)


def _nothing_moved(
    old: SiteState, new: SiteState, changed: Set[str], touched: Set[str] | None
) -> bool:
    """Whether only stories' words changed: no story added, removed, moved, renamed or retagged,
    no vocabulary entry changed (then the gathered site's structure stands)."""
    if old.files.keys() != new.files.keys() or old.errors.keys() != new.errors.keys():
        return False
    if old.vocabularies != new.vocabularies:
        return False
    for path, story in _stories_of(new, touched):
        if story.id in changed:
            before = old.stories.get(path)
            if before is None or before.id != story.id or shape(before) != shape(story):
                return False
    return True


def _previous_site(
    old: SiteState,
    new: SiteState,
    site: GatheredSite,
    changed: Set[str],
    touched: Set[str] | None,
) -> GatheredSite:
    """The site as the previous build saw it (stories without bodies), to compare with: when only
    stories' words changed, `site` with their previous versions (nothing to gather again)."""
    if _nothing_moved(old, new, changed, touched):
        kept = [site.story(story_id) for story_id in changed]  # by id: no pass over the site
        paths = [story.path for story in kept if story is not None]
        return site.edited({old.stories[path].id: old.stories[path] for path in paths})
    stories, _ = unique_stories(old.stories.values())
    return gather_site(site.config, stories, old.vocabularies)


def with_bodies(site: GatheredSite, pages: Sequence[Page]) -> GatheredSite:
    """The site with the bodies of the stories whose pages will be rendered read from disk (the
    state on disk keeps stories without them) and, for feeds with full content, of the stories
    the rendered feeds list: rendering then reads no story file (a cluster's worker has none)."""
    wanted = {page.key.story_id for page in pages if isinstance(page.key, StoryKey)}
    if site.config.feed_content == "full":
        for page in pages:
            if page.kind in ("feed", "json_feed"):
                term = page.key if isinstance(page.key, TermKey) else None
                wanted.update(site.stories[i].id for i in feed_story_indices(site, term))
    found = (site.positions[story_id] for story_id in wanted if story_id in site.positions)
    missing = sorted(i for i in found if not site.stories[i].body)
    if not missing:
        return site
    stories = list(site.stories)
    for index in missing:
        stories[index] = read_story(
            site.config.content_dir / stories[index].path, site.config.content_dir
        )
    return replace(site, stories=tuple(stories))


def keep_state(
    config: SiteConfig,
    start: Start,
    state: SiteState,
    paths: frozenset[str],
    sitemaps: frozenset[str],
) -> SiteState:
    """The state for the next build, with what this one wrote (`paths`: every page's output
    path); saved to disk unless a preview keeps it in memory."""
    built = state.built and replace(state.built, pages=len(paths) + len(sitemaps))
    state = replace(state, pages=paths, sitemaps=sitemaps, built=built)
    if not start.in_memory:
        save_state(config, state)
    return state


@dataclass(frozen=True, slots=True)
class SearchChange:
    """What changed for search: the records to write again, the index entries that no longer
    hold."""

    stale: frozenset[str]
    """Record URLs of the stories added, removed or changed, before and after: the search index
    entries they had no longer hold, and the records now at those URLs are written anew."""


def search_change(old: GatheredSite, new: GatheredSite, changed: Set[str]) -> SearchChange:
    """The search records that `changed` stories touch, in the site before and after."""
    stale = {
        record_url(site.config.base_path, story)
        for site in (old, new)
        for story in filter(None, map(site.story, changed))
    }
    return SearchChange(frozenset(stale))


@dataclass(frozen=True, slots=True)
class Work:
    """What a build has to do, given what the previous build left."""

    pages: list[Page]
    """Pages and feeds to render."""
    remove: frozenset[str]
    """Output files that no longer belong to the site."""
    sitemaps: bool
    """Whether to write the sitemaps (and robots.txt) again."""
    static: frozenset[str] | None
    """Static files to copy again, None for all of them."""
    search: SearchChange | None
    """The stories whose search record changed; None for all of them."""
    reuse: bool
    """Whether the build starts from the previous output (True) or from nothing."""
    paths: frozenset[str]
    """The output path of every page of the site, rendered or not (found once: 200,000 pages at
    100,000 stories)."""

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing at all to write."""
        return not (
            self.search is None
            or self.pages
            or self.remove
            or self.sitemaps
            or self.static
            or self.search.stale
        )


def full_work(pages: Sequence[Page]) -> Work:
    """A build from nothing: every page, every file, every search record."""
    paths = frozenset(page.path for page in pages)
    return Work(list(pages), frozenset(), True, None, None, reuse=False, paths=paths)


def plan_work(
    start: Start,
    new: SiteState,
    site: GatheredSite,
    pages: Sequence[Page],
    changed: Set[str],
    touched: Set[str] | None,
    env: Environment,
    *,
    earlier: bool = False,
) -> Work:
    """Compare the previous build's state with the new one; name only what must be redone.
    `earlier`: `pages` are the previous build's own, unchanged (`Gathered.earlier`)."""
    old = start.state
    if old is None or old.settings != new.settings:
        return full_work(pages)
    old_site = start.kept.site if start.kept else _previous_site(old, new, site, changed, touched)
    # An edit of a story's text alone shows on its own page alone.
    quiet = own_page_only(old_site, site, changed)
    listed = set(changed) - {story.id for story in quiet}
    # A renamed entry, or a person or organisation that gained or lost its pages, changes every
    # page that names it: its stories count as changed, and the pages that list them follow.
    renamed = changed_vocabulary_terms(old.vocabularies, new.vocabularies)
    renamed |= published_changes(old_site, site)
    listed |= stories_naming(old_site, renamed) | stories_naming(site, renamed)
    affected = affected_urls(old_site, site, listed, old.related, renamed=bool(renamed))
    wanted = set(affected.urls) | {urls.term_index_url(kind) for kind, _ in renamed}
    wanted |= {urls.story_url(story.date, story.slug) for story in quiet}
    # A JSON Feed holds what its Atom feed holds: it is rendered again exactly when that is.
    wanted |= {urls.json_feed_of(url) for url in wanted if url.endswith("/feed.xml")}
    templates = {
        name
        for name in old.templates.keys() | new.templates.keys()
        if old.templates.get(name) != new.templates.get(name)
    }
    stale_templates = (
        {t for t, needs in template_needs(env, pages).items() if needs & templates}
        if templates
        else set()  # a content edit: no template to read
    )
    if earlier:  # their paths are in the previous state already (200,000 at 100,000 stories)
        paths = old.pages
        render = pages_having(pages, wanted, stale_templates)
    else:
        paths = frozenset(page.path for page in pages)
        render = [
            page
            for page in pages
            if page.url in wanted or page.template in stale_templates or page.path not in old.pages
        ]
    static = frozenset(p for p, sig in new.static.items() if old.static.get(p) != sig)
    gone_static = (old.static.keys() - new.static.keys()) - paths
    structure = affected.structure or paths != old.pages
    return Work(
        pages=render,
        remove=frozenset((old.pages - paths) | gone_static),
        sitemaps=structure,
        static=static,
        search=search_change(old_site, site, listed | set(changed)),
        reuse=True,
        paths=paths,
    )


def template_needs(env: Environment, pages: Iterable[Page]) -> dict[str, set[str]]:
    """Page template -> every template it extends, includes or imports, itself included."""
    cache: dict[str, set[str]] = {}

    def needs(name: str) -> set[str]:
        if name not in cache:
            cache[name] = {name}
            assert env.loader is not None
            source = env.loader.get_source(env, name)[0]
            for used in meta.find_referenced_templates(env.parse(source)):
                # A template chosen at run time could be any of them.
                cache[name] |= needs(used) if used else set(env.list_templates())
        return cache[name]

    return {page.template: needs(page.template) for page in pages if page.template}
