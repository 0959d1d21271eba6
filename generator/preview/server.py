"""The preview server: serves a folder over HTTP, with live reload; knows nothing about stories.

It serves only files inside its root (no `..`, no encoded `%2e%2e`, no symlink out), makes a
request that arrives during a rebuild wait for it, and pushes Server-Sent Events to the pages it
served: `reload` with the URLs a rebuild changed, `failure` with the file, line and message of a
failed rebuild (the page shows an overlay and the last good site stays served), `ok` when fixed.
The live-reload script is added to HTML responses only here, never to built files.

It answers only to the Host names it was started for (local names unless `--host` or
`--allow-host` say otherwise): a page of another site whose name was rebound to 127.0.0.1 (DNS
rebinding) gets 421, and the event stream also refuses a foreign Origin.
"""

from __future__ import annotations

import json
import mimetypes
import os
import queue
import socket
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from generator.pages.theme import LIVERELOAD_SCRIPT, THEME_DIR
from generator.preview.hosts import host_policy

EVENTS_PATH = "/__morgue__/events"
SCRIPT_PATH = "/__morgue__/livereload.js"
_SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
_LIVERELOAD_JS = LIVERELOAD_SCRIPT.read_bytes
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".xsl": "application/xslt+xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}
_HEARTBEAT_SECONDS = 15.0
MAX_TARGET = 8192
"""Longest request target (path and query) answered; longer ones get 414, as nginx does."""


@dataclass
class LiveState:
    """What the server shares between its request threads and the rebuild thread."""

    root: Path
    """The folder served."""
    building: bool = False
    """True while a rebuild runs: requests wait until it ends."""
    failure: dict[str, object] | None = None
    """The last rebuild's error (file, line, message), None when it succeeded."""
    condition: threading.Condition = field(default_factory=threading.Condition)
    """Guards the fields above and wakes waiting requests."""
    listeners: list[queue.SimpleQueue[bytes | None]] = field(default_factory=list)
    """One queue per open event stream."""

    @contextmanager
    def rebuilding(self) -> Iterator[None]:
        """Hold requests while the body runs."""
        with self.condition:
            self.building = True
        try:
            yield
        finally:
            with self.condition:
                self.building = False
                self.condition.notify_all()

    def wait_for_build(self, timeout: float = 60.0) -> None:
        """Block until no rebuild runs (a request must see the new site, not a half-done one)."""
        with self.condition:
            self.condition.wait_for(lambda: not self.building, timeout)

    def publish_reload(self, urls: list[str]) -> None:
        """Tell every open page which URLs changed; pages showing one of them reload."""
        with self.condition:
            self.failure = None
        self._send("reload", {"urls": urls})

    def publish_failure(self, file: str, line: int, message: str) -> None:
        """Tell every open page that the rebuild failed: they show an overlay.

        `file` should be site-relative (see `relative_paths`); an absolute one is cut to its name,
        so that the page never learns where the site lives on this machine.
        """
        file = Path(file).name if os.path.isabs(file) else file
        failure = {"file": file, "line": line, "message": message}
        with self.condition:
            self.failure = failure
        self._send("failure", failure)

    def close(self) -> None:
        """End every event stream (the server is stopping)."""
        with self.condition:
            listeners, self.listeners = self.listeners, []
        for listener in listeners:
            listener.put(None)

    def _send(self, event: str, data: dict[str, object]) -> None:
        message = f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()
        with self.condition:
            listeners = list(self.listeners)
        for listener in listeners:
            listener.put(message)


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server over a `LiveState`."""

    daemon_threads = True
    allow_reuse_address = True
    # A burst of requests during a rebuild must wait in the queue, not be dropped: a backlog of 5
    # left clients retrying their connection for a minute.
    request_queue_size = socket.SOMAXCONN

    def __init__(
        self, address: tuple[str, int], state: LiveState, allowed_hosts: Iterable[str] = ()
    ) -> None:
        super().__init__(address, _Handler)
        self.state = state
        bound = self.server_address[0]
        self.hosts = host_policy(address[0], str(bound), allowed_hosts)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """A client that went away is not an error worth a traceback; anything else is a bug."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        address, port = self.server_address[:2]
        host = address.decode() if isinstance(address, bytes | bytearray) else str(address)
        return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a preview server's access log is noise."""

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        refusal = self._refusal()
        if refusal is not None:
            self._send(refusal[0], _TYPES[".txt"], refusal[1].encode() + b"\n", head)
            return
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            if not self.server.hosts.allows_origin(self.headers["Origin"], self.headers["Host"]):
                self._send(HTTPStatus.FORBIDDEN, _TYPES[".txt"], b"Foreign origin\n", head)
                return
            self._events()
            return
        if path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, _TYPES[".js"], _LIVERELOAD_JS(), head)
            return
        state = self.server.state
        state.wait_for_build()
        try:
            self._serve_file(state.root, path, head)
        except OSError:  # a name too long for the file system, a file gone mid-request
            self._not_found(head)

    def _refusal(self) -> tuple[HTTPStatus, str] | None:
        """Why a request is refused before anything is looked up, or None."""
        if len(self.path) > MAX_TARGET:
            return HTTPStatus.REQUEST_URI_TOO_LONG, "Request target too long"
        if not self.path.startswith("/"):
            return HTTPStatus.BAD_REQUEST, "Request target must be a path"
        if not self.server.hosts.allows(self.headers["Host"]):
            return (
                HTTPStatus.MISDIRECTED_REQUEST,
                "This preview does not answer to that host name (morgue serve --allow-host NAME)",
            )
        return None

    def _serve_file(self, root: Path, path: str, head: bool) -> None:
        file = resolve(root, path)
        if file is None:
            self._not_found(head)
            return
        if file.is_dir():
            if not path.endswith("/"):
                self._redirect(path + "/")
                return
            file = file / "index.html"
            if not file.is_file():
                self._not_found(head)
                return
        self._send(HTTPStatus.OK, content_type(file), file.read_bytes(), head)

    def _not_found(self, head: bool) -> None:
        try:
            body = (self.server.state.root / "404.html").read_bytes()
        except OSError:
            body = b"<!doctype html><title>Not found</title>"
        self._send(HTTPStatus.NOT_FOUND, _TYPES[".html"], body, head)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, kind: str, body: bytes, head: bool) -> None:
        if kind.startswith("text/html"):
            body = inject_script(body)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self) -> None:
        state = self.server.state
        listener: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        with state.condition:
            state.listeners.append(listener)
            failure = state.failure
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        # A page opened while the site is broken shows the overlay at once.
        first = ("failure", failure) if failure else ("hello", {})
        try:
            self.wfile.write(f"event: {first[0]}\ndata: {json.dumps(first[1])}\n\n".encode())
            self.wfile.flush()
            while True:
                try:
                    message = listener.get(timeout=_HEARTBEAT_SECONDS)
                except queue.Empty:
                    message = b": heartbeat\n\n"  # finds closed connections
                if message is None:
                    return
                self.wfile.write(message)
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return
        finally:
            with state.condition:
                if listener in state.listeners:
                    state.listeners.remove(listener)


