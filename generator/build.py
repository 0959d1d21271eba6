"""`build(config) -> BuildReport`: the whole pipeline on one screen, and the parallel page map.

Gather everything first (pages link to each other), plan every page as a descriptor, then render
the descriptors in a process pool whose workers inherit the gathered site once, through the
pool's initializer, and write their files straight into the staging folder.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from generator import feeds, seo, sitemap, urls
from generator.config import SiteConfig
from generator.content import ContentFileError, load_people, load_places, load_stories, load_topics
from generator.models import Person, Story
from generator.plan import Page, plan_pages
from generator.render import (
    THEME_DIR,
    Hooks,
    RenderContext,
    TemplateFailure,
    check_templates,
    create_context,
    create_environment,
    render_page,
)
from generator.taxonomy import GatheredSite, Vocabularies, gather_site, singular
from generator.write import copy_static, staged_output, write_output

CHUNK_SIZE = 250
"""Pages per task sent to a worker: large enough that sending a task costs nothing, small enough
that two workers finish at about the same time."""
WRITER_THREADS = 2
"""Threads per render process that write the rendered files."""
PACKAGED_PLACES = Path(__file__).parent / "data" / "places.yaml"


class BuildError(Exception):
    """The build could not finish (a template error, a busy output folder); the old site stays."""


class Reporter(Protocol):
    """How the build tells its progress; the CLI decides how to show it."""

    def stage(self, name: str, total: int = 0) -> None:
        """A stage starts; with `total` > 0, `advance` will count up to it."""

    def advance(self, count: int) -> None:
        """`count` more items of the current stage are done."""

    def problem(self, message: str, *, error: bool) -> None:
        """A warning or an error to show now."""


class SilentReporter:
    """A reporter that shows nothing (library use, tests)."""

    def stage(self, name: str, total: int = 0) -> None:
        """Ignore the stage."""

    def advance(self, count: int) -> None:
        """Ignore the progress."""

    def problem(self, message: str, *, error: bool) -> None:
        """Ignore the problem (it is in the report anyway)."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    stories: int
    """Stories built."""
    pages: int
    """Files rendered: pages, feeds, sitemaps (static files not counted)."""
    warnings: tuple[str, ...]
    """Problems that did not fail the build."""
    errors: tuple[str, ...]
    """Problems that fail the build (exit code 1); the site was still written without them."""
    seconds: float
    """Wall-clock time of the whole build."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage (wall clock) and per activity inside rendering (CPU, all workers)."""

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors

    def summary(self) -> str:
        """The one line a build ends with."""
        return (
            f"{self.stories} stories, {self.pages} pages, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors in {self.seconds:.2f} s"
        )


def build(
    config: SiteConfig,
    *,
    jobs: int | None = None,
    strict: bool = False,
    reporter: Reporter | None = None,
) -> BuildReport:
    """Build the site of `config` into `config.output_dir`, atomically.

    A bad story file becomes an error and the other stories still build; a slug missing from its
    vocabulary is a warning (an error when `strict`). Raises `BuildError` when no site can be made.
    """
    reporter = reporter or SilentReporter()
    started = time.perf_counter()
    clock = _Clock()
    reporter.stage("Reading stories")
    stories, content_errors = load_stories(config.content_dir)  # parse
    errors = [str(error) for error in content_errors]
    vocab, vocab_errors = load_vocabularies(config)  # people, topics, places
    errors += vocab_errors
    clock.lap("parse")
    site = gather_site(config, stories, vocab)  # terms, dates, related, prev/next
    unknown = unknown_slug_messages(site)
    warnings = [] if strict else unknown
    errors += unknown if strict else []
    for message in errors:
        reporter.problem(message, error=True)
    for message in warnings:
        reporter.problem(message, error=False)
    pages = plan_pages(site)  # every page descriptor
    clock.lap("gather")
    try:
        check_templates(create_environment(config))
    except TemplateFailure as failure:
        raise BuildError(str(failure)) from None
    hooks = make_hooks(site)
    with staged_output(config.output_dir) as stage:  # temp folder, swapped in on success
        reporter.stage("Rendering pages", len(pages))
        clock.timings.update(render_pages(site, pages, stage, hooks, jobs=jobs, reporter=reporter))
        clock.lap("render")
        reporter.stage("Writing sitemaps and static files")
        extra = [
            *sitemap.render_sitemaps(config, sitemap_entries(site, pages)),
            sitemap.render_robots(config),
        ]
        for output in extra:
            write_output(stage, output)
        taken = {page.path for page in pages} | {output.path for output in extra}
        for path in copy_static([THEME_DIR / "static", config.static_dir], stage, taken):
            warnings.append(f"static/{path}: not copied, a generated page has the same path")
        clock.lap("static")
    clock.lap("swap")
    return BuildReport(
        stories=len(site.stories),
        pages=len(pages) + len(extra),
        warnings=tuple(warnings),
        errors=tuple(errors),
        seconds=time.perf_counter() - started,
        timings=clock.timings,
    )


