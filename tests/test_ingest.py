"""`morgue ingest` end to end: raw files in, story files and a summary out, nothing lost."""

from __future__ import annotations

import html.parser
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.cli import main
from generator.content import load_people, read_story
from generator.ingest.tagging import Prepared, Skipped, Tagger
from tests.conftest import SAMPLE, WIRE_CASES


def run(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args[:1], "--site", str(site), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def stories(site: Path) -> dict[str, bytes]:
    root = site / "content" / "stories"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


def copy_cases(tmp_path: Path, *names: str) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(WIRE_CASES / f"{name}.txt", inbox / f"{name}.txt")
    return inbox


def test_the_sample_becomes_a_tagged_story_and_its_people_enter_the_vocabulary(site: Path) -> None:
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0, output
    assert "1 ingested" in output
    [(path, _)] = stories(site).items()
    assert path.startswith("2025/03/18/")
    story = read_story(site / "content" / "stories" / path, site / "content")
    assert story.id == "ec7a645d63049ad9"
    assert (story.dateline, story.agency) == ("Moscow", "IANS")
    assert len(story.title) <= 110 and "Moscow, March" not in story.title
    assert len(story.summary) <= 300
    assert story.source and story.source.file == SAMPLE.name and len(story.source.sha256) == 64
    assert "Disclaimer" not in story.body and "Sakshi Post" in story.source.note
    expected = {"donald-trump", "vladimir-putin", "yuri-ushakov", "steve-witkoff", "dmitry-peskov"}
    assert expected <= set(story.people)
    assert story.places[0] == "moscow"
    people = load_people(site / "content" / "people.yaml")
    assert expected <= set(people)
    assert not people["vladimir-putin"].reviewed
    assert people["vladimir-putin"].name == "Vladimir Putin"


def test_reingesting_changes_nothing(site: Path, tmp_path: Path) -> None:
    inbox = copy_cases(tmp_path, "delhi_multiword_dateline", "tel_aviv_utf8", "no_dateline")
    shutil.copy(SAMPLE, inbox)
    assert run(site, "ingest", str(inbox))[0] == 0
    before = stories(site)
    vocabulary = (site / "content" / "people.yaml").read_bytes()
    ledger = (site / "content" / "ingested.tsv").read_bytes()
    code, output = run(site, "ingest", str(inbox))
    assert code == 0
    assert "0 ingested, 0 updated, 4 unchanged" in output
    assert stories(site) == before
    assert (site / "content" / "people.yaml").read_bytes() == vocabulary
    assert (site / "content" / "ingested.tsv").read_bytes() == ledger


@pytest.mark.parametrize("edit", ["title", "people", "body"])
def test_an_editors_change_survives_reingest_and_is_reported_as_kept(site: Path, edit: str) -> None:
    run(site, "ingest", str(SAMPLE))
    [path] = (site / "content" / "stories").rglob("*.md")
    text = path.read_text(encoding="utf-8")
    edited = {
        "title": lambda t: t.replace("title: ", "title: Kremlin keeps hope, says aide # ", 1),
        "people": lambda t: t.replace("people: [", "people: [sergei-lavrov, ", 1),
        "body": lambda t: t + "\nAn editor's note added by hand.\n",
    }[edit](text)
    path.write_text(edited, encoding="utf-8")
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0
    assert "kept:" in output and "1 kept" in output
    assert path.read_text(encoding="utf-8") == edited


def test_a_wire_correction_updates_an_untouched_story(site: Path, tmp_path: Path) -> None:
    raw = tmp_path / SAMPLE.name
    raw.write_bytes(SAMPLE.read_bytes())
    run(site, "ingest", str(raw))
    raw.write_bytes(SAMPLE.read_bytes().replace(b"30-day truce", b"30-day pause"))
    code, output = run(site, "ingest", str(raw))
    assert code == 0 and "1 updated" in output
    [text] = stories(site).values()
    assert b"30-day pause" in text and b"30-day truce" not in text


def test_the_same_story_under_two_names_is_published_once(site: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    data = SAMPLE.read_bytes().replace(b"\n", b"\r\n")
    (inbox / "777_aaaaaaaaaaaaaaaa.txt").write_bytes(data)
    code, output = run(site, "ingest", str(inbox))
    assert code == 0
    assert len(stories(site)) == 1
    assert "duplicate: " in output and "777_aaaaaaaaaaaaaaaa.txt" in output
    assert f"same story as {SAMPLE.name}" in output


def test_bad_files_are_rejected_one_line_each_and_the_batch_goes_on(
    site: Path, tmp_path: Path
) -> None:
    bad = [
        "empty",
        "whitespace_only",
        "no_date_header",
        "impossible_date",
        "nul_bytes",
        "binary_junk",
    ]
    inbox = copy_cases(tmp_path, *bad, "delhi_multiword_dateline", "tel_aviv_utf8")
    code, output = run(site, "ingest", str(inbox))
    assert code == 1
    assert "2 ingested" in output and "6 errors" in output
    errors = [line for line in output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 6
    for name in bad:
        assert sum(f"{name}.txt: " in line for line in errors) == 1
    assert "impossible date 2025-02-30" in output
    assert len(stories(site)) == 2


@pytest.mark.parametrize(
    ("case", "warning"),
    [("cp1252_sao_paulo", "Windows-1252"), ("no_dateline", "no dateline")],
)
def test_messy_but_usable_files_ingest_with_a_warning(
    site: Path, tmp_path: Path, case: str, warning: str
) -> None:
    code, output = run(site, "ingest", str(copy_cases(tmp_path, case)))
    assert code == 0 and "1 ingested" in output and "1 warnings" in output
    assert warning in output and f"{case}.txt" in output
    [text] = stories(site).values()
    decoded = text.decode("utf-8")
    for bad in ("\ufffd", "Ã", "\r", "\ufeff"):
        assert bad not in decoded


def test_crlf_and_bom_leave_no_trace(site: Path, tmp_path: Path) -> None:
    assert run(site, "ingest", str(copy_cases(tmp_path, "crlf_bom")))[0] == 0
    [text] = stories(site).values()
    assert b"\r" not in text and "\ufeff".encode() not in text


def test_no_dateline_invents_nothing(site: Path, tmp_path: Path) -> None:
    run(site, "ingest", str(copy_cases(tmp_path, "no_dateline")))
    [path] = (site / "content" / "stories").rglob("*.md")
    story = read_story(path, site / "content")
    assert (story.dateline, story.agency) == ("", "")


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_hostile_text_is_kept_as_literal_text(site: Path, tmp_path: Path) -> None:
    run(site, "ingest", str(copy_cases(tmp_path, "hostile_text")))
    [path] = (site / "content" / "stories").rglob("*.md")
    story = read_story(path, site / "content")
    assert story.extra == {}, "story text leaked into the front matter"
    rendered = MarkdownIt("commonmark", {"html": False}).render(story.body)
    parsed = _Text()
    parsed.feed(rendered)
    assert set(parsed.tags) == {"p"}
    text = "".join(parsed.text)
    for literal in (
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "[a harmless page](javascript:alert(document.cookie))",
        "{{ 7*7 }}",
        "{% raw %}",
        "--- title: injected ---",
        "# Not a heading",
        "& &amp; stay",
    ):
        assert literal in text


def test_two_stories_with_one_headline_on_one_day_get_two_slugs(site: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    lede = " date 2025-06-01 Chennai, June 1 (PTI) Heavy rain lashed Chennai on Sunday, flooding roads."
    (inbox / "001_0000000000000001.txt").write_text(lede + "\n\nSchools were shut.")
    (inbox / "002_0000000000000002.txt").write_text(lede + "\n\nTrains were delayed.")
    assert run(site, "ingest", str(inbox))[0] == 0
    first = "2025/06/01/heavy-rain-lashes-chennai-flooding-roads"
    assert sorted(stories(site)) == [f"{first}-2.md", f"{first}.md"]


def test_a_five_megabyte_story_is_ingested_with_bounded_memory(site: Path, tmp_path: Path) -> None:
    paragraph = (
        "Finance Minister Nirmala Sitharaman told Parliament on Thursday that the deficit "
        "would narrow, and opposition leader Rahul Gandhi said the figures hid distress. "
    )
    body = "\n\n".join([paragraph * 6] * 5200)
    raw = tmp_path / "001_00000000000000ff.txt"
    raw.write_text(f" date 2025-02-01 New Delhi, February 1 (PTI) {body}", encoding="utf-8")
    assert raw.stat().st_size > 5_000_000
    tracemalloc.start()
    code, output = run(site, "ingest", str(raw))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert code == 0 and "1 ingested" in output
    assert peak < 30 * raw.stat().st_size, f"peak {peak / 2**20:.0f} MiB"


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=1500)
    | st.text(max_size=600).map(
        lambda t: f" date 2025-03-18 Moscow, March 18 (IANS) {t}".encode("utf-8", "surrogatepass")
    )
)
def test_any_bytes_give_a_story_file_that_reads_back_or_a_rejection(
    site: Path, data: bytes
) -> None:
    tagger = Tagger(site / "content")
    results = tagger.prepare(data, "fuzz.txt")
    for result in [results] if isinstance(results, Skipped) else results:
        if not isinstance(result, Prepared):
            assert result.reason and "\n" not in result.reason
            continue
        path = site / "content" / "stories" / "fuzz.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(result.text, encoding="utf-8")
        story = read_story(path, site / "content")
        assert story.date == result.raw.date and story.id == result.raw.id
        assert yaml.safe_load(result.text.split("---\n")[1])["dateline"] == result.raw.dateline


def test_usage_errors_exit_2_without_a_traceback(site: Path, tmp_path: Path) -> None:
    code, output = run(site, "ingest", str(tmp_path / "missing"))
    assert code == 2 and "no such file or folder" in output and "Traceback" not in output
    code, output = run(tmp_path / "not-a-site", "ingest", str(SAMPLE))
    assert code == 2 and "site.toml" in output and "Traceback" not in output


def test_a_broken_vocabulary_stops_ingest_before_anything_is_written(site: Path) -> None:
    (site / "content" / "people.yaml").write_text("donald-trump:\n  name: [unclosed\n")
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 1 and "people.yaml:2" in output
    assert stories(site) == {}


def test_init_works_from_the_installed_command(tmp_path: Path) -> None:
    morgue = Path(sys.executable).with_name("morgue")
    done = subprocess.run(
        [str(morgue), "init", "newsroom"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    for name in ("site.toml", "content/people.yaml", "content/topics.yaml", "templates", "static"):
        assert (tmp_path / "newsroom" / name).exists()
    again = subprocess.run(
        [str(morgue), "init", "newsroom"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert again.returncode == 2 and "exists already" in again.stderr


def test_people_lists_counts_and_the_unreviewed(site: Path) -> None:
    run(site, "ingest", str(SAMPLE))
    code, output = run(site, "people", "--unreviewed")
    assert code == 0
    assert "vladimir-putin" in output and "(not reviewed)" in output
    line = next(line for line in output.splitlines() if "donald-trump" in line)
    assert line.split()[0] == "1"
