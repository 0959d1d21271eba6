"""`build(config) -> BuildReport`: the whole pipeline on one screen, and the parallel page map.

Gather everything first (pages link to each other), plan every page as a descriptor, then render
the descriptors in a process pool whose workers inherit the gathered site once, through the
pool's initializer, and write their files straight into the staging folder.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from generator import __version__, feeds, search, seo, sitemap, urls
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
from generator.incremental import Work, plan_work
from generator.models import Output, Person, Story
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
from generator.taxonomy import GatheredSite, gather_site, singular
from generator.write import copy_static, remove_outputs, staged_output, write_output

BUILD_RECORD = "build.json"
CHUNK_SIZE = 250
"""Pages per task sent to a worker: large enough that sending a task costs nothing, small enough
that two workers finish at about the same time."""
WRITER_THREADS = 2
"""Threads per render process that write the rendered files."""


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
        timings = render_pages(site, work.pages, stage, hooks, jobs=jobs, reporter=reporter)
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
