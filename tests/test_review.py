"""The editors' review commands (`morgue people|organisations list|confirm|rename|merge|reject`):
what they do to stories and vocabularies, that they keep editors' bytes, that running them twice
changes nothing, that ingest's bookkeeping stays right after them, and that an interrupted run is
finished by running it again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.commands.init import init_site
from generator.content import load_organisations, load_people, load_tombstones, read_story
from generator.ingest.ledger import JOURNAL_NAME, Journal, read_ledger
from tests.conftest import SAMPLE

CHECKOUT = Path(__file__).resolve().parent.parent

PEOPLE = """\
# People of this archive, kept by the desk.
jane-doe:
  name: Jane Doe
  description: Finance minister  # since 2024
jane-doe-2:
  name: Jane A. Doe
  aliases: [J. A. Doe]
  reviewed: false
john-roe:
  name: John Roe
  reviewed: false
"""

STORIES = {
    "2025/03/01/budget-passes": "people: [jane-doe-2]\n",
    "2025/03/02/roe-meets-doe": "people: [john-roe, jane-doe-2, jane-doe]\n",
    "2025/03/03/doe-abroad": "people:\n  - jane-doe-2  # the minister\n  - john-roe\n",
}


def run(site: Path, *args: str, verbose: bool = False) -> tuple[int, str]:
    """`morgue [-v] GROUP SUBCOMMAND --site SITE ARGS...`: (exit code, stdout and stderr)."""
    group, *rest = args
    command = [group, *rest[:1], "--site", str(site), *rest[1:]]
    result = CliRunner().invoke(main, ["-v", *command] if verbose else command)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def story_text(n: int, title: str, terms: str) -> str:
    """A hand-written story file whose front matter holds `terms` (key lines)."""
    return (
        f"---\nid: story-{n}\ntitle: {title}\ndate: 2025-03-0{n}\n{terms}"
        f"topics: [economy]\n---\n\nBody of story {n}.\n"
    )


def write_site(root: Path) -> Path:
    """A site with three people and three hand-written stories; its `content/`."""
    init_site(root)
    content = root / "content"
    (content / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    for n, (slug, terms) in enumerate(STORIES.items(), start=1):
        path = content / "stories" / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        title = slug.rsplit("/", 1)[1].replace("-", " ").capitalize()
        path.write_text(story_text(n, title, terms), encoding="utf-8")
    return content


def snapshot(content: Path) -> dict[str, bytes]:
    """Every file under `content/` and its bytes."""
    return {
        path.relative_to(content).as_posix(): path.read_bytes()
        for path in sorted(content.rglob("*"))
        if path.is_file()
    }


def people_of(content: Path, slug: str) -> tuple[str, ...]:
    """The people of the story `content/stories/<slug>.md`, as the build reads them."""
    return read_story(content / "stories" / f"{slug}.md", content).people


# --- merge --------------------------------------------------------------------------------------


def test_merge_moves_every_story_and_the_build_shows_them_on_the_page_and_feed(
    tmp_path: Path,
) -> None:
    content = write_site(tmp_path / "site")
    site = content.parent
    code, output = run(site, "people", "merge", "jane-doe-2", "jane-doe")
    assert code == 0, output
    assert output.strip() == "people.yaml: merged jane-doe-2 into jane-doe; 3 stories changed"
    # INTO takes FROM's place when absent; stays where it was when present; no duplicate.
    assert people_of(content, "2025/03/01/budget-passes") == ("jane-doe",)
    assert people_of(content, "2025/03/02/roe-meets-doe") == ("john-roe", "jane-doe")
    assert people_of(content, "2025/03/03/doe-abroad") == ("jane-doe", "john-roe")
    people = load_people(content / "people.yaml")
    assert "jane-doe-2" not in people
    assert people["jane-doe"].aliases == ("Jane A. Doe", "J. A. Doe")
    assert load_tombstones(content / "people.yaml") == {"jane-doe-2": "jane-doe"}

    code, output = run(site, "build")
    assert code == 0, output
    public = site / "public"
    page = (public / "people" / "jane-doe" / "index.html").read_text(encoding="utf-8")
    for title in ("Budget passes", "Roe meets doe", "Doe abroad"):
        assert title in page
    feed = feedparser.parse((public / "people" / "jane-doe" / "feed.xml").read_bytes())
    assert not feed.bozo
    assert sorted(entry.title for entry in feed.entries) == [
        "Budget passes",
        "Doe abroad",
        "Roe meets doe",
    ]
    assert not (public / "people" / "jane-doe-2").exists()


def test_merging_twice_changes_nothing_the_second_time_and_says_so(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    run(content.parent, "people", "merge", "jane-doe-2", "jane-doe")
    before = snapshot(content)
    code, output = run(content.parent, "people", "merge", "jane-doe-2", "jane-doe")
    assert code == 0, output
    assert output.strip() == (
        "people.yaml: jane-doe-2 already merged into jane-doe; 0 stories changed"
    )
    assert snapshot(content) == before


def test_an_editors_changes_survive_a_merge_byte_for_byte(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    path = content / "stories" / "2025" / "03" / "03" / "doe-abroad.md"
    edited = (
        "---\n"
        "# checked by the desk\n"
        "title: 'Doe abroad: an editor''s headline'\n"
        "id: story-3\n"
        "date: 2025-03-03\n"
        "people:\n"
        "  - john-roe   # first, on purpose\n"
        "  - jane-doe-2  # the minister\n"
        "  # - someone-else\n"
        "topics: [economy]\n"
        "sidebar: keep me\n"
        "---\n\n"
        "An editor rewrote this body, naming jane-doe-2 in passing.\n"
    )
    path.write_text(edited, encoding="utf-8")
    code, output = run(content.parent, "people", "merge", "jane-doe-2", "jane-doe")
    assert code == 0, output
    expected = edited.replace("  - jane-doe-2  # the minister", "  - jane-doe  # the minister")
    assert path.read_text(encoding="utf-8") == expected
    # the other stories: only the list changed
    first = (content / "stories" / "2025" / "03" / "01" / "budget-passes.md").read_text()
    assert first == story_text(1, "Budget passes", "people: [jane-doe]\n")


def test_merge_keeps_the_vocabularys_comments_and_order(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    run(content.parent, "people", "merge", "jane-doe-2", "jane-doe")
    assert (content / "people.yaml").read_text(encoding="utf-8") == (
        "# People of this archive, kept by the desk.\n"
        "jane-doe:\n"
        "  name: Jane Doe\n"
        "  description: Finance minister  # since 2024\n"
        "  aliases: [Jane A. Doe, J. A. Doe]\n"
        "jane-doe-2:\n"
        "  name: Jane A. Doe\n"
        "  aliases: [J. A. Doe]\n"
        "  reviewed: false\n"
        "  merged_into: jane-doe\n"
        "john-roe:\n"
        "  name: John Roe\n"
        "  reviewed: false\n"
    )


def test_flow_style_entries_are_edited_where_they_stand(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    path = content / "people.yaml"
    path.write_text(
        "jane-doe: {name: Jane Doe}\njane-doe-2: {name: Jane A. Doe, reviewed: false}\n# end\n",
        encoding="utf-8",
    )
    code, output = run(content.parent, "people", "confirm", "jane-doe-2")
    assert code == 0, output
    assert path.read_text(encoding="utf-8") == (
        "jane-doe: {name: Jane Doe}\njane-doe-2: {name: Jane A. Doe, reviewed: true}\n# end\n"
    )
    code, output = run(content.parent, "people", "merge", "jane-doe-2", "jane-doe")
    assert code == 0, output
    assert path.read_text(encoding="utf-8") == (
        "jane-doe: {name: Jane Doe, aliases: [Jane A. Doe]}\n"
        "jane-doe-2: {name: Jane A. Doe, reviewed: true, merged_into: jane-doe}\n# end\n"
    )


def test_a_broken_story_is_named_and_left_while_the_others_move(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    broken = content / "stories" / "2025" / "03" / "04" / "broken.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("---\ntitle: [unclosed\npeople: [john-roe]\n---\n\nText.\n")
    code, output = run(content.parent, "people", "reject", "john-roe")
    assert code == 1, output
    [warning] = [line for line in output.splitlines() if line.startswith("warning:")]
    assert "content/stories/2025/03/04/broken.md" in warning and "left as it is" in warning
    assert "people.yaml: rejected john-roe; 2 stories changed" in output
    assert "john-roe" not in load_people(content / "people.yaml")
    assert "john-roe" in broken.read_text()


def test_verbose_lists_the_stories_changed(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    code, output = run(content.parent, "people", "reject", "john-roe", verbose=True)
    assert code == 0, output
    assert output.splitlines() == [
        "  changed content/stories/2025/03/02/roe-meets-doe.md",
        "  changed content/stories/2025/03/03/doe-abroad.md",
        "people.yaml: rejected john-roe; 2 stories changed",
    ]


# --- confirm, rename, list ----------------------------------------------------------------------


def test_confirm_marks_reviewed_and_list_shows_what_is_left(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    site = content.parent
    code, output = run(site, "people", "--unreviewed")
    assert code == 0 and "john-roe" in output and "jane-doe-2" in output, output
    code, output = run(site, "people", "confirm", "john-roe", "jane-doe")
    assert code == 0, output
    assert output.strip() == "people.yaml: confirmed john-roe; jane-doe already confirmed"
    assert load_people(content / "people.yaml")["john-roe"].reviewed
    code, output = run(site, "people", "list", "--unreviewed")
    assert code == 0 and "john-roe" not in output and "jane-doe-2" in output, output
    code, output = run(site, "people")
    assert code == 0, output
    assert output.splitlines()[0].split() == [
        "3",
        "jane-doe-2",
        "Jane",
        "A.",
        "Doe",
        "(not",
        "reviewed)",
    ]
    before = snapshot(content)
    code, output = run(site, "people", "confirm", "john-roe")
    assert (code, output.strip()) == (0, "people.yaml: john-roe already confirmed")
    assert snapshot(content) == before


def test_rename_keeps_the_old_name_as_an_alias_and_moves_the_slug(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    site = content.parent
    args = ("people", "rename", "john-roe", "John Q. Roe", "--slug", "john-q-roe")
    code, output = run(site, *args)
    assert code == 0, output
    assert output.strip() == (
        'people.yaml: renamed john-roe to "John Q. Roe" (john-q-roe); 2 stories changed'
    )
    people = load_people(content / "people.yaml")
    assert people["john-q-roe"].name == "John Q. Roe"
    assert people["john-q-roe"].aliases == ("John Roe",)
    assert not people["john-q-roe"].reviewed  # renaming is not confirming
    assert "john-roe" not in people
    assert people_of(content, "2025/03/02/roe-meets-doe") == (
        "john-q-roe",
        "jane-doe-2",
        "jane-doe",
    )
    assert people_of(content, "2025/03/03/doe-abroad") == ("jane-doe-2", "john-q-roe")
    before = snapshot(content)
    code, output = run(site, *args)
    assert code == 0 and "already renamed" in output and "0 stories changed" in output, output
    assert snapshot(content) == before
    code, output = run(site, "people", "rename", "jane-doe", "Jane B. Doe")
    assert (code, output.strip()) == (
        0,
        'people.yaml: renamed jane-doe to "Jane B. Doe"; 0 stories changed',
    )
    assert load_people(content / "people.yaml")["jane-doe"].aliases == ("Jane Doe",)


# --- reject and ingest --------------------------------------------------------------------------


def ingest_sample(tmp_path: Path) -> tuple[Path, Path]:
    """A new site with the real wire sample ingested: (site, its one story file)."""
    site = tmp_path / "site"
    init_site(site)
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0, output
    [story] = (site / "content" / "stories").rglob("*.md")
    return site, story


def test_reject_removes_the_tag_and_ingest_never_brings_it_back(tmp_path: Path) -> None:
    site, story = ingest_sample(tmp_path)
    content = site / "content"
    assert "yuri-ushakov" in read_story(story, content).people
    code, output = run(site, "people", "reject", "yuri-ushakov")
    assert (code, output.strip()) == (0, "people.yaml: rejected yuri-ushakov; 1 story changed")
    assert "yuri-ushakov" not in read_story(story, content).people
    assert "yuri-ushakov" not in load_people(content / "people.yaml")

    before = snapshot(content)
    code, output = run(site, "people", "reject", "yuri-ushakov")
    assert (code, output.strip()) == (
        0,
        "people.yaml: yuri-ushakov already rejected; 0 stories changed",
    )
    assert snapshot(content) == before

    # The same raw file again: still ingest's own story, unchanged, no notice about the person.
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0 and "1 unchanged" in output and "still name it" not in output, output
    # Another story naming him: he is not detected as new again.
    other = tmp_path / "raw" / "001_0123456789abcdef.txt"
    other.parent.mkdir()
    other.write_bytes(SAMPLE.read_bytes().replace(b"Hours before", b"Only hours before"))
    code, output = run(site, "ingest", str(other))
    assert code == 0 and "1 ingested" in output, output
    for path in (content / "stories").rglob("*.md"):
        assert "yuri-ushakov" not in read_story(path, content).people
    assert "yuri-ushakov" not in load_people(content / "people.yaml")
    assert load_tombstones(content / "people.yaml") == {"yuri-ushakov": ""}


def test_a_story_still_ingests_own_gets_wire_corrections_after_a_merge(tmp_path: Path) -> None:
    site, story = ingest_sample(tmp_path)
    content = site / "content"
    code, output = run(site, "people", "merge", "steve-witkoff", "donald-trump")
    assert code == 0 and "1 story changed" in output, output
    # ingest's ledger knows the new bytes are its own and what they name
    [entry] = read_ledger(content).values()
    assert "steve-witkoff" not in entry.people and "donald-trump" in entry.people
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0 and "1 unchanged" in output and "still name it" not in output, output

    corrected = tmp_path / "raw" / SAMPLE.name
    corrected.parent.mkdir()
    corrected.write_bytes(SAMPLE.read_bytes().replace(b"Hours before", b"Only hours before"))
    code, output = run(site, "ingest", str(corrected))
    assert code == 0 and "1 updated" in output, output
    text = story.read_text(encoding="utf-8")
    assert "Only hours before" in text
    assert "steve-witkoff" not in read_story(story, content).people  # Steve Witkoff is an alias
    assert "donald-trump" in read_story(story, content).people


def test_an_editors_story_stays_the_editors_after_a_merge(tmp_path: Path) -> None:
    site, story = ingest_sample(tmp_path)
    content = site / "content"
    story.write_text(story.read_text(encoding="utf-8").replace("Hours before", "Just before"))
    code, output = run(site, "people", "merge", "steve-witkoff", "donald-trump")
    assert code == 0 and "1 story changed" in output, output
    [entry] = read_ledger(content).values()  # the people it records moved all the same
    assert "steve-witkoff" not in entry.people and "donald-trump" in entry.people
    corrected = tmp_path / "raw" / SAMPLE.name
    corrected.parent.mkdir()
    corrected.write_bytes(SAMPLE.read_bytes().replace(b"Hours before", b"Only hours before"))
    code, output = run(site, "ingest", str(corrected))
    assert code == 0 and "1 kept" in output and "still name it" not in output, output
    assert "Just before" in story.read_text(encoding="utf-8")


# --- organisations ------------------------------------------------------------------------------

ORGANISATIONS = """\
reserve-bank-of-india:
  name: Reserve Bank of India
