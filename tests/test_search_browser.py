"""The search page in a real headless Chromium: Pagefind's per-year indexes merged in the browser.

Drives Debian's Chromium (`/usr/bin/chromium`) through Playwright for Python; nothing downloads a
browser (`playwright install` is never needed). The built fixture site is served over HTTP from
127.0.0.1 on a free port, as a reader would get it.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote_plus

import pytest

from generator.build import search
from tests.conftest import needs_chromium
from tests.golden import SITES, build_site

pytestmark = [pytest.mark.browser, needs_chromium]

playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the built site without logging every request to the test output."""

    def log_message(self, format: str, *args: object) -> None:
        pass


EDITED = "/2024/06/03/guterres-warns-of-climate-hell/"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The basic fixture site, built with search in base shards of 4 stories, then one story
    edited and built again (a delta that supersedes its base entry), served at
    http://127.0.0.1:<port>/."""
    root = tmp_path_factory.mktemp("search-browser")
    site = root / "site"
    shutil.copytree(SITES / "basic", site)  # never build inside tests/
    out = root / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_STORIES", 4)
        assert build_site(site, out, base_url="http://127.0.0.1/").ok
        story = site / "content/stories/2024/06/03/guterres-warns-of-climate-hell.md"
        text = story.read_text(encoding="utf-8").replace("tobacco", "zanzibarite")
        story.write_text(text, encoding="utf-8")
        report = build_site(site, out, base_url="http://127.0.0.1/")
        assert report.ok and report.incremental, report.errors
    indexes = json.loads((out / "pagefind/index.json").read_text(encoding="utf-8"))["indexes"]
    assert len(indexes) == 4  # three base shards and the delta
    handler = functools.partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that fails the test on any script error or dialog (an alert() is XSS)."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # What the browser saw, for a search page that never gets ready (see `open_search`).
    seen: list[str] = []
    page.on("console", lambda message: seen.append(f"console {message.type}: {message.text}"))
    page.on("requestfailed", lambda request: seen.append(f"failed: {request.url}"))
    page.on("response", lambda response: seen.append(f"{response.status} {response.url}"))
    SEEN[id(page)] = seen
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    SEEN.pop(id(page), None)
    assert not errors, errors


SEEN: dict[int, list[str]] = {}
"""id of a test's page -> the console messages, failed requests and responses it saw."""


def open_search(page: object, url: str) -> None:
    """Open a search URL and wait until the indexes are loaded and the first search is done; a
    page that never gets ready fails with what it says and what the browser fetched."""
    page.goto(url)  # type: ignore[attr-defined]
    try:
        page.wait_for_selector("#search-form[data-ready]", timeout=15_000)  # type: ignore[attr-defined]
    except playwright_api.TimeoutError:
        status = page.evaluate(  # type: ignore[attr-defined]
            "() => document.getElementById('search-status')?.textContent"
        )
        seen = "\n".join(SEEN.get(id(page), []))
        pytest.fail(f"search page never ready; status {status!r}; the browser saw:\n{seen}")
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !/Loading|Searching/.test(document.getElementById('search-status').textContent)",
        timeout=15_000,
    )


def results(page: object) -> list[dict[str, str]]:
    """Headline, link, date, credit, excerpt (or summary) and all the text of every result."""
    return page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#search-results > li",
        """items => items.map(li => ({
            title: li.querySelector('h2 a').textContent,
            href: li.querySelector('h2 a').getAttribute('href'),
            date: li.querySelector('time').getAttribute('datetime'),
            credit: li.querySelector('.credit').textContent,
            excerpt: li.querySelector('.summary')?.textContent ?? '',
            excerptHtml: li.querySelector('.summary')?.innerHTML ?? '',
            text: li.textContent,
        }))""",
    )


def search_for(page: object, words: str) -> None:
    page.fill("#search-q", words)  # type: ignore[attr-defined]
    page.press("#search-q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => /found/.test(document.getElementById('search-status').textContent)",
        timeout=15_000,
    )


