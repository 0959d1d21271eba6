"""A Pagefind indexing process, spoken to directly: records in, a written index out.

Pagefind's binary has a service mode (`pagefind --service`): requests and answers are JSON,
base64-encoded, each ended by a comma, on its stdin and stdout. The `pagefind` Python package
speaks it too, but waits a tenth of a second before reading each answer: one record at a time,
10,000 stories take over 15 minutes. Here every record is written at once from one thread while
the answers are read in another, so indexing costs what Pagefind's own work costs (about 1 ms a
story). The binary itself still comes from the package (`pagefind[bin]`), or PAGEFIND_BINARY_PATH.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.workers import die_with_parent


class PagefindError(Exception):
    """Pagefind could not be started, refused a request, or stopped."""


def executable() -> Path:
    """The Pagefind binary, found where the `pagefind` package looks (`PAGEFIND_BINARY_PATH`,
    the `pagefind_bin_extended` or `pagefind_bin` wheel, then the PATH), without importing
    `pagefind.service`: it loads asyncio for its own client, a tenth of an edit build's time."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    for wheel in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found: Path = importlib.import_module(wheel).get_executable()
        except ImportError:
            continue
        return found
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    if on_path is None:
        raise PagefindError(
            "search needs Pagefind: pip install 'pagefind[bin]' (or set search = false in "
            "site.toml)"
        )
    return Path(on_path)


class PagefindProcess:
    """One `pagefind --service` process; use it in a `with` block, which always ends it."""

    def __init__(self) -> None:
        binary = executable()
        linux = sys.platform.startswith("linux")
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                # Never outlives the command, even one killed with -9.
                preexec_fn=die_with_parent if linux else None,
            )
        except OSError as exc:
            raise PagefindError(f"cannot start Pagefind: {exc}") from None
        self._next_id = 0
        self._buffer = b""

    def __enter__(self) -> PagefindProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        if self._process.stdout is not None:
            self._process.stdout.close()  # here, in the one thread that reads it

    def close(self) -> None:
        """End the process, whatever state it is in (from any thread: a reader waiting on it
        then sees its end)."""
        process = self._process
        if process.poll() is None:
            process.kill()
        process.wait()
        if process.stdin is not None:
            with contextlib.suppress(OSError):  # a writer may have left a request half-sent
                process.stdin.close()

    def new_index(self, language: str) -> int:
        """A new, empty index in this process; its id."""
        config = {"force_language": language}
        answer = self._ask([{"type": "NewIndex", "config": config}])[0]
        return int(answer["index_id"])

    def add_records(self, index: int, records: Iterable[dict[str, Any]]) -> int:
        """Add records (url, content, language, meta, filters, sort) to an index, all sent at
        once; the number added."""
        requests = ({"type": "AddRecord", "index_id": index, **record} for record in records)
        return len(self._ask(requests))

    def write(self, index: int, folder: Path) -> None:
        """Write the index's files (a Pagefind bundle) into `folder`."""
        self._ask([{"type": "WriteFiles", "index_id": index, "output_path": str(folder)}])

    def _ask(self, requests: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send every request from a thread of its own and read the answers here, in order."""
        payloads = list(requests)

        def send() -> None:
            stdin = self._process.stdin
            assert stdin is not None
            try:
                for payload in payloads:
                    self._next_id += 1
                    message = {"message_id": self._next_id, "payload": payload}
                    stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
                stdin.flush()
            except (OSError, ValueError):  # the process is gone: reading says why
                pass

        writer = threading.Thread(target=send, name="pagefind-requests", daemon=True)
        writer.start()
        try:
            answers = [self._answer() for _ in payloads]
        except BaseException:
            self.close()  # the writer may block on a full pipe: ending the process frees it
            raise
        finally:
            writer.join()
        return answers

    def _answer(self) -> dict[str, Any]:
        """The next answer; a refusal or the end of the process is a `PagefindError`."""
        message = json.loads(base64.b64decode(self._message()))
        payload: dict[str, Any] = message.get("payload") or {}
        if payload.get("type") == "Error":
            raise PagefindError(f"Pagefind refused a request: {payload.get('message', '')}")
        return payload

    def _message(self) -> bytes:
        stdout = self._process.stdout
        assert isinstance(stdout, io.BufferedReader)  # Popen's default buffering
        while (end := self._buffer.find(b",")) < 0:
            chunk = stdout.read1(1 << 20)
            if not chunk:
                raise PagefindError(f"Pagefind stopped ({self._exit_text()}); out of memory?")
            self._buffer += chunk
        message, self._buffer = self._buffer[:end], self._buffer[end + 1 :]
        return message

    def _exit_text(self) -> str:
        try:
            return f"exit code {self._process.wait(timeout=1)}"
        except subprocess.TimeoutExpired:
            return "it stopped answering"
