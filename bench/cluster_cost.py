"""What rendering on a Dask cluster costs, beside the local process pool (docs/scale.md).

Usage: ``python bench/cluster_cost.py [--stories N] [--workers W]``

Generates a site of N stories (tests/sitegen.py, search off), builds it in full with the local
process pool (W processes), then on a `distributed.LocalCluster` of W worker processes, and
prints: wall time of each build, render CPU per page (Markdown, templates, feeds, summed over the
workers), the size of the gathered site shipped to each worker (pickled, as `scatter` sends it)
and the bytes streamed back per page. Both outputs are compared byte for byte.
Run with nothing else on the machine.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.build.pipeline import BuildReport, build
from generator.config import load_config
from tests.golden import tree
from tests.sitegen import make_site

_RENDER_ACTIVITIES = ("markdown", "templates", "feeds")


def _build(site: Path, out: Path, jobs: int, scheduler: str = "") -> tuple[BuildReport, float]:
    config = load_config(site, output_dir=str(out), search=False, scheduler=scheduler)
    started = time.perf_counter()
    report = build(config, jobs=jobs, incremental=False)
    return report, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        site = make_site(root / "site", args.stories, people=args.stories // 5, topics=40)
        local, local_s = _build(site, root / "local", args.workers)
        assert local.previous is not None
        started = time.perf_counter()
        shipped = pickle.dumps(local.previous.site, protocol=pickle.HIGHEST_PROTOCOL)
        pickling = time.perf_counter() - started
        with LocalCluster(
            n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster:
            remote, remote_s = _build(site, root / "remote", 1, cluster.scheduler_address)
        pages = remote.rendered
        render_cpu = sum(remote.timings.get(name, 0.0) for name in _RENDER_ACTIVITIES)
        files = tree(root / "remote")
        page_bytes = sum(
            len(data) for path, data in files.items() if path.endswith((".html", ".xml"))
        )
        result = {
            "stories": args.stories,
            "workers": args.workers,
            "pages_rendered": pages,
            "local_build_s": round(local_s, 2),
            "cluster_build_s": round(remote_s, 2),
            "cluster_render_wall_s": round(remote.timings.get("render", 0.0), 2),
            "local_render_wall_s": round(local.timings.get("render", 0.0), 2),
            "render_cpu_ms_per_page": round(1000 * render_cpu / pages, 3),
            "shipped_site_mb": round(len(shipped) / 1e6, 2),
            "shipped_bytes_per_story": len(shipped) // args.stories,
            "pickle_s": round(pickling, 3),
            "streamed_back_kb_per_page": round(page_bytes / pages / 1e3, 2),
            "identical": files == tree(root / "local"),
        }
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
