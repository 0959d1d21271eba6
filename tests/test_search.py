"""Search without a browser: the base shards and the delta, what they hold, and search = false.

What a reader can find is what the indexes hold, minus the base entries the delta supersedes
(`visible`): after any incremental build it must equal what a full re-index holds.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import search
from generator.build.pipeline import build as run_build
from generator.build.report import BuildError, BuildReport
from generator.config import load_config
from tests.golden import SITES, build_site

BASIC = SITES / "basic"
STORY = "stories/2025/03/18/moscow-has-not-lost-hope-of-ceasefire.md"
STORY_URL = "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/"


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("search") / "public"
    report = build_site(BASIC, out)
    assert report.ok, report.errors
    return out, report


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the basic fixture site that a test may change (never build inside tests/)."""
    copy = tmp_path / "site"
    shutil.copytree(BASIC, copy)
    return copy


class Elements(HTMLParser):
    """Every element of a page with its attributes."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def manifest(out: Path) -> dict:
    return json.loads((out / "pagefind" / search.MANIFEST).read_text(encoding="utf-8"))


def fragments(bundle: Path) -> dict[str, dict]:
    """Page id -> the indexed page, as Pagefind stores it (gzip, then JSON)."""
    pages = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        pages[path.name.removesuffix(".pf_fragment")] = json.loads(data[data.index(b"{") :])
    return pages


def visible(out: Path) -> dict[str, tuple[str, dict, dict]]:
    """URL -> (words, meta, filters) of every story a search can return: every index the
    manifest names, without the superseded base entries; no URL twice."""
    listed = manifest(out)
    found: dict[str, tuple[str, dict, dict]] = {}
    for name in listed["indexes"]:
        for page_id, page in fragments(out / "pagefind" / name).items():
            if page["url"] in listed["superseded"].get(page_id, []):
                continue
            assert page["url"] not in found, f"{page['url']} is found twice"
            filters = {k: v for k, v in page["filters"].items() if k != "shard"}
            found[page["url"]] = (page["content"], page["meta"], filters)
    return found


def append(story: Path, text: str) -> None:
    """Add `text` at the end of a story file, as a correction would."""
    story.write_text(story.read_text(encoding="utf-8") + text, encoding="utf-8")


def build(site: Path, out: Path, *, full: bool = False) -> BuildReport:
    config = load_config(site, output_dir=str(out))
    report = run_build(config, jobs=1, incremental=not full)
    assert report.ok, report.errors
    return report


def test_one_base_shard_the_filters_and_the_manifest(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    index = out / "pagefind"
    listed = manifest(out)
    (shard,) = listed["indexes"]
    assert listed["superseded"] == {} and listed["filters"] == "filters.json"
    bundle = index / shard
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 11
    # The ready-made UIs are not used by the search page: not shipped.
    assert not any((bundle / name).exists() for name in search.UNUSED_BUNDLE_FILES)
    assert sorted(p.name for p in index.iterdir()) == sorted(
        [shard.rstrip("/"), "filters.json", "index.json"]
    )
    filters = json.loads((index / "filters.json").read_text(encoding="utf-8"))
    assert "Donald Trump" in filters["person"] and filters["year"] == ["2024", "2025"]
    assert "IANS" in filters["agency"] and "Diplomacy" in filters["topic"]


def test_only_stories_are_indexed_with_their_text_not_navigation(
    basic: tuple[Path, BuildReport],
) -> None:
    out, _ = basic
    pages = visible(out)
    assert len(pages) == 11  # every story, and no archive, term or home page
    assert all(url.count("/") == 5 for url in pages), pages  # /YYYY/MM/DD/slug/
    content, meta, filters = pages[STORY_URL]
    assert "Moscow had not lost hope of a possible ceasefire" in content
    for boilerplate in ("Skip to content", "Provenance", "Related stories", "Atom feed", "People"):
        assert boilerplate not in content, boilerplate
    # The headline is shown as the title, never searched twice as text.
    assert not content.startswith("Moscow has not lost hope")
    assert meta == {
        "title": "Moscow has not lost hope of a Ukraine ceasefire, says Putin aide",
        "date": "2025-03-18",
        "dateline": "MOSCOW (IANS)",
        "summary": "Hours before the much-anticipated phone call between Donald Trump and Vladimir"
        " Putin, the latter's top aide said Moscow had not lost hope of a ceasefire in Ukraine.",
    }
    assert filters["person"] == ["Donald Trump", "Vladimir Putin", "Yuri Ushakov"]
    assert filters["topic"] == ["Russia-Ukraine war", "Diplomacy"]
    assert filters["place"] == ["Moscow", "Ukraine", "Saudi Arabia"]
    assert filters["agency"] == ["IANS"] and filters["year"] == ["2025"]


def test_shards_are_bounded_by_size_oldest_first(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHARD_STORIES", 4)
    out = tmp_path / "public"
    build(site, out)
    names = manifest(out)["indexes"]
    sizes = [len(fragments(out / "pagefind" / name)) for name in names]
    assert sizes == [4, 4, 3]
    dates = [
        sorted(p["meta"]["date"] for p in fragments(out / "pagefind" / n).values()) for n in names
    ]
    assert dates[0][-1] <= dates[1][0] and dates[1][-1] <= dates[2][0]
    assert len(visible(out)) == 11


def test_an_edit_indexes_only_a_delta_that_supersedes_the_old_entry(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    build(site, out)
    (base,) = manifest(out)["indexes"]
    entry = out / "pagefind" / base / "pagefind-entry.json"
    before = entry.stat().st_ino, entry.stat().st_mtime_ns
    story = site / "content" / STORY
    story.write_text(
        story.read_text(encoding="utf-8").replace("possible ceasefire", "possible armistice"),
        encoding="utf-8",
    )
    build(site, out)
    listed = manifest(out)
    assert listed["indexes"][0] == base and len(listed["indexes"]) == 2
    assert (entry.stat().st_ino, entry.stat().st_mtime_ns) == before  # the base is untouched
    delta = fragments(out / "pagefind" / listed["indexes"][1])
    assert [page["url"] for page in delta.values()] == [STORY_URL]
    assert list(listed["superseded"].values()) == [[STORY_URL]]
    assert "possible armistice" in visible(out)[STORY_URL][0]
    assert not list((out / "pagefind").glob(".*"))  # no half-written index left
    assert visible(out) == visible_after_full_build(site, tmp_path)


def visible_after_full_build(site: Path, tmp_path: Path) -> dict[str, tuple[str, dict, dict]]:
    other = tmp_path / f"full-{len(list(tmp_path.iterdir()))}"
    build(site, other, full=True)
    return visible(other)


def test_a_delta_past_its_limit_is_folded_into_a_new_base(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "DELTA_STORIES", 1)
    out = tmp_path / "public"
    build(site, out)
    first = manifest(out)["name"]
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    for story in stories[:2]:
        append(story, "\nA closing line.\n")
        build(site, out)
    listed = manifest(out)
    assert listed["name"] != first and listed["superseded"] == {}
    assert len(listed["indexes"]) == 1  # compacted: one base shard, no delta
    assert not (out / "pagefind" / f"{first}-0").exists()  # the old base is gone
    assert visible(out) == visible_after_full_build(site, tmp_path)


def test_an_index_state_that_cannot_be_trusted_means_a_new_base(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(site, out)
    config = load_config(site, output_dir=str(out))
    (config.cache_dir / search.STATE_FILE).unlink()  # as after a build killed before saving it
    story = site / "content" / STORY
    append(story, "\nAn update.\n")
    build(site, out)
    assert manifest(out)["superseded"] == {}
    assert visible(out) == visible_after_full_build(site, tmp_path)


def test_a_state_older_than_the_index_is_not_trusted(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    build(site, out)
    config = load_config(site, output_dir=str(out))
    saved = config.cache_dir / search.STATE_FILE
    before = saved.read_bytes()
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    append(stories[0], "\nFirst fix.\n")
    build(site, out)
    saved.write_bytes(before)  # as if that build had stopped before saving the index's state
    append(stories[1], "\nSecond fix.\n")
    build(site, out)
    assert visible(out) == visible_after_full_build(site, tmp_path)  # the first fix is there


EDITS = st.lists(
    st.tuples(st.sampled_from(["words", "add", "delete", "move", "retag"]), st.integers(0, 50)),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=EDITS)
def test_base_and_delta_answer_what_a_full_reindex_does(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, int]]
) -> None:
    root = tmp_path_factory.mktemp("property")
    site = root / "site"
    shutil.copytree(BASIC, site)
    out = root / "public"
    build(site, out)
    for number, (kind, pick) in enumerate(edits):
        stories = sorted((site / "content" / "stories").rglob("*.md"))
        edit(stories[pick % len(stories)], kind, number)
        build(site, out)
    assert visible(out) == visible_after_full_build(site, root)


def edit(story: Path, kind: str, number: int) -> None:
    """Change one story file as an editor or a wire correction would."""
    text = story.read_text(encoding="utf-8")
    if kind == "words":
        story.write_text(text + f"\nCorrection {number}: a new paragraph.\n", encoding="utf-8")
    elif kind == "add":
        copy = story.with_name(f"added-{number}.md")
        text = text.replace("\nid: ", f"\nid: added{number}x", 1)
        copy.write_text(text + f"\nAdded story {number}.\n", encoding="utf-8")
    elif kind == "delete":
        story.unlink()
    elif kind == "move":  # a corrected date: the story moves to another day and URL
        old = text.split("\ndate: ", 1)[1][:10]
        new = (dt.date.fromisoformat(old) + dt.timedelta(days=1)).isoformat()
        story.write_text(text.replace(f"\ndate: {old}", f"\ndate: {new}", 1), encoding="utf-8")
    else:
        story.write_text(text.replace("\ntopics: [", "\ntopics: [economy, ", 1), encoding="utf-8")


def test_missing_pagefind_is_a_clear_error_and_the_old_index_stays(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "public"
    build(site, out)
    before = manifest(out)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    story = site / "content" / STORY
    append(story, "\nMore.\n")
    config = load_config(site, output_dir=str(out))
    with pytest.raises(BuildError, match="cannot start Pagefind"):
        run_build(config, jobs=1)
    assert manifest(out) == before
    assert len(visible(out)) == 11


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