def test_typing_a_query_shows_results(site_url: str, page: object) -> None:
    open_search(page, f"{site_url}/search/")
    search_for(page, "ceasefire")
    found = results(page)
    titles = [item["title"] for item in found]
    assert "Moscow has not lost hope of a Ukraine ceasefire, says Putin aide" in titles
    first = next(item for item in found if "Moscow has not lost hope" in item["title"])
    assert first["href"] == "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/"
    assert first["date"] == "2025-03-18"
    assert first["credit"] == "March 18, 2025 · MOSCOW (IANS)"  # the date once
    assert "<mark>ceasefire" in first["excerptHtml"]
    assert "ceasefire=" not in page.url  # type: ignore[attr-defined]
    assert "q=ceasefire" in page.url  # type: ignore[attr-defined]


def test_results_span_every_index(site_url: str, page: object) -> None:
    """The shards are merged: a word in stories of every shard finds them all."""
    open_search(page, f"{site_url}/search/")
    search_for(page, "Trump")
    years = {item["date"][:4] for item in results(page)}
    assert years == {"2024", "2025"}


def test_person_filter_without_words_lists_their_stories_newest_first(
    site_url: str, page: object
) -> None:
    open_search(page, f"{site_url}/search/")
    page.fill("#search-person", "Vladimir Putin")  # type: ignore[attr-defined]
    page.press("#search-person", "Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => /found/.test(document.getElementById('search-status').textContent)"
    )
    found = results(page)
    # Four stories over both years' indexes, and nothing else.
    assert {item["href"] for item in found} == {
        "/2025/03/19/putin-agrees-to-pause-energy-strikes/",
        "/2025/03/18/zelensky-says-ukraine-ready-for-talks/",
        "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/",
        "/2024/11/06/trump-wins-us-presidential-election/",
    }
    dates = [item["date"] for item in found]
    assert dates == sorted(dates, reverse=True)
    assert "newest first" in page.text_content("#search-status")  # type: ignore[attr-defined]
    assert "person=Vladimir+Putin" in page.url  # type: ignore[attr-defined]


def test_filters_from_the_address(site_url: str, page: object) -> None:
    """ "All stories with Donald Trump in 2024", straight from a link."""
    open_search(page, f"{site_url}/search/?person=Donald+Trump&year=2024")
    assert {item["href"] for item in results(page)} == {
        "/2024/11/06/trump-wins-us-presidential-election/",
        "/2024/11/06/europe-weighs-trade-response/",
    }
    assert page.input_value("#search-person") == "Donald Trump"  # type: ignore[attr-defined]
    assert page.input_value("#search-year") == "2024"  # type: ignore[attr-defined]


def test_search_within_box_on_a_person_page(site_url: str, page: object) -> None:
    page.goto(f"{site_url}/people/donald-trump/")  # type: ignore[attr-defined]
    page.fill(".search-within input[name=q]", "energy")  # type: ignore[attr-defined]
    page.press(".search-within input[name=q]", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url("**/search/?**")  # type: ignore[attr-defined]
    assert f"person={quote_plus('Donald Trump')}" in page.url  # type: ignore[attr-defined]
    open_search(page, page.url)  # type: ignore[attr-defined]
    assert page.input_value("#search-person") == "Donald Trump"  # type: ignore[attr-defined]
    assert page.input_value("#search-q") == "energy"  # type: ignore[attr-defined]
    # "energy" is also in a Zelensky story without Trump: the filter, not the word, left it out.
    assert {item["href"] for item in results(page)} == {
        "/2025/03/19/putin-agrees-to-pause-energy-strikes/",
        "/2025/01/20/trump-sworn-in/",
    }


def test_hostile_story_text_stays_text(site_url: str, page: object) -> None:
    open_search(page, f"{site_url}/search/")
    search_for(page, "onerror")
    found = results(page)
    hostile = next(item for item in found if item["href"] == "/2025/03/20/hostile-headline/")
    assert "<script>alert(1)</script>" in hostile["title"]
    assert "<img src=x onerror=alert(1)>" in hostile["excerpt"]
    assert "&lt;img" in hostile["excerptHtml"]  # escaped in the DOM, shown as text
    assert page.locator("#search-results img, #search-results script").count() == 0  # type: ignore[attr-defined]


def test_keyboard_only(site_url: str, page: object) -> None:
    """Tab into the box, type, press Enter, tab to the first result."""
    open_search(page, f"{site_url}/search/")
    page.focus("#search-q")  # type: ignore[attr-defined]
    page.keyboard.type("Guterres")  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => /found/.test(document.getElementById('search-status').textContent)"
    )
    assert results(page)[0]["href"] == "/2024/06/03/guterres-warns-of-climate-hell/"


