"""Every wire format ingest reads: a folder mixing them, versions, and hostile files of each.

The packaged examples in tests/cases/formats were written for Morgue from the public
specifications (RSS 2.0, Atom, IPTC ninjs 1 and 2, IPTC NewsML-G2); `expected.yaml` there says
what each must become.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.content import load_organisations, load_people, read_story
from generator.ingest.datelines import find_dateline
from generator.ingest.formats import format_of, read_items
from generator.ingest.formats.base import MAX_STRUCTURED_BYTES, ItemError
from generator.models import RawStory, Story

FORMATS = Path(__file__).parent / "cases" / "formats"
EXPECTED = yaml.safe_load((FORMATS / "expected.yaml").read_text(encoding="utf-8"))


def run(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args[:1], "--site", str(site), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def stories(site: Path) -> dict[str, Story]:
    content = site / "content"
    return {
        path.relative_to(content).as_posix(): read_story(path, content)
        for path in sorted((content / "stories").rglob("*.md"))
    }


def files(site: Path) -> dict[str, bytes]:
    content = site / "content"
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in content.rglob("*.*")}


def inbox_of(tmp_path: Path, **named: str | bytes) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for name, data in named.items():
        path = inbox / name.replace("__", ".")
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return inbox


# --- the packaged examples ----------------------------------------------------------------------


def test_a_folder_mixing_every_format_gives_one_archive_and_a_second_run_changes_nothing(
    site: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(FORMATS, inbox)
    code, output = run(site, "ingest", str(inbox))
    assert code == 0, output
    expected = EXPECTED["stories"]
    # Items, not files: 12 files hold 14 items (a feed holds two, the Atom feed two).
    assert f"{len(expected) + 2} items: {len(expected)} ingested" in output, output
    assert "1 duplicate, 1 skipped, 0 warnings, 0 errors" in output, output
    by_source = {}
    for story in stories(site).values():
        assert story.source is not None
        by_source.setdefault(story.source.file, []).append(story)
    for want in expected:
        candidates = by_source[want["file"]]
        if "title" in want:
            [story] = [s for s in candidates if s.title == want["title"]]
        else:
            [story] = candidates
        where = f"{want['file']}: {story.title}"
        assert story.date.isoformat() == str(want["date"]), where
        assert (story.dateline, story.agency) == (want["dateline"], want["agency"]), where
        assert set(want.get("people", [])) <= set(story.people), where
        assert not set(want.get("not_people", [])) & set(story.people), where
        assert set(want.get("organisations", [])) <= set(story.organisations), where
        assert not set(want.get("not_organisations", [])) & set(story.organisations), where
        assert set(want.get("topics", [])) <= set(story.topics), where
        assert set(want.get("places", [])) <= set(story.places), where
        if want["dateline"]:
            assert story.places[0] == story.dateline.lower().replace("í", "i"), where
        for key in ("link", "guid"):
            if key in want:
                assert getattr(story.source, key) == want[key], where
    # New people and organisations of the metadata join the vocabularies, not yet reviewed.
    people = load_people(site / "content" / "people.yaml")
    organisations = load_organisations(site / "content" / "organisations.yaml")
    assert not people["giancarlo-bruni"].reviewed and "aerolinee-lombarde" not in people
    assert not organisations["aerolinee-lombarde"].reviewed
    for duplicate, first in EXPECTED["duplicates"].items():
        assert f"duplicate: {inbox / duplicate}: same story as {first}" in output, output
    for skipped in EXPECTED["skipped"]:
        assert f"skipped: {inbox / skipped}: " in output, output
    before = files(site)
    code, output = run(site, "ingest", str(inbox))
    assert code == 0 and "0 ingested, 0 updated" in output, output
    assert files(site) == before


def test_the_format_is_read_from_the_content_never_the_name() -> None:
    atom = (FORMATS / "newsroom.atom").read_bytes()
    ninjs = (FORMATS / "agency-energy.ninjs.json").read_bytes()
    newsml = (FORMATS / "agency-newsitem.xml").read_bytes()
    plain = (FORMATS / "ap_kyiv.txt").read_bytes()
    assert [format_of(data) for data in (atom, ninjs, newsml, plain)] == [
        "feed",
        "ninjs",
        "NewsML-G2",
        "plain text",
    ]
    [first, _] = read_items(atom, "misnamed.txt")
    assert isinstance(first, RawStory) and first.source.file == "misnamed.txt"
    assert first.meta.headline == "NASA & ISRO set date for joint radar satellite launch"


@pytest.mark.parametrize(
    ("lede", "city", "agency", "month", "day"),
    [
        ("WASHINGTON (Reuters) - The Senate voted", "Washington", "Reuters", 0, 0),
        ("LONDON, March 3 (Reuters) - Britain said", "London", "Reuters", 3, 3),
        ("KYIV, Ukraine (AP) — Russia fired", "Kyiv", "AP", 0, 0),
        ("Paris (AFP) - France said", "Paris", "AFP", 0, 0),
        ("Belem, Brazil, Nov 22 (AFP) - Talks went on", "Belem", "AFP", 11, 22),
        ("Patna (Bihar) [India], November 20 (ANI): Nitish", "Patna", "ANI", 11, 20),
        ("New Delhi, Mar 18 (PTI) The court", "New Delhi", "PTI", 3, 18),
        ("Mumbai, March 18 (IANS) Shares rose", "Mumbai", "IANS", 3, 18),
        ("Chennai, Mar 18 (UNI) Rain lashed", "Chennai", "UNI", 3, 18),
        ("Madrid, 3 mar (EFE).- El Gobierno", "Madrid", "EFE", 3, 3),
        ("París, 19 mar (EFE).- La ministra", "París", "EFE", 3, 19),
        ("Lisboa, 5 fev (Lusa) - O Governo", "Lisboa", "Lusa", 2, 5),
        ("Berlin, 3. März (dpa) - Die Regierung", "Berlin", "dpa", 3, 3),
        ("BEIJING, Nov. 3 (Xinhua) -- China said", "Beijing", "Xinhua", 11, 3),
    ],
)
def test_the_datelines_of_many_agencies_are_read(
    lede: str, city: str, agency: str, month: int, day: int
) -> None:
    found = find_dateline(lede)
    assert found is not None
    assert (found.city, found.agency, found.month, found.day) == (city, agency, month, day)
    assert lede[found.end :][:1].isupper()


@pytest.mark.parametrize(
    "lede",
    [
        "The minister (BJP) said the bill would pass.",
        "Shares of Reliance Industries (RIL) - the largest company - rose.",
        "Markets across Asia opened higher (Nikkei) on Monday.",
        "Officials in Delhi, 3 things (AFP) - none of them dates.",
    ],
)
def test_a_lede_with_brackets_is_no_dateline(lede: str) -> None:
    assert find_dateline(lede) is None


# --- versions -----------------------------------------------------------------------------------


def _ninjs(version: str, text: str) -> str:
    return json.dumps(
        {
            "uri": "urn:newsml:agency.example.net:20250310:budget",
            "type": "text",
            "version": version,
            "firstcreated": "2025-03-10T08:00:00Z",
            "headlines": [{"role": "main", "value": "Finance ministry unveils budget"}],
            "bodies": [{"contenttype": "text/plain", "value": text}],
        }
    )


def test_a_newer_version_updates_an_older_never_and_an_editors_change_stays(
    site: Path, tmp_path: Path
) -> None:
    first = "The finance ministry unveiled its budget on Monday, raising defence spending."
    second = first.replace("raising", "sharply raising")
    inbox = inbox_of(tmp_path, budget__json=_ninjs("2", first))
    assert run(site, "ingest", str(inbox))[0] == 0
    inbox = inbox_of(tmp_path, budget__json=_ninjs("3", second))
    code, output = run(site, "ingest", str(inbox))
    assert code == 0 and "1 updated" in output, output
    [story] = stories(site).values()
    assert "sharply raising" in story.body and story.source and story.source.version == "3"
    # A late copy of version 2 (another file, or the same one again) never takes it back.
    old = inbox_of(tmp_path / "late", budget_v2__json=_ninjs("2", first))
    code, output = run(site, "ingest", str(old))
    assert code == 0 and "version 2 is older than 3" in output, output
    [story] = stories(site).values()
    assert "sharply raising" in story.body
    # An editor's change survives a newer version.
    [path] = (site / "content" / "stories").rglob("*.md")
    path.write_text(path.read_text(encoding="utf-8") + "\nEditor's note.\n", encoding="utf-8")
    newer = inbox_of(tmp_path / "newer", budget__json=_ninjs("4", second + " Markets rose."))
    code, output = run(site, "ingest", str(newer))
    assert code == 0 and "1 kept" in output, output
    assert path.read_text(encoding="utf-8").endswith("Editor's note.\n")


@pytest.mark.parametrize(
    ("newer", "older", "counts"),
    [
        ("a_v3__json", "b_v2__json", "1 ingested, 0 updated"),
        ("b_v3__json", "a_v2__json", "1 ingested, 1 updated"),
    ],
)
def test_two_versions_in_one_batch_leave_the_newer_in_any_order(
    site: Path, tmp_path: Path, newer: str, older: str, counts: str
) -> None:
    first = "The finance ministry unveiled its budget on Monday, raising defence spending."
    later = first.replace("raising", "sharply raising")
    inbox = inbox_of(tmp_path, **{newer: _ninjs("3", later), older: _ninjs("2", first)})
    code, output = run(site, "ingest", str(inbox))
    assert code == 0 and counts in output, output
    [story] = stories(site).values()
    assert "sharply raising" in story.body
    code, output = run(site, "ingest", str(inbox))
    assert code == 0 and "0 ingested, 0 updated" in output, output


# --- hostile files ------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE {root} [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE {root} [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
"""
RSS_BODY = """<rss version="2.0"><channel><title>t</title>
<item><title>&lol9;&secret;</title><guid>x</guid><pubDate>Mon, 03 Mar 2025 12:00:00 GMT</pubDate>
<description>Officials said on Monday the talks went on.</description></item></channel></rss>"""
NEWSML_BODY = """<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" version="1">
<itemMeta><itemClass qcode="ninat:text"/><firstCreated>2025-03-03T10:00:00Z</firstCreated>
</itemMeta><contentMeta><headline>&lol9;&secret;</headline></contentMeta><contentSet>
<inlineData contenttype="text/plain">Officials said on Monday the talks went on.</inlineData>
</contentSet></newsItem>"""


