"""`build(config) -> BuildReport`: the whole pipeline on one screen.

Read what changed, gather everything (pages link to each other), plan every page as a
descriptor, decide which pages the changes touch (all of them on a first build), render those in
worker processes into a staging folder, and swap it in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator import __version__, search, sitemap
from generator.cache import (
    SiteState,
    content_digest,
    load_state,
    read_content,
    save_state,
    unique_stories,
)
from generator.config import SiteConfig
from generator.content import PACKAGED_PLACES as PACKAGED_PLACES  # check.py reads it here
from generator.content import ContentError, read_story
from generator.hooks import make_hooks, sitemap_entries, unknown_slug_messages
from generator.incremental import Work, plan_work
from generator.models import Output
from generator.plan import Page, plan_pages
from generator.progress import Reporter, SilentReporter
from generator.render import (
    THEME_DIR,
    TemplateFailure,
    check_templates,
    create_environment,
)
from generator.renderpool import render_pages
from generator.taxonomy import GatheredSite, gather_site
from generator.write import copy_static, remove_outputs, staged_output, write_output

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


def build(
    config: SiteConfig,
    *,
    jobs: int | None = None,
    strict: bool = False,
    reporter: Reporter | None = None,
    incremental: bool = True,
    previous: Previous | None = None,
    index_search: bool = True,
) -> BuildReport:
    """Build the site of `config` into `config.output_dir`, atomically.

    With `incremental`, only the pages that changed inputs touch are rendered again, starting from
    the state the last build left in the cache folder or, for the preview server, from `previous`
    (then the output is updated in place, and any error fails the build so that the last good
    site stays). The result is byte for byte a full build's. Without `index_search` the search
    index is left for the caller to update (the preview server does it after reloading pages).
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
    state, changed = read_content(config, old)  # parse only what changed
    stories, duplicates = unique_stories(state, config.content_dir)
    clock.lap("parse")
    site = gather_site(config, stories, state.vocabularies)  # terms, dates, related, prev/next
    errors, warnings = _problems(state, duplicates, site, strict)
    if previous and errors:  # a preview keeps serving the last good site
        raise BuildError("\n".join(errors))
    for message in errors:
        reporter.problem(message, error=True)
    for message in warnings:
        reporter.problem(message, error=False)
    pages = plan_pages(site)  # every page descriptor
    old_site = previous.site if previous else _previous_site(config, old)
    work = plan_work(old, state, old_site, site, pages, changed, env)
    site = with_bodies(site, work.pages)  # cached stories have none: read those to render
    clock.lap("gather")
    hooks = make_hooks(site)
    with _output(config.output_dir, old, work, in_place=previous is not None) as stage:
        reporter.stage("Rendering pages", len(work.pages))
        try:
            timings = render_pages(site, work.pages, stage, hooks, jobs=jobs, reporter=reporter)
        except TemplateFailure as failure:
            raise BuildError(str(failure)) from None
        clock.timings.update(timings)
        clock.lap("render")
        reporter.stage("Writing sitemaps and static files")
        remove_outputs(stage, work.remove)
        sitemaps = write_sitemaps(site, pages, stage) if work.sitemaps else old.sitemaps  # type: ignore[union-attr]
        taken = {page.path for page in pages} | sitemaps
        themes = [THEME_DIR / "static", config.static_dir]
        for path in copy_static(themes, stage, taken, work.static):
            warnings.append(f"static/{path}: not copied, a generated page has the same path")
        write_output(stage, build_record(state, len(site.stories), len(pages) + len(sitemaps)))
        clock.lap("static")
        if config.search and index_search:
            try:
                search.index_site(config, stage, work.search_years)
            except search.SearchError as exc:
                raise BuildError(f"search index: {exc}") from None
            clock.lap("search")
    state = replace(state, pages=frozenset(p.path for p in pages), sitemaps=sitemaps)
    if previous is None:
        save_state(config, state)
    clock.lap("swap")
    return BuildReport(
        stories=len(site.stories),
        pages=len(pages) + len(sitemaps),
        rendered=len(work.pages),
        incremental=work.reuse,
        warnings=tuple(warnings),
        errors=tuple(errors),
        seconds=time.perf_counter() - started,
        timings=clock.timings,
        changed=tuple(sorted({p.url for p in work.pages} | work.remove)),
        search_years=work.search_years,
        previous=Previous(state, site),
    )


@contextmanager
def _output(
    output_dir: Path, old: SiteState | None, work: Work, *, in_place: bool
) -> Iterator[Path]:
    """Where to write: the live folder itself for a preview's incremental rebuild, else a staging
    folder (a hard-linked copy of the live site when incremental) swapped in at the end."""
    if in_place and work.reuse:
        output_dir.mkdir(parents=True, exist_ok=True)
        yield output_dir
        return
    with staged_output(output_dir, reuse=_ours(old) if work.reuse else None) as stage:
        yield stage


def _problems(
    state: SiteState, duplicates: list[ContentError], site: GatheredSite, strict: bool
) -> tuple[list[str], list[str]]:
    """(errors, warnings): unreadable files and duplicate ids are errors; unknown slugs warnings,
    or errors when `strict`."""
    errors = [str(e) for e in (*sorted(state.errors.values(), key=str), *duplicates)]
    errors += [str(error) for error in state.vocabulary_errors]
    unknown = unknown_slug_messages(site)
    return (errors + unknown, []) if strict else (errors, unknown)


def _ours(old: SiteState | None) -> Callable[[str], bool]:
    """Whether an output file is one the previous build wrote (anything else is left behind)."""
    assert old is not None
    static = old.static.keys()
    return lambda path: (
        path in old.pages or path in old.sitemaps or path in static or path.startswith("pagefind/")
    )


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


def write_sitemaps(site: GatheredSite, pages: Sequence[Page], stage: Path) -> frozenset[str]:
    """Write the sitemaps and robots.txt; return their output paths."""
    outputs = [
        *sitemap.render_sitemaps(site.config, sitemap_entries(site, pages)),
        sitemap.render_robots(site.config),
    ]
    for output in outputs:
        write_output(stage, output)
    return frozenset(output.path for output in outputs)


class _Clock:
    """Wall-clock laps between the stages of a build."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now
