"""One `morgue build --scheduler` on a `LocalCluster` this process starts, for `run.py --scheduler`.

Usage: ``python bench/cluster_build.py --workers W --report FILE [--address ADDR] -- MORGUE...``

Starts a `distributed.LocalCluster` of W worker processes of one thread each (or uses the
scheduler at ADDR), runs the build command given after ``--`` with ``--scheduler`` added (its
output goes to this process's), and writes FILE (JSON): the cluster's start time, the build's
wall time and the number of workers. Measured as one process tree by ``run.py``, so its peak
memory is the client's, the scheduler's and the workers' together.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

WORKER_THREADS = 1
"""Threads per worker process: rendering is pure Python and holds the GIL."""


def _measure(client: Any, address: str, command: list[str]) -> dict[str, Any]:
    started = time.perf_counter()
    done = subprocess.run([*command, "--scheduler", address], check=False)
    build_s = time.perf_counter() - started
    workers = len(client.scheduler_info()["workers"])
    return {"exit_code": done.returncode, "build_s": round(build_s, 3), "workers": workers}


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--address", help="an existing scheduler (default: a LocalCluster)")
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    from distributed import Client, LocalCluster

    started = time.perf_counter()
    if args.address:
        with Client(args.address, set_as_default=False) as client:
            report = _measure(client, args.address, command)
    else:
        with (
            LocalCluster(
                n_workers=args.workers,
                threads_per_worker=WORKER_THREADS,
                processes=True,
                dashboard_address=None,
            ) as cluster,
            Client(cluster, set_as_default=False) as client,
        ):
            start_s = time.perf_counter() - started
            report = {
                "cluster_start_s": round(start_s, 3),
                **_measure(client, cluster.scheduler_address, command),
            }
    args.report.write_text(json.dumps(report, indent=2))
    return int(report["exit_code"])


if __name__ == "__main__":
    sys.exit(main())
