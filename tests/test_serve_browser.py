"""The live preview in a real headless Chromium: edits appear without reloading by hand, a broken
story shows an overlay with its file and line, and fixing it brings the page back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import needs_chromium
from tests.servekit import STORY, STORY_URL, copy_site, serve

pytestmark = [pytest.mark.browser, needs_chromium]


def test_an_open_story_follows_edits_and_shows_build_errors(browser, tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    story = site / STORY
    good = story.read_text(encoding="utf-8")
    with serve(site) as served:
        page = browser.new_page()
        page.goto(served.url + STORY_URL)
        heading = page.locator("h1")
        assert "Moscow" in heading.inner_text()
        page.wait_for_function("() => window.EventSource !== undefined")
        page.wait_for_timeout(300)  # the event stream connects

        story.write_text(
            good.replace("title: ", "title: Kremlin clings to hope, ", 1), encoding="utf-8"
        )
        page.wait_for_function(
            "() => document.querySelector('h1').innerText.includes('Kremlin clings to hope')",
            timeout=15000,
        )

        story.write_text(good.replace("title: ", "title: [unclosed ", 1), encoding="utf-8")
        overlay = page.locator("#morgue-build-error")
        overlay.wait_for(state="visible", timeout=15000)
        text = overlay.inner_text()
        assert "moscow-has-not-lost-hope-of-ceasefire.md:3" in text and "YAML" in text
        assert "Kremlin clings to hope" in heading.inner_text()  # the last good page, underneath

        story.write_text(good.replace("title: ", "title: Back to normal, ", 1), encoding="utf-8")
        page.wait_for_function(
            "() => document.querySelector('h1').innerText.includes('Back to normal')",
            timeout=15000,
        )
        assert page.locator("#morgue-build-error").count() == 0
        page.close()
