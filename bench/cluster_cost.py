"""What a build costs, stage by stage, locally and on a Dask cluster: the cost model of docs/scale.md.

Usage: ``python bench/cluster_cost.py [--stories N] [--workers W] [--no-search]``

Generates a site of N stories (tests/sitegen.py), then builds it from nothing twice, each build
one measured process (wall, CPU and peak memory of its tree, see ``bench/measure.py``): with the
local process pool of W processes, then as the client of a `distributed.LocalCluster` of W worker
processes (one thread each) that this process runs, so that the second measurement is the
client's alone. Each build reports its stages' wall time and the client's CPU per stage (its own
and its finished children's, Pagefind's included). Prints, per story and per page: the client's
gather time and memory, render CPU, index time, the bytes shipped to each worker and streamed
back, and whether both outputs are identical (the search index aside).
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import measure

_RENDER_ACTIVITIES = ("markdown", "templates", "feeds")
SEARCH_FOLDER = "pagefind"


class _StageClock:
    """A reporter that notes the client's CPU (its own, and its finished children's) at each
    stage, and the stage names the build shows."""

    def __init__(self) -> None:
        self.stages: list[tuple[str, float, float]] = []

    def stage(self, name: str, total: int = 0) -> None:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.stages.append((name, time.process_time(), children.ru_utime + children.ru_stime))

    def advance(self, count: int) -> None:
        """Counted by the build's report."""

    def problem(self, problem: object, *, error: bool) -> None:
        """None expected."""

    def cpu(self) -> dict[str, float]:
        """Client CPU seconds from each stage's start to the next's (the last to now)."""
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        marks = [*self.stages, ("end", time.process_time(), children.ru_utime + children.ru_stime)]
        return {
            name: round((own2 - own) + (kids2 - kids), 3)
            for (name, own, kids), (_, own2, kids2) in itertools.pairwise(marks)
        }


def client(site: Path, out: Path, jobs: int, scheduler: str, search: bool, report: Path) -> None:
    """One build in this process (run as a measured child): its timings, to `report`."""
    from generator.build.pipeline import build
    from generator.config import load_config

    config = load_config(site, output_dir=str(out), search=search, scheduler=scheduler)
    clock = _StageClock()
    started = time.perf_counter()
    done = build(config, jobs=jobs, incremental=False, reporter=clock)
    result = {
        "seconds": round(time.perf_counter() - started, 3),
        "stories": done.stories,
        "rendered": done.rendered,
        "timings": {name: round(seconds, 3) for name, seconds in done.timings.items()},
        "client_cpu": clock.cpu(),
    }
    report.write_text(json.dumps(result, indent=2))


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and path.relative_to(root).parts[0] != SEARCH_FOLDER
    }


def _measured(root: Path, name: str, site: Path, jobs: int, scheduler: str, search: bool) -> Any:
    report = root / f"{name}.json"
    command = [sys.executable, __file__, "--client", str(site), str(root / name), str(jobs)]
    command += [scheduler or "-", "1" if search else "0", str(report)]
    measured = measure(name, command, root / "logs")
    return measured, json.loads(report.read_text())


def _shipped_mb(stages: dict[str, float]) -> float:
    for name in stages:
        if name.startswith("Rendering pages on"):
            return float(name.split("(")[1].split(" MB")[0])
    return 0.0


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB (run on each worker)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children, Pagefind's (run on each worker)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument("--client", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        site, out, jobs, scheduler, search, report = args.client
        client(Path(site), Path(out), int(jobs), scheduler.strip("-"), search == "1", Path(report))
        return
    from distributed import Client, LocalCluster

    from tests.sitegen import make_site

    search = not args.no_search
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        site = make_site(root / "site", args.stories, people=args.stories // 5, topics=40)
        local, local_run = _measured(root, "local", site, args.workers, "", search)
        with (
            LocalCluster(
                n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=None
            ) as cluster,
            Client(cluster, set_as_default=False) as watcher,
        ):
            idle, cpu_before = watcher.run(_peak_rss_mb), watcher.run(_cpu_s)
            remote, remote_run = _measured(
                root, "remote", site, 1, cluster.scheduler_address, search
            )
            busy, cpu_after = watcher.run(_peak_rss_mb), watcher.run(_cpu_s)
        worker_mb = max(busy[name] - idle[name] for name in busy if name in idle)
        worker_cpu = sum(cpu_after[name] - cpu_before[name] for name in cpu_after)
        stories, pages = local_run["stories"], local_run["rendered"]
        files = _files(root / "remote")
        page_bytes = sum(len(data) for data in files.values())
        timings, cpu = remote_run["timings"], remote_run["client_cpu"]
        render_cpu = sum(local_run["timings"].get(name, 0.0) for name in _RENDER_ACTIVITIES)
        shipped = _shipped_mb(cpu)
        rendering = next((v for k, v in cpu.items() if k.startswith("Rendering pages")), 0.0)
        result = {
            "stories": stories,
            "pages_rendered": pages,
            "workers": args.workers,
            "search": search,
            "local": {**local.as_dict(), "timings": local_run["timings"]},
            "cluster_client": {**remote.as_dict(), "timings": timings, "client_cpu": cpu},
            "per_story": {
                "read_ms": round(1000 * timings["parse"] / stories, 3),
                "gather_ms": round(1000 * timings["gather"] / stories, 3),
                "index_ms_wall": round(1000 * timings.get("search", 0.0) / stories, 3),
                "client_peak_kb": round(remote.peak_process_mb * 1024 / stories, 1),
                "shipped_kb": round(shipped * 1e3 / stories, 2),
                "worker_peak_growth_kb": round(worker_mb * 1024 / stories, 1),
                "pages": round(pages / stories, 3),
            },
            "per_page": {
                "render_cpu_ms": round(1000 * render_cpu / pages, 3),
                "client_cpu_ms_while_rendering": round(1000 * rendering / pages, 3),
                "streamed_back_kb": round(page_bytes / len(files) / 1e3, 2),
            },
            "shipped_mb_per_worker": shipped,
            "worker_peak_growth_mb": round(worker_mb, 1),
            "worker_cpu_s": round(worker_cpu, 2),
            "identical": files == _files(root / "local"),
        }
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