def resolve(root: Path, url_path: str) -> Path | None:
    """The file for a URL path inside `root`, or None if it is missing or would leave `root`."""
    decoded = unquote(url_path)
    if "\x00" in decoded or "\\" in decoded:
        return None
    parts = [part for part in decoded.split("/") if part not in ("", ".")]
    if any(part == ".." for part in parts):
        return None
    candidate = root.joinpath(*parts)
    try:
        real = Path(os.path.realpath(candidate))
        real_root = Path(os.path.realpath(root))
        if real != real_root and real_root not in real.parents:
            return None  # a symlink pointing out of the site
        return candidate if candidate.exists() else None
    except OSError:  # a name too long for the file system, a folder that cannot be read
        return None


def relative_paths(text: str, root: Path) -> str:
    """`text` with each path inside the site `root` written relative to it (`content/...md:12`),
    and each of the built-in theme as `theme/...`: failure messages go to pages and the log."""
    for folder, label in ((root, ""), (THEME_DIR, "theme/")):
        for prefix in dict.fromkeys((str(folder), os.path.realpath(folder))):
            text = text.replace(prefix + os.sep, label)
    return text


def content_type(path: Path) -> str:
    """The Content-Type of a served file."""
    # Feeds as XML, as static hosts serve `.xml`: a browser then applies the feed's XSL
    # stylesheet and shows a page (given application/atom+xml, Chromium shows the raw text);
    # feed readers read the same bytes either way.
    suffix = path.suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def inject_script(body: bytes) -> bytes:
    """Add the live-reload script to an HTML page, before `</body>` (or at its end)."""
    at = body.rfind(b"</body>")
    return body + _SCRIPT_TAG if at < 0 else body[:at] + _SCRIPT_TAG + body[at:]
