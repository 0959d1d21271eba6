"""The reader's archive (issue 12) in the built pages of the fixture site: moving through time,
words and order, people, sharing, feeds, print and citing. The browser walks the same pages in
`test_reader_browser.py`."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.dom import minidom

import feedparser
import pytest

from generator.build.report import BuildReport
from generator.config import ConfigError, load_config
from generator.pages.sorting import filing_name, initial, sort_key
from generator.pages.views import credit, plural
from generator.preview.server import content_type
from tests.golden import SITES, build_site
from tests.test_build import Page, html_files, page

THEME = Path(__file__).parents[1] / "generator" / "theme"


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("reader") / "public"
    report = build_site(SITES / "basic", out)
    assert report.ok, report.errors
    return out, report


# --- words and order -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "filed", "letter"),
    [
        ("Narendra Modi", "Modi, Narendra", "M"),
        ("N. Chandrababu Naidu", "Naidu, N. Chandrababu", "N"),
        ("Ursula von der Leyen", "von der Leyen, Ursula", "V"),
        ("Martin Luther King Jr.", "King, Martin Luther, Jr.", "K"),
        ("Bashar al-Assad", "al-Assad, Bashar", "A"),
        ("António Guterres", "Guterres, António", "G"),
        ("Αλέξης Τσίπρας", "Τσίπρας, Αλέξης", "T"),
        # Written family name first, and one-word names: the whole name.
        ("Xi Jinping", "Xi Jinping", "X"),
        ("Kim Jong Un", "Kim Jong Un", "K"),
        ("Lee Jae-myung", "Lee Jae-myung", "L"),
        ("Nguyen Phu Trong", "Nguyen Phu Trong", "N"),
        ("Madonna", "Madonna", "M"),
        ("Suharto", "Suharto", "S"),
        # ... but a Western "Lee" is a given name.
        ("Lee Anderson", "Anderson, Lee", "A"),
        # An editor's own filing form is kept.
        ("Modi, Narendra", "Modi, Narendra", "M"),
        ("  Narendra   Modi ", "Modi, Narendra", "M"),
    ],
)
def test_people_file_by_surname(name: str, filed: str, letter: str) -> None:
    assert filing_name(name) == filed
    assert initial(sort_key(filed)) == letter


def test_names_sort_without_accents_or_case() -> None:
    names = ["Åsa Zorn", "Ana Álvarez", "Bo ärlig", "Carl Berg"]
    ordered = sorted((filing_name(n) for n in names), key=sort_key)
    assert ordered == ["Álvarez, Ana", "ärlig, Bo", "Berg, Carl", "Zorn, Åsa"]
    assert initial(sort_key("1st Battalion")) == "#"


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (0, "story", "0 stories"),
        (1, "story", "1 story"),
        (1, "stories", "1 story"),
        (2, "story", "2 stories"),
        (1, "person", "1 person"),
        (3, "person", "3 people"),
        (1, "day", "1 day"),
        (1204, "organisation", "1,204 organisations"),
    ],
)
def test_plurals(count: int, noun: str, text: str) -> None:
    assert plural(count, noun) == text


def test_no_page_says_1_stories(basic: tuple[Path, BuildReport]) -> None:
    for path in html_files(basic[0]):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b1 (stories|days|people)\b", text), path


def test_the_credit_line_names_city_and_agency_once_without_the_date() -> None:
    assert credit("Lucknow", "PTI") == "LUCKNOW (PTI)"
    assert credit("", "PTI") == "(PTI)" and credit("Lucknow", "") == "LUCKNOW"


def test_lists_show_the_date_once(basic: tuple[Path, BuildReport]) -> None:
    home = page(basic[0], "/").visible
    assert "March 18, 2025 · MOSCOW (IANS)" in home
    assert "MOSCOW, March 18" not in home


def test_the_people_a_to_z_files_by_surname_with_letters_and_a_filter(
    basic: tuple[Path, BuildReport],
) -> None:
    people = page(basic[0], "/people/")
    text = people.visible
    order = ["Guterres, António", "Modi, Narendra", "Putin, Vladimir", "Trump, Donald"]
    assert [text.index(name) for name in order] == sorted(text.index(name) for name in order)
    assert "von der Leyen, Ursula" in text
    letters = [a.get("href") for a in people.find("a") if (a.get("href") or "").startswith("#l")]
    assert letters[:3] == ["#letter-G", "#letter-M", "#letter-P"]
    # The filter box is hidden until the script shows it: without JavaScript there is no box
    # that does nothing.
    assert {"class": "az-filter", "role": "search", "aria-label": "Filter the people"} | {
        "hidden": None
    } in people.find("form")
    assert {"src": "/assets/enhance.js", "defer": None} in people.find("script")


# --- moving through time ----------------------------------------------------------------------


def test_months_years_and_days_link_to_their_neighbours(basic: tuple[Path, BuildReport]) -> None:
    out = basic[0]
    march = page(out, "/2025/03/")
    assert {"href": "/2025/02/", "rel": "prev"} in march.find("a")
    assert not any(a.get("rel") == "next" for a in march.find("a"))  # the newest month
    november = page(out, "/2024/11/")
    assert {"href": "/2024/06/", "rel": "prev"} in november.find("a")  # months with stories
    assert {"href": "/2025/01/", "rel": "next"} in november.find("a")  # across a year
    assert {"href": "/2025/", "rel": "next"} in page(out, "/2024/").find("a")
    day = page(out, "/2025/03/18/")
    assert {"href": "/2025/02/14/", "rel": "prev"} in day.find("a")
    assert {"href": "/2025/03/19/", "rel": "next"} in day.find("a")
    assert {"href": "/on-this-day/03-18/"} in day.find("a")


def test_a_story_links_to_the_stories_before_and_after_it_across_days(
    basic: tuple[Path, BuildReport],
) -> None:
    # The last story of March 18 leads to March 19; the first of March 19 back to March 18.
    last = page(basic[0], "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/")
    assert {"href": "/2025/03/19/putin-agrees-to-pause-energy-strikes/", "rel": "next"} in (
        last.find("a")
    )
    first = page(basic[0], "/2025/03/19/putin-agrees-to-pause-energy-strikes/")
    assert {"href": "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/", "rel": "prev"} in (
        first.find("a")
    )
    assert "Previous story · March 18, 2025" in first.visible


def test_home_leads_to_older_stories_the_archive_and_on_this_day(
    tmp_path: Path,
) -> None:
    from tests.sitegen import make_site

    site = make_site(tmp_path / "site", 60, people=10, topics=5, years=1, per_page=5)
    out = tmp_path / "public"
    assert build_site(site, out, search=False).ok
    home = page(out, "/")
    older = [a for a in home.find("a") if a.get("class") == "older-link"]
    assert len(older) == 1
    target = page(out, older[0]["href"] or "")
    assert target.texts["h1"][0] in home.visible  # "Older stories from <that day>"
    assert {"href": "/archive/"} in home.find("a")
    assert any((a.get("href") or "").startswith("/on-this-day/") for a in home.find("a"))
    archive = page(out, "/archive/")
    assert archive.texts["h1"] == ["Archive"] and "60 stories" in archive.visible
    # Every page's menu has the archive.
    assert {"href": "/archive/"} in page(out, "/people/").find("a")


def test_on_this_day_lists_a_calendar_day_in_every_year(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    story = site / "content/stories/2025/03/12/rbi-cuts.md"
    story.parent.mkdir(parents=True)
    source = site / "content/stories/2024/03/12/rbi-keeps-repo-rate-unchanged.md"
    text = source.read_text(encoding="utf-8").replace("date: 2024-03-12", "date: 2025-03-12")
    story.write_text(text.replace("id: ", "id: 99", 1), encoding="utf-8")
    out = tmp_path / "public"
    assert build_site(site, out, search=False).ok
    day = page(out, "/on-this-day/03-12/")
    assert day.texts["h1"] == ["On this day: March 12"]
    assert "3 stories from March 12, in 2 years" in day.visible
    assert re.search(r"March 12, 2025 .* March 12, 2024", day.visible)  # newest first
    assert {"href": "/on-this-day/03-18/", "rel": "next"} in day.find("a")
    assert (out / "on-this-day/03-18/index.html").is_file()
    assert not (out / "on-this-day/03-13").exists()  # only days that hold stories


# --- person pages -----------------------------------------------------------------------------


def test_a_person_page_has_a_year_table_a_role_line_and_dated_numbered_pages(
    basic: tuple[Path, BuildReport],
) -> None:
    out = basic[0]
    trump = page(out, "/people/donald-trump/")
    assert {"class": "standfirst"} in trump.find("p")
    assert "45th and 47th President of the United States" in trump.visible
    assert {"class": "years-chart"} in trump.find("table")
    assert not any(svg.get("role") == "img" for svg in trump.find("svg"))
    assert all(svg.get("aria-hidden") == "true" for svg in trump.find("svg"))
    assert {
        "href": "/people/donald-trump/page/1/",
        "aria-label": "Stories from 2024, from page 1",
    } in (trump.find("a"))
    numbered = page(out, "/people/donald-trump/page/1/")
    assert "page 1 of 2" in " ".join(numbered.texts["h1"])
    assert "Stories from November 6, 2024 – January 20, 2025" in numbered.visible
    assert (
        numbered.meta("description") == "Donald Trump: stories November 6, 2024 to January 20, 2025"
    )


def test_a_person_in_one_story_gets_no_chart(basic: tuple[Path, BuildReport]) -> None:
    one = page(basic[0], "/people/yuri-ushakov/")
    assert not one.find("table") and not one.find("svg")
    assert "1 story about" not in one.visible  # it has a description of its own
    assert "Foreign policy aide" in one.visible


# --- sharing ----------------------------------------------------------------------------------


def test_every_page_has_social_cards_a_share_image_and_a_favicon(
    basic: tuple[Path, BuildReport],
) -> None:
    out = basic[0]
    image = "https://archive.example.org/assets/share.png"
    kinds = set()
    for path in html_files(out):
        parsed = Page(path.read_text(encoding="utf-8"))
        canonical = next(
            link["href"] for link in parsed.find("link") if link.get("rel") == "canonical"
        )
        assert parsed.meta("og:url") == canonical, path
        assert parsed.meta("og:title") and parsed.meta("og:description"), path
        assert parsed.meta("og:site_name") == "The Wire Morgue", path
        assert parsed.meta("og:image") == image, path
        assert parsed.meta("twitter:card") == "summary_large_image", path
        assert parsed.meta("twitter:image") == image, path
        assert {"rel": "icon", "href": "/favicon.ico", "sizes": "32x32"} in parsed.find("link")
        assert {"rel": "icon", "href": "/assets/favicon.svg", "type": "image/svg+xml"} in (
            parsed.find("link")
        )
        kinds.add(parsed.meta("og:type"))
    assert kinds == {"website", "article", "profile"}
    assert (out / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (out / "assets/share.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (out / "assets/favicon.svg").is_file()


def test_the_share_image_is_a_setting(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    (site / "static").mkdir()
    (site / "static/card.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with (site / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write(
            'share_image = "card.png"\nshare_image_alt = "Our masthead"\nsearch = false\n'
        )
    out = tmp_path / "public"
    assert build_site(site, out).ok
    home = page(out, "/")
    assert home.meta("og:image") == "https://archive.example.org/card.png"
    assert home.meta("og:image:alt") == "Our masthead"
    (site / "site.toml").write_text(
        (SITES / "basic/site.toml").read_text(encoding="utf-8") + 'share_image = ""\n'
    )
    assert build_site(site, out).ok
    home = page(out, "/")
    assert home.meta("og:image") is None and home.meta("twitter:card") == "summary"
    (site / "site.toml").write_text('share_image = "javascript:alert(1)"\n')
    with pytest.raises(ConfigError, match="share_image"):
        load_config(site)


def test_json_ld_names_topics_by_their_names(basic: tuple[Path, BuildReport]) -> None:
    story = page(basic[0], "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/")
    data = "".join(story.texts["script"])
    assert '"name":"Russia-Ukraine war"' in data
    assert '"name":"russia-ukraine-war"' not in data


# --- feeds ------------------------------------------------------------------------------------


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")


def test_a_json_feed_sits_beside_every_atom_feed(basic: tuple[Path, BuildReport]) -> None:
    out = basic[0]
    atoms = [out / "feed.xml", *out.glob("*/*/feed.xml")]
    assert len(atoms) > 1
    for atom in atoms:
        data = json.loads(atom.with_suffix(".json").read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"] and data["feed_url"].endswith(
            str(atom.with_suffix(".json").relative_to(out))
        )
        parsed = feedparser.parse(atom.read_bytes())
        # The same entries, in the same order, with the same ids.
        assert [item["id"] for item in data["items"]] == [e.id for e in parsed.entries]
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert isinstance(item.get("content_html", item.get("content_text")), str)
            assert _RFC3339.match(item["date_published"]), item["date_published"]
    # Story text stays a JSON string: the hostile headline is read back literally.
    site = json.loads((out / "feed.json").read_text(encoding="utf-8"))
    assert any(i["title"].startswith("<script>alert(1)</script>") for i in site["items"])
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/feed+json"' in home
    assert 'href="/feed.json"' in home
    person = next(out.glob("people/*/feed.json")).parent
    html = (person / "index.html").read_text(encoding="utf-8")
    assert f'href="/people/{person.name}/feed.json"' in html


OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def test_an_opensearch_description_points_at_the_search_page(
    basic: tuple[Path, BuildReport],
) -> None:
    out = basic[0]
    root = ET.parse(out / "opensearch.xml").getroot()
    assert root.tag == f"{OPENSEARCH}OpenSearchDescription"
    short = root.findtext(f"{OPENSEARCH}ShortName") or ""
    assert 0 < len(short) <= 16
    (query,) = [u for u in root.iter(f"{OPENSEARCH}Url") if u.get("type") == "text/html"]
    assert query.get("template") == "https://archive.example.org/search/?q={searchTerms}"
    assert (out / "search" / "index.html").is_file()
    link = (
        '<link rel="search" type="application/opensearchdescription+xml"'
        ' title="The Wire Morgue" href="/opensearch.xml">'
    )
    for path in html_files(out):
        assert link in path.read_text(encoding="utf-8"), path


def test_no_opensearch_description_without_search(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    with (site / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write("search = false\n")
    out = tmp_path / "public"
    assert build_site(site, out).ok
    assert not (out / "opensearch.xml").exists()
    assert 'rel="search"' not in (out / "index.html").read_text(encoding="utf-8")


def test_feeds_name_a_well_formed_xsl_stylesheet(basic: tuple[Path, BuildReport]) -> None:
    out = basic[0]
    for feed in [out / "feed.xml", *out.glob("*/*/feed.xml")]:
        head = feed.read_bytes()[:200].decode("utf-8")
        assert '<?xml-stylesheet type="text/xsl" href="/assets/feed.xsl"?>' in head, feed
        assert minidom.parse(str(feed)).documentElement.tagName == "feed"
        parsed = feedparser.parse(feed.read_bytes())
        assert not parsed.bozo and parsed.entries, feed
    xsl = minidom.parse(str(out / "assets/feed.xsl")).documentElement
    assert xsl.tagName == "xsl:stylesheet"
    text = (out / "assets/feed.xsl").read_text(encoding="utf-8")
    assert "subscribe" in text and "disable-output-escaping" not in text
    # Served as XML, so a browser applies it.
    assert "xml" in content_type(out / "assets/feed.xsl")


def test_a_feed_in_a_browser_is_a_page(basic: tuple[Path, BuildReport]) -> None:
    # The transformation itself, as a browser makes it, is checked in test_reader_browser.py;
    # here: what the stylesheet reads exists in every feed.
    feed = minidom.parse(str(basic[0] / "feed.xml")).documentElement
    rels = {link.getAttribute("rel") for link in feed.getElementsByTagName("link")}
    assert {"self", "alternate"} <= rels


def test_feeds_carry_summaries_by_default_and_full_stories_when_asked(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    out = tmp_path / "public"
    assert build_site(site, out, search=False).ok
    summary = feedparser.parse((out / "feed.xml").read_bytes())
    assert not any("content" in entry for entry in summary.entries)
    with (site / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write('feed_content = "full"\n')
    assert build_site(site, out, search=False).ok
    full = feedparser.parse((out / "feed.xml").read_bytes())
    assert not full.bozo
    hostile = next(e for e in full.entries if "Minister quits" in e.title)
    body = hostile.content[0].value
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>" not in body
    person = feedparser.parse((out / "people/vladimir-putin/feed.xml").read_bytes())
    assert all(entry.content[0].value.startswith("<p>") for entry in person.entries)
    (site / "site.toml").write_text('feed_content = "everything"\n')
    with pytest.raises(ConfigError, match='feed_content must be "summary" or "full"'):
        load_config(site)


# --- print and cite ---------------------------------------------------------------------------


def test_print_styles_show_the_link_and_date_and_hide_provenance() -> None:
    css = (THEME / "static/assets/style.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print {") + len("@media print {") :]
    printed = printed[: printed.index("\n}\n")]
    hidden = printed[: printed.index("{")]
    for selector in (".provenance", ".masthead nav", ".story-nav", ".permalink", ".colophon"):
        assert selector in hidden, selector
    assert re.search(r"\.print-only \{ display: block;", printed)
    assert re.search(r"^\.print-only \{ display: none; \}", css, re.MULTILINE)


def test_a_story_prints_its_date_and_link_and_can_be_cited(basic: tuple[Path, BuildReport]) -> None:
    story = page(basic[0], "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/")
    url = "https://archive.example.org/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/"
    assert f"March 18, 2025 · {url}" in story.visible  # the print-only line
    assert (
        "IANS. “Moscow has not lost hope of a Ukraine ceasefire, says Putin aide.” Moscow, "
        f"March 18, 2025. The Wire Morgue, {url}"
    ) in story.visible
    assert {"id": "permalink", "type": "text", "value": url, "readonly": None} | {
        "spellcheck": "false"
    } in story.find("input")
    buttons = story.find("button")
    assert all("hidden" in b for b in buttons) and len(buttons) == 2  # shown by the script
    hostile = page(basic[0], "/2025/03/20/hostile-headline/")
    assert "“<script>alert(1)</script> Minister quits" in hostile.visible  # literal text


def test_full_content_feeds_follow_an_edited_body_incrementally(tmp_path: Path) -> None:
    from tests.golden import tree

    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    with (site / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write('feed_content = "full"\nsearch = false\n')
    out = tmp_path / "public"
    assert build_site(site, out).ok
    story = site / "content/stories/2025/03/19/putin-agrees-to-pause-energy-strikes.md"
    with story.open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph an editor added.\n")
    report = build_site(site, out)
    assert report.ok and report.incremental
    assert "A paragraph an editor added." in (out / "people/vladimir-putin/feed.xml").read_text()
    full = tmp_path / "full"
    assert build_site(site, full).ok
    assert tree(out) == tree(full)