class _Clock:
    """Wall-clock laps between the stages of a build."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.timings: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now


def load_vocabularies(config: SiteConfig) -> tuple[Vocabularies, list[str]]:
    """People, topics and places; a broken vocabulary file is an error and counts as empty."""
    errors: list[str] = []

    def read(loader: Any, path: Path) -> dict:
        try:
            return loader(path)
        except ContentFileError as exc:
            errors.append(str(exc.error))
            return {}

    content = config.content_dir
    places = {**read(load_places, PACKAGED_PLACES), **read(load_places, content / "places.yaml")}
    people = read(load_people, content / "people.yaml")
    topics = read(load_topics, content / "topics.yaml")
    return Vocabularies(people=people, topics=topics, places=places), errors


def _slug_line(path: Path, kind: str, slug: str) -> int:
    """1-based line of `slug` in the `kind:` list of a story's front matter, or 0."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    pattern = re.compile(rf"(?<![a-z0-9-]){re.escape(slug)}(?![a-z0-9-])")
    inside = False
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("---"):
            break
        if re.match(rf"{kind}\s*:", line):
            inside = True
        elif line[:1] not in (" ", "-", "\t", ""):
            inside = False  # the next key
        if inside and pattern.search(line.split(":", 1)[-1] if line.startswith(kind) else line):
            return number
    return 0


def unknown_slug_messages(site: GatheredSite) -> list[str]:
    """One message per slug missing from its vocabulary, naming the first story file and line."""
    messages = []
    for kind, slug, first in site.unknown:
        story = site.stories[first]
        path = site.config.content_dir / story.path
        line = _slug_line(path, kind, slug)
        count = len(site.terms[kind][slug].stories)
        more = (
            f" (and {count - 1} more {'story' if count == 2 else 'stories'})" if count > 1 else ""
        )
        vocabulary = {"people": "content/people.yaml", "topics": "content/topics.yaml"}.get(
            kind, "the places vocabulary"
        )
        where = f"{path}:{line}" if line else str(path)
        messages.append(f"{where}: unknown {singular(kind)} {slug!r}, not in {vocabulary}{more}")
    return messages


# --- hooks: the other stages' output embedded in pages -------------------------------------------


def _story_json_ld(people: Mapping[str, str], site: GatheredSite, index: int) -> str:
    return seo.story_json_ld(site.config, site.stories[index], people)


def _term_json_ld(site: GatheredSite, kind: str, slug: str) -> str:
    if kind != "people":
        return ""
    term = site.terms[kind][slug]
    person = Person(slug=slug, name=term.name, description=term.description)
    return seo.person_json_ld(site.config, person, len(term.stories))


def _feed(names: Mapping[str, str], site: GatheredSite, key: Any) -> bytes:
    count = site.config.feed_entries
    if key is None:
        title, page_url, feed_url = site.config.title, urls.HOME_URL, urls.FEED_URL
        stories: Sequence[Story] = site.stories[-count:]
    else:
        kind, slug = key
        term = site.terms[kind][slug]
        title = f"{term.name} – {site.config.title}"
        page_url, feed_url = urls.term_url(kind, slug), urls.term_feed_url(kind, slug)
        stories = [site.stories[i] for i in term.stories[-count:]]
    return feeds.render_feed(
        site.config, title=title, page_url=page_url, feed_url=feed_url,
        stories=list(reversed(stories)), names=names,
    )  # fmt: skip


