"""The parallel page map: render page descriptors in worker processes that write their files.

Workers inherit the gathered site once, through the pool's initializer (with fork, by
inheritance rather than pickling), receive pages in chunks, and write what they render straight
into the output folder, so that only counts, timings, related lists and search records travel
back.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from generator.build.output import write_output
from generator.build.printer import Reporter
from generator.pages.render import RenderContext, create_context, render_page
from generator.pages.search_record import SearchRecord
from generator.site.gather import GatheredSite
from generator.site.plan import Page, StoryKey
from generator.workers import worker_pool, worker_state

CHUNK_SIZE = 250
"""Pages per task sent to a worker: large enough that sending a task costs nothing, small enough
that two workers finish at about the same time."""
WRITER_THREADS = 2
"""Threads per render process that write the rendered files."""


@dataclass(frozen=True, slots=True)
class _RenderWorker:
    """What a render worker process holds for all its chunks."""

    context: RenderContext
    """Its Jinja environment, Markdown renderer and site reader."""
    stage: Path
    """The folder it writes pages into."""


def _render_worker(site: GatheredSite, stage: Path) -> _RenderWorker:
    return _RenderWorker(create_context(site), stage)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What rendering pages gives back besides the files it wrote."""

    timings: dict[str, float]
    """Seconds per activity."""
    related: dict[str, tuple[str, ...]]
    """Story id -> ids of the related stories its page listed (the next build reuses them)."""
    records: list[SearchRecord]
    """The search record of every story page rendered."""


Chunk = tuple[int, Rendered]
"""Pages rendered in a chunk, and what they gave back."""


def _render_chunk(pages: Sequence[Page]) -> Chunk:
    """Render and write a chunk of pages in a worker."""
    worker = worker_state(_RenderWorker)
    return _render_with(worker.context, worker.stage, pages)


def start_chunk(ctx: RenderContext) -> None:
    """Zero the context's timings and search records before it renders a chunk."""
    for name in ctx.timings:
        ctx.timings[name] = 0.0
    ctx.records = [] if ctx.site.config.search else None


def related_of(ctx: RenderContext, pages: Sequence[Page]) -> dict[str, tuple[str, ...]]:
    """Story id -> ids of the related stories its page lists, for the story pages of `pages`."""
    stories, index = ctx.site.stories, ctx.story_index
    return {
        page.key.story_id: tuple(
            stories[i].id for i in ctx.reader.related(index[page.key.story_id])
        )
        for page in pages
        if isinstance(page.key, StoryKey)
    }


def _render_with(ctx: RenderContext, stage: Path, pages: Sequence[Page]) -> Chunk:
    start_chunk(ctx)
    # Writing is mostly waiting on the file system, which releases the GIL: a writer thread
    # overlaps it with rendering the next pages. "writing" is the time left waiting for it.
    with ThreadPoolExecutor(max_workers=WRITER_THREADS) as writer:
        writes = [writer.submit(write_output, stage, render_page(ctx, page)) for page in pages]
        started = time.perf_counter()
        for write in writes:
            write.result()  # re-raise a failed write
        waiting = time.perf_counter() - started
    related = related_of(ctx, pages)
    return len(pages), Rendered({**ctx.timings, "writing": waiting}, related, ctx.records or [])


def add_chunk(totals: Rendered, result: Chunk, reporter: Reporter) -> None:
    """Add what a chunk gave back to `totals`, and advance the progress bar by its pages."""
    count, rendered = result
    for name, seconds in rendered.timings.items():
        totals.timings[name] = totals.timings.get(name, 0.0) + seconds
    totals.related.update(rendered.related)
    totals.records.extend(rendered.records)
    reporter.advance(count)


def chunked(pages: Sequence[Page]) -> list[Sequence[Page]]:
    """`pages` in chunks of CHUNK_SIZE, the unit of work sent to a worker."""
    return [pages[start : start + CHUNK_SIZE] for start in range(0, len(pages), CHUNK_SIZE)]


def render_pages(
    site: GatheredSite,
    pages: Sequence[Page],
    stage: Path,
    *,
    jobs: int | None = None,
    reporter: Reporter,
) -> Rendered:
    """Render every page into `stage`, in `jobs` processes (in this one when jobs is 1); return
    the seconds spent per activity, the related stories each story page listed, and the search
    records of the story pages."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    chunks = chunked(pages)
    totals = Rendered({}, {}, [])

    def collect(result: Chunk) -> None:
        add_chunk(totals, result, reporter)

    if jobs == 1 or len(chunks) <= 1:
        ctx = create_context(site)
        for chunk in chunks:
            collect(_render_with(ctx, stage, chunk))
        return totals
    # Forked workers inherit the site instead of unpickling it, and end if the build dies.
    pool = worker_pool(min(jobs, len(chunks)), _render_worker, (site, stage))
    try:
        futures = [pool.submit(_render_chunk, chunk) for chunk in chunks]
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for future in done:
                collect(future.result())  # re-raises a worker's exception here
    finally:
        # Wait for the workers before the caller removes the staging folder under them.
        pool.shutdown(wait=True, cancel_futures=True)
    return totals
