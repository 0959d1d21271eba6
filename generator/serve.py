"""The preview server: serves a folder over HTTP, with live reload; knows nothing about stories.

It serves only files inside its root (no `..`, no encoded `%2e%2e`, no symlink out), makes a
request that arrives during a rebuild wait for it, and pushes Server-Sent Events to the pages it
served: `reload` with the URLs a rebuild changed, `failure` with the file, line and message of a
failed rebuild (the page shows an overlay and the last good site stays served), `ok` when fixed.
The live-reload script is added to HTML responses only here, never to built files.
"""

from __future__ import annotations

import json
import mimetypes
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

EVENTS_PATH = "/__morgue__/events"
SCRIPT_PATH = "/__morgue__/livereload.js"
_SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
_LIVERELOAD_JS = (Path(__file__).parent / "theme" / "livereload.js").read_bytes
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
}
_HEARTBEAT_SECONDS = 15.0


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
        """Tell every open page that the rebuild failed: they show an overlay."""
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

    def __init__(self, address: tuple[str, int], state: LiveState) -> None:
        super().__init__(address, _Handler)
        self.state = state

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
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events()
            return
        if path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, _TYPES[".js"], _LIVERELOAD_JS(), head)
            return
        state = self.server.state
        state.wait_for_build()
        file = resolve(state.root, path)
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
        page = self.server.state.root / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>Not found</title>"
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
    except OSError:
        return None
    if real != real_root and real_root not in real.parents:
        return None  # a symlink pointing out of the site
    return candidate if candidate.exists() else None


def content_type(path: Path) -> str:
    """The Content-Type of a served file."""
    if path.name.endswith("feed.xml"):
        return "application/atom+xml; charset=utf-8"
    suffix = path.suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def inject_script(body: bytes) -> bytes:
    """Add the live-reload script to an HTML page, before `</body>` (or at its end)."""
    at = body.rfind(b"</body>")
    return body + _SCRIPT_TAG if at < 0 else body[:at] + _SCRIPT_TAG + body[at:]
