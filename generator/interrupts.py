"""Stopping a command on Ctrl-C, SIGTERM or a hang-up: cleanly, with the conventional exit code.

The first signal raises `Interrupted` in the main thread, so the command stops at the next Python
statement and its cleanup runs (`finally` blocks, staged output removed, pools shut down, the
ledger written); the command then prints what it completed. A second signal stops the process at
once (the signals are back to their default action), as a user pressing Ctrl-C again expects; the
workers of its pools end with it (see `workers.py`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

_T = TypeVar("_T")

STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that stop a command: Ctrl-C, a service manager's TERM, the terminal going away."""


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread when a stop signal arrives; a KeyboardInterrupt, so that code
    which already cleans up after Ctrl-C does so after TERM and a hang-up too."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        """The signal that asked the command to stop."""

    @property
    def exit_code(self) -> int:
        """The exit code of a process stopped by this signal: 130 for Ctrl-C, 143 for TERM."""
        return exit_code(self.signum)


def exit_code(signum: int) -> int:
    """The conventional exit code of a command stopped by signal `signum` (128 + its number)."""
    return 128 + signum


def signal_name(signum: int) -> str:
    """How a user knows the signal: Ctrl-C for SIGINT, else its name (SIGTERM, SIGHUP)."""
    if signum == signal.SIGINT:
        return "Ctrl-C"
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


class StopRequest:
    """Which stop signal arrived, if one did (shared between the handler and the command)."""

    def __init__(self) -> None:
        self.signum: int | None = None
        """The first stop signal received, or None."""


@contextlib.contextmanager
def stop_on_signals() -> Iterator[StopRequest]:
    """Within the block, the first stop signal raises `Interrupted` in the main thread and a
    second one ends the process at once. Signals ignored on entry (nohup, a background job)
    stay ignored. Outside the main thread, where Python allows no handlers, it does nothing."""
    request = StopRequest()
    if threading.current_thread() is not threading.main_thread():
        yield request
        return

    def on_signal(signum: int, frame: object) -> None:
        request.signum = signum
        for number in handled:  # a second signal: stop now, no more cleanup
            signal.signal(number, signal.SIG_DFL)
        raise Interrupted(signum)

    def on_unraisable(unraisable: Any) -> None:
        # A stop raised where Python must ignore exceptions (a fork hook, a finaliser) is
        # lost; the command runs on and says so at its end. It is no error to show a trace of.
        if not isinstance(unraisable.exc_value, Interrupted):
            unraisable_before(unraisable)

    unraisable_before = sys.unraisablehook
    sys.unraisablehook = on_unraisable
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    handled = [number for number, old in previous.items() if old != signal.SIG_IGN]
    for number in handled:
        signal.signal(number, on_signal)
    try:
        yield request
    finally:
        sys.unraisablehook = unraisable_before
        if request.signum is None:  # after a stop, the process is ending: keep SIG_DFL
            for number in handled:
                signal.signal(number, previous[number])


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Within the block, a stop signal waits: it is raised as the block ends, so that what the
    block does (write a story and report it) is done whole or not at all. It holds only where
    no other thread of the process takes the signal: the main thread, with pool threads
    started while signals were held back (see `workers.py`)."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not POSIX
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def run_stoppably(run: Callable[[], _T]) -> _T:
    """Run a command inside `stop_on_signals`. When a signal stopped it, exit with the signal's
    code (whatever error the stop caused on the way, e.g. a worker killed by the same TERM),
    printing one line instead of a traceback unless the command printed its own summary."""
    with stop_on_signals() as request:
        try:
            result = run()
        except SystemExit as done:  # the command printed its summary and chose an exit code
            if request.signum is None:
                raise
            if done.code != exit_code(request.signum):  # not the command's own "interrupted"
                # The stop was swallowed where Python ignores exceptions (a fork hook, a
                # finaliser) and the command ran to its end: its summary is the whole truth.
                _say(f"interrupted ({signal_name(request.signum)}) as it finished its work")
        except KeyboardInterrupt:  # Interrupted, or Python's own before the handlers were set
            request.signum = request.signum or signal.SIGINT
            _say(f"interrupted ({signal_name(request.signum)}): stopped before it finished")
        except Exception:
            if request.signum is None:
                raise
            _say(f"interrupted ({signal_name(request.signum)}): stopped before it finished")
        else:
            if request.signum is None:
                return result
            _say(f"interrupted ({signal_name(request.signum)}) as it finished its work")
    _leave_quietly()
    sys.exit(exit_code(request.signum))


def _say(line: str) -> None:
    # The terminal may be gone (a hang-up): nothing to tell then, and nothing to fail on.
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


def _leave_quietly() -> None:
    """Flush the output now; if the terminal is gone, send the rest nowhere, so that the exit
    code stays the signal's (Python exits with 120 when it cannot flush at exit)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            stream.flush()
        except (OSError, ValueError):
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 - lives until the exit
