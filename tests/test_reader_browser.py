"""A reader's path through a generated archive, in a real headless Chromium at desktop and phone
widths, and an accessibility pass with axe-core over one page of each kind.

The path: home → older stories → their month → the previous month → a story → the next story in
date order → a person → page 2 of that person → the people A–Z filtered by a few letters; each
step checks what the reader sees (and that nothing scrolls sideways).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import needs_chromium
from tests.readerkit import AXE, WIDTHS, axe_violations, build_reader_site, page_kinds, serve

pytestmark = [pytest.mark.browser, needs_chromium]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A generated archive of 400 stories, built and served: (its URL, its output folder)."""
    out = build_reader_site(tmp_path_factory.mktemp("reader"))
    with serve(out) as url:
        yield url, out


def new_page(browser: object, width: str, scheme: str = "light") -> tuple[object, list[str]]:
    """A page at one of the two widths that records script errors, dialogs and failed loads."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport=WIDTHS[width], color_scheme=scheme, is_mobile=width == "phone"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return page, errors


def h1(page: object) -> str:
    return " ".join((page.text_content("h1") or "").split())  # type: ignore[attr-defined]


def no_sideways_scroll(page: object) -> None:
    overflow = page.evaluate(  # type: ignore[attr-defined]
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"  # type: ignore[attr-defined]


def follow(page: object, selector: str) -> str:
    """Click the (first) link `selector` names and wait for the new page; returns the link's
    text."""
    link = page.locator(selector).first  # type: ignore[attr-defined]
    text = " ".join((link.text_content() or "").split())  # as written, not as styled
    with page.expect_navigation():  # type: ignore[attr-defined]
        link.click()
    no_sideways_scroll(page)
    return text


def story_date(page: object) -> dt.date:
    return dt.date.fromisoformat(
        page.get_attribute("article .story-head time", "datetime")  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_readers_path_through_time_people_and_the_a_to_z(
    archive: tuple[str, Path], browser: object, width: str
) -> None:
    url, _ = archive
    page, errors = new_page(browser, width)
    page.goto(url + "/")  # type: ignore[attr-defined]
    no_sideways_scroll(page)
    # Home: the latest stories, the years within the first screen (on a phone too), older
    # stories and "On this day" on offer.
    assert page.locator(".latest .story-list > li").count() == 20  # type: ignore[attr-defined]
    years = page.locator(".years-strip a").first  # type: ignore[attr-defined]
    assert years.is_visible() and years.bounding_box()["y"] < WIDTHS[width]["height"]
    assert page.locator(".years-strip a", has_text="On this day").count() == 1  # type: ignore[attr-defined]
    oldest_on_home = page.locator(".latest .story-list time").last.get_attribute("datetime")  # type: ignore[attr-defined]

    # Older stories: the day page of the newest story the home page leaves out.
    text = follow(page, "a.older-link")
    day = h1(page)
    assert day in text
    assert dt.datetime.strptime(day, "%B %d, %Y").date() <= dt.date.fromisoformat(oldest_on_home)
    assert page.locator("main .story-list > li").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("nav.prev-next a[rel=prev]").count() >= 1  # type: ignore[attr-defined]

    # Its month, then the month before.
    month = follow(page, ".term-head .kicker a")
    assert h1(page) == month and dt.datetime.strptime(month, "%B %Y")
    assert page.locator("table.calendar").is_visible()  # type: ignore[attr-defined]
    standfirst = page.inner_text(".term-head .standfirst")  # type: ignore[attr-defined]
    assert standfirst.endswith(("stories.", "story.")) and "1 stories" not in standfirst
    previous = follow(page, "nav.prev-next a[rel=prev]")
    assert h1(page) in previous and previous.startswith("Previous month")
    assert dt.datetime.strptime(h1(page), "%B %Y") < dt.datetime.strptime(month, "%B %Y")
    assert page.locator("nav.prev-next a[rel=next]", has_text=month).count() >= 1  # type: ignore[attr-defined]

    # A story: the last one of the month's first day, so that the next is on another day.
    headline = follow(page, "section.day >> nth=0 >> .story-list > li:last-child a")
    assert h1(page) == headline
    credit = page.inner_text(".story-head .credit")  # type: ignore[attr-defined]
    assert credit.count(str(story_date(page).year)) == 1  # the date once, not twice
    permalink = "https://example.org" + urlsplit(page.url).path  # type: ignore[attr-defined]
    assert page.locator(".cite .citation").inner_text().endswith(permalink)  # type: ignore[attr-defined]
    assert page.input_value("#permalink") == permalink  # type: ignore[attr-defined]
    before = story_date(page)
    next_title = page.inner_text(".story-nav .next a")  # type: ignore[attr-defined]
    follow(page, ".story-nav .next a")
    assert h1(page) == " ".join(next_title.split())
    assert story_date(page) > before  # date order, across days

    # A person named in the story, with a year-by-year chart and numbered pages.
    name = follow(page, "#tags-people + ul a")
    assert h1(page) == name
    assert page.inner_text(".term-head .standfirst") == "A person in the news"  # type: ignore[attr-defined]
    chart = page.locator("table.years-chart")  # type: ignore[attr-defined]
    assert chart.is_visible() and chart.locator("tbody tr").count() >= 1
    assert chart.locator("a").count() == chart.locator("tbody tr").count()  # one stop a year
    assert page.locator("svg[role=img]").count() == 0  # type: ignore[attr-defined]
    box = chart.bounding_box()
    assert box["width"] <= WIDTHS[width]["width"]
    page_two = page.locator("nav.pages a", has_text="Page 2")  # type: ignore[attr-defined]
    with page.expect_navigation():  # type: ignore[attr-defined]
        page_two.click()
    assert h1(page).startswith(f"{name} page 2 of ")
    assert page.inner_text(".term-head .standfirst").startswith("Stories from ")  # type: ignore[attr-defined]
    assert page.locator("main .story-list > li").count() >= 1  # type: ignore[attr-defined]

    # The people A–Z, filtered by a few letters.
    follow(page, "nav.sections a:text-is('People')")
    assert h1(page) == "People A–Z"
    total = page.locator("#az-groups li").count()  # type: ignore[attr-defined]
    box = page.locator("#az-filter")  # type: ignore[attr-defined]
    assert box.is_visible()
    surname = name.split()[-1]
    box.fill(surname[:4].lower())
    shown = page.locator("#az-groups li:visible")  # type: ignore[attr-defined]
    names = [" ".join(text.split()) for text in shown.all_inner_texts()]
    assert 0 < len(names) < total
    assert all(surname[:4].lower() in text.lower() for text in names), names
    assert any(text.startswith(f"{surname}, ") for text in names), names  # filed by surname
    status = page.inner_text(".az-status")  # type: ignore[attr-defined]
    assert status == f"{len(names)} of {total} shown"
    visible_letters = page.locator(".letters li:visible").all_inner_texts()  # type: ignore[attr-defined]
    assert surname[0] in visible_letters and len(visible_letters) < 26
    box.fill("")
    assert page.locator("#az-groups li:visible").count() == total  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]
    assert not errors, errors


def test_the_a_to_z_works_without_javascript(archive: tuple[str, Path], browser: object) -> None:
    url, _ = archive
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url + "/people/")
    assert not page.locator("form.az-filter").is_visible()  # no box that cannot work
    assert page.locator(".letters a").count() > 5
    letter = page.locator(".letters a").nth(2)
    target = letter.get_attribute("href")
    letter.click()
    assert page.url.endswith(target)
    assert page.locator(f"{target} li").count() >= 1
    context.close()


def test_a_feed_opened_in_the_browser_reads_as_a_page(
    archive: tuple[str, Path], browser: object
) -> None:
    url, _ = archive
    page, errors = new_page(browser, "desktop")
    page.goto(url + "/feed.xml")  # type: ignore[attr-defined]
    assert h1(page) == "Synthetic Wire"
    assert "subscribe" in page.inner_text("main").lower()  # type: ignore[attr-defined]
    assert page.input_value("#feed-url") == "https://example.org/feed.xml"  # type: ignore[attr-defined]
    assert page.locator(".story-list > li").count() == 50  # type: ignore[attr-defined]
    page.context.close()  # type: ignore[attr-defined]
    assert not errors, errors


# --- accessibility -----------------------------------------------------------------------------

needs_axe = pytest.mark.skipif(
    not AXE.exists() and not os.environ.get("CI"),
    reason=f"{AXE} is missing (`make a11y` installs it from npm)",
)


@needs_axe
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations_on_any_kind_of_page(
    archive: tuple[str, Path], browser: object, scheme: str
) -> None:
    url, out = archive
    found = {}
    for width in WIDTHS:
        page, errors = new_page(browser, width, scheme)
        for kind, path in page_kinds(out).items():
            page.goto(url + path)  # type: ignore[attr-defined]
            if kind == "search":
                page.wait_for_selector("#search-form[data-ready]", timeout=15_000)  # type: ignore[attr-defined]
            violations = axe_violations(page)
            if violations:
                found[f"{width} {kind} {path}"] = violations
        page.context.close()  # type: ignore[attr-defined]
        assert not [e for e in errors if not e.startswith("404 ")], errors
    assert not found, found


@needs_axe
def test_the_accessibility_pass_fails_on_a_violation(browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.set_content(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><main>'
        '<a href="/x"><img src="data:,"></a><input type="text"></main></body></html>'
    )
    violations = axe_violations(page)
    page.close()
    assert any(v.startswith("image-alt (critical)") for v in violations), violations
    assert any(v.startswith("label (critical)") for v in violations), violations