rbi:
  name: RBI
  reviewed: false
acme-holdings:
  name: Acme Holdings
  reviewed: false
"""


def test_organisations_are_reviewed_through_the_same_commands(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    site = content.parent
    (content / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    path = content / "stories" / "2025" / "03" / "01" / "budget-passes.md"
    text = path.read_text(encoding="utf-8").replace(
        "people: [jane-doe-2]\n",
        "people: [jane-doe-2]\norganisations: [rbi, acme-holdings, reserve-bank-of-india]\n",
    )
    path.write_text(text, encoding="utf-8")

    code, output = run(site, "organisations", "--unreviewed")
    assert code == 0 and "rbi" in output and "reserve-bank-of-india" not in output, output
    code, output = run(site, "organisations", "merge", "rbi", "reserve-bank-of-india")
    assert code == 0, output
    assert output.strip() == (
        "organisations.yaml: merged rbi into reserve-bank-of-india; 1 story changed"
    )
    code, output = run(site, "organisations", "reject", "acme-holdings")
    assert code == 0 and "1 story changed" in output, output
    story = read_story(path, content)
    assert story.organisations == ("reserve-bank-of-india",)
    assert story.people == ("jane-doe-2",)  # the people list is another kind's
    organisations = load_organisations(content / "organisations.yaml")
    assert set(organisations) == {"reserve-bank-of-india"}
    assert organisations["reserve-bank-of-india"].aliases == ("RBI",)
    before = snapshot(content)
    code, output = run(site, "organisations", "merge", "rbi", "reserve-bank-of-india")
    assert code == 0 and "already merged" in output and "0 stories changed" in output, output
    assert snapshot(content) == before
    code, output = run(site, "organisations", "confirm", "jane-doe")
    assert code == 1 and "content/organisations.yaml: unknown slug 'jane-doe'" in output, output


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("confirm", "jane-doe", "nobody"), "content/people.yaml: unknown slug 'nobody'"),
        (("merge", "nobody", "jane-doe"), "content/people.yaml: unknown slug 'nobody'"),
        (("merge", "jane-doe", "jane-doe"), "cannot merge jane-doe into itself"),
        (("merge", "jane-doe-2", "rejected-one"), "rejected-one was rejected"),
        (("merge", "rejected-one", "jane-doe"), "rejected-one was rejected"),
        (("reject", "merged-one"), "merged-one was merged into jane-doe"),
        (("merge", "merged-one", "john-roe"), "merged-one was merged into jane-doe, not into"),
        (("rename", "john-roe", "Jane", "--slug", "jane-doe"), "jane-doe is taken"),
        (("rename", "john-roe", "X", "--slug", "Not A Slug"), "is not a slug"),
        (("rename", "nobody", "Nobody"), "unknown slug 'nobody'"),
    ],
)
def test_a_refused_command_is_one_line_and_writes_nothing(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    content = write_site(tmp_path / "site")
    with (content / "people.yaml").open("a", encoding="utf-8") as vocabulary:
        vocabulary.write(
            "rejected-one:\n  name: Rejected One\n  rejected: true\n"
            "merged-one:\n  merged_into: jane-doe\n"
        )
    before = snapshot(content)
    code, output = run(content.parent, "people", *args)
    assert code == 1, output
    assert len(output.strip().splitlines()) == 1 and message in output, output
    assert output.startswith("error: content/people.yaml: "), output
    assert snapshot(content) == before


def test_merge_needs_two_slugs(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    code, output = run(content.parent, "people", "merge", "jane-doe")
    assert code == 2 and "at least one FROM" in output, output


def test_a_review_during_an_ingest_is_refused_in_one_line(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    before = snapshot(content)
    with Journal(content):  # what an ingest holds while it runs
        code, output = run(content.parent, "people", "reject", "john-roe")
    assert code == 1, output
    assert output.strip() == (
        "error: content: an ingest or another review of this site is running; "
        "try again when it ends"
    )
    assert snapshot(content) == before


# --- interrupted runs ---------------------------------------------------------------------------


def test_a_story_that_cannot_be_written_leaves_the_vocabulary_and_a_rerun_finishes(
    tmp_path: Path,
) -> None:
    site, story = ingest_sample(tmp_path)
    content = site / "content"
    # A story whose temporary file cannot be made: its name leaves no room for the suffix.
    stuck = content / "stories" / "2025" / "03" / "19" / f"{'a' * 240}.md"
    stuck.parent.mkdir(parents=True)
    stuck.write_text(story_text(9, "Stuck", "people: [steve-witkoff]\n"), encoding="utf-8")
    vocabulary = (content / "people.yaml").read_bytes()

    code, output = run(site, "people", "merge", "steve-witkoff", "donald-trump")
    assert code == 1, output
    assert "cannot write" in output and "a" * 240 in output, output
    assert "1 story changed; 1 story could not be changed" in output, output
    assert (content / "people.yaml").read_bytes() == vocabulary  # written last, so not yet
    assert "steve-witkoff" not in read_story(story, content).people  # the first story moved
    assert not list(content.rglob(".*.tmp"))

    fixed = stuck.with_name("stuck.md")
    stuck.rename(fixed)
    code, output = run(site, "people", "merge", "steve-witkoff", "donald-trump")
    assert code == 0, output
    assert output.strip() == (
        "people.yaml: merged steve-witkoff into donald-trump; 1 story changed"
    )
    assert read_story(fixed, content).people == ("donald-trump",)
    assert "steve-witkoff" not in load_people(content / "people.yaml")
    # the story ingest wrote is still its own: a re-ingest finds it unchanged, with no notice
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0 and "1 unchanged" in output and "still name it" not in output, output


def test_a_review_killed_mid_way_is_finished_by_running_it_again(tmp_path: Path) -> None:
    site, story = ingest_sample(tmp_path)
    content = site / "content"
    # A story file that is a FIFO: reading it blocks, so the review is killed right there,
    # after the ingest story before it was rewritten and before the vocabulary was.
    fifo = content / "stories" / "2025" / "03" / "19" / "blocked.md"
    fifo.parent.mkdir(parents=True)
    os.mkfifo(fifo)
    vocabulary = (content / "people.yaml").read_bytes()
    command = [sys.executable, "-c", "from generator.cli import main; main(prog_name='morgue')"]
    command += ["people", "merge", "--site", str(site), "steve-witkoff", "donald-trump"]
    process = subprocess.Popen(
        command, cwd=CHECKOUT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while "steve-witkoff" in story.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the review never rewrote the first story"
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
    assert (content / JOURNAL_NAME).exists()  # what the next run completes
    assert (content / "people.yaml").read_bytes() == vocabulary
    fifo.unlink()

    code, output = run(site, "people", "merge", "steve-witkoff", "donald-trump")
    assert code == 0, output
    assert output.strip() == (
        "people.yaml: merged steve-witkoff into donald-trump; 0 stories changed"
    )
    assert not (content / JOURNAL_NAME).exists()
    assert "steve-witkoff" not in load_people(content / "people.yaml")
    # the killed run's write counted as ingest's own: wire corrections still reach the story
    corrected = tmp_path / "raw" / SAMPLE.name
    corrected.parent.mkdir()
    corrected.write_bytes(SAMPLE.read_bytes().replace(b"Hours before", b"Only hours before"))
    code, output = run(site, "ingest", str(corrected))
    assert code == 0 and "1 updated" in output, output
    assert "Only hours before" in story.read_text(encoding="utf-8")


def test_tombstones_are_no_entries_for_the_build(tmp_path: Path) -> None:
    content = write_site(tmp_path / "site")
    run(content.parent, "people", "reject", "john-roe")
    data = yaml.safe_load((content / "people.yaml").read_text(encoding="utf-8"))
    assert data["john-roe"]["rejected"] is True
    code, output = run(content.parent, "build")
    assert code == 0, output
    assert not (content.parent / "public" / "people" / "john-roe").exists()
