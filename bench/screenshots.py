"""Screenshots of every kind of page at desktop (1366×900) and phone (390×844) widths, so the next
person can look before and after a change to the theme.

    .venv/bin/python bench/screenshots.py [--out bench/out/screenshots] [--stories 400]

Builds a generated archive (`tests/sitegen.py`, the one the reader's browser tests walk), serves
it on 127.0.0.1 and drives Debian's Chromium through Playwright; writes `<kind>-<width>.png`
(whole pages) into the folder, which git ignores (`bench/out/`). `make screenshots` runs it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.readerkit import WIDTHS, build_reader_site, page_kinds, serve  # noqa: E402


def take_screenshots(out_dir: Path, stories: int) -> list[Path]:
    """Build, serve and photograph the archive; return the files written."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="morgue-screenshots-") as scratch:
        site = build_reader_site(Path(scratch), stories)
        kinds = page_kinds(site)
        kinds["feed"] = "/feed.xml"
        with serve(site) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            for width, viewport in WIDTHS.items():
                context = browser.new_context(viewport=viewport, is_mobile=width == "phone")
                page = context.new_page()
                for kind, path in kinds.items():
                    page.goto(url + path)
                    if kind == "search":
                        page.wait_for_selector("#search-form[data-ready]", timeout=60_000)
                    target = out_dir / f"{kind}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                context.close()
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "screenshots")
    parser.add_argument("--stories", type=int, default=400)
    args = parser.parse_args()
    for path in take_screenshots(args.out, args.stories):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
