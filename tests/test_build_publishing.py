"""Organisations, and the publishing policy for people and organisations no editor has confirmed:
a page once reviewed or named in `unreviewed_min_stories` stories, plain text until then."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest

from generator.build.report import BuildReport
from generator.config import ConfigError, load_config
from generator.pages.repeats import repeats_headline, shown_summary
from tests.golden import SITES, build_site
from tests.test_build import Page, page
from tests.test_search import visible

BASIC = SITES / "basic"
RBI_STORY = "/2024/03/12/rbi-keeps-repo-rate-unchanged/"
"""Names Shaktikanta Das and the Reserve Bank of India: both `reviewed: false`, one story each."""
KREMLIN_STORIES = (
    "/2024/11/06/trump-wins-us-presidential-election/",
    "/2025/03/19/putin-agrees-to-pause-energy-strikes/",
)
"""The two stories naming the Kremlin (`reviewed: false`): enough for a page by default."""


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("publishing") / "public"
    return out, build_site(BASIC, out)


def hrefs(parsed: Page) -> list[str | None]:
    return [a.get("href") for a in parsed.find("a")]


def json_ld(parsed: Page) -> dict[str, object]:
    """The page's JSON-LD: of its data blocks, the one with a schema.org context (the other is
    the messages its scripts write)."""
    blocks = [json.loads(text) for text in parsed.texts["script"] if text.strip()]
    found = [block for block in blocks if isinstance(block, dict) and "@context" in block]
    assert len(found) == 1, blocks
    data: dict[str, object] = found[0]
    return data


def sitemap_urls(out: Path) -> str:
    return (out / "sitemap.xml").read_text(encoding="utf-8")


# --- organisations, like people -------------------------------------------------------------


def test_organisation_page_index_and_nav(basic: tuple[Path, BuildReport]) -> None:
    out, report = basic
    assert report.ok and not report.warnings
    commission = page(out, "/organisations/european-commission/")
    assert commission.texts["h1"] == ["European Commission"]
    assert "Executive of the European Union" in commission.visible
    assert "Stories 1" in commission.visible and "Ursula von der Leyen (1)" in commission.visible
    links = hrefs(commission)
    assert "/organisations/european-commission/page/1/" in links
    assert "/organisations/european-commission/feed.xml" in links
    assert "/2024/11/06/europe-weighs-trade-response/" in links
    index = page(out, "/organisations/")
    assert index.texts["h1"] == ["Organisations A–Z"]
    assert "European Commission (1)" in index.visible and "Kremlin (2)" in index.visible
    for url in ("/", "/people/donald-trump/", RBI_STORY):
        assert "/organisations/" in hrefs(page(out, url)), url  # the sections menu


def test_story_lists_its_organisations_and_filters_search_by_them(
    basic: tuple[Path, BuildReport],
) -> None:
    out, _ = basic
    story = page(out, KREMLIN_STORIES[0])
    assert "/organisations/kremlin/" in hrefs(story)
    _, _, filters = visible(out)[KREMLIN_STORIES[0]]
    assert filters["organisation"] == ["Kremlin"]  # the search index's facet
    search = page(out, "/search/")
    assert {"id": "search-organisation-list"} in search.find("datalist")
    assert any(i.get("name") == "organisation" for i in search.find("input"))
    assert "organisation" in (out / "assets/search.js").read_text(encoding="utf-8")
    kremlin = page(out, "/organisations/kremlin/")
    within = [i for i in kremlin.find("input") if i.get("type") == "hidden"]
    assert within == [{"type": "hidden", "name": "organisation", "value": "Kremlin"}]


def test_organisation_json_ld(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    profile = json_ld(page(out, "/organisations/european-commission/"))
    url = "https://archive.example.org/organisations/european-commission/"
    assert profile["@type"] == "ProfilePage" and profile["url"] == url
    assert profile["mainEntity"] == {
        "@type": "Organization",
        "name": "European Commission",
        "url": url,
        "description": "Executive of the European Union",
        "subjectOf": {"@type": "ItemList", "numberOfItems": 1, "url": url},
    }
    article = json_ld(page(out, KREMLIN_STORIES[0]))
    mentions = article["mentions"]
    assert isinstance(mentions, list)
    assert mentions[-1] == {
        "@type": "Organization",
        "name": "Kremlin",
        "url": "https://archive.example.org/organisations/kremlin/",
    }
    assert [m["@type"] for m in mentions] == ["Person", "Person", "Person", "Organization"]


def test_organisation_feed_and_categories(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    parsed = feedparser.parse((out / "organisations/kremlin/feed.xml").read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.title == "Kremlin – The Wire Morgue"
    assert parsed.feed.link == "https://archive.example.org/organisations/kremlin/"
    assert [e.link for e in parsed.entries] == [
        "https://archive.example.org" + url for url in reversed(KREMLIN_STORIES)
    ]
    tags = {(t.term, t.label, t.scheme) for t in parsed.entries[0].tags}
    assert ("kremlin", "Kremlin", "https://archive.example.org/organisations/") in tags
    # Every feed names organisations as categories, unpublished ones included: a category is a
    # label, not a link.
    economy = feedparser.parse((out / "topics/economy/feed.xml").read_bytes())
    labels = {t.label for e in economy.entries for t in e.get("tags", [])}
    assert {"European Commission", "Reserve Bank of India"} <= labels


def test_organisation_pages_are_in_the_sitemap(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    sitemap = sitemap_urls(out)
    for url in ("organisations/", "organisations/kremlin/", "organisations/kremlin/page/1/"):
        assert f"<loc>https://archive.example.org/{url}</loc>" in sitemap, url
    assert "feed.xml" not in sitemap


# --- the publishing policy -------------------------------------------------------------------


def test_unconfirmed_and_named_once_has_no_page_and_is_plain_text(
    basic: tuple[Path, BuildReport],
) -> None:
    out, _ = basic
    for kind, slug in (("people", "shaktikanta-das"), ("organisations", "reserve-bank-of-india")):
        assert not (out / kind / slug).exists(), slug  # no page, no numbered page, no feed
        assert f"/{kind}/{slug}/" not in sitemap_urls(out)
        assert slug not in (out / kind / "index.html").read_text(encoding="utf-8")
    story = page(out, RBI_STORY)
    assert "Shaktikanta Das" in story.visible and "Reserve Bank of India" in story.visible
    spans = [attrs for tag, attrs in story.elements if attrs.get("class") == "unlinked"]
    assert [span.get("href") for span in spans] == [None, None]  # named, not linked
    _, _, filters = visible(out)[RBI_STORY]
    assert "Shaktikanta Das" in filters["person"]  # still search facets
    assert "Reserve Bank of India" in filters["organisation"]
    linked = " ".join(h or "" for h in hrefs(story))
    assert "shaktikanta" not in linked and "reserve-bank" not in linked
    mentions = json_ld(story)["mentions"]
    assert mentions == [
        {"@type": "Person", "name": "Shaktikanta Das"},
        {"@type": "Organization", "name": "Reserve Bank of India"},
    ]
    # Never among the "most covered" of a topic page either.
    assert "Shaktikanta Das" not in page(out, "/topics/monetary-policy/").visible


def test_unconfirmed_but_named_often_enough_has_a_page(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    assert (out / "organisations/kremlin/index.html").is_file()
    assert (out / "organisations/kremlin/feed.xml").is_file()
    for url in KREMLIN_STORIES:
        assert "/organisations/kremlin/" in hrefs(page(out, url)), url


@pytest.mark.parametrize("threshold", [0, 1])
def test_a_threshold_of_0_or_1_publishes_everyone(tmp_path: Path, threshold: int) -> None:
    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    with (site / "site.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"unreviewed_min_stories = {threshold}\n")
    out = tmp_path / "public"
    assert build_site(site, out).ok
    assert "/people/shaktikanta-das/" in hrefs(page(out, RBI_STORY))
    assert (out / "organisations/reserve-bank-of-india/feed.xml").is_file()
    assert "Reserve Bank of India (1)" in page(out, "/organisations/").visible


def test_a_high_threshold_unpublishes_unconfirmed_entries_only(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    with (site / "site.toml").open("a", encoding="utf-8") as handle:
        handle.write("unreviewed_min_stories = 3\n")
    out = tmp_path / "public"
    assert build_site(site, out).ok
    assert not (out / "organisations/kremlin").exists()
    assert "Kremlin" in page(out, KREMLIN_STORIES[0]).visible
    # Confirmed entries keep their page whatever the count.
    assert (out / "organisations/european-commission/index.html").is_file()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "unreviewed_min_stories must be 0 or more"),
        ('"two"', "unreviewed_min_stories must be a whole number, not 'two'"),
        ("true", "unreviewed_min_stories must be a whole number, not True"),
    ],
)
def test_a_bad_threshold_is_one_line_naming_the_file_and_line(
    tmp_path: Path, value: str, message: str
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text(
        f'title = "T"\n# Publishing\nunreviewed_min_stories = {value}\n', encoding="utf-8"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(site)
    assert str(raised.value) == f"{site / 'site.toml'}:3: {message}"
    assert "\n" not in str(raised.value)


def test_the_threshold_defaults_to_2(tmp_path: Path) -> None:
    (tmp_path / "site.toml").write_text('title = "T"\n', encoding="utf-8")
    assert load_config(tmp_path).unreviewed_min_stories == 2


# --- one sentence, once ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "summary", "repeats"),
    [
        ("Trump sworn in", "Trump sworn in", True),
        ("Trump sworn in", "trump  SWORN-in!", True),
        ("Trump sworn in, promises change", "Trump sworn in; promises change on Monday.", True),
        ('Guterres warns of "climate hell"', "Guterres warns of climate hell.", True),
        ("Trump wins", "Trump winsome smile", False),  # words, not letters
        ("Trump sworn in as President", "Trump sworn in", False),  # says less, not the same
        ("Trump sworn in", "Donald Trump was sworn in on Monday.", False),
        ("", "Anything", False),
        ("Headline", "", False),
    ],
)
def test_a_summary_that_repeats_its_headline(headline: str, summary: str, repeats: bool) -> None:
    assert repeats_headline(headline, summary) is repeats
    assert shown_summary(headline, summary) == ("" if repeats else summary)


def test_lists_show_a_repeated_sentence_once(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    headline = 'Trump sworn in as 47th US President, promises "golden age"'
    for url in ("/", "/2025/01/20/", "/people/donald-trump/page/1/", "/topics/elections/"):
        parsed = page(out, url)
        assert parsed.visible.count(headline) == 1, url
        assert "promises &quot;golden age&quot; in an inaugural" not in parsed.visible, url
        assert "in an inaugural address delivered indoors" not in parsed.visible, url
    # Other stories keep their summary; the search index gets the same summary as the lists.
    assert "kept its key lending rate unchanged" in page(out, "/2024/03/12/").visible
    _, meta, _ = visible(out)["/2025/01/20/trump-sworn-in/"]
    assert "summary" not in meta and meta["title"].startswith("Trump sworn in")
    _, meta, _ = visible(out)["/2024/03/12/rbi-keeps-repo-rate-unchanged/"]
    assert "kept its key lending rate unchanged" in meta["summary"]
