"""Time a preview server: from saving a story to the changed page being served.

The server is started as a child process; its URL is read from its output; the story page is
fetched until it answers; then a marker sentence is appended to the story's Markdown file and the
page is polled until the marker shows up. Used for Morgue's ``serve`` and Hugo's ``server``.
"""

from __future__ import annotations

import re
import socket
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

URL_PATTERN = re.compile(r"https?://(?:localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)(?::\d+)?/?")
POLL_SECONDS = 0.01


class ServeFailed(RuntimeError):
    """The server did not start, did not serve the page, or never showed the edit."""


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


class _OutputReader:
    """Collects a child's merged output in a thread and finds the first local URL in it."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.lines: list[str] = []
        self.url: str | None = None
        self.found = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip()
            self.lines.append(line)
            match = URL_PATTERN.search(line)
            if match and self.url is None:
                self.url = match.group(0).replace("0.0.0.0", "127.0.0.1").rstrip("/")
                self.found.set()
        self.found.set()


def _wait_for(url: str, predicate: str | None, deadline: float) -> bool:
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and (predicate is None or predicate in body):
            return True
        time.sleep(POLL_SECONDS)
    return False


def measure_reload(
    command: Sequence[str],
    story_file: Path,
    story_url: str,
    trials: int = 3,
    start_timeout: float = 600.0,
    change_timeout: float = 120.0,
) -> dict[str, object]:
    """Start `command`, then `trials` times: append a marker to `story_file`, time until the page
    at site path `story_url` contains it. Return {"ms": median, "trials_ms": [...]}.
    """
    proc = subprocess.Popen(
        list(command), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    reader = _OutputReader(proc)
    try:
        started = time.monotonic()
        reader.found.wait(start_timeout)
        if reader.url is None:
            raise ServeFailed(
                f"no URL in the output of {' '.join(command)} (exit code {proc.poll()}):\n"
                + "\n".join(reader.lines[-20:])
            )
        page = reader.url + story_url
        if not _wait_for(page, None, started + start_timeout):
            raise ServeFailed(f"{page} was never served:\n" + "\n".join(reader.lines[-20:]))
        times: list[float] = []
        for trial in range(trials):
            marker = f"Serve check {trial} {time.time_ns()}"
            time.sleep(0.3)  # let a watcher settle, so each save is a separate change
            saved = time.perf_counter()
            with open(story_file, "a", encoding="utf-8") as handle:
                handle.write(f"\n{marker}.\n")
            if not _wait_for(page, marker, time.monotonic() + change_timeout):
                raise ServeFailed(
                    f"{page} never showed the edit:\n" + "\n".join(reader.lines[-20:])
                )
            times.append((time.perf_counter() - saved) * 1000)
        return {"ms": round(statistics.median(times), 1), "trials_ms": [round(t, 1) for t in times]}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
