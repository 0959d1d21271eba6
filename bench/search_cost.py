"""What one search costs a reader: requests, bytes and time to the first results, in Chromium.

`python bench/search_cost.py SITE_DIR [WORD ...]` serves a built site (`public/`) over HTTP on
127.0.0.1, opens its search page in headless Chromium (Debian's, through Playwright), waits until
the index is loaded, then types each word and waits for the first results. For each query it
prints the requests the page made from opening it to the first results (the page itself, its
scripts and styles, Pagefind's files), the bytes they carried (response bodies, as served:
Pagefind's files are compressed already) and the time from opening the page to the first results,
all from the browser's own resource timing.
Run with nothing else on the machine; a fresh browser context per query, so nothing is cached.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DEFAULT_WORDS = ("ceasefire", "inflation", "cricket")
_MARK_FIRST_RESULTS = """
new MutationObserver((_, observer) => {
  const status = document.getElementById("search-status");
  if (status && /found/.test(status.textContent) && window.__firstResults === undefined) {
    window.__firstResults = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""
"""Records when the status first says "found": the first results are on the page."""
_COST_UNTIL_FIRST_RESULTS = """() => {
  const until = window.__firstResults;
  const page = performance.getEntriesByType("navigation")[0];
  const loads = performance.getEntriesByType("resource").filter((r) => r.responseEnd <= until);
  const size = (entry) => entry.encodedBodySize || 0;
  return {
    requests: 1 + loads.length,
    bytes: size(page) + loads.reduce((sum, entry) => sum + size(entry), 0),
    seconds: until / 1000,
  };
}"""
"""The page and every file it loaded before the first results, and the time they took (from
the start of navigation), by the browser's own resource timing."""


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
                page.add_init_script(_MARK_FIRST_RESULTS)
                page.goto(f"{base}/search/?q={word}")
                page.wait_for_function("() => window.__firstResults !== undefined", timeout=60_000)
                cost = page.evaluate(_COST_UNTIL_FIRST_RESULTS)
                status = page.text_content("#search-status") or ""
                rows.append(
                    {
                        "word": word,
                        "requests": cost["requests"],
                        "kilobytes": round(cost["bytes"] / 1000, 1),
                        "seconds": round(cost["seconds"], 2),
                        "status": status,
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


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
