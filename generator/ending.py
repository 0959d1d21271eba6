"""How the `morgue` command ends: without freeing what it built, object by object.

A build of 100,000 stories holds millions of objects (stories, pages, terms). Freeing them one
by one as the command returns, and the collector's passes over them, took about half a second of
an 8-second build after one edit (alternated runs, 7.7 s against 7.2 s). So a command keeps what
it built until the process ends (`keep_until_exit`), and the console script (`run`) ends the
process as soon as the command is done and its output flushed: the operating system takes the
memory back at once.

It does so only when nothing could still need Python's own shutdown: no other thread and no
child process left, no profiler or tracer (coverage, cProfile) that writes its results at exit,
and an exit code that is a number. Otherwise, or when the output cannot be flushed (a closed
pipe), Python ends as usual. Called in-process (tests, `CliRunner`), `main` ends as every click
command does.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn

_kept: list[object] = []
"""What the last command built, alive until the process ends (one value: a test process that
runs many commands keeps only the last)."""


def keep_until_exit(value: object) -> None:
    """Keep `value` alive, and out of the collector's sight, until the process ends."""
    _kept[:] = [value]
    gc.freeze()  # the collector would go through all of it again for nothing


def run(main: Callable[[], object]) -> NoReturn:
    """Run the command `main`, then end the process at once when nothing else needs ending."""
    try:
        main()
    except SystemExit as stop:
        code = 0 if stop.code is None else stop.code
    else:
        code = 0
    if isinstance(code, int) and _alone() and _flushed():
        os._exit(code)
    sys.exit(code)


def _alone() -> bool:
    """No other thread, no child process of `multiprocessing` and no profiler or tracer is
    left to wait for."""
    if threading.active_count() > 1 or sys.getprofile() or sys.gettrace():
        return False
    processes = sys.modules.get("multiprocessing")
    return processes is None or not processes.active_children()


def _flushed() -> bool:
    """Standard output and error are flushed (False when either cannot be)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return False
    return True
