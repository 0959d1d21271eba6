"""`build()`: the pages a reader sees, safety of untrusted text, determinism, atomic output."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.build.pipeline import build
from generator.build.report import BuildReport
from generator.config import load_config
from generator.pages import markdown
from tests.golden import GOLDEN, SITES, build_site, tree

BASIC = SITES / "basic"


class Page(HTMLParser):
    """A parsed HTML page: elements with attributes, visible text, the text of some elements."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self.texts: dict[str, list[str]] = {"title": [], "h1": [], "script": []}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("meta", "link", "br", "img", "input", "rect"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in self.texts:
            if tag in self._open:
                self.texts[tag].append(data)
        if "script" not in self._open and "title" not in self._open:
            self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        """Attributes of every `tag` element."""
        return [attrs for name, attrs in self.elements if name == tag]

    def meta(self, key: str) -> str | None:
        """Content of <meta name=key> or <meta property=key>."""
        for attrs in self.find("meta"):
            if key in (attrs.get("name"), attrs.get("property")):
                return attrs.get("content")
        return None

    @property
    def visible(self) -> str:
        """The page's text, whitespace collapsed."""
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("basic") / "public"
    return out, build_site(BASIC, out)


def page(out: Path, url: str) -> Page:
    return Page((out / url.strip("/") / "index.html").read_text(encoding="utf-8"))


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


def test_basic_site_builds_cleanly(basic: tuple[Path, BuildReport]) -> None:
    _, report = basic
    assert report.ok and not report.warnings
    assert report.stories == 11
    assert report.summary().startswith("11 stories, ")


def test_matches_golden_output(basic: tuple[Path, BuildReport]) -> None:
    """Refresh with `python -m tests.golden --refresh` after an intended change."""
    built, golden = tree(basic[0]), tree(GOLDEN / "basic")
    assert sorted(built) == sorted(golden)
    changed = [path for path in built if built[path] != golden[path]]
    assert not changed, f"differs from tests/output/basic: {changed[:10]}"


