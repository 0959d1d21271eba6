"""Full-text search: one Pagefind index per year of stories, merged in the reader's browser.

Pagefind has no incremental indexing and runs out of memory on very large sites, so the index is
split by year (`/pagefind/2025/`, `/pagefind/2024/`, ...): a one-story edit re-indexes only its
year, and no single index grows past one year of stories. `/pagefind/years.json` lists the years
that have an index; the search page fetches it and merges the years with Pagefind's `mergeIndex`,
so the search page itself never changes when stories do.

Only story pages are indexed (the glob below matches `/YYYY/MM/DD/<slug>/` and nothing else), and
within them only what `story.html` marks with `data-pagefind-body`, minus `data-pagefind-ignore`.
The index is written into the staging folder before the swap, so it always matches the pages.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import time
from collections.abc import Awaitable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator import urls
from generator.config import SiteConfig

YEARS_FILE = "years.json"
"""The list of indexed years, inside the index folder."""
STORY_GLOB = "{year}/*/*/*/index.html"
"""Story pages of one year, relative to the site folder: `/YYYY/MM/DD/<slug>/` only (a day's
archive, `/YYYY/MM/DD/`, is one level shallower)."""
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's ready-made interfaces, written into every bundle: the search page uses its own
script on `pagefind.js`, and these would add about 420 KB to every year."""

MEMORY_PER_STORY = 0.3e6
MEMORY_PER_INDEX = 30e6
"""Pagefind's peak memory for one index, measured with 300-900-word wire stories: about 50 MB for
138 stories, 380 MB for 1,385 and 2.5 GB for 9,766 in one index (it grows with the pages of an
index; hence one index per year). Used to keep parallel years within the memory available."""
MEMORY_SHARE = 0.5
"""Share of the memory available when indexing starts that parallel years may use together."""

_YEAR = re.compile(r"\d{4}")
_T = TypeVar("_T")


class SearchError(Exception):
    """The search index could not be written (Pagefind missing, or it failed or was killed)."""


@dataclass(frozen=True, slots=True)
class SearchReport:
    """What one indexing run did."""

    pages: Mapping[int, int]
    """Stories indexed per year, as Pagefind counted them (years indexed in this run only)."""
    removed: tuple[int, ...]
    """Years whose index was removed because their folder has no stories any more."""
    years: tuple[int, ...]
    """Every year with an index after this run, newest first (the content of `years.json`)."""
    bytes: int
    """Size of the indexes written in this run, in bytes."""
    seconds: float
    """Wall-clock time of the run."""

    @property
    def stories(self) -> int:
        """Stories indexed in this run."""
        return sum(self.pages.values())

    def summary(self) -> str:
        """One line for the build's output."""
        return (
            f"search: {self.stories} stories in {len(self.pages)} year indexes, "
            f"{self.bytes / 1_000_000:.1f} MB in {self.seconds:.2f} s"
        )


def index_dir(site_dir: Path) -> Path:
    """The folder of every year's index in a built site."""
    return site_dir / urls.SEARCH_INDEX_URL.strip("/")


def index_site(
    config: SiteConfig,
    site_dir: Path,
    years: Iterable[int] | None = None,
    *,
    jobs: int | None = None,
) -> SearchReport:
    """Index the story pages of `site_dir` (a built site, before it is swapped in), year by year.

    `years` None indexes every year found in `site_dir`; otherwise only the given years are
    indexed (an incremental build passes the years whose story pages changed) and the other
    years' indexes are left as they are. A year whose folder has no story pages any more loses
    its index. Up to `jobs` years (default: the CPU count) are indexed at once, each by its own
    Pagefind process, as long as their estimated memory fits in half of the memory available.
    Raises `SearchError` when Pagefind is missing or fails.
    """
    started = time.perf_counter()
    target = index_dir(site_dir)
    before = _indexed_years(target)
    wanted = (_site_years(site_dir) | before) if years is None else set(years)
    counts = {year: _story_count(site_dir, year) for year in wanted}
    to_index = sorted(year for year in wanted if counts[year])
    removed = tuple(sorted(wanted.difference(to_index) & before))
    for year in removed:
        shutil.rmtree(target / f"{year:04d}", ignore_errors=True)
    pages: dict[int, int] = {}
    if to_index:
        limit = max(1, min(jobs or os.cpu_count() or 1, len(to_index)))
        budget = _Budget(limit, _available_memory() * MEMORY_SHARE)
        needs = {year: MEMORY_PER_INDEX + MEMORY_PER_STORY * counts[year] for year in to_index}
        pages = asyncio.run(_index_years(config, site_dir, target, needs, budget))
    indexed = tuple(sorted(_indexed_years(target), reverse=True))
    if indexed or target.exists():
        target.mkdir(parents=True, exist_ok=True)
        years_json = json.dumps({"years": list(indexed)}, separators=(",", ":")) + "\n"
        (target / YEARS_FILE).write_text(years_json, encoding="utf-8")
    size = sum(_folder_size(target / f"{year:04d}") for year in pages)
    return SearchReport(
        pages=pages,
        removed=removed,
        years=indexed,
        bytes=size,
        seconds=time.perf_counter() - started,
    )


