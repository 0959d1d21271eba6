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
from typing import Any, Literal, TypeVar

from generator.interrupts import STOP_SIGNALS, held_back

PR_SET_PDEATHSIG = 1
"""prctl(2) option: the signal a process receives when the thread that forked it exits."""
_S = TypeVar("_S")
PARENT_POLL_SECONDS = 0.5
"""How often a worker without a parent-death signal checks that its parent is still there."""


def worker_pool(
    jobs: int,
    make_state: Callable[..., object] | None = None,
    args: tuple[Any, ...] = (),
) -> ProcessPoolExecutor:
    """A process pool of `jobs` workers that end when this process ends, however it ends.

    Each worker makes its state once, `make_state(*args)`, which its tasks read with
    `worker_state`. On Linux the workers are forked (they inherit what `make_state` needs
    instead of unpickling it). Linux sends the
    parent-death signal when the forking *thread* exits: create, use and shut down a pool from one
    thread (a `with` block or a `finally`), as every pool of Morgue does.
    """
    method = "fork" if sys.platform == "linux" else None
    pool = _Pool(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(os.getpid(), make_state, args),
    )
    if method == "fork":
        # A forked pool starts all its workers at the first task. Start them now with the stop
        # signals held back: a Ctrl-C landing between a fork and the worker's own handlers
        # would otherwise run the command's handler in the worker (a traceback), or in the
        # command inside a fork hook, where Python swallows the exception.
        try:
            with held_back():  # a stop that comes meanwhile is raised as the block ends
                pool.submit(int).result()
        except BaseException:  # no caller holds the pool yet to end it
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return pool


class _Pool(ProcessPoolExecutor):
    """A process pool that, left by an exception (Ctrl-C, an error), drops the tasks not yet
    started instead of working through them: a stop waits only for the tasks under way."""

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> Literal[False]:
        self.shutdown(wait=True, cancel_futures=exc_type is not None)
        return False

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut the pool down whole: a stop signal arriving meanwhile is held back until it is
        done (a shutdown cut in the middle leaves Python 3.11 a closed pipe to write to at exit).
        The pool's own threads were started with the signals blocked, so nothing else takes it."""
        with held_back():
            super().shutdown(wait, cancel_futures=cancel_futures)


def _start_worker(
    parent: int, make_state: Callable[..., object] | None, args: tuple[Any, ...]
) -> None:
    # A forked worker inherits the command's handlers, which raise in the command's main thread;
    # here they would only turn a stop into a traceback per worker. TERM and HUP end a worker
    # (the pool also stops broken workers with TERM); Ctrl-C is the command's to handle.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # held back while the pool forked (see worker_pool)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if not die_with_parent():
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    # The parent may have died before the signal was set: then it will never come.
    if os.getppid() != parent:
        os._exit(1)
    if make_state is not None:
        global _state
        _state = make_state(*args)


_state: object = None
"""This worker process's state, made once at its start by `worker_pool`'s `make_state`: the one
module-level state of Morgue (with fork, what it is made from is inherited, not pickled)."""


def worker_state(kind: type[_S]) -> _S:
    """The state this worker process made at its start (see `worker_pool`), which must be a
    `kind`: what every task of a pool reads instead of a global of its own."""
    if not isinstance(_state, kind):
        raise RuntimeError(f"this worker holds no {kind.__name__} (not started by worker_pool?)")
    return _state


def die_with_parent() -> bool:
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
