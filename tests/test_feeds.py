"""Atom feeds, read back the way subscribers read them: with feedparser and a strict XML parser."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from generator.config import SiteConfig
from generator.models import Source, Story, TermKind
from generator.pages.feeds import render_feed

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert(1)</script> </title> ]]> & {{ 7*7 }} \"q\" 'a'"


def make_story(n: int = 1, **changes: object) -> Story:
    values: dict[str, object] = {
        "id": f"{n:016x}",
        "slug": f"story-{n}",
        "title": f"Story number {n}",
        "date": dt.date(2025, 3, n),
        "dateline": "Moscow",
        "agency": "IANS",
        "summary": f"Summary of story {n}.",
        "body": "Body.",
        "path": f"stories/2025/03/{n:02d}/story-{n}.md",
        "people": ("donald-trump", "vladimir-putin"),
        "topics": ("diplomacy",),
        "places": ("moscow",),
        "source": Source(file=f"000_{n:016x}.txt", sha256="0" * 64),
    }
    values.update(changes)
    return Story(**values)  # type: ignore[arg-type]


NAMES = {TermKind.PEOPLE: {"donald-trump": "Donald Trump", "vladimir-putin": "Vladimir Putin"}}


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    return SiteConfig(root=tmp_path, base_url="https://example.org/", title="The Morgue")


def feed(config: SiteConfig, stories: list[Story], **kwargs: object) -> bytes:
    args: dict[str, object] = {
        "title": "Donald Trump",
        "page_url": "/people/donald-trump/",
        "feed_url": "/people/donald-trump/feed.xml",
        "stories": stories,
        "names": NAMES,
    }
    args.update(kwargs)
    return render_feed(config, **args)  # type: ignore[arg-type]


def test_feed_round_trips_through_feedparser(config: SiteConfig) -> None:
    stories = [make_story(3), make_story(2), make_story(1, agency="")]
    parsed = feedparser.parse(feed(config, stories))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Donald Trump"
    assert parsed.feed.id == "https://example.org/people/donald-trump/"
    assert parsed.feed.link == "https://example.org/people/donald-trump/"
    self_links = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_links == ["https://example.org/people/donald-trump/feed.xml"]
    assert parsed.feed.updated == "2025-03-03T00:00:00Z"
    assert [e.title for e in parsed.entries] == [
        "Story number 3",
        "Story number 2",
        "Story number 1",
    ]
    first = parsed.entries[0]
    assert first.link == "https://example.org/2025/03/03/story-3/"
    assert first.id == "tag:example.org,2025:0000000000000003"
    assert first.published == first.updated == "2025-03-03T00:00:00Z"
    assert first.author == "IANS"
    assert first.summary == "Summary of story 3."
    assert [(t.term, t.label, t.scheme) for t in first.tags] == [
        ("donald-trump", "Donald Trump", "https://example.org/people/"),
        ("vladimir-putin", "Vladimir Putin", "https://example.org/people/"),
        ("diplomacy", "diplomacy", "https://example.org/topics/"),  # no name: the slug
    ]
    assert parsed.entries[2].author == "The Morgue"  # no agency: the site


def test_updated_is_the_newest_date_whatever_the_order(config: SiteConfig) -> None:
    parsed = feedparser.parse(feed(config, [make_story(1), make_story(9), make_story(4)]))
    assert parsed.feed.updated == "2025-03-09T00:00:00Z"
    assert [e.title for e in parsed.entries] == [
        "Story number 1",
        "Story number 9",
        "Story number 4",
    ]


@pytest.mark.parametrize("field", ["title", "summary", "agency"])
def test_hostile_text_is_literal_text(config: SiteConfig, field: str) -> None:
    story = make_story(1, **{field: HOSTILE})
    data = feed(config, [story], title=HOSTILE, names={TermKind.PEOPLE: {"donald-trump": HOSTILE}})
    root = ET.fromstring(data)  # strict XML 1.0: raises on any unescaped markup
    assert root.find(f"{ATOM}title").text == HOSTILE  # type: ignore[union-attr]
    assert b"<script>" not in data
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    shown = {"title": entry.title, "summary": entry.summary, "agency": entry.author}[field]
    assert shown == HOSTILE
    assert entry.tags[0].label == HOSTILE


def test_invalid_xml_characters_are_dropped(config: SiteConfig) -> None:
    dirty = "A\x00B\x08C\x0bD\x1fE\ufffeF\uffffG\ud800H\tI\U0001f600J"
    data = feed(config, [make_story(1, title=dirty, summary=dirty)], title=dirty)
    root = ET.fromstring(data)
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "ABCDEFGH\tI\U0001f600J"
    assert feedparser.parse(data).bozo == 0


def test_base_url_with_a_path(tmp_path: Path) -> None:
    config = SiteConfig(root=tmp_path, base_url="https://example.org/archive/")
    parsed = feedparser.parse(feed(config, [make_story(5)]))
    assert parsed.feed.link == "https://example.org/archive/people/donald-trump/"
    assert parsed.feed.id == "https://example.org/archive/people/donald-trump/"
    assert {link.href for link in parsed.feed.links if link.rel == "self"} == {
        "https://example.org/archive/people/donald-trump/feed.xml"
    }
    entry = parsed.entries[0]
    assert entry.link == "https://example.org/archive/2025/03/05/story-5/"
    assert entry.tags[0].scheme == "https://example.org/archive/people/"
    # The entry id does not depend on the path, so moving the archive keeps readers' state.
    assert entry.id == "tag:example.org,2025:0000000000000005"


def test_same_input_gives_the_same_bytes(config: SiteConfig) -> None:
    stories = [make_story(n) for n in (7, 6, 5)]
    assert feed(config, stories) == feed(config, list(stories))
    assert feed(config, stories) == feed(config, tuple(make_story(n) for n in (7, 6, 5)))


def test_empty_feed_is_valid(config: SiteConfig) -> None:
    data = feed(config, [])
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0
    assert parsed.entries == []
    assert parsed.feed.updated == "1970-01-01T00:00:00Z"
    ET.fromstring(data)


def test_feed_declares_the_site_language(tmp_path: Path) -> None:
    config = SiteConfig(root=tmp_path, base_url="https://example.org/", language="hi")
    root = ET.fromstring(feed(config, [make_story(1)]))
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "hi"


def test_category_label_keeps_its_whitespace(config: SiteConfig) -> None:
    # An attribute value's raw tab or newline would be normalised to a space by every parser.
    data = feed(
        config, [make_story(1)], names={TermKind.PEOPLE: {"donald-trump": 'Don "The"\tDon\nTrump'}}
    )
    entry = ET.fromstring(data).find(f"{ATOM}entry")
    assert entry is not None
    labels = [c.get("label") for c in entry.findall(f"{ATOM}category")]
    assert labels[0] == 'Don "The"\tDon\nTrump'


def test_organisations_are_categories_with_their_own_scheme(config: SiteConfig) -> None:
    story = make_story(1, organisations=("kremlin",))
    names = {**NAMES, TermKind.ORGANISATIONS: {"kremlin": "Kremlin"}}
    parsed = feedparser.parse(feed(config, [story], names=names))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert [(t.term, t.label, t.scheme) for t in parsed.entries[0].tags] == [
        ("donald-trump", "Donald Trump", "https://example.org/people/"),
        ("vladimir-putin", "Vladimir Putin", "https://example.org/people/"),
        ("kremlin", "Kremlin", "https://example.org/organisations/"),
        ("diplomacy", "diplomacy", "https://example.org/topics/"),
    ]


def test_timestamps_carry_the_site_time_zone(tmp_path: Path) -> None:
    # A story's date stays its calendar date; the offset is the zone's on that day (DST too).
    from generator.pages.feeds import render_json_feed

    winter, summer = make_story(1), make_story(2, date=dt.date(2025, 7, 4))
    for zone, offsets in (
        ("Asia/Kolkata", ("+05:30", "+05:30")),
        ("America/New_York", ("-05:00", "-04:00")),
        ("UTC", ("Z", "Z")),
    ):
        config = SiteConfig(root=tmp_path, base_url="https://example.org/", timezone=zone)
        parsed = ET.fromstring(feed(config, [summer, winter]))
        published = [e.findtext(f"{ATOM}published") for e in parsed.iter(f"{ATOM}entry")]
        assert published == [f"2025-07-04T00:00:00{offsets[1]}", f"2025-03-01T00:00:00{offsets[0]}"]
        assert parsed.findtext(f"{ATOM}updated") == published[0]
        data = json.loads(
            render_json_feed(
                config, title="T", page_url="/", feed_url="/feed.json",
                stories=[summer, winter], names=NAMES,
            )
        )  # fmt: skip
        assert [item["date_published"] for item in data["items"]] == published


def test_a_site_time_zone_reaches_the_sitemap_and_a_bad_one_is_refused(tmp_path: Path) -> None:
    from generator.config import ConfigError, load_config
    from generator.pages.sitemap import render_sitemaps

    config = SiteConfig(root=tmp_path, base_url="https://example.org/", timezone="Asia/Kolkata")
    (output,) = render_sitemaps(config, [("/2025/03/01/a/", 2025, dt.date(2025, 3, 1))])
    assert b"<lastmod>2025-03-01T00:00:00+05:30</lastmod>" in output.data
    (tmp_path / "site.toml").write_text('timezone = "Asia/Kolkata"\n', encoding="utf-8")
    assert load_config(tmp_path).timezone == "Asia/Kolkata"
    assert load_config(tmp_path).language == "en"
    for bad in ("Mars/Olympus", "", "../etc/passwd", "+05:30"):
        (tmp_path / "site.toml").write_text(f"timezone = {json.dumps(bad)}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="IANA time zone"):
            load_config(tmp_path)
