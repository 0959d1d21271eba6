"""Run a command as a whole process and measure it: wall time, CPU time, peak memory of its tree.

CPU time comes from ``os.wait4`` on the child: user + system time of the child and of every
descendant it waited for (worker processes of a pool included). Peak memory is the larger of
  * the peak of the process tree's summed PSS (proportional set size, so pages shared by forked
    workers count once), sampled from /proc every ``SAMPLE_SECONDS``; a tree that lives shorter
    than one interval may be missed, hence
  * ``ru_maxrss`` from ``wait4``: the exact peak RSS of the single largest process of the tree.
On systems without /proc only the second is available.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.05
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class Measurement:
    """What one run of one command cost."""

    wall_s: float
    """Elapsed time from start to exit."""
    cpu_s: float
    """User + system time of the process and the descendants it waited for."""
    peak_mb: float
    """Peak memory of the process tree in MiB (see the module docstring)."""
    peak_process_mb: float
    """Peak RSS of the largest single process of the tree in MiB (exact, from ru_maxrss)."""

    def as_dict(self) -> dict[str, float]:
        """Rounded figures for the JSON report."""
        return {
            "wall_s": round(self.wall_s, 3),
            "cpu_s": round(self.cpu_s, 3),
            "peak_mb": round(self.peak_mb, 1),
            "peak_process_mb": round(self.peak_process_mb, 1),
        }


class StepFailed(RuntimeError):
    """A measured command exited with an error; the message shows the command and its output."""


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except OSError:
        pass
    return kids


def _memory_bytes(pid: int) -> int:
    """PSS of one process (RSS where smaps_rollup is unreadable), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * _PAGE_SIZE
    except OSError:
        return 0


def tree_memory_bytes(root: int) -> int:
    """Summed memory of `root` and all its descendants, right now."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_bytes(pid)
        stack.extend(_children(pid))
    return total


class TreeSampler:
    """Samples a process tree's memory in a background thread and keeps the peak."""

    def __init__(self, root: int, interval: float = SAMPLE_SECONDS) -> None:
        self.root = root
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_memory_bytes(self.root))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _tail(path: Path, lines: int = 25) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def measure(
    name: str,
    command: Sequence[str],
    log_dir: Path,
    cwd: Path | None = None,
    ok_codes: Sequence[int] = (0,),
) -> Measurement:
    """Run `command`, wait for it, and measure it; raise StepFailed on an unexpected exit code.

    Its stdout and stderr go to ``log_dir/<name>.out`` and ``.err`` (a pipe could fill up and
    stall the child, and the logs help when a step fails).
    """
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path, err_path = log_dir / f"{name}.out", log_dir / f"{name}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), stdout=out, stderr=err, cwd=cwd)
        with TreeSampler(proc.pid) as sampler:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok_codes:
        raise StepFailed(
            f"step {name!r} failed with exit code {proc.returncode}: {' '.join(command)}\n"
            f"--- stderr (last lines, full log: {err_path}) ---\n{_tail(err_path)}\n"
            f"--- stdout (last lines) ---\n{_tail(out_path)}"
        )
    max_rss = usage.ru_maxrss * 1024  # kilobytes on Linux
    return Measurement(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=max(sampler.peak, max_rss) / 2**20,
        peak_process_mb=max_rss / 2**20,
    )