def _hostile_xml(prolog: str, root: str, body: str) -> str:
    body = body if "lol9" in prolog else body.replace("&lol9;", "")
    body = body if "secret" in prolog else body.replace("&secret;", "")
    return prolog.format(root=root) + body


@pytest.mark.parametrize("attack", ["billion_laughs", "external_entity"])
@pytest.mark.parametrize(
    ("root", "body", "suffix"), [("rss", RSS_BODY, "rss"), ("newsItem", NEWSML_BODY, "xml")]
)
def test_xml_bombs_and_external_entities_are_refused_in_one_line(
    site: Path, tmp_path: Path, attack: str, root: str, body: str, suffix: str
) -> None:
    prolog = BILLION_LAUGHS if attack == "billion_laughs" else EXTERNAL
    data = _hostile_xml(prolog, root, body)
    inbox = inbox_of(tmp_path, **{f"hostile__{suffix}": data, "fine__txt": GOOD_PLAIN})
    code, output = run(site, "ingest", str(inbox))
    assert code == 1 and "1 ingested" in output and "1 errors" in output, output
    [error] = [line for line in output.splitlines() if line.startswith("error: ")]
    assert f"hostile.{suffix}: " in error and "entit" in error, error
    assert "root:" not in json.dumps([s.body for s in stories(site).values()])  # no /etc/passwd


