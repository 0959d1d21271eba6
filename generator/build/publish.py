"""The write stage of a build: render its work into a staging folder, add the sitemaps, static
files, build record and search index, and move it in.

A template that fails while rendering (`TemplateFailure`) or a search index that cannot be made
(`search.SearchError`) propagates, and the staging folder is discarded: the old site stays.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator import __version__
from generator.build import search
from generator.build.output import copy_static, staged_changes, staged_output, write_output
from generator.build.printer import Reporter
from generator.build.rendering import render_pages
from generator.build.state import SiteState, content_digest
from generator.build.work import Start, Work, keep_state
from generator.config import SiteConfig
from generator.models import Output, Problem
from generator.pages import sitemap
from generator.pages.theme import static_folders
from generator.site.gather import GatheredSite
from generator.site.plan import Page

BUILD_RECORD = "build.json"
"""Output file that says what a build was made from."""


class Clock:
    """Wall-clock laps between the stages of a build."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        """When the build started."""
        self.timings: dict[str, float] = {}
        """Seconds per stage, and per activity inside rendering."""

    def lap(self, name: str) -> None:
        """Record the time since the last lap as stage `name`'s."""
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now


def write_site(
    config: SiteConfig,
    site: GatheredSite,
    pages: list[Page],
    state: SiteState,
    work: Work,
    start: Start,
    reporter: Reporter,
    clock: Clock,
    jobs: int | None,
    index_search: bool,
) -> tuple[SiteState, tuple[Problem, ...]]:
    """Render the work into a staging folder and move it in, with sitemaps, static files, the
    build record and the search index; the state for the next build, and the static files that
    a page took the place of."""
    old = start.state
    maps = sitemap_outputs(site, pages) if work.sitemaps else []
    before = old.sitemaps if old else frozenset()
    sitemaps = frozenset(m.path for m in maps) if work.sitemaps else before
    # A first build writes a whole site beside the old one and swaps; a later one writes only
    # the changed files aside, then moves them in.
    out = config.output_dir
    output = (
        staged_changes(out, work.remove | (before - sitemaps)) if work.reuse else staged_output(out)
    )
    with output as stage:
        related = _render(site, work.pages, stage, reporter, clock, jobs)
        reporter.stage("Writing sitemaps and static files")
        for output_file in maps:
            write_output(stage, output_file)
        taken = {page.path for page in pages} | sitemaps
        hidden = copy_static(static_folders(config), stage, taken, work.static)
        write_output(stage, build_record(state, len(site.stories), len(pages) + len(sitemaps)))
        clock.lap("static")
        if not work.reuse:  # the whole site is here: index it before it goes live
            _index(config, stage, None, index_search)
    if work.reuse:  # only the changed years, once their pages are in place
        _index(config, out, work.search_years, index_search)
    clock.lap("search")
    ids = {story.id for story in site.stories}
    listed = {k: v for k, v in (old.related if old else {}).items() if k in ids} | related
    state = keep_state(config, start, replace(state, related=listed), pages, sitemaps)
    message = "not copied, a generated page has the same path"
    return state, tuple(Problem(f"static/{path}", 0, "build", message) for path in hidden)


def _render(
    site: GatheredSite,
    pages: list[Page],
    stage: Path,
    reporter: Reporter,
    clock: Clock,
    jobs: int | None,
) -> dict[str, tuple[str, ...]]:
    """Render `pages` into `stage`; the related stories each story page listed."""
    reporter.stage("Rendering pages", len(pages))
    timings, related = render_pages(site, pages, stage, jobs=jobs, reporter=reporter)
    clock.timings.update(timings)
    clock.lap("render")
    return related


def _index(config: SiteConfig, folder: Path, years: frozenset[int] | None, wanted: bool) -> None:
    if not (config.search and wanted) or years == frozenset():
        return
    search.index_site(config, folder, years)


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
    entries = sitemap.sitemap_entries(site, pages)
    return [*sitemap.render_sitemaps(site.config, entries), sitemap.render_robots(site.config)]
