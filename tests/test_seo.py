"""JSON-LD of story, person and organisation pages: the intended data, safe inside a <script>."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.config import SiteConfig
from generator.models import Organisation, Person, Source, Story, TermKind
from generator.pages.seo import organisation_json_ld, person_json_ld, story_json_ld

HOSTILE = "</script><script>alert(1)</script><!-- & {{ 7*7 }} \u2028 'q' \"q\""


def make_story(**changes: object) -> Story:
    values: dict[str, object] = {
        "id": "ec7a645d63049ad9",
        "slug": "putin-aide",
        "title": "Moscow has not lost hope, says Putin aide",
        "date": dt.date(2025, 3, 18),
        "dateline": "Moscow",
        "agency": "IANS",
        "summary": "Hours before the call ...",
        "body": "Body.",
        "path": "stories/2025/03/18/putin-aide.md",
        "people": ("donald-trump", "yuri-ushakov"),
        "topics": ("diplomacy",),
        "places": ("moscow",),
        "source": Source(file="000_ec7a645d63049ad9.txt", sha256="0" * 64),
    }
    values.update(changes)
    return Story(**values)  # type: ignore[arg-type]


NAMES = {
    TermKind.PEOPLE: {"donald-trump": "Donald Trump"},
    TermKind.TOPICS: {"diplomacy": "Diplomacy"},
}


@pytest.fixture
def config(tmp_path: Path) -> SiteConfig:
    return SiteConfig(root=tmp_path, base_url="https://example.org/archive/", title="The Morgue")


class ScriptReader(HTMLParser):
    """Collects what a browser would see as the text of each <script> element."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.scripts[-1] += data


def embedded(json_ld: str) -> list[str]:
    reader = ScriptReader()
    reader.feed(f'<html><head><script type="application/ld+json">{json_ld}</script></head></html>')
    reader.close()
    return reader.scripts


def test_story_json_ld_is_the_intended_data(config: SiteConfig) -> None:
    data = json.loads(story_json_ld(config, make_story(), NAMES))
    url = "https://example.org/archive/2025/03/18/putin-aide/"
    assert data == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Moscow has not lost hope, says Putin aide",
        "datePublished": "2025-03-18T00:00:00+00:00",
        "dateline": "Moscow",
        "description": "Hours before the call ...",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": {"@type": "Organization", "name": "IANS"},
        "sourceOrganization": {"@type": "Organization", "name": "IANS"},
        "publisher": {"@type": "Organization", "name": "The Morgue"},
        "inLanguage": "en",
        "contentLocation": {"@type": "Place", "name": "Moscow"},
        "mentions": [
            {
                "@type": "Person",
                "name": "Donald Trump",
                "url": "https://example.org/archive/people/donald-trump/",
            },
            {  # not in the names: the slug stands in
                "@type": "Person",
                "name": "yuri-ushakov",
                "url": "https://example.org/archive/people/yuri-ushakov/",
            },
        ],
        "about": [
            {
                "@type": "Thing",
                "name": "Diplomacy",
                "url": "https://example.org/archive/topics/diplomacy/",
            }
        ],
    }


def test_date_published_carries_a_timezone(config: SiteConfig) -> None:
    data = json.loads(story_json_ld(config, make_story(), NAMES))
    published = dt.datetime.fromisoformat(data["datePublished"])
    assert published.utcoffset() == dt.timedelta(0)


def test_missing_parts_are_left_out(config: SiteConfig) -> None:
    story = make_story(agency="", dateline="", summary="", people=(), topics=())
    data = json.loads(story_json_ld(config, story, {}))
    for key in ("author", "sourceOrganization", "dateline", "contentLocation", "description"):
        assert key not in data
    assert "mentions" not in data and "about" not in data
    assert data["publisher"] == {"@type": "Organization", "name": "The Morgue"}