GOOD_PLAIN = " date 2025-03-03 Chennai, March 3 (PTI) Heavy rain lashed Chennai on Monday.\n"


def test_huge_and_deeply_nested_json_are_refused_in_one_line(site: Path, tmp_path: Path) -> None:
    padding = " " * (MAX_STRUCTURED_BYTES + 1)
    huge = '{"uri": "u", "body_text": "x"' + padding + "}"
    nested = "[" * 200_000 + "]" * 200_000
    digits = '{"uri": "u", "version": ' + "9" * 50_000 + "}"
    inbox = inbox_of(
        tmp_path, huge__json=huge, nested__json=nested, digits__json=digits, fine__txt=GOOD_PLAIN
    )
    code, output = run(site, "ingest", str(inbox))
    assert code == 1 and "1 ingested" in output and "3 errors" in output, output
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    assert any("huge.json: JSON larger than 16 MiB" in line for line in errors)
    assert any("nested.json: JSON nested too deeply" in line for line in errors)
    assert any("digits.json: not valid JSON" in line for line in errors)


SCRIPT_FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Partner</title>
<item><title>&lt;script&gt;alert(document.cookie)&lt;/script&gt;Minister resigns</title>
<guid>script-1</guid><pubDate>Mon, 03 Mar 2025 12:00:00 GMT</pubDate>
<description><![CDATA[<p>The minister resigned on Monday.<script>alert(1)</script></p>
<p onclick="alert(2)">Officials said the talks would go on <img src=x onerror=alert(3)>
on Tuesday, &lt;b&gt;quoted&lt;/b&gt; in full.</p>]]></description></item>
</channel></rss>"""


class _Scripts(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        # The theme's own scripts are files of the site; JSON-LD and the JSON block of the
        # scripts' messages are data, never run. Anything else runs.
        own = (given.get("src") or "").startswith("/assets/")
        data = given.get("type") in ("application/ld+json", "application/json")
        if tag == "script" and not own and not data:
            self.found.append(f"<script {given}>")
        self.found.extend(name for name, _ in attrs if name.startswith("on"))


def test_script_in_a_feed_never_runs_in_a_readers_browser(site: Path, tmp_path: Path) -> None:
    inbox = inbox_of(tmp_path, partner__rss=SCRIPT_FEED)
    code, output = run(site, "ingest", str(inbox))
    assert code == 0 and "1 ingested" in output, output
    [story] = stories(site).values()
    assert "script" not in story.title and story.title.endswith("Minister resigns")
    assert "onerror" not in story.body and "alert(1)" not in story.body
    assert "Officials said the talks would go on" in story.body
    settings = site / "site.toml"  # no search index: this is about the story's page
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r"(?m)^search\s*=.*$", "search = false", text), encoding="utf-8")
    code, output = run(site, "build")
    assert code == 0, output
    [page] = [p for p in (site / "public").rglob("index.html") if "minister" in str(p)]
    text = page.read_text(encoding="utf-8")
    scripts = _Scripts()
    scripts.feed(text)
    assert scripts.found == [], scripts.found  # no inline script, no event handler
    assert "alert(" not in text.replace("&lt;b&gt;", "")


ITEM_WITHOUT_DATE = {
    "rss": """<rss version="2.0"><channel><title>t</title>
