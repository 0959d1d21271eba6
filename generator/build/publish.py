"""The write stage of a build: render its work into a staging folder, add the sitemaps, static
files, build record and search index, and move it in.

A template that fails while rendering (`TemplateFailure`) or a search index that cannot be made
(`search.SearchError`) propagates, and the staging folder is discarded: the old site stays.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from generator import __version__
from generator.build import search
from generator.build.bundle import Shipment, bundle_templates
from generator.build.cluster import render_on_cluster
from generator.build.output import copy_static, staged_changes, staged_output, write_output
from generator.build.printer import Reporter
from generator.build.rendering import Rendered, render_pages
from generator.build.report import Clock
from generator.build.state import SiteState, content_digest
from generator.build.work import Start, Work, keep_state
from generator.config import SiteConfig
from generator.models import Output, Problem
from generator.pages import sitemap
from generator.pages.search_record import SearchRecord, site_filters, site_records
from generator.pages.theme import static_folders
from generator.site.gather import GatheredSite
from generator.site.plan import Page

BUILD_RECORD = "build.json"
"""Output file that says what a build was made from."""


def write_site(
    config: SiteConfig,
    site: GatheredSite,
    pages: Sequence[Page],
    state: SiteState,
    work: Work,
    start: Start,
    reporter: Reporter,
    clock: Clock,
    jobs: int | None,
    index_search: bool,
) -> tuple[SiteState, tuple[Problem, ...], search.SearchUpdate | None]:
    """Render the work into a staging folder and move it in, with sitemaps, static files, the
    build record and the search index (without `index_search`, the search update is returned for
    the caller to apply); the state for the next build, the static files that a page took the
    place of, and the search update left to the caller."""
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
    indexed: search.SearchState | None = None
    with output as stage:
        rendered = _render(site, work.pages, stage, reporter, clock, jobs, config.scheduler)
        reporter.stage("Writing sitemaps and static files")
        for output_file in maps:
            write_output(stage, output_file)
        taken = work.paths | sitemaps
        hidden = copy_static(static_folders(config), stage, taken, work.static)
        write_output(stage, build_record(state, len(site.stories), len(pages) + len(sitemaps)))
        clock.lap("static")
        update = search_update(site, work, rendered.records) if config.search else None
        if update is not None and update.full and index_search:
            # The whole site is here: index it before it goes live.
            indexed = _index(config, stage, update, site, reporter, jobs)
    if update is not None and not update.full and index_search:
        # Only the delta, once the changed pages are in place.
        indexed = _index(config, out, update, site, reporter, jobs)
    if indexed is not None:
        search.save_state(config, indexed)
    clock.lap("search")
    listed = dict(old.related) if old else {}
    for gone in listed.keys() - site.positions.keys():  # a set operation: 100,000 stories
        del listed[gone]
    listed |= rendered.related
    state = keep_state(config, start, replace(state, related=listed), work.paths, sitemaps)
    message = "not copied, a generated page has the same path"
    problems = tuple(Problem(f"static/{path}", 0, "build", message) for path in hidden)
    return state, problems, None if index_search else update


def _render(
    site: GatheredSite,
    pages: list[Page],
    stage: Path,
    reporter: Reporter,
    clock: Clock,
    jobs: int | None,
    scheduler: str,
) -> Rendered:
    """Render `pages` into `stage`, on the Dask cluster of `scheduler` if one is named."""
    if scheduler:
        # Read on the client with the rest of the site, before the render map: the workers
        # get them from the client and read nothing of the site's folder.
        templates = bundle_templates(site.config)
        rendered = render_on_cluster(scheduler, Shipment(site, templates), pages, stage, reporter)
    else:
        reporter.stage("Rendering pages", len(pages))
        rendered = render_pages(site, pages, stage, jobs=jobs, reporter=reporter)
    clock.timings.update(rendered.timings)
    clock.lap("render")
    return rendered


def search_update(
    site: GatheredSite, work: Work, records: Sequence[SearchRecord]
) -> search.SearchUpdate | None:
    """What the search index needs from this build: every record after a full one, else the
    records of the changed stories (the story pages rendered also include their neighbours);
    None when no record changed."""
    filters = site_filters(site)
    if work.search is None:
        by_url = {record.url: record for record in records}
        return search.SearchUpdate(by_url, frozenset(), filters, full=True)
    stale = work.search.stale
    if not stale:
        return None
    changed = {record.url: record for record in records if record.url in stale}
    return search.SearchUpdate(changed, stale, filters, full=False)


def _index(
    config: SiteConfig,
    folder: Path,
    update: search.SearchUpdate,
    site: GatheredSite,
    reporter: Reporter,
    jobs: int | None,
) -> search.SearchState:
    reporter.stage("Indexing for search")
    return search.update_index(config, folder, update, lambda: site_records(site), jobs=jobs)


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
