"""Process pools whose workers never outlive the command that started them.

Every pool of Morgue (ingest's taggers, the render pool, the link checker) comes from
`worker_pool`. Its workers end on their own when the command dies, whatever the signal, kill -9
included: on Linux the kernel sends them SIGKILL when their parent goes (a parent-death signal);
elsewhere a thread in each worker polls its parent's pid. Workers also ignore Ctrl-C: the terminal
sends it to the whole process group, and it is the command, not each worker, that decides how to
stop (it shuts its pool down, which ends the workers).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal a process receives when the thread that forked it exits."""
PARENT_POLL_SECONDS = 0.5
"""How often a worker without a parent-death signal checks that its parent is still there."""


def worker_pool(
    jobs: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A process pool of `jobs` workers that end when this process ends, however it ends.

    Each worker runs `initializer(*initargs)` once it is set up. On Linux the workers are forked
    (they inherit what the initializer needs instead of unpickling it). Linux sends the
    parent-death signal when the forking *thread* exits: create, use and shut down a pool from one
    thread (a `with` block or a `finally`), as every pool of Morgue does.
    """
    method = "fork" if sys.platform == "linux" else None
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


def _start_worker(
    parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]
) -> None:
    # A forked worker inherits the command's handlers, which raise in the command's main thread;
    # here they would only turn a stop into a traceback per worker. TERM and HUP end a worker
    # (the pool also stops broken workers with TERM); Ctrl-C is the command's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if not _die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    # The parent may have died before the signal was set: then it will never come.
    if os.getppid() != parent:
        os._exit(1)
    if initializer is not None:
        initializer(*initargs)


def _die_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent exits; False where that is unknown."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    """End this worker once its parent is gone (an orphan is adopted by another process)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)