<item><title>Dated</title><guid>dated-1</guid><pubDate>Mon, 03 Mar 2025 12:00:00 GMT</pubDate>
<description>Officials said on Monday the talks would go on.</description></item>
<item><title>Undated</title><guid>undated-2</guid>
<description>Officials said the talks had ended.</description></item>
</channel></rss>""",
    "atom": """<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>f</id>
<entry><title>Dated</title><id>dated-1</id><published>2025-03-03T10:00:00Z</published>
<content>Officials said on Monday the talks would go on.</content></entry>
<entry><title>Undated</title><id>undated-2</id><content>Officials said the talks had ended.</content>
</entry></feed>""",
    "json": json.dumps(
        [
            {"uri": "dated-1", "firstcreated": "2025-03-03T10:00:00Z", "body_text": "Talks go on."},
            {"uri": "undated-2", "body_text": "Officials said the talks had ended."},
        ]
    ),
    "xml": """<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>
<newsItem guid="dated-1" version="1"><itemMeta><itemClass qcode="ninat:text"/>
<firstCreated>2025-03-03T10:00:00Z</firstCreated></itemMeta><contentSet>
<inlineData contenttype="text/plain">Officials said on Monday the talks would go on.</inlineData>
</contentSet></newsItem>
<newsItem guid="undated-2" version="1"><itemMeta><itemClass qcode="ninat:text"/></itemMeta>
<contentSet><inlineData>Officials said the talks had ended.</inlineData></contentSet></newsItem>
</itemSet></newsMessage>""",
}


@pytest.mark.parametrize("suffix", sorted(ITEM_WITHOUT_DATE))
def test_an_item_without_a_date_is_rejected_and_the_others_go_on(
    site: Path, tmp_path: Path, suffix: str
) -> None:
    inbox = inbox_of(tmp_path, **{f"wire__{suffix}": ITEM_WITHOUT_DATE[suffix]})
    code, output = run(site, "ingest", str(inbox))
    assert code == 1 and "2 items: 1 ingested" in output and "1 errors" in output, output
    [error] = [line for line in output.splitlines() if line.startswith("error: ")]
    assert (
        error
        == f"error: {inbox / f'wire.{suffix}'} [undated-2]: no date: the item has no publication time"
    )
    [story] = stories(site).values()
    assert story.date.isoformat() == "2025-03-03"


def test_any_bytes_as_json_or_xml_give_stories_or_one_line_reasons() -> None:
    for data in (
        b"{",
        b"[]",
        b"[1, 2]",
        b'{"uri": 5}',
        b"<rss",
        b"<feed/>",
        b"<newsItem/>",
        b"<x/>",
    ):
        read = read_items(data, "odd")
        for item in read if isinstance(read, list) else []:
            assert isinstance(item, ItemError) and item.reason and "\n" not in item.reason
