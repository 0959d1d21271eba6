"""What one search costs a reader: requests, bytes and time to the first results, in Chromium.

`python bench/search_cost.py SITE_DIR [WORD ...]` serves a built site (`public/`) over HTTP on
127.0.0.1, opens its search page in headless Chromium (Debian's, through Playwright), waits until
the index is loaded, then types each word and waits for the first results. For each query it
prints the requests the page made from opening it to the first results (the page itself, its
scripts and styles, Pagefind's files), the bytes they carried (response bodies, as served:
Pagefind's files are compressed already) and the time from opening the page to the first results.
Run with nothing else on the machine; a fresh browser context per query, so nothing is cached.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DEFAULT_WORDS = ("ceasefire", "inflation", "cricket")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site_dir: Path, words: list[str]) -> list[dict[str, Any]]:
    """One row per word: requests, bytes, seconds to the first results, results found."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            for word in words:
                context = browser.new_context()
                page = context.new_page()
                sizes: list[int] = []
                page.on("requestfinished", lambda r, sizes=sizes: sizes.append(_body_size(r)))
                started = time.perf_counter()
                page.goto(f"{base}/search/?q={word}")
                page.wait_for_function(
                    "() => /found/.test(document.getElementById('search-status').textContent)",
                    timeout=60_000,
                )
                seconds = time.perf_counter() - started
                status = page.text_content("#search-status") or ""
                rows.append(
                    {
                        "word": word,
                        "requests": len(sizes),
                        "kilobytes": round(sum(sizes) / 1000, 1),
                        "seconds": round(seconds, 2),
                        "status": status,
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def _body_size(request: Any) -> int:
    response = request.response()
    if response is None:
        return 0
    try:
        return len(response.body())
    except Exception:  # a body Chromium did not keep
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder (public/)")
    parser.add_argument("words", nargs="*", default=list(DEFAULT_WORDS))
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    rows = measure(args.site, args.words)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            print(
                f"{row['word']:>12}: {row['requests']} requests, {row['kilobytes']} KB, "
                f"{row['seconds']} s to the first results ({row['status']})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
