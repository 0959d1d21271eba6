"""A watchdog observer that turns bursts of file events into one call of a callback.

An editor's save is three or four events (a temporary file, a rename, a modify); a `git checkout`
is hundreds. `Watcher` collects the paths and calls `on_change(paths)` once the events have been
quiet for `quiet` seconds (or `longest` seconds after the first, so a steady stream of events
still rebuilds). The callback runs on the watcher's own thread, one call at a time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

QUIET_SECONDS = 0.05
LONGEST_SECONDS = 1.0
# Editors' and tools' scratch files: saving them is not a change of the site.
_SCRATCH_SUFFIXES = (".swp", ".swx", ".swo", ".tmp", "~", ".part", ".crdownload")
_SCRATCH_PREFIXES = (".#", "#", ".~")


def is_scratch(path: Path) -> bool:
    """Whether `path` is an editor's or a copier's temporary file."""
    name = path.name
    return (
        name.endswith(_SCRATCH_SUFFIXES)
        or name.startswith(_SCRATCH_PREFIXES)
        or name == "4913"  # vim's probe file
        or (name.startswith(".") and ".tmp" in name)
    )


class Watcher:
    """Watches folders and single files; calls `on_change` with the paths of each settled burst."""

    def __init__(
        self,
        targets: Iterable[Path],
        on_change: Callable[[set[Path]], None],
        *,
        poll: bool = False,
        quiet: float = QUIET_SECONDS,
        longest: float = LONGEST_SECONDS,
    ) -> None:
        self._on_change = on_change
        self._quiet, self._longest = quiet, longest
        self._pending: set[Path] = set()
        self._first = self._last = 0.0
        self._wake = threading.Condition()
        self._stopping = False
        self._observer = PollingObserver(timeout=0.25) if poll else Observer()
        handler = _Collector(self._add)
        for target in targets:
            folder, recursive = (target, True) if target.is_dir() else (target.parent, False)
            folder.mkdir(parents=True, exist_ok=True)
            self._observer.schedule(handler, str(folder), recursive=recursive)
        self._thread = threading.Thread(target=self._run, name="morgue-watch", daemon=True)

    def start(self) -> None:
        """Start observing and calling back."""
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        """Stop observing; waits for a callback in progress to finish."""
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        self._observer.stop()
        self._observer.join(timeout=5)
        self._thread.join(timeout=30)

    def _add(self, paths: list[Path]) -> None:
        now = time.monotonic()
        with self._wake:
            if not self._pending:
                self._first = now
            self._pending.update(p for p in paths if not is_scratch(p))
            self._last = now
            self._wake.notify_all()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping:
                    if self._pending:
                        now = time.monotonic()
                        due = min(self._last + self._quiet, self._first + self._longest)
                        if now >= due:
                            break
                        self._wake.wait(due - now)
                    else:
                        self._wake.wait()
                if self._stopping:
                    return
                batch, self._pending = self._pending, set()
            self._on_change(batch)


class _Collector(FileSystemEventHandler):
    def __init__(self, add: Callable[[list[Path]], None]) -> None:
        self._add = add

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        paths = [Path(str(event.src_path))]
        if getattr(event, "dest_path", ""):
            paths.append(Path(str(event.dest_path)))
        self._add(paths)
