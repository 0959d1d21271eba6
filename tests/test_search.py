"""Search without a browser: the per-year Pagefind indexes, what they hold, and search = false."""

from __future__ import annotations

import gzip
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build import search
from generator.build.pipeline import BuildReport
from generator.config import load_config
from tests.golden import SITES, build_site

BASIC = SITES / "basic"
STORIES = {2024: 5, 2025: 6}
"""Stories per year of the basic fixture site."""


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("search") / "public"
    report = build_site(BASIC, out)
    assert report.ok, report.errors
    return out, report


@pytest.fixture
def copy(tmp_path: Path, basic: tuple[Path, BuildReport]) -> Path:
    """A copy of the built basic site that a test may change."""
    out = tmp_path / "public"
    shutil.copytree(basic[0], out)
    return out


class Elements(HTMLParser):
    """Every element of a page with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def with_attribute(self, name: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(tag, attrs) for tag, attrs in self.elements if name in attrs]


def fragments(year_dir: Path) -> list[dict]:
    """The indexed pages of one year's index, as Pagefind stores them (gzip, then JSON)."""
    pages = []
    for path in sorted((year_dir / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        pages.append(json.loads(data[data.index(b"{") :]))
    return pages


def test_one_index_per_year_and_the_list_of_years(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    index = out / "pagefind"
    assert json.loads((index / "years.json").read_text(encoding="utf-8")) == {"years": [2025, 2024]}
    for year, count in STORIES.items():
        bundle = index / str(year)
        assert (bundle / "pagefind.js").is_file()
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(language["page_count"] for language in entry["languages"].values()) == count
        # The ready-made UIs are not used by the search page: not shipped once per year.
        assert not any((bundle / name).exists() for name in search.UNUSED_BUNDLE_FILES)
    assert sorted(p.name for p in index.iterdir()) == ["2024", "2025", "years.json"]


def test_only_story_pages_are_indexed(copy: Path) -> None:
    config = load_config(BASIC, output_dir=str(copy))
    report = search.index_site(config, copy)
    assert dict(report.pages) == STORIES
    assert report.stories == 11  # every story, and no archive, term or home page
    assert report.years == (2025, 2024) and report.removed == ()
    assert report.bytes > 0 and "11 stories" in report.summary()
    urls = {page["url"] for year in STORIES for page in fragments(copy / "pagefind" / str(year))}
    assert "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/" in urls
    assert all(url.count("/") == 5 for url in urls), urls  # /YYYY/MM/DD/slug/


def test_index_holds_story_text_not_navigation(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    pages = {page["url"]: page for page in fragments(out / "pagefind" / "2025")}
    story = pages["/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/"]
    assert "Moscow had not lost hope of a possible ceasefire" in story["content"]
    for boilerplate in ("Skip to content", "Provenance", "Related stories", "Atom feed", "People"):
        assert boilerplate not in story["content"], boilerplate
    assert story["meta"] == {
        "title": "Moscow has not lost hope of a Ukraine ceasefire, says Putin aide",
        "date": "2025-03-18",
        "dateline": "MOSCOW, March 18 (IANS)",
        "summary": "Hours before the much-anticipated phone call between Donald Trump and Vladimir"
        " Putin, the latter's top aide said Moscow had not lost hope of a ceasefire in Ukraine.",
    }
    filters = story["filters"]
    assert filters["person"] == ["Donald Trump", "Vladimir Putin", "Yuri Ushakov"]
    assert filters["topic"] == ["Russia-Ukraine war", "Diplomacy"]
    assert filters["place"] == ["Moscow", "Ukraine", "Saudi Arabia"]
    assert filters["agency"] == ["IANS"] and filters["year"] == ["2025"]


def test_filters_sort_and_meta_in_story_html(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    html = (out / "2025/02/14/modi-trump-meet-white-house/index.html").read_text(encoding="utf-8")
    page = Elements(html)
    assert [tag for tag, _ in page.with_attribute("data-pagefind-body")] == ["article"]
    filters = [
        (attrs["data-pagefind-filter"], tag)
        for tag, attrs in page.with_attribute("data-pagefind-filter")
    ]
    assert ("person", "a") in filters and ("topic", "a") in filters and ("place", "a") in filters
    assert ("agency[data-agency]", "span") in filters and ("year:2025", "time") in filters
    ((_, time),) = page.with_attribute("data-pagefind-sort")
    assert time["data-pagefind-sort"] == "date[datetime]" and time["datetime"] == "2025-02-14"
    metas = {attrs["data-pagefind-meta"] for _, attrs in page.with_attribute("data-pagefind-meta")}
    assert metas == {"title", "dateline", "date[datetime]", "summary[data-summary]"}
    # Navigation never has a filter or a body: only the story's own article is searchable.
    assert "data-pagefind-body" not in (out / "2025/02/14/index.html").read_text(encoding="utf-8")


def test_search_page_and_search_within(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    html = (out / "search/index.html").read_text(encoding="utf-8")
    form = dict(next(attrs for tag, attrs in Elements(html).elements if tag == "form"))
    assert form["action"] == "/search/" and form["data-index"] == "/pagefind/"
    assert '<script type="module" src="/assets/search.js">' in html
    assert (out / "assets/search.js").is_file() and (out / "assets/search.css").is_file()
    assert '<a href="/search/">Search</a>' in (out / "index.html").read_text(encoding="utf-8")
    person = Elements((out / "people/donald-trump/index.html").read_text(encoding="utf-8"))
    inputs = [attrs for tag, attrs in person.elements if tag == "input"]
    assert {"type": "hidden", "name": "person", "value": "Donald Trump"} in inputs
    assert any(a.get("name") == "q" and a.get("type") == "search" for a in inputs)
    topic = (out / "topics/diplomacy/index.html").read_text(encoding="utf-8")
    assert '<input type="hidden" name="topic" value="Diplomacy">' in topic


def test_base_path_reaches_the_search_page(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(BASIC, out, base_url="https://example.org/archive/").ok
    html = (out / "search/index.html").read_text(encoding="utf-8")
    assert 'data-index="/archive/pagefind/"' in html
    assert 'src="/archive/assets/search.js"' in html


def test_search_false_turns_it_all_off(tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = build_site(BASIC, out, search=False)
    assert report.ok
    assert not (out / "pagefind").exists()
    assert not (out / "search").exists()
    for path in out.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "/search/" not in html and "search-within" not in html, path


def test_reindexing_one_year_leaves_the_others(copy: Path) -> None:
    config = load_config(BASIC, output_dir=str(copy))
    kept = copy / "pagefind/2025/pagefind-entry.json"
    before = kept.stat().st_mtime_ns, kept.stat().st_ino
    report = search.index_site(config, copy, years=[2024])
    assert dict(report.pages) == {2024: 5}
    assert (kept.stat().st_mtime_ns, kept.stat().st_ino) == before
    assert report.years == (2025, 2024)
    assert not list((copy / "pagefind").glob(".*.tmp"))  # no half-written index left


def test_a_year_without_stories_loses_its_index(copy: Path) -> None:
    config = load_config(BASIC, output_dir=str(copy))
    shutil.rmtree(copy / "2024")
    report = search.index_site(config, copy, years=[2024])
    assert report.removed == (2024,) and dict(report.pages) == {}
    assert not (copy / "pagefind/2024").exists()
    years = json.loads((copy / "pagefind/years.json").read_text(encoding="utf-8"))
    assert years == {"years": [2025]}


def test_full_reindex_drops_vanished_years(copy: Path) -> None:
    config = load_config(BASIC, output_dir=str(copy))
    shutil.rmtree(copy / "2025")
    report = search.index_site(config, copy)
    assert report.removed == (2025,) and report.years == (2024,)


def test_missing_pagefind_is_a_clear_error(
    copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    config = load_config(BASIC, output_dir=str(copy))
    with pytest.raises(search.SearchError, match="cannot start Pagefind"):
        search.index_site(config, copy, years=[2024])
    assert (copy / "pagefind/2024/pagefind-entry.json").is_file()  # the old index stays