def make_hooks(site: GatheredSite) -> Hooks:
    """JSON-LD and feed functions for the render stage, with their lookup tables made once."""
    people = site.names("people")
    return Hooks(
        story_json_ld=partial(_story_json_ld, people),
        term_json_ld=_term_json_ld,
        feed=partial(_feed, {**site.names("topics"), **people}),
    )


def sitemap_entries(site: GatheredSite, pages: Sequence[Page]) -> list[tuple[str, int, Any]]:
    """(URL, year or 0, last modification) of every HTML page worth indexing."""
    story_dates = {story.id: story.date for story in site.stories}
    newest = site.stories[-1].date if site.stories else None
    entries: list[tuple[str, int, Any]] = []
    for page in pages:
        if page.kind == "story":
            day = story_dates[page.key]
            entries.append((page.url, day.year, day))
        elif page.kind in ("year", "month", "day"):
            key = page.key
            year = (
                key if isinstance(key, int) else key[0] if isinstance(key, tuple) else int(key[:4])
            )
            prefix = page.url.strip("/").replace("/", "-")
            last = max((d for d in site.days if d.isoformat().startswith(prefix)), default=None)
            entries.append((page.url, year, last))
        elif page.kind in ("term", "term_page"):
            kind, slug, *number = page.key
            term = site.terms[kind][slug]
            indices = site.term_page(term, number[0]) if number else term.stories
            entries.append((page.url, 0, site.stories[indices[-1]].date))
        elif page.kind in ("home", "term_index"):
            entries.append((page.url, 0, newest))
    return entries


# --- the parallel map ----------------------------------------------------------------------------

# The one module-level state: set in each worker process by the pool's initializer (with fork,
# the gathered site reaches the worker by inheritance, not pickling) and read by its tasks.
_WORKER: tuple[RenderContext, Path] | None = None


def _init_worker(site: GatheredSite, hooks: Hooks, stage: Path) -> None:
    global _WORKER
    _WORKER = (create_context(site, hooks), stage)


def _render_chunk(pages: Sequence[Page]) -> tuple[int, dict[str, float]]:
    """Render and write a chunk of pages in a worker; return the count and the time spent."""
    assert _WORKER is not None, "worker not initialised"
    return _render_with(*_WORKER, pages)


def _render_with(
    ctx: RenderContext, stage: Path, pages: Sequence[Page]
) -> tuple[int, dict[str, float]]:
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
    return len(pages), {**ctx.timings, "writing": waiting}


def render_pages(
    site: GatheredSite,
    pages: Sequence[Page],
    stage: Path,
    hooks: Hooks,
    *,
    jobs: int | None = None,
    reporter: Reporter,
) -> dict[str, float]:
    """Render every page into `stage`, in `jobs` processes (in this one when jobs is 1)."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    chunks = [pages[start : start + CHUNK_SIZE] for start in range(0, len(pages), CHUNK_SIZE)]
    totals: dict[str, float] = {}

    def collect(result: tuple[int, dict[str, float]]) -> None:
        count, spent = result
        for name, seconds in spent.items():
            totals[name] = totals.get(name, 0.0) + seconds
        reporter.advance(count)

    try:
        if jobs == 1 or len(chunks) <= 1:
            ctx = create_context(site, hooks)
            for chunk in chunks:
                collect(_render_with(ctx, stage, chunk))
            return totals
        # fork where there is one: workers inherit the site instead of unpickling it.
        method = "fork" if sys.platform == "linux" else None
        pool = ProcessPoolExecutor(
            max_workers=min(jobs, len(chunks)),
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(site, hooks, stage),
        )
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
    except TemplateFailure as failure:
        raise BuildError(str(failure)) from None
    return totals
