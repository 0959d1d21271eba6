"""An inbox folder: raw wire files that land in it are ingested once they are complete.

Every format ingest reads is accepted (plain text, RSS and Atom feeds, ninjs, NewsML-G2), by the
suffixes `morgue ingest` searches folders for (`ingest/sources.WIRE_SUFFIXES`).

A copy in progress grows for a while; a file is taken only after its size and modification time
have stayed the same for `settle` seconds. Ingest itself decides what a file becomes (a story, a
duplicate, a rejection), exactly as `morgue ingest` does; writing into `content/` then wakes the
site's own watcher, which rebuilds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from generator.ingest.pipeline import FileResult, ingest
from generator.ingest.sources import is_wire_name
from generator.preview.watcher import Watcher, is_scratch

SETTLE_SECONDS = 1.0


class Inbox:
    """Watches `folder` and ingests settled raw wire files into `content_dir`."""

    def __init__(
        self,
        folder: Path,
        content_dir: Path,
        *,
        on_result: Callable[[FileResult], None],
        poll: bool = False,
        settle: float = SETTLE_SECONDS,
    ) -> None:
        self.folder, self.content_dir = folder, content_dir
        self._on_result, self._settle = on_result, settle
        self._seen: dict[Path, tuple[tuple[int, int], float]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        folder.mkdir(parents=True, exist_ok=True)
        self._watcher = Watcher([folder], self._add, poll=poll)
        self._thread = threading.Thread(target=self._run, name="morgue-inbox", daemon=True)

    def start(self) -> None:
        """Take the files already waiting, then watch for new ones."""
        self._add({path for path in self.folder.rglob("*") if path.is_file()})
        self._watcher.start()
        self._thread.start()

    def stop(self) -> None:
        """Stop watching; an ingest in progress finishes first."""
        self._stop.set()
        self._watcher.stop()
        self._thread.join(timeout=60)

    def _add(self, paths: set[Path]) -> None:
        with self._lock:
            for path in paths:
                if is_wire_name(path.name) and not is_scratch(path):
                    self._seen.setdefault(path, ((-1, -1), time.monotonic()))

    def _run(self) -> None:
        while not self._stop.wait(min(0.25, self._settle / 2)):
            ready = self._settled()
            if ready:
                ingest(self.content_dir, ready, jobs=1, on_result=self._on_result)

    def _settled(self) -> list[Path]:
        """Files whose size and mtime have not changed for `settle` seconds."""
        now, ready = time.monotonic(), []
        with self._lock:
            for path, (signature, since) in list(self._seen.items()):
                try:
                    stat = path.stat()
                except FileNotFoundError:
                    del self._seen[path]  # moved away or deleted before it settled
                    continue
                current = (stat.st_size, stat.st_mtime_ns)
                if current != signature:
                    self._seen[path] = (current, now)
                elif now - since >= self._settle:
                    ready.append(path)
                    del self._seen[path]
        return sorted(ready, key=lambda p: p.name)
