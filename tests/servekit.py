"""A real `morgue serve` in a subprocess, for the preview server's tests."""

from __future__ import annotations

import http.client
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.golden import SITES

STORY = "content/stories/2025/03/18/moscow-has-not-lost-hope-of-ceasefire.md"
STORY_URL = "2025/03/18/moscow-has-not-lost-hope-of-ceasefire/"


def copy_site(tmp_path: Path, name: str = "basic") -> Path:
    """A copy of a fixture site whose files look saved long ago, as an archive's are."""
    site = tmp_path / name
    shutil.copytree(SITES / name, site)
    past = time.time() - 3600
    for path in site.rglob("*"):
        os.utime(path, (past, past))
    return site


class Served:
    """A running `morgue serve`: its URL and every line it printed."""

    def __init__(self, process: subprocess.Popen[str], url: str, lines: queue.Queue[str]) -> None:
        self.process, self.url, self._lines = process, url, lines
        self.output: list[str] = []

    def get(self, path: str = "") -> tuple[int, dict[str, str], bytes]:
        """GET a path of the site: (status, headers, body)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def ask(self, target: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """Send `target` exactly as written with these headers (a `Host` of our own replaces the
        real one): (status, the start of the body). Never waits for an event stream to end."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        try:
            headers = headers or {}
            connection.putrequest("GET", target, skip_host="Host" in headers)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read1(4096)
        finally:
            connection.close()

    def rest(self) -> list[str]:
        """Every line printed and not yet read (call after the process ended)."""
        while True:
            try:
                self.output.append(self._lines.get(timeout=1))
            except queue.Empty:
                return self.output

    def wait_for_line(self, pattern: str, timeout: float = 30) -> str:
        """The next printed line matching `pattern` (a regex)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.output.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {self.output}")


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@contextmanager
def serve(site: Path, *args: str) -> Iterator[Served]:
    """Start `morgue serve --port 0` on `site`; stop it with Ctrl-C (SIGINT) afterwards."""
    with running(
        ["serve", "--site", str(site), "--port", "0", *args], r"^Serving .* at http://"
    ) as served:
        served.url = served.output[-1].split(" at ", 1)[1].split(" ")[0]
        yield served


@contextmanager
def running(
    args: list[str],
    ready: str,
    *,
    morgue: Path | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Iterator[Served]:
    """Start `morgue ARGS` (this environment's `morgue` unless another is named), wait for a line
    matching `ready`; Ctrl-C (SIGINT) it afterwards."""
    command = morgue or Path(sys.executable).with_name("morgue")
    process = subprocess.Popen(
        [str(command), *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    served = Served(process, "", lines)
    try:
        served.wait_for_line(ready, timeout=60)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
