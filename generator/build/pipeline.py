"""`build(config) -> BuildReport`: the whole pipeline on one screen.

Decide where the build starts (see `work.py`), read what changed, gather everything (pages link
to each other), plan every page as a descriptor, decide which pages the changes touch (all of
them on a first build), render those in worker processes into a staging folder, and swap it in.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import Environment

from generator.build import search
from generator.build.cluster import ClusterError
from generator.build.printer import Reporter, SilentReporter
from generator.build.publish import Clock, write_site
from generator.build.site_file import save_site
from generator.build.state import (
    Built,
    Scan,
    SiteState,
    content_digest,
    read_content,
    unchanged,
)
from generator.build.work import (
    Previous,
    Start,
    Work,
    keep_state,
    plan_work,
    site_and_pages,
    start_from,
    with_bodies,
)
from generator.config import SiteConfig
from generator.models import Problem
from generator.pages.render import TemplateFailure, check_templates, create_environment
from generator.site.problems import duplicate_problems, unknown_slug_problems


class BuildError(Exception):
    """The build could not finish (a template error, a busy output folder); the old site stays."""

    def __init__(self, problems: Sequence[Problem], root: Path | None = None) -> None:
        super().__init__("\n".join(problem.located(root) for problem in problems))
        self.problems = tuple(problems)
        """Why, one problem a line; site-relative files lie under `root`."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    stories: int
    """Stories built."""
    pages: int
    """Files of the site: pages, feeds, sitemaps (static files not counted)."""
    rendered: int
    """Pages and feeds rendered by this build (all of them, unless it was incremental)."""
    warnings: tuple[Problem, ...]
    """Problems that did not fail the build."""
    errors: tuple[Problem, ...]
    """Problems that fail the build (exit code 1); the site was still written without them."""
    seconds: float
    """Wall-clock time of the whole build."""
    incremental: bool = False
    """Whether the build started from the previous build's output and rendered only changes."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage (wall clock) and per activity inside rendering (CPU, all workers)."""
    changed: tuple[str, ...] = ()
    """Site URLs (and output paths of removed files) this build rendered or removed."""
    search_update: search.SearchUpdate | None = None
    """What the search index still needs (a build told not to index leaves it to its caller)."""
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
    the state the last build left in the cache folder beside the output or, for the preview
    server, from `previous` (then any error fails the build, so that the last good site stays).
    The result is byte for byte a full build's. Without `index_search` the search index is left
    for the caller to update (the preview server does it after reloading pages).
    A bad story file becomes an error and the other stories still build; a slug missing from its
    vocabulary is a warning (an error when `strict`). Raises `BuildError` when no site can be made.
    """
    reporter = reporter or SilentReporter()
    clock = Clock()
    scan = Scan(config)  # each input looked at once, whichever way the build goes
    if incremental and previous is None:
        built = unchanged(scan)  # no story read: the site on disk is this build's already
        if built is not None:
            return _unchanged_report(built, strict, reporter, clock)
    env = _templates(config)  # every template compiles, or nothing is touched
    try:
        start = start_from(config, incremental=incremental, previous=previous, hint=hint)
        reporter.stage("Reading stories")
        state, changed = read_content(scan, start.state, start.hint)  # only what changed
        clock.lap("parse")
        gathered = site_and_pages(config, start, state, changed)
        site, pages, duplicates = gathered.site, gathered.pages, gathered.duplicates
        token = gathered.token
        if not (token or start.in_memory):  # for the next build to reuse, if nothing moves
            token = save_site(config, site, pages, duplicates)
        state = replace(state, site_token=token)
        # The stories, the gathered site and the pages (millions of objects at 100,000 stories) live
        # as long as the build: the cyclic collector would scan them again and again for nothing.
        gc.freeze()
        errors = _errors(state, duplicate_problems(duplicates))
        unknown = unknown_slug_problems(config.content_dir, site.stories, site.terms, site.unknown)
        problems = _classify(errors, unknown, strict)
        _tell(config, start, problems, reporter)
        count = len(pages) + len(state.sitemaps)  # corrected once the sitemaps are written
        state = replace(state, built=Built(len(site.stories), count, errors, tuple(unknown)))
        work = plan_work(start, state, site, pages, changed, env)
        site = with_bodies(site, work.pages)  # the state on disk keeps none: read those to render
        clock.lap("gather")
        same = _same_site(start, state, work)
        if same is not None:  # nothing to write, not even build.json
            state = keep_state(
                config, start, replace(state, related=same.related), pages, same.sitemaps
            )
            return _report(Previous(state, site, pages, duplicates), work, problems, clock)
        try:
            state, hidden, left = write_site(
                config, site, pages, state, work, start, reporter, clock, jobs, index_search
            )
        except TemplateFailure as failure:
            raise BuildError([_template_problem(config, failure)], config.root) from None
        except ClusterError as exc:
            raise BuildError([Problem("", 0, "build", str(exc))]) from None
        except search.SearchError as exc:
            raise BuildError([Problem("", 0, "build", f"search index: {exc}")]) from None
        problems = _Problems(problems.errors, problems.warnings + hidden)
        clock.lap("save")
        done = _report(Previous(state, site, pages, duplicates), work, problems, clock)
        return replace(done, search_update=left)
    finally:
        gc.unfreeze()  # see gc.freeze() above: the collector may look at all of it again


@dataclass(frozen=True, slots=True)
class _Problems:
    """What a build found wrong."""

    errors: tuple[Problem, ...]
    """Problems that fail the build (exit code 1)."""
    warnings: tuple[Problem, ...]
    """Problems that do not."""


def _templates(config: SiteConfig) -> Environment:
    """The site's template environment, every template compiled; a broken one fails the build."""
    env = create_environment(config)
    try:
        check_templates(env)
    except TemplateFailure as failure:
        raise BuildError([_template_problem(config, failure)], config.root) from None
    return env


