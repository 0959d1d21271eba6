"""`morgue serve` over real HTTP, with a real watchdog observer: safety, types, live rebuilds."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.preview.hosts import host_policy
from generator.preview.server import EVENTS_PATH, LiveState, PreviewServer
from tests.servekit import STORY, STORY_URL, copy_site, running, serve, wait_until


def raw_get(url: str, path: str) -> int:
    """Send `path` exactly as written (no client-side normalisation); return the status."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


class Events:
    """The Server-Sent Events stream a page listens to."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
        request = f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n"
        self.sock.sendall(request.encode())
        self.buffer = b""

    def next(self, kind: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\n\n" in self.buffer:
                block, self.buffer = self.buffer.split(b"\n\n", 1)
                lines = dict(
                    line.split(": ", 1) for line in block.decode().splitlines() if ": " in line
                )
                if lines.get("event") == kind:
                    return json.loads(lines["data"])
            self.buffer += self.sock.recv(65536)
        raise AssertionError(f"no {kind} event")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site(tmp_path)


def test_serves_the_site_with_the_right_types_and_never_outside_it(site: Path) -> None:
    (site / "static").mkdir(exist_ok=True)
    with serve(site) as served:
        assert served.url.startswith("http://127.0.0.1:")
        status, headers, body = served.get()
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert b"The Wire Morgue" in body and b"/__morgue__/livereload.js" in body
        for path, kind in [
            ("feed.xml", "application/xml; charset=utf-8"),  # so that its XSL applies
            ("assets/feed.xsl", "application/xslt+xml"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("assets/style.css", "text/css; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
        ]:
            status, headers, _ = served.get(path)
            assert (status, headers["Content-Type"]) == (200, kind), path
        status, _, body = served.get("no/such/page/")
        assert status == 404 and b"not in the archive" in body.lower()
        output = site / ".morgue-preview" / "site"
        (output / "escape").symlink_to("/etc")
        for path in (
            "/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc/passwd",
            "/escape/passwd",
            "/%2e%2e%5c%2e%2e%5cetc%5cpasswd",
        ):
            assert raw_get(served.url, path) == 404, path
        # The script goes into served pages only, never into the built files.
        assert b"livereload" not in (output / "index.html").read_bytes()
        status, headers, _ = served.get("2025/03/18/moscow-has-not-lost-hope-of-ceasefire")
        assert status == 200  # a folder without its slash is redirected to it


def test_an_edit_is_rebuilt_and_announced_to_open_pages(site: Path) -> None:
    with serve(site) as served:
        events = Events(served.url)
        events.next("hello")
        story = site / STORY
        story.write_text(
            story.read_text(encoding="utf-8").replace("title: ", "title: Kremlin still hopes, ", 1),
            encoding="utf-8",
        )
        urls = events.next("reload")["urls"]
        assert "/" + STORY_URL in urls
        assert len(urls) < 60  # the story and the pages that list it, not the whole site
        _, _, body = served.get(STORY_URL)
        assert b"Kremlin still hopes" in body
        served.wait_for_line(r"re-rendered")
        events.close()


def test_a_broken_story_keeps_the_last_good_site_and_reports_file_and_line(site: Path) -> None:
    with serve(site) as served:
        events = Events(served.url)
        events.next("hello")
        story = site / STORY
        good = story.read_text(encoding="utf-8")
        story.write_text(good.replace("title: ", "title: [unclosed ", 1), encoding="utf-8")
        failure = events.next("failure")
        # Site-relative, in the overlay and in the log: where the site lives is nobody's business.
        assert failure["file"] == STORY and failure["line"] == 3
        assert "YAML" in failure["message"] and str(site) not in failure["message"]
        logged = served.wait_for_line(r"^error: ")
        assert logged.startswith(f"error: {STORY}:3: ") and str(site) not in logged
        status, _, body = served.get(STORY_URL)
        assert status == 200 and b"Moscow" in body  # the last good page
        story.write_text(good.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
        events.next("reload")
        assert b"Fixed " in served.get(STORY_URL)[2]
        events.close()


def test_a_request_during_a_rebuild_waits_for_it(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("old", encoding="utf-8")
    live = LiveState(root=tmp_path)
    server = PreviewServer(("127.0.0.1", 0), live)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    answers: list[bytes] = []
    try:
        with live.rebuilding():
            asking = threading.Thread(
                target=lambda: answers.append(
                    __import__("urllib.request").request.urlopen(server.url, timeout=10).read()
                )
            )
            asking.start()
            time.sleep(0.5)
            assert answers == []  # still waiting
            (tmp_path / "index.html").write_text("new", encoding="utf-8")
        asking.join(timeout=10)
        assert answers and answers[0].startswith(b"new")
    finally:
        server.shutdown()
        server.server_close()


def test_a_burst_of_requests_during_a_slow_rebuild_is_answered_at_once(site: Path) -> None:
    theme = Path(__file__).parents[1] / "generator" / "theme" / "templates" / "base.html"
    # A template that makes each page cost a few milliseconds: a rebuild of every page that takes
    # a second or two, during which 200 requests (a page and its assets, many tabs) arrive.
    busy = (
        "{% set n = namespace(x=0) %}{% for i in range(20000) %}{% set n.x = n.x + i %}{% endfor %}"
    )
    with serve(site) as served:
        (site / "templates").mkdir(exist_ok=True)
        slow = theme.read_text(encoding="utf-8").replace("<body>", "<body>" + busy, 1)
        (site / "templates" / "base.html").write_text(slow, encoding="utf-8")
        time.sleep(0.5)  # the watcher's quiet moment: the rebuild starts
        start = threading.Barrier(200)
        answers: list[tuple[object, float]] = []

        def ask() -> None:
            start.wait()
            began = time.monotonic()
            try:
                status: object = served.ask("/")[0]
            except OSError as error:  # a connection dropped or timed out
                status = repr(error)
            answers.append((status, time.monotonic() - began))

        askers = [threading.Thread(target=ask) for _ in range(200)]
        for asker in askers:
            asker.start()
        for asker in askers:
            asker.join(timeout=60)
        served.wait_for_line(r"re-rendered")
        # With a listen backlog of 5, dropped connections were retried for up to a minute.
        assert [status for status, _ in answers] == [200] * 200
        assert max(took for _, took in answers) < 15


def test_an_overlong_or_impossible_path_is_refused_and_serving_goes_on(site: Path) -> None:
    with serve(site) as served:
        assert served.ask("/" + "a" * 10_000)[0] == 414
        assert served.ask("/" + "b" * 300 + "/")[0] == 404  # too long a name for the file system
        assert served.get(STORY_URL)[0] == 200
        served.process.send_signal(signal.SIGINT)
        served.process.wait(timeout=20)
        assert "Traceback" not in "\n".join(served.rest())


def test_only_this_machines_names_are_answered(site: Path) -> None:
    with serve(site, "--allow-host", "archive.test") as served:
        port = urlsplit(served.url).port or 0
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "archive.test"):
            assert served.ask("/", {"Host": host})[0] == 200, host
            assert served.ask(EVENTS_PATH, {"Host": host})[0] == 200, host
        # A page of evil.example whose name now points at 127.0.0.1 (DNS rebinding).
        for host in (f"evil.example:{port}", "localhost.evil.example", "", "evil@localhost"):
            for path in ("/", "/" + STORY_URL, EVENTS_PATH, "/__morgue__/livereload.js"):
                assert served.ask(path, {"Host": host})[0] in (400, 421), (host, path)
        # The event stream also refuses a page of another origin, even on a local name.
        own = {"Host": f"localhost:{port}"}
        for origin in ("http://evil.example", f"http://127.0.0.1:{port + 1}", "null"):
            assert served.ask(EVENTS_PATH, {**own, "Origin": origin})[0] == 403, origin
        status, body = served.ask(EVENTS_PATH, {**own, "Origin": f"http://localhost:{port}"})
        assert status == 200 and body.startswith(b"event: hello")


def test_a_server_on_every_interface_answers_its_addresses_but_no_foreign_name() -> None:
    hosts = host_policy("0.0.0.0", "0.0.0.0", ["preview.newsroom.test"])
    assert hosts.allows("192.168.1.20:8000") and hosts.allows("[fe80::1]:8000")
    assert hosts.allows("preview.newsroom.test:8000") and hosts.allows("LOCALHOST")
    assert not hosts.allows("evil.example:8000") and not hosts.allows(None)


def test_ctrl_c_stops_cleanly(site: Path) -> None:
    with serve(site) as served:
        served.process.send_signal(signal.SIGINT)
        code = served.process.wait(timeout=20)
        output = "\n".join(served.rest())
        assert code == 130, output  # the conventional exit code of a Ctrl-C
        assert "Stopping" in output and "Traceback" not in output


def test_the_inbox_ingests_complete_files_only(site: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    raw = (Path(__file__).parent / "cases" / "wire" / "tel_aviv_utf8.txt").read_bytes()
    with serve(site, "--inbox", str(inbox)) as served:
        target = inbox / "042_00000000000000aa.txt"
        with target.open("wb") as handle:  # a copy in progress
            handle.write(raw[:60])
            handle.flush()
            time.sleep(0.6)
            assert not list((site / "content" / "stories").rglob("sirens*.md"))
            handle.write(raw[60:])
        served.wait_for_line(r"inbox: ingested: 042_00000000000000aa.txt")
        served.wait_for_line(r"re-rendered")
        # A rebuild the watcher started while ingest was still writing (the vocabularies before
        # the story) may be the one that said "re-rendered": the next one shows the story.
        wait_until(lambda: b"Sirens sounded" in served.get()[2], 30, "the story on the home page")
        _, _, home = served.get()
        assert b"Sirens sounded across central Israel" in home
        [story] = (site / "content" / "stories" / "2023").rglob("*.md")
        assert "Sirens sounded across central Israel" in story.read_text(encoding="utf-8")


def test_the_inbox_accepts_every_format(site: Path, tmp_path: Path) -> None:
    formats = Path(__file__).parent / "cases" / "formats"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = [
        "ap_kyiv.txt",
        "newsroom.atom",
        "partner-world.rss",
        "agency-energy.ninjs.json",
        "agency-newsitem.xml",
    ]
    with serve(site, "--inbox", str(inbox)) as served:
        for name in names:
            (inbox / name).write_bytes((formats / name).read_bytes())
        waiting = set(names)
        while waiting:  # in whatever order the files settle
            line = served.wait_for_line(r"inbox: ingested: ")
            waiting.discard(line.split("inbox: ingested: ", 1)[1].split(" ")[0])
    titles = [path.stem for path in (site / "content" / "stories").rglob("*.md")]
    for slug in (
        "russian-drones-strike",
        "nasa-and-isro",
        "city-council-approves",
        "india-beat-australia",
        "germany-agrees-gas-storage",
        "raducanu-names-new-coach",
    ):
        assert any(title.startswith(slug) for title in titles), (slug, titles)


def test_watch_rebuilds_public_on_each_change(site: Path) -> None:
    with running(["watch", "--site", str(site)], r"^Watching ") as watching:
        story = site / STORY
        story.write_text(
            story.read_text(encoding="utf-8").replace("title: ", "title: Watched ", 1),
            encoding="utf-8",
        )
        watching.wait_for_line(r"re-rendered")
        page = site / "public" / STORY_URL / "index.html"
        assert "Watched " in page.read_text(encoding="utf-8")
        assert "livereload" not in page.read_text(encoding="utf-8")
