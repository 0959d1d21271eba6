"""`build(config) -> BuildReport`: the whole pipeline on one screen.

Read what changed, gather everything (pages link to each other), plan every page as a
descriptor, decide which pages the changes touch (all of them on a first build), render those in
worker processes into a staging folder, and swap it in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import __version__
from generator.build import search
from generator.pages import sitemap
from generator.build.state import (
    SiteState,
    content_digest,
    load_state,
    read_content,
    save_state,
    unique_stories,
)
from generator.config import SiteConfig
from generator.content import ContentError, read_story
from generator.pages.embeds import make_hooks, sitemap_entries, unknown_slug_messages
from generator.build.changes import Work, plan_work, shape
from generator.models import Output
from generator.site.plan import Page, plan_pages
from generator.build.printer import Reporter, SilentReporter
from generator.pages.render import (
    THEME_DIR,
    TemplateFailure,
    check_templates,
    create_environment,
)
from generator.build.rendering import render_pages
from generator.site.gather import GatheredSite, gather_site
from generator.build.output import copy_static, staged_changes, staged_output, write_output

BUILD_RECORD = "build.json"
"""Output file that says what a build was made from."""


class BuildError(Exception):
    """The build could not finish (a template error, a busy output folder); the old site stays."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    stories: int
    """Stories built."""
    pages: int
    """Files of the site: pages, feeds, sitemaps (static files not counted)."""
    rendered: int
    """Pages and feeds rendered by this build (all of them, unless it was incremental)."""
    warnings: tuple[str, ...]
    """Problems that did not fail the build."""
    errors: tuple[str, ...]
    """Problems that fail the build (exit code 1); the site was still written without them."""
    seconds: float
    """Wall-clock time of the whole build."""
    incremental: bool = False
    """Whether the build started from the previous build's output and rendered only changes."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage (wall clock) and per activity inside rendering (CPU, all workers)."""
    changed: tuple[str, ...] = ()
    """Site URLs (and output paths of removed files) this build rendered or removed."""
    search_years: frozenset[int] | None = None
    """Years whose story pages changed (None: all), for a search index kept up to date apart."""
    previous: Previous | None = field(default=None, repr=False, compare=False)
    """What the next build of a preview starts from."""

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors

    def summary(self) -> str:
        """The one line a build ends with."""
        redone = f" ({self.rendered} re-rendered)" if self.incremental else ""
        return (
            f"{self.stories} stories, {self.pages} pages{redone}, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors in {self.seconds:.2f} s"
        )


@dataclass(frozen=True, slots=True)
class Previous:
    """A build's inputs and gathered site, kept in memory by the preview server for the next."""

    state: SiteState
    """What the build read and wrote."""
    site: GatheredSite
    """What it gathered from it."""
    pages: list[Page]
    """Every page it planned."""


def build(
    config: SiteConfig,
    *,
    jobs: int | None = None,
    strict: bool = False,
    reporter: Reporter | None = None,
    incremental: bool = True,
    previous: Previous | None = None,
    index_search: bool = True,
    hint: Set[Path] | None = None,
) -> BuildReport:
    """Build the site of `config` into `config.output_dir`, atomically.

    With `incremental`, only the pages that changed inputs touch are rendered again, starting from
    the state the last build left in the cache folder or, for the preview server, from `previous`
    (then any error fails the build, so that the last good site stays). The result is byte for
    byte a full build's. Without `index_search` the search index is left for the caller to
    update (the preview server does it after reloading pages).
    A bad story file becomes an error and the other stories still build; a slug missing from its
    vocabulary is a warning (an error when `strict`). Raises `BuildError` when no site can be made.
    """
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    clock = _Clock()
    env = create_environment(config)
    try:
        check_templates(env)
    except TemplateFailure as failure:
        raise BuildError(str(failure)) from None
    reporter.stage("Reading stories")
    old = (previous.state if previous else load_state(config)) if incremental else None
    state, changed = read_content(config, old, hint if previous else None)  # what changed
    stories, duplicates = unique_stories(state, config.content_dir)
    clock.lap("parse")
    if previous and old and _nothing_moved(old, state, changed):  # the same pages, new words
        site = previous.site.edited({s.id: s for s in stories if s.id in changed})
        pages = previous.pages
    else:
        site = gather_site(config, stories, state.vocabularies)  # terms, dates, related
        pages = plan_pages(site)  # every page descriptor
    errors, warnings = _problems(state, duplicates, site, strict)
    if previous and errors:  # a preview keeps serving the last good site
        raise BuildError("\n".join(errors))
    for message in errors:
        reporter.problem(message, error=True)
    for message in warnings:
        reporter.problem(message, error=False)
    old_site = previous.site if previous else _previous_site(config, old)
    work = plan_work(old, state, old_site, site, pages, changed, env)
    site = with_bodies(site, work.pages)  # cached stories have none: read those to render
    clock.lap("gather")
    hooks = make_hooks(site)
    out = config.output_dir
    unchanged = old is not None and content_digest(state) == content_digest(old)
    if work.reuse and work.is_empty and unchanged:
        # Nothing to write, not even build.json.
        state = replace(state, related=old.related)  # type: ignore[union-attr]
        state = _keep(config, previous, state, pages, old.sitemaps)  # type: ignore[union-attr]
        return _report(site, pages, state, work, warnings, errors, started, clock)
    maps = sitemap_outputs(site, pages) if work.sitemaps else []
    sitemaps = frozenset(m.path for m in maps) if work.sitemaps else old.sitemaps  # type: ignore[union-attr]
    stale = work.remove | (old.sitemaps - sitemaps if old else frozenset())
    # A first build writes a whole site beside the old one and swaps; a later one writes only
    # the changed files aside, then moves them in.
    output = staged_changes(out, stale) if work.reuse else staged_output(out)
    with output as stage:
        reporter.stage("Rendering pages", len(work.pages))
        try:
            timings, related = render_pages(
                site, work.pages, stage, hooks, jobs=jobs, reporter=reporter
            )
        except TemplateFailure as failure:
            raise BuildError(str(failure)) from None
        clock.timings.update(timings)
        clock.lap("render")
        reporter.stage("Writing sitemaps and static files")
        for output_file in maps:
            write_output(stage, output_file)
        taken = {page.path for page in pages} | sitemaps
        themes = [THEME_DIR / "static", config.static_dir]
        for path in copy_static(themes, stage, taken, work.static):
            warnings.append(f"static/{path}: not copied, a generated page has the same path")
        write_output(stage, build_record(state, len(site.stories), len(pages) + len(sitemaps)))
        clock.lap("static")
        if not work.reuse:  # the whole site is here: index it before it goes live
            _index(config, stage, None, index_search)
    if work.reuse:  # only the changed years, once their pages are in place
        _index(config, out, work.search_years, index_search)
    clock.lap("search")
    ids = {story.id for story in site.stories}
    listed = {k: v for k, v in (old.related if old else {}).items() if k in ids} | related
    state = _keep(config, previous, replace(state, related=listed), pages, sitemaps)
    clock.lap("save")
    return _report(site, pages, state, work, warnings, errors, started, clock)


