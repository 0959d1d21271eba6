"""`morgue check`: what an editor or a CI job sees for a clean site and for broken ones.

The broken sites are data: `sites/check/content/` (the basic site plus bad story files and a bad
vocabulary entry) and `sites/check/templates/` (the basic site plus template overrides that emit
broken pages).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.check.pipeline import CheckReport, check_site, format_json, format_text
from generator.config import load_config
from generator.models import Problem
from tests.golden import SITES

CHECK = SITES / "check"
STORIES = "content/stories/2025/03"


def check(site: Path, **overrides: object) -> CheckReport:
    return check_site(load_config(site, **overrides), jobs=1)


@pytest.fixture(scope="module")
def content_report() -> CheckReport:
    return check(CHECK / "content")


@pytest.fixture(scope="module")
def templates_report() -> CheckReport:
    return check(CHECK / "templates")


def lines(report: CheckReport, group: str) -> list[str]:
    return [str(problem) for problem in report.problems if problem.kind == group]


def located(report: CheckReport, group: str, file: str, message: str) -> Problem:
    """The one problem of `file` whose message starts with `message`, with a known line (built
    pages: their line numbers move with the theme, so tests check that there is one)."""
    found = [
        p
        for p in report.problems
        if (p.kind, p.file) == (group, file) and p.message.startswith(message)
    ]
    assert len(found) == 1, format_text(report)
    assert found[0].line > 0
    return found[0]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        # A base path (every link must carry it) and a sitemap split into an index of parts.
        {"base_url": "https://x.org/archive/", "sitemap_limit": 10},
    ],
)
def test_clean_site_has_no_problems(overrides: dict[str, object]) -> None:
    report = check(SITES / "basic", **overrides)
    assert report.ok, format_text(report)
    assert report.problems == ()
    assert report.stories == 11 and report.pages > 50 and report.links > 1000
    text = format_text(report)
    assert text.startswith("No problems: 11 stories, ") and text.endswith(" links checked\n")


def test_people_and_organisations_without_a_page_are_not_broken_links() -> None:
    # The basic site names a person and an organisation that no editor has confirmed, once each:
    # their stories show them as text, so nothing links to the pages they do not have; with a
    # higher threshold the Kremlin (two stories) loses its page too.
    for overrides in ({}, {"unreviewed_min_stories": 3}):
        report = check(SITES / "basic", **overrides)
        assert report.ok, format_text(report)


def test_broken_yaml_names_the_file_and_line(content_report: CheckReport) -> None:
    assert f"{STORIES}/21/broken-yaml.md:5: broken YAML: did not find expected ',' or ']'" in (
        lines(content_report, "content")
    )


def test_duplicate_ids_name_both_files(content_report: CheckReport) -> None:
    original = f"{STORIES}/18/moscow-has-not-lost-hope-of-ceasefire.md"
    copy = f"{STORIES}/21/copied-story.md"
    found = lines(content_report, "content")
    assert f"{original}:2: id 'ec7a645d63049ad9' is also the id of {copy}" in found
    assert f"{copy}:2: id 'ec7a645d63049ad9' is also the id of {original}" in found


def test_two_stories_at_one_url(content_report: CheckReport) -> None:
    misfiled = f"{STORIES}/22/zelensky-says-ukraine-ready-for-talks.md"
    original = f"{STORIES}/18/zelensky-says-ukraine-ready-for-talks.md"
    url = "/2025/03/18/zelensky-says-ukraine-ready-for-talks/"
    found = lines(content_report, "content")
    assert f"{misfiled}:4: {url} is also the URL of {original}" in found
    assert f"{original}:4: {url} is also the URL of {misfiled}" in found
    # The build keeps the first file's story at that URL: the site itself stays consistent.
    assert not lines(content_report, "sitemaps")


def test_vocabulary_problems(content_report: CheckReport) -> None:
    # The broken places.yaml is one problem, not one "unknown place" per story.
    assert lines(content_report, "vocabulary") == [
        "content/places.yaml:4: broken YAML: did not find expected ',' or ']'",
        f"{STORIES}/21/unknown-person.md:10: unknown person 'john-roe', not in content/people.yaml",
        "content/topics.yaml:28: topic 'sanctions': parent 'trade' is not a topic",
    ]


def test_content_problems_are_not_repeated_as_build_problems(content_report: CheckReport) -> None:
    assert not lines(content_report, "build")
    assert not content_report.ok


def test_broken_internal_link(templates_report: CheckReport) -> None:
    page = "2025/03/18/index.html"
    link = located(templates_report, "links", page, "broken link '/2025/03/no-such-page/'")
    assert link.message.endswith(": no 2025/03/no-such-page/index.html in the built site")
    fragment = located(templates_report, "links", page, "broken link '#no-such-id'")
    assert fragment.line == link.line + 1  # the next line of the day template
    # Every day page has both (8 days), and each year page a javascript: link (2 years).
    assert len(lines(templates_report, "links")) == 18


def test_unsafe_link(templates_report: CheckReport) -> None:
    located(templates_report, "links", "2025/index.html", "unsafe javascript: link")


def test_broken_html(templates_report: CheckReport) -> None:
    second = located(templates_report, "html", "2025/03/index.html", "a second <h1> (the first")
    assert second.message.endswith(f"line {second.line - 2})")  # two lines apart in month.html
    assert "2025/index.html: no <title>" in lines(templates_report, "html")
    # The <div> the day template never closes: reported where </main> meets it.
    unclosed = located(templates_report, "html", "2025/03/18/index.html", "</main> closes <div>")
    assert unclosed.message.startswith("</main> closes <div> opened on line ")


def test_text_report_is_grouped_with_a_count(templates_report: CheckReport) -> None:
    text = format_text(templates_report)
    assert text.index("html (16 problems):\n") < text.index("links (18 problems):\n")
    assert text.splitlines()[-1] == (
        f"34 problems in 2 groups; 11 stories, {templates_report.pages} HTML pages, "
        f"{templates_report.links:,} links checked"
    )
    assert "\n2025/index.html: no <title>\n" in text
    assert f"\n{located(templates_report, 'html', '2025/03/index.html', 'a second')}\n" in text


def test_json_report_has_the_same_problems(content_report: CheckReport) -> None:
    data = json.loads(format_json(content_report))
    assert data["ok"] is False
    assert [
        Problem(item["file"], item["line"], item["group"], item["message"])
        for item in data["problems"]
    ] == list(content_report.problems)
    assert data["groups"] == {"content": 5, "vocabulary": 3}
    assert (data["stories"], data["pages"]) == (content_report.stories, content_report.pages)


def test_template_error_is_a_build_problem() -> None:
    report = check(SITES / "invalid" / "template-undefined")
    assert [str(p) for p in report.problems] == [
        "templates/day.html:4: template error: 'dict object' has no attribute 'no_such_field'"
    ]
    assert report.problems[0].kind == "build" and report.pages == 0


def test_check_never_touches_the_output_folder(tmp_path: Path) -> None:
    output = tmp_path / "public"
    output.mkdir()
    (output / "marker.txt").write_text("the last published site", encoding="utf-8")
    site = CHECK / "templates"
    before = sorted(site.rglob("*"))
    check(site, output_dir=str(output))
    assert [p.name for p in output.iterdir()] == ["marker.txt"]
    assert (output / "marker.txt").read_text(encoding="utf-8") == "the last published site"
    # Nor beside it (no build cache, lock or staging folder), nor in the site folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert sorted(site.rglob("*")) == before


def test_report_is_stable(templates_report: CheckReport) -> None:
    again = check_site(load_config(CHECK / "templates"), jobs=2)
    assert again == templates_report
    assert format_json(again) == format_json(templates_report)