@pytest.mark.parametrize("field", ["title", "summary", "dateline", "agency"])
def test_hostile_story_text_cannot_leave_the_script(config: SiteConfig, field: str) -> None:
    story = make_story(**{field: HOSTILE})
    json_ld = story_json_ld(config, story, {TermKind.PEOPLE: {"donald-trump": HOSTILE}})
    assert "<" not in json_ld and ">" not in json_ld and "&" not in json_ld
    assert "\u2028" not in json_ld
    scripts = embedded(json_ld)
    assert len(scripts) == 1  # the browser sees one script, holding all of it
    data = json.loads(scripts[0])
    shown = {
        "title": data["headline"],
        "summary": data["description"],
        "dateline": data["dateline"],
        "agency": data["sourceOrganization"]["name"],
    }[field]
    assert shown == HOSTILE  # the text survives as the same string
    assert data["mentions"][0]["name"] == HOSTILE


def test_invalid_characters_are_dropped(config: SiteConfig) -> None:
    json_ld = story_json_ld(config, make_story(title="A\x00B\ud800C\uffffD"), NAMES)
    json_ld.encode("utf-8")  # a lone surrogate would make the page unwritable
    assert json.loads(json_ld)["headline"] == "ABCD"


def test_story_json_ld_is_deterministic(config: SiteConfig) -> None:
    first = story_json_ld(config, make_story(), NAMES)
    assert first == story_json_ld(
        config, make_story(), {kind: dict(reversed(names.items())) for kind, names in NAMES.items()}
    )


def test_person_json_ld(config: SiteConfig) -> None:
    person = Person(
        slug="donald-trump",
        name="Donald Trump",
        aliases=("Trump", "President Trump"),
        description="45th and 47th President of the United States",
    )
    url = "https://example.org/archive/people/donald-trump/"
    assert json.loads(person_json_ld(config, person, 42)) == {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "inLanguage": "en",
        "mainEntity": {
            "@type": "Person",
            "name": "Donald Trump",
            "url": url,
            "description": "45th and 47th President of the United States",
            "alternateName": ["Trump", "President Trump"],
            "subjectOf": {"@type": "ItemList", "numberOfItems": 42, "url": url},
        },
    }


def test_hostile_person_cannot_leave_the_script(config: SiteConfig) -> None:
    person = Person(slug="x", name=HOSTILE, aliases=(HOSTILE,), description=HOSTILE)
    json_ld = person_json_ld(config, person, 1)
    assert "<" not in json_ld
    scripts = embedded(json_ld)
    assert len(scripts) == 1
    entity = json.loads(scripts[0])["mainEntity"]
    assert entity["name"] == entity["description"] == entity["alternateName"][0] == HOSTILE


def test_organisations_are_mentioned_and_unpublished_terms_have_no_url(config: SiteConfig) -> None:
    story = make_story(organisations=("kremlin", "new-agency"))
    names = {**NAMES, TermKind.ORGANISATIONS: {"kremlin": "Kremlin", "new-agency": "New Agency"}}
    unpublished = {(TermKind.PEOPLE, "yuri-ushakov"), (TermKind.ORGANISATIONS, "new-agency")}
    data = json.loads(story_json_ld(config, story, names, unpublished))
    assert data["mentions"] == [
        {
            "@type": "Person",
            "name": "Donald Trump",
            "url": "https://example.org/archive/people/donald-trump/",
        },
        {"@type": "Person", "name": "yuri-ushakov"},  # no page: named, never linked
        {
            "@type": "Organization",
            "name": "Kremlin",
            "url": "https://example.org/archive/organisations/kremlin/",
        },
        {"@type": "Organization", "name": "New Agency"},
    ]


def test_organisation_json_ld(config: SiteConfig) -> None:
    found = Organisation(
        slug="reserve-bank-of-india",
        name="Reserve Bank of India",
        aliases=("RBI",),
        description="India's central bank",
    )
    url = "https://example.org/archive/organisations/reserve-bank-of-india/"
    assert json.loads(organisation_json_ld(config, found, 7)) == {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "inLanguage": "en",
        "mainEntity": {
            "@type": "Organization",
            "name": "Reserve Bank of India",
            "url": url,
            "description": "India's central bank",
            "alternateName": ["RBI"],
            "subjectOf": {"@type": "ItemList", "numberOfItems": 7, "url": url},
        },
    }
    hostile = Organisation(slug="x", name=HOSTILE, description=HOSTILE)
    scripts = embedded(organisation_json_ld(config, hostile, 1))
    assert len(scripts) == 1 and json.loads(scripts[0])["mainEntity"]["name"] == HOSTILE
