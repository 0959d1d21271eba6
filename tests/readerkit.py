"""A generated archive as a reader meets it, for the reader's browser tests and the screenshots
script (`bench/screenshots.py`): built, served over HTTP from 127.0.0.1, with one URL of each
kind of page, and axe-core's accessibility check run in the page.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.build.pipeline import build
from generator.config import load_config
from tests.sitegen import make_site

TESTS = Path(__file__).parent
AXE = TESTS / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
"""axe-core from npm (`make a11y` installs the version `tests/a11y/package-lock.json` pins)."""
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def build_reader_site(root: Path, stories: int = 400) -> Path:
    """A generated archive of `stories` stories over two years (10 a numbered page), built with
    search into `root/public`; returns the output folder."""
    site = make_site(root / "site", stories, people=60, topics=12, years=2, per_page=10)
    out = root / "public"
    report = build(load_config(site, output_dir=str(out)), jobs=2)
    assert report.ok, report.errors
    return out


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves a built site without logging every request."""

    extensions_map = {  # noqa: RUF012 (the base class's own attribute)
        **SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml",
        ".xsl": "application/xslt+xml",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` at http://127.0.0.1:<free port> while the block runs; yields that URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _first(out: Path, pattern: str) -> str:
    """The URL of the first (sorted) page whose output path matches `pattern`."""
    found = sorted(out.glob(pattern))
    assert found, pattern
    return "/" + found[0].parent.relative_to(out).as_posix() + "/"


def page_kinds(out: Path) -> dict[str, str]:
    """One URL of each kind of page of a built site: kind -> site URL."""
    kinds = {
        "home": "/",
        "story": _first(out, "20[0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"),
        "day": _first(out, "20[0-9][0-9]/[0-9][0-9]/[0-9][0-9]/index.html"),
        "month": _first(out, "20[0-9][0-9]/[0-9][0-9]/index.html"),
        "year": _first(out, "20[0-9][0-9]/index.html"),
        "archive": "/archive/",
        "on-this-day": _first(out, "on-this-day/*/index.html"),
        "people": "/people/",
        "person": _first(out, "people/*/page/2/index.html").rsplit("page/", 1)[0],
        "person-page": _first(out, "people/*/page/2/index.html"),
        "topics": "/topics/",
        "topic": _first(out, "topics/*/index.html"),
        "places": "/places/",
        "place": _first(out, "places/*/index.html"),
        "search": "/search/",
        "not-found": "/404.html",
    }
    if (out / "organisations").is_dir() and any((out / "organisations").glob("*/index.html")):
        kinds["organisation"] = _first(out, "organisations/*/index.html")
    return kinds


def axe_violations(page: object, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core in `page` (a Playwright page, loaded) and describe each violation of the
    given impacts: "rule (impact): help: the first elements"."""
    page.add_script_tag(path=str(AXE))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    found = []
    for violation in result["violations"]:
        if violation["impact"] in impacts:
            targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']}: "
                + ", ".join(targets)
            )
    return found
