"""`build(config) -> BuildReport`: the whole pipeline on one screen.

Decide where the build starts (see `work.py`), read what changed, gather everything (pages link
to each other), plan every page as a descriptor, decide which pages the changes touch (all of
them on a first build), render those in worker processes into a staging folder, and swap it in.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Set
from dataclasses import replace
from pathlib import Path

from jinja2 import Environment

from generator.build import search
from generator.build.cluster import ClusterError
from generator.build.printer import Reporter, SilentReporter
from generator.build.publish import write_site
from generator.build.report import (
    BuildError,
    BuildReport,
    Clock,
    Problems,
    classify,
    show,
    unchanged_report,
)
from generator.build.site_file import save_site
from generator.build.state import (
    Built,
    Scan,
    SiteState,
    content_digest,
    read_content,
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
    scan: Scan | None = None,
) -> BuildReport:
    """Build the site of `config` into `config.output_dir`, atomically.

    With `incremental`, only the pages that changed inputs touch are rendered again, starting from
    the state the last build left in the cache folder beside the output or, for the preview
    server, from `previous` (then any error fails the build, so that the last good site stays).
    The result is byte for byte a full build's. Without `index_search` the search index is left
    for the caller to update (the preview server does it after reloading pages). `scan`: the
    inputs as a caller already looked at them (`report.unchanged_report`).
    A bad story file becomes an error and the other stories still build; a slug missing from its
    vocabulary is a warning (an error when `strict`). Raises `BuildError` when no site can be made.
    """
    reporter = reporter or SilentReporter()
    clock = Clock()
    scan = scan or Scan(config)  # each input looked at once, whichever way the build goes
    if incremental and previous is None:
        quick = unchanged_report(scan, strict, reporter, clock)
        if quick is not None:  # no story read: the site on disk is this build's already
            return quick
    env = _templates(config)  # every template compiles, or nothing is touched
    try:
        start = start_from(scan, incremental=incremental, previous=previous, hint=hint)
        reporter.stage("Reading stories")
        state, changed, touched = read_content(scan, start.state, start.hint)  # what changed
        clock.lap("parse")
        gathered = site_and_pages(config, start, state, changed, touched)
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
        problems = classify(errors, unknown, strict)
        _tell(config, start, problems, reporter)
        count = len(pages) + len(state.sitemaps)  # corrected once the sitemaps are written
        state = replace(state, built=Built(len(site.stories), count, errors, tuple(unknown)))
        work = plan_work(start, state, site, pages, changed, touched, env, earlier=gathered.earlier)
        site = with_bodies(site, work.pages)  # the state on disk keeps none: read those to render
        clock.lap("gather")
        same = _same_site(start, state, work)
        if same is not None:  # nothing to write, not even build.json
            state = keep_state(
                config, start, replace(state, related=same.related), work.paths, same.sitemaps
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
        problems = Problems(problems.errors, problems.warnings + hidden)
        clock.lap("save")
        done = _report(Previous(state, site, pages, duplicates), work, problems, clock)
        return replace(done, search_update=left)
    finally:
        gc.unfreeze()  # see gc.freeze() above: the collector may look at all of it again


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


def _tell(config: SiteConfig, start: Start, problems: Problems, reporter: Reporter) -> None:
    """Show the problems now; a preview's build fails on an error, so that the last good site
    stays served."""
    if start.in_memory and problems.errors:
        raise BuildError(problems.errors, config.root)
    show(problems, reporter)


def _same_site(start: Start, state: SiteState, work: Work) -> SiteState | None:
    """The previous build's state when the site on disk is this build's already: no page, no
    file, no input changed."""
    old = start.state
    if old is None or not (work.reuse and work.is_empty):
        return None
    return old if content_digest(state) == content_digest(old) else None


def _report(built: Previous, work: Work, problems: Problems, clock: Clock) -> BuildReport:
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
