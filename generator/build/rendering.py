"""The parallel page map: render page descriptors in worker processes that write their files.

Workers inherit the gathered site once, through the pool's initializer (with fork, by
inheritance rather than pickling), receive pages in chunks, and write what they render straight
into the output folder, so that only counts and timings travel back.
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


Chunk = tuple[int, dict[str, float], dict[str, tuple[str, ...]]]
"""What rendering a chunk gives back: pages rendered, seconds per activity, and the related
stories each story page listed (story id -> ids), which the next incremental build reuses."""


def _render_chunk(pages: Sequence[Page]) -> Chunk:
    """Render and write a chunk of pages in a worker."""
    worker = worker_state(_RenderWorker)
    return _render_with(worker.context, worker.stage, pages)


def _render_with(ctx: RenderContext, stage: Path, pages: Sequence[Page]) -> Chunk:
    for name in ctx.timings:
        ctx.timings[name] = 0.0
    # Writing is mostly waiting on the file system, which releases the GIL: a writer thread
    # overlaps it with rendering the next pages. "writing" is the time left waiting for it.
    with ThreadPoolExecutor(max_workers=WRITER_THREADS) as writer:
        writes = [writer.submit(write_output, stage, render_page(ctx, page)) for page in pages]
        started = time.perf_counter()
        for write in writes:
            write.result()  # re-raise a failed write
        waiting = time.perf_counter() - started
    stories, index = ctx.site.stories, ctx.story_index
    related = {
        page.key.story_id: tuple(
            stories[i].id for i in ctx.reader.related(index[page.key.story_id])
        )
        for page in pages
        if isinstance(page.key, StoryKey)
    }
    return len(pages), {**ctx.timings, "writing": waiting}, related


def render_pages(
    site: GatheredSite,
    pages: Sequence[Page],
    stage: Path,
    *,
    jobs: int | None = None,
    reporter: Reporter,
) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
    """Render every page into `stage`, in `jobs` processes (in this one when jobs is 1); return
    the seconds spent per activity and the related stories each story page listed."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    chunks = [pages[start : start + CHUNK_SIZE] for start in range(0, len(pages), CHUNK_SIZE)]
    totals: dict[str, float] = {}
    related: dict[str, tuple[str, ...]] = {}

    def collect(result: Chunk) -> None:
        count, spent, listed = result
        for name, seconds in spent.items():
            totals[name] = totals.get(name, 0.0) + seconds
        related.update(listed)
        reporter.advance(count)

    if jobs == 1 or len(chunks) <= 1:
        ctx = create_context(site)
        for chunk in chunks:
            collect(_render_with(ctx, stage, chunk))
        return totals, related
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
    return totals, related
