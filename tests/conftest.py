"""Shared fixtures: fresh sites made with `morgue init`, and the raw wire cases."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.init import init_site

TESTS = Path(__file__).parent
WIRE_CASES = TESTS / "cases" / "wire"
SAMPLES = TESTS / "cases" / "samples"
"""Real wire stories, copied into the checkout: the tests read nothing outside it."""
SAMPLE = SAMPLES / "000_ec7a645d63049ad9.txt"


def pytest_configure(config: pytest.Config) -> None:
    """Give the commands the tests start the signals of a terminal's foreground job.

    A shell starts a background job with SIGINT ignored, and `nohup` ignores SIGHUP; a child
    inherits an ignored signal, and Morgue rightly leaves an ignored signal ignored. The tests
    send these signals on purpose, as a terminal would: they must reach the commands.
    """
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if signal.getsignal(signal.SIGHUP) == signal.SIG_IGN:
        signal.signal(signal.SIGHUP, signal.SIG_DFL)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A new, empty archive site."""
    root = tmp_path / "site"
    init_site(root)
    return root


CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: the browser tests drive it through Playwright; nothing downloads one."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is missing (Debian: apt-get install chromium; `make browser` does it)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium for a module's browser tests. Not one per session: Playwright's event
    loop would then block the `asyncio.run` of every later build that indexes search."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()