def test_words_of_a_headline_alone_find_its_story(site_url: str, page: object) -> None:
    # "weighs" is in the headline only: the headline is searched (as the title) although it is
    # kept out of the excerpts.
    open_search(page, f"{site_url}/search/")
    search_for(page, "weighs")
    found = {item["href"]: item for item in results(page)}
    europe = found["/2024/11/06/europe-weighs-trade-response/"]
    assert "Europe weighs its response" not in europe["excerpt"]


def test_a_result_never_says_its_headline_twice(site_url: str, page: object) -> None:
    open_search(page, f"{site_url}/search/?person=Donald+Trump")
    found = {item["href"]: item for item in results(page)}
    assert len(found) == 6
    for item in found.values():
        words = " ".join(item["title"].split())
        assert " ".join(item["text"].split()).count(words) == 1, item
    # Without words a result shows the summary as lists do: none when it repeats the headline.
    assert found["/2025/01/20/trump-sworn-in/"]["excerpt"] == ""
    modi = found["/2025/02/14/modi-trump-meet-white-house/"]["excerpt"]
    assert modi.startswith("Prime Minister Narendra Modi and President Donald Trump agreed")


def test_organisation_filter(site_url: str, page: object) -> None:
    open_search(page, f"{site_url}/search/")
    options = page.eval_on_selector_all(  # type: ignore[attr-defined]
        "#search-organisation-list option", "options => options.map(o => o.value)"
    )
    # Unconfirmed organisations without a page are filters too.
    assert options == ["European Commission", "Kremlin", "Reserve Bank of India"]
    page.fill("#search-organisation", "kremlin")  # type: ignore[attr-defined]
    page.press("#search-organisation", "Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => /found/.test(document.getElementById('search-status').textContent)"
    )
    assert {item["href"] for item in results(page)} == {
        "/2025/03/19/putin-agrees-to-pause-energy-strikes/",
        "/2024/11/06/trump-wins-us-presidential-election/",
    }
    assert "organisation=Kremlin" in page.url  # type: ignore[attr-defined]


def test_an_edited_story_is_found_by_its_new_words_not_its_old(site_url: str, page: object) -> None:
    open_search(page, f"{site_url}/search/")
    search_for(page, "zanzibarite")
    assert [item["href"] for item in results(page)] == [EDITED]
    # Its old word is gone: Pagefind still answers with near matches ("to"), but none of them
    # shows the word, and the story is listed once, as it reads now.
    search_for(page, "tobacco")
    found = results(page)
    assert not any("tobacco" in item["text"] for item in found)
    assert [item["href"] for item in found].count(EDITED) <= 1
    search_for(page, "Guterres")
    assert [item["href"] for item in results(page)].count(EDITED) == 1


def test_newest_first_across_every_shard_and_the_delta(site_url: str, page: object) -> None:
    open_search(page, f"{site_url}/search/?agency=IANS")
    found = results(page)
    dates = [item["date"] for item in found]
    assert len(found) >= 10 and dates == sorted(dates, reverse=True)
    assert EDITED in {item["href"] for item in found}
    status = page.text_content("#search-status")  # type: ignore[attr-defined]
    assert status.startswith(f"{len(found)} stories found, newest first")