def _index(config: SiteConfig, folder: Path, years: frozenset[int] | None, wanted: bool) -> None:
    if not (config.search and wanted) or years == frozenset():
        return
    try:
        search.index_site(config, folder, years)
    except search.SearchError as exc:
        raise BuildError(f"search index: {exc}") from None


def _keep(
    config: SiteConfig,
    previous: Previous | None,
    state: SiteState,
    pages: Sequence[Page],
    sitemaps: frozenset[str],
) -> SiteState:
    """The state for the next build, with what this one wrote; saved to disk unless a preview
    keeps it in memory."""
    state = replace(state, pages=frozenset(page.path for page in pages), sitemaps=sitemaps)
    if previous is None:
        save_state(config, state)
    return state


def _report(
    site: GatheredSite,
    pages: list[Page],
    state: SiteState,
    work: Work,
    warnings: list[str],
    errors: list[str],
    started: float,
    clock: _Clock,
) -> BuildReport:
    return BuildReport(
        stories=len(site.stories),
        pages=len(state.pages) + len(state.sitemaps),
        rendered=len(work.pages),
        incremental=work.reuse,
        warnings=tuple(warnings),
        errors=tuple(errors),
        seconds=time.perf_counter() - started,
        timings=clock.timings,
        changed=tuple(sorted({p.url for p in work.pages} | work.remove)),
        search_years=work.search_years,
        previous=Previous(state, site, pages),
    )


def _problems(
    state: SiteState, duplicates: list[ContentError], site: GatheredSite, strict: bool
) -> tuple[list[str], list[str]]:
    """(errors, warnings): unreadable files and duplicate ids are errors; unknown slugs warnings,
    or errors when `strict`."""
    errors = [str(e) for e in (*sorted(state.errors.values(), key=str), *duplicates)]
    errors += [str(error) for error in state.vocabulary_errors]
    unknown = unknown_slug_messages(site)
    return (errors + unknown, []) if strict else (errors, unknown)


def _nothing_moved(old: SiteState, new: SiteState, changed: Set[str]) -> bool:
    """Whether only stories' words changed: no story added, removed, moved, renamed or retagged,
    no vocabulary entry changed (then the gathered site's structure stands)."""
    if old.files.keys() != new.files.keys() or old.errors.keys() != new.errors.keys():
        return False
    if old.vocabularies != new.vocabularies:
        return False
    for path, story in new.stories.items():
        if story.id in changed:
            before = old.stories.get(path)
            if before is None or before.id != story.id or shape(before) != shape(story):
                return False
    return True


def _previous_site(config: SiteConfig, old: SiteState | None) -> GatheredSite | None:
    """The site as the previous build saw it (stories without bodies), to compare with."""
    if old is None:
        return None
    stories, _ = unique_stories(old, config.content_dir)
    return gather_site(config, stories, old.vocabularies)


def with_bodies(site: GatheredSite, pages: Sequence[Page]) -> GatheredSite:
    """The site with the bodies of the stories whose pages will be rendered read from disk."""
    wanted = {page.key for page in pages if page.kind == "story"}
    missing = [i for i, story in enumerate(site.stories) if story.id in wanted and not story.body]
    if not missing:
        return site
    stories = list(site.stories)
    for index in missing:
        stories[index] = read_story(
            site.config.content_dir / stories[index].path, site.config.content_dir
        )
    return replace(site, stories=tuple(stories))


def build_record(state: SiteState, stories: int, pages: int) -> Output:
    """`build.json`: what a deployment serves, so it can tell one build from another (no time:
    the same content always gives the same file)."""
    record = {
        "morgue": __version__,
        "stories": stories,
        "pages": pages,
        "content": content_digest(state),
    }
    return Output(BUILD_RECORD, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())


def sitemap_outputs(site: GatheredSite, pages: Sequence[Page]) -> list[Output]:
    """The sitemaps (one, or an index and its parts) and robots.txt."""
    entries = sitemap_entries(site, pages)
    return [*sitemap.render_sitemaps(site.config, entries), sitemap.render_robots(site.config)]


class _Clock:
    """Wall-clock laps between the stages of a build."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now