def test_story_page(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    story = page(out, "/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/")
    assert story.texts["h1"] == ["Moscow has not lost hope of a Ukraine ceasefire, says Putin aide"]
    # The dateline city and agency once, the date once (not "MOSCOW, March 18 (IANS)").
    assert "MOSCOW (IANS) March 18, 2025" in story.visible
    assert {"datetime": "2025-03-18"} in story.find("time")
    hrefs = [a.get("href") for a in story.find("a")]
    for url in ("/people/vladimir-putin/", "/topics/diplomacy/", "/places/moscow/"):
        assert url in hrefs
    assert "has not been edited by the archive team" in story.visible
    assert "000_ec7a645d63049ad9.txt" in story.visible
    # Previous and next in date order: the Zelensky story sorts before it the same day (ids
    # 8192... < ec7a...), the next day's Putin story after it.
    assert "/2025/03/18/zelensky-says-ukraine-ready-for-talks/" in hrefs
    assert {"href": "/2025/03/19/putin-agrees-to-pause-energy-strikes/", "rel": "next"} in (
        story.find("a")
    )
    # Related: the next day's Putin story shares people and topics.
    assert "/2025/03/19/putin-agrees-to-pause-energy-strikes/" in hrefs
    assert story.meta("og:type") == "article"
    assert story.meta("article:published_time") == "2025-03-18"
    assert story.meta(
        "description",
    ).startswith("Hours before")  # type: ignore[union-attr]
    assert {
        "rel": "canonical",
        "href": "https://archive.example.org/2025/03/18/moscow-has-not-lost-hope-of-ceasefire/",
    } in story.find("link")


def test_markdown_body_is_rendered(basic: tuple[Path, BuildReport]) -> None:
    story = page(basic[0], "/2025/03/18/zelensky-says-ukraine-ready-for-talks/")
    assert len(story.find("li")) >= 2
    assert {"href": "https://example.com/statement"} in story.find("a")


def test_person_page(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    person = page(out, "/people/donald-trump/")
    assert person.texts["h1"] == ["Donald Trump"]
    text = person.visible
    assert "45th and 47th President" in text
    assert "Stories 6" in text
    assert "First appearance November 6, 2024" in text and "Last appearance March 19, 2025" in text
    assert person.find("svg") and person.find("rect")
    assert "Vladimir Putin (3)" in text  # appears with, with counts
    assert "Diplomacy (5)" in text
    hrefs = [a.get("href") for a in person.find("a")]
    assert "/people/donald-trump/page/1/" in hrefs and "/people/donald-trump/page/2/" in hrefs
    assert "/people/donald-trump/feed.xml" in hrefs
    # The landing page shows the newest per_page (3) stories, newest first.
    headlines = [a.get("href") for a in person.find("a") if (a.get("href") or "").startswith("/20")]
    assert headlines[:1] == ["/2025/03/19/putin-agrees-to-pause-energy-strikes/"]
    assert (out / "people/donald-trump/feed.xml").is_file()


def test_numbered_pages_are_oldest_first(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    first = page(out, "/people/donald-trump/page/1/")
    links = [a.get("href") for a in first.find("a")]
    assert "/2024/11/06/trump-wins-us-presidential-election/" in links
    assert "/2025/03/19/putin-agrees-to-pause-energy-strikes/" not in links
    assert "/people/donald-trump/page/2/" in links  # newer
    assert not (out / "people/donald-trump/page/3").exists()


def test_topic_and_place_pages(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    topic = page(out, "/topics/diplomacy/")
    assert topic.texts["h1"] == ["Diplomacy"] and "Donald Trump (5)" in topic.visible
    place = page(out, "/places/moscow/")
    assert place.texts["h1"] == ["Moscow"] and "Vladimir Putin (2)" in place.visible


def test_indexes(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    people = page(out, "/people/")
    # Filed by surname.
    assert "Trump, Donald (6)" in people.visible
    assert [s.get("id") for s in people.find("section")][:2] == ["letter-G", "letter-M"]
    topics = page(out, "/topics/")
    # Grouped by parent: World holds Diplomacy and the war, Economy holds monetary policy.
    assert re.search(r"World Diplomacy \(\d\) Russia-Ukraine war \(\d\)", topics.visible)
    assert re.search(r"Economy \(\d\) Monetary policy \(\d\)", topics.visible)
    assert "Moscow (2)" in page(out, "/places/").visible


def test_date_archives(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    assert "March 2025" in page(out, "/2025/").visible
    month = page(out, "/2025/03/")
    assert month.find("table")
    hrefs = [a.get("href") for a in month.find("a")]
    assert "/2025/03/18/" in hrefs and "/2025/03/17/" not in hrefs
    day = page(out, "/2025/03/18/")
    assert day.texts["h1"] == ["March 18, 2025"] and "2 stories" in day.visible


def test_home_and_404(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    home = page(out, "/")
    text = home.visible
    # A young archive (stories on fewer than 30 days): "most covered" counts all of it, says so,
    # and lists only what at least two stories name.
    assert "All 11 stories of the archive, March 12, 2024 – March 20, 2025." in text
    assert "Vladimir Putin (4)" in text and "Diplomacy (7)" in text
    assert "Yuri Ushakov (1)" not in text
    assert "/2024/" in [a.get("href") for a in home.find("a")]
    not_found = Page((out / "404.html").read_text(encoding="utf-8"))
    assert not_found.texts["h1"] == ["Page not found"]
    for name in ("feed.xml", "sitemap.xml", "robots.txt", "assets/style.css"):
        assert (out / name).is_file()


def test_every_page_has_one_h1_title_description_canonical(basic: tuple[Path, BuildReport]) -> None:
    for path in html_files(basic[0]):
        parsed = Page(path.read_text(encoding="utf-8"))
        assert len(parsed.find("h1")) == 1, path
        assert "".join(parsed.texts["title"]).strip(), path
        assert parsed.meta("description"), path
        assert any(link.get("rel") == "canonical" for link in parsed.find("link")), path
        assert parsed.find("html")[0].get("lang") == "en"
        for landmark in ("header", "nav", "main", "footer"):
            assert parsed.find(landmark), (path, landmark)


HOSTILE = "/2025/03/20/hostile-headline/"


def test_hostile_text_is_literal_everywhere(basic: tuple[Path, BuildReport]) -> None:
    out, _ = basic
    for path in html_files(out):
        parsed = Page(path.read_text(encoding="utf-8"))
        for tag, attrs in parsed.elements:
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            for name in ("href", "src"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), (path, attrs)
            if tag in ("img", "iframe", "object", "embed"):
                pytest.fail(f"{path}: <{tag}> from story text")
        # The only scripts are JSON-LD data blocks, the theme's messages for its scripts (a JSON
        # data block too) and the theme's own search and enhancement scripts.
        for attrs in parsed.find("script"):
            ours = (attrs.get("type") == "module" and attrs.get("src") == "/assets/search.js") or (
                attrs.get("src") == "/assets/enhance.js"
            )
            messages = attrs.get("type") == "application/json" and attrs.get("id") == (
                "morgue-messages"
            )
            assert attrs.get("type") == "application/ld+json" or ours or messages, path
        assert "49" not in " ".join(parsed.texts["h1"]), path
    story = page(out, HOSTILE)
    title = "<script>alert(1)</script> Minister quits over {{ 7*7 }} leak </title>"
    assert story.texts["h1"] == [title]
    assert "".join(story.texts["title"]).startswith(title)
    assert story.meta("og:title") == title
    summary = 'A quote " onerror="alert(1) breaks out of an attribute, {% raw %} and {{ 7*7 }} stay literal.'
    assert story.meta("description") == summary
    text = story.visible
    for literal in (
        "<script>alert(1)</script> appeared",
        '" onerror="alert(1)',
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        "{% raw %}",
        "</title> are just words",
        "</TITLE><SCRIPT>ALERT('DATELINE')</SCRIPT> (IANS\" onerror=\"alert(1))",
    ):
        assert literal in text, literal
    # The hostile headline is literal in lists too.
    for url in ("/", "/2025/03/20/", "/people/narendra-modi/", "/topics/elections/"):
        assert title in page(out, url).visible, url


def test_json_ld_cannot_close_its_script(basic: tuple[Path, BuildReport]) -> None:
    story = page(basic[0], HOSTILE)
    assert len([s for s in story.find("script") if s.get("type") == "application/ld+json"]) == 1
    assert "</script" not in "".join(story.texts["script"]).lower()


def test_markdown_fast_path_matches_markdown_it() -> None:
    md = markdown.create_markdown()
    samples = [
        p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted(BASIC.rglob("*.md"))
    ]
    samples += [
        "One line.\nSecond line.\n\n\nNew paragraph.\n",
        "  Indented start\n",
        "1. list\n",
        "1999 was a year.\n",
        "Trailing  \nspaces\n",
        "a -- b\n\n- item\n",
        "Quote \"x\" 'y'\n",
        "Tab\there\n",
        "x\n===\n",
        "Heading\n---\n",
        "AT&T &amp; co\n",
        "Windows\r\nline\r\n",
    ]
    for text in samples:
        assert markdown.render_markdown(md, text) == md.render(text), text


def test_deterministic_serial_and_parallel(
    tmp_path: Path, basic: tuple[Path, BuildReport], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks, so that the fixture's pages really are spread over two worker processes.
    monkeypatch.setattr("generator.build.rendering.CHUNK_SIZE", 10)
    config = load_config(BASIC, output_dir=str(tmp_path / "parallel"))
    report = build(config, jobs=2)
    assert report.ok and report.rendered > 20
    assert tree(tmp_path / "parallel") == tree(basic[0])


def test_base_url_with_a_path(tmp_path: Path) -> None:
    out = tmp_path / "public"
    report = build_site(BASIC, out, base_url="https://example.org/archive/")
    assert report.ok
    for path in html_files(out):
        parsed = Page(path.read_text(encoding="utf-8"))
        for _, attrs in parsed.elements:
            for name in ("href", "src"):
                value = attrs.get(name)
                if value is None:
                    continue
                assert value.startswith(("/archive/", "#", "https://", "http://", "mailto:")), (
                    path,
                    value,
                )
                if value.startswith(("https://example.org/",)):
                    assert value.startswith("https://example.org/archive/"), (path, value)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "https://example.org/archive/2025/03/20/hostile-headline/" in feed
    assert "https://example.org/archive/" in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_site_templates_and_static_override_the_theme(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Gone to press</h1>{% endblock %}',
        encoding="utf-8",
    )
    (site / "static" / "assets").mkdir(parents=True)
    (site / "static" / "assets" / "style.css").write_text("body { color: red }", encoding="utf-8")
    (site / "static" / "favicon.ico").write_bytes(b"icon")
    out = tmp_path / "public"
    assert build_site(site, out).ok
    assert "Gone to press" in (out / "404.html").read_text(encoding="utf-8")
    assert (out / "assets/style.css").read_text(encoding="utf-8") == "body { color: red }"
    assert (out / "favicon.ico").read_bytes() == b"icon"


def test_progress_lines_without_a_terminal(tmp_path: Path) -> None:
    import io

    from generator.build.printer import BuildPrinter

    stream = io.StringIO()
    printer = BuildPrinter(stream, interactive=False)
    config = load_config(SITES / "invalid" / "unknown-person", output_dir=str(tmp_path / "out"))
    report = build(config, jobs=1, reporter=printer)
    printer.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Reading stories"
    assert any(line.startswith("Rendering pages (") for line in lines)
    assert any(line.startswith("warning: ") and "john-roe" in line for line in lines)
    assert report.summary().startswith("2 stories, ") and "1 warnings" in report.summary()