def _site_years(site_dir: Path) -> set[int]:
    """Years that have a folder in the built site."""
    if not site_dir.is_dir():
        return set()
    return {int(p.name) for p in site_dir.iterdir() if p.is_dir() and _YEAR.fullmatch(p.name)}


def _indexed_years(target: Path) -> set[int]:
    """Years that have a complete index (Pagefind writes its entry file last)."""
    if not target.is_dir():
        return set()
    return {
        int(p.name)
        for p in target.iterdir()
        if _YEAR.fullmatch(p.name) and (p / "pagefind-entry.json").is_file()
    }


def _story_count(site_dir: Path, year: int) -> int:
    return sum(1 for _ in site_dir.glob(STORY_GLOB.format(year=f"{year:04d}")))


def _available_memory() -> float:
    """Bytes of memory free for new processes now; infinite where the system does not say."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return float("inf")


class _Budget:
    """At most `slots` years at once, and together within `memory` bytes (one year always runs,
    however large: it would need the memory anyway)."""

    def __init__(self, slots: int, memory: float) -> None:
        self.slots, self.memory = slots, memory
        self.running, self.used = 0, 0.0
        self.changed: asyncio.Condition | None = None

    async def take(self, need: float) -> None:
        self.changed = self.changed or asyncio.Condition()  # made inside the running loop
        async with self.changed:
            await self.changed.wait_for(
                lambda: (
                    self.running == 0
                    or (self.running < self.slots and self.used + need <= self.memory)
                )
            )
            self.running += 1
            self.used += need

    async def give(self, need: float) -> None:
        assert self.changed is not None
        async with self.changed:
            self.running -= 1
            self.used -= need
            self.changed.notify_all()


def _folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


async def _index_years(
    config: SiteConfig,
    site_dir: Path,
    target: Path,
    needs: Mapping[int, float],
    budget: _Budget,
) -> dict[int, int]:
    """Index the years of `needs` (year -> bytes it needs) in parallel within `budget`, one
    Pagefind process per year; return the stories indexed per year."""

    async def one(year: int) -> tuple[int, int]:
        await budget.take(needs[year])
        try:
            return year, await _index_year(config, site_dir, target, year)
        finally:
            await budget.give(needs[year])

    # Largest years first: the longest jobs start early, the small ones fill in beside them.
    order = sorted(needs, key=lambda year: (-needs[year], year))
    tasks = [asyncio.ensure_future(one(year)) for year in order]
    try:
        return dict(sorted(await asyncio.gather(*tasks)))
    except BaseException:
        for task in tasks:
            task.cancel()
        # Let the cancelled years close their Pagefind processes before the error propagates.
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def _index_year(config: SiteConfig, site_dir: Path, target: Path, year: int) -> int:
    """Write the index of one year into `target/YYYY/`, replacing the old one whole."""
    try:
        from pagefind.index import IndexConfig
        from pagefind.service import PagefindService
    except ImportError:
        raise SearchError(
            "search needs the pagefind package: pip install 'pagefind[bin]' "
            "(or set search = false in site.toml)"
        ) from None
    name = f"{year:04d}"
    # Written beside the old index and renamed over it: a failure leaves the old one whole.
    fresh = target / f".{name}.tmp"
    shutil.rmtree(fresh, ignore_errors=True)
    options = IndexConfig(force_language=config.language.split("-")[0].lower())
    try:
        service = await PagefindService().launch()
    except OSError as exc:  # no binary, or it cannot run
        raise SearchError(f"search: cannot start Pagefind: {exc}") from None
    try:
        index = await _guarded(service, service.create_index(options), year)
        glob = STORY_GLOB.format(year=name)
        indexed = await _guarded(service, index.add_directory(str(site_dir), glob=glob), year)
        await _guarded(service, index.write_files(output_path=str(fresh)), year)
    except SearchError:
        raise
    except Exception as exc:  # Pagefind reports its errors as plain exceptions
        raise SearchError(f"search: Pagefind failed on {year}: {exc}") from None
    finally:
        await _close(service)
    for unused in UNUSED_BUNDLE_FILES:
        (fresh / unused).unlink(missing_ok=True)
    old = target / name
    if old.exists():
        shutil.rmtree(old)
    fresh.rename(old)
    return int(indexed["page_count"])


async def _guarded(service: Any, request: Awaitable[_T], year: int) -> _T:
    """Await a request to Pagefind, or fail if its process dies first.

    The pagefind package waits forever for the answer of a process that was killed (by the
    kernel's out-of-memory killer, the likeliest way indexing fails at scale); watching the
    process turns that into an error. `_backend` is the package's handle on the process.
    """
    answer = asyncio.ensure_future(request)
    exited = asyncio.ensure_future(service._backend.wait())
    try:
        await asyncio.wait({answer, exited}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        exited.cancel()
    if not answer.done():
        answer.cancel()
        code = service._backend.returncode
        raise SearchError(
            f"search: Pagefind stopped (exit code {code}) while indexing {year}; "
            "out of memory? Try fewer jobs."
        )
    return answer.result()


async def _close(service: Any) -> None:
    """Stop a Pagefind process, whatever state it is in."""
    backend = service._backend
    if backend.returncode is not None:
        service._poll_task.cancel()
        return
    await service.close()