def _template_problem(config: SiteConfig, failure: TemplateFailure) -> Problem:
    message = f"template error: {failure.message}"
    return Problem(failure.template, failure.line, "build", message).within(config.root)


def _errors(state: SiteState, duplicates: list[Problem]) -> tuple[Problem, ...]:
    """Unreadable files, duplicate ids and unreadable vocabularies."""
    return (*sorted(state.errors.values(), key=str), *duplicates, *state.vocabulary_errors)


def _classify(errors: tuple[Problem, ...], unknown: Sequence[Problem], strict: bool) -> _Problems:
    """Slugs a vocabulary lacks are warnings, or errors when `strict`."""
    if strict:
        return _Problems(errors + tuple(unknown), ())
    return _Problems(errors, tuple(unknown))


def _unchanged_report(built: Built, strict: bool, reporter: Reporter, clock: Clock) -> BuildReport:
    """The report of a build that found nothing changed: what the last build said, again."""
    problems = _classify(built.errors, built.unknown, strict)
    _show(problems, reporter)
    clock.lap("parse")
    return BuildReport(
        stories=built.stories,
        pages=built.pages,
        rendered=0,
        incremental=True,
        warnings=problems.warnings,
        errors=problems.errors,
        seconds=time.perf_counter() - clock.started,
        timings=clock.timings,
    )


def _tell(config: SiteConfig, start: Start, problems: _Problems, reporter: Reporter) -> None:
    """Show the problems now; a preview's build fails on an error, so that the last good site
    stays served."""
    if start.in_memory and problems.errors:
        raise BuildError(problems.errors, config.root)
    _show(problems, reporter)


def _show(problems: _Problems, reporter: Reporter) -> None:
    for problem in problems.errors:
        reporter.problem(problem, error=True)
    for problem in problems.warnings:
        reporter.problem(problem, error=False)


def _same_site(start: Start, state: SiteState, work: Work) -> SiteState | None:
    """The previous build's state when the site on disk is this build's already: no page, no
    file, no input changed."""
    old = start.state
    if old is None or not (work.reuse and work.is_empty):
        return None
    return old if content_digest(state) == content_digest(old) else None


def _report(built: Previous, work: Work, problems: _Problems, clock: Clock) -> BuildReport:
    """What the build did; `built` is what the next build of a preview starts from."""
    state = built.state
    return BuildReport(
        stories=len(built.site.stories),
        pages=len(state.pages) + len(state.sitemaps),
        rendered=len(work.pages),
        incremental=work.reuse,
        warnings=problems.warnings,
        errors=problems.errors,
        seconds=time.perf_counter() - clock.started,
        timings=clock.timings,
        changed=tuple(sorted({p.url for p in work.pages} | work.remove)),
        previous=built,
    )
