"""Check every page, feed and sitemap of a built site, batches of files in worker processes."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.check.feeds import check_feed, check_opensearch, check_robots, check_sitemap
from generator.check.links import FileCheck, PageParser, Site
from generator.models import Problem
from generator.workers import worker_pool, worker_state

FILES_PER_TASK = 200
"""Files per task sent to a worker: pages are small, so a task must hold many to be worth it."""


def check_file(site: Site, root: Path, path: str) -> FileCheck:
    """Check one built file by its kind: page, sitemap, feed or robots.txt."""
    check = FileCheck(site, path)
    data = (root / path).read_bytes()
    if path == "robots.txt":
        check_robots(check, data.decode("utf-8", errors="replace"))
    elif path.endswith(".html"):
        try:
            parser = PageParser(check)
            parser.feed(data.decode("utf-8"))
            parser.close()
        except UnicodeDecodeError as exc:
            check.report("html", 0, f"not UTF-8 ({exc.reason})")
    elif path == "sitemap.xml" or path.startswith("sitemaps/"):
        check_sitemap(check, data)
    elif path == "opensearch.xml":
        check_opensearch(check, data)
    else:
        check_feed(check, data)
    return check


@dataclass(frozen=True, slots=True)
class _CheckWorker:
    """What a link-checking worker process holds for all its batches."""

    site: Site
    """Every file of the built site (large: inherited through fork, never pickled per task)."""
    root: Path
    """The built site's folder."""


def _check_batch(paths: Sequence[str]) -> tuple[list[Problem], int, int]:
    worker = worker_state(_CheckWorker)
    return check_files(worker.site, worker.root, paths)


def check_files(site: Site, root: Path, paths: Sequence[str]) -> tuple[list[Problem], int, int]:
    """Check a batch of files; return their problems, internal links and HTML pages."""
    found: list[Problem] = []
    links = pages = 0
    for path in paths:
        check = check_file(site, root, path)
        found += check.found
        links += check.links
        pages += path.endswith(".html")
    return found, links, pages


def check_output(
    root: Path, base_url: str, base_path: str, *, jobs: int | None = None
) -> tuple[list[Problem], int, int]:
    """Check every page, feed and sitemap of the built site in `root`, in `jobs` processes;
    return the problems, the internal links checked and the HTML pages checked."""
    files = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    parts = urlsplit(base_url)
    site = Site(base_url, base_path, files, parts.scheme.lower(), parts.netloc.lower())
    paths = sorted(p for p in files if p.endswith((".html", ".xml")) or p == "robots.txt")
    size = FILES_PER_TASK
    batches = [paths[start : start + size] for start in range(0, len(paths), size)]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(batches) <= 1:
        results = [check_files(site, root, batch) for batch in batches]
    else:
        with worker_pool(min(jobs, len(batches)), _CheckWorker, (site, root)) as pool:
            results = list(pool.map(_check_batch, batches))
    found = [item for batch_found, _, _ in results for item in batch_found]
    return found, sum(r[1] for r in results), sum(r[2] for r in results)
