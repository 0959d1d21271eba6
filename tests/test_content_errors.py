"""Broken settings, vocabularies and front matter, through the installed `morgue` command: every
command that reads the file says what is wrong in one line naming the file and the line, exits 1
(bad content) or 2 (bad settings), and never shows a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.servekit import serve

RAW = Path(__file__).parent / "cases" / "wire" / "no_dateline.txt"
PEOPLE = "jane-doe:\n  name: Jane Doe\nrichard-roe:\n  name: Richard Roe\n"
STORY = (
    "---\nid: 0000000000000001\ntitle: Court adjourns hearing\ndate: 2025-01-02\n"
    "people: [jane-doe]\n---\n\nThe court adjourned the hearing.\n"
)
STORY_FILE = "content/stories/2025/01/02/court-adjourns.md"


def make_site(root: Path) -> Path:
    """A small valid site: settings, people, topics, one story."""
    (root / "content" / "stories" / "2025" / "01" / "02").mkdir(parents=True)
    (root / "site.toml").write_text('title = "Errors"\nsearch = false\n', encoding="utf-8")
    (root / "content" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (root / "content" / "topics.yaml").write_text("courts:\n  name: Courts\n", encoding="utf-8")
    (root / STORY_FILE).write_text(STORY, encoding="utf-8")
    return root


def run(site: Path, *args: str) -> tuple[int, str]:
    """Run `morgue COMMAND --site SITE ARGS...`: (exit code, stdout and stderr together)."""
    morgue = Path(sys.executable).with_name("morgue")
    command, *rest = args
    done = subprocess.run(
        [str(morgue), command, "--site", str(site), *rest],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def assert_one_line(output: str, where: str, message: str) -> None:
    """Exactly one line names `where` ("file:line" or "file"), and says `message`."""
    assert "Traceback" not in output, output
    named = [line for line in output.splitlines() if f"{where}: " in line]
    assert len(named) == 1, output
    assert message in named[0], output


def _break_people_encoding(site: Path) -> None:
    text = PEOPLE.replace("Richard Roe", "Ren\xe9 Roe").encode("latin-1")
    (site / "content" / "people.yaml").write_bytes(text)


def _folder_for(name: str) -> Callable[[Path], None]:
    def breaker(site: Path) -> None:
        (site / "content" / name).unlink()
        (site / "content" / name).mkdir()

    return breaker


def _bad_people_line(site: Path) -> None:
    (site / "content" / "people.yaml").write_text(PEOPLE + "- john-roe\n", encoding="utf-8")


def _duplicate_person(site: Path) -> None:
    again = PEOPLE + "jane-doe:\n  name: Jane Roe\n"
    (site / "content" / "people.yaml").write_text(again, encoding="utf-8")


def _duplicate_story_key(site: Path) -> None:
    text = STORY.replace("people: [jane-doe]\n", "people: [jane-doe]\ntitle: Another title\n")
    (site / STORY_FILE).write_text(text, encoding="utf-8")


def _story_far_future(site: Path) -> None:
    (site / STORY_FILE).write_text(STORY.replace("2025-01-02", "9999-12-31"), encoding="utf-8")


# case -> (how to break the site, the file and line to name, the message, commands that read it)
VOCABULARY_CASES = {
    "people-not-utf8": (
        _break_people_encoding,
        "content/people.yaml:4",
        "not UTF-8 text",
        ("build", "check", "people", "ingest"),
    ),
    "people-folder": (
        _folder_for("people.yaml"),
        "content/people.yaml",
        "is a folder, not a file",
        ("build", "check", "people", "ingest"),
    ),
    "topics-folder": (
        _folder_for("topics.yaml"),
        "content/topics.yaml",
        "is a folder, not a file",
        ("build", "check", "ingest"),
    ),
    "people-bad-line": (
        _bad_people_line,
        "content/people.yaml:5",
        "broken YAML",
        ("build", "check", "people", "ingest"),
    ),
    "people-duplicate": (
        _duplicate_person,
        "content/people.yaml:5",
        "duplicate key 'jane-doe' (first on line 1)",
        ("build", "check", "people", "ingest"),
    ),
    "story-duplicate-key": (
        _duplicate_story_key,
        f"{STORY_FILE}:6",
        "duplicate key 'title' (first on line 3)",
        ("build", "check", "people"),
    ),
    "story-far-future": (
        _story_far_future,
        f"{STORY_FILE}:4",
        "year 9999 is outside the years the archive can show",
        ("build", "check", "people"),
    ),
}
_COMMANDS = {
    "build": (),
    "check": (),
    "people": (),
    "ingest": (str(RAW),),
}


@pytest.mark.parametrize(
    ("case", "command"),
    [(case, command) for case, spec in VOCABULARY_CASES.items() for command in spec[3]],
)
def test_a_broken_content_file_is_one_line_with_its_line(
    case: str, command: str, tmp_path: Path
) -> None:
    breaker, where, message, _ = VOCABULARY_CASES[case]
    site = make_site(tmp_path / "site")
    breaker(site)
    code, output = run(site, command, *_COMMANDS[command])
    assert code == 1, output
    assert_one_line(output, where, message)


def test_serve_names_a_broken_vocabulary_and_still_serves(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    _folder_for("people.yaml")(site)
    with serve(site) as served:
        status, _, body = served.get(STORY_FILE.removeprefix("content/stories/")[:-3] + "/")
        assert status == 200 and b"Court adjourns hearing" in body
    output = "\n".join(served.rest())
    assert_one_line(output, "content/people.yaml", "is a folder, not a file")


# --- site.toml ----------------------------------------------------------------------------------

SETTINGS_CASES = {
    "type": (b'title = "Errors"\nsearch = false\nper_page = "ten"\n', "site.toml:3", "per_page"),
    "range": (b'title = "Errors"\n\n\nfeed_entries = 0\n', "site.toml:4", "at least 1"),
    "unknown": (b'title = "Errors"\n[theme]\ncolour = 1\n', "site.toml:2", "unknown setting"),
    "toml": (b'title = "Errors"\nper_page = \n', "site.toml:2", "broken TOML"),
    "not-utf8": (b'title = "Errors"\ndescription = "Caf\xe9"\n', "site.toml:2", "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(SETTINGS_CASES))
def test_a_bad_setting_is_one_line_with_its_line(case: str, tmp_path: Path) -> None:
    text, where, message = SETTINGS_CASES[case]
    site = make_site(tmp_path / "site")
    (site / "site.toml").write_bytes(text)
    code, output = run(site, "build")
    assert code == 2
    assert_one_line(output, where, message)
    assert output.strip().count("\n") == 0, output  # not click's usage text around it


@pytest.mark.parametrize("command", ["build", "check", "people", "ingest", "serve"])
def test_a_folder_for_site_toml_is_one_line_for_every_command(command: str, tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    (site / "site.toml").unlink()
    (site / "site.toml").mkdir()
    code, output = run(site, command, *_COMMANDS.get(command, ("--port", "0")))
    assert code == 2
    assert_one_line(output, "site.toml", "is a folder, not a file")
    assert output.strip().count("\n") == 0, output


def test_a_bad_option_value_names_the_option(tmp_path: Path) -> None:
    code, output = run(make_site(tmp_path / "site"), "build", "--base-url", "example.org")
    assert code == 2
    assert_one_line(output, "--base-url", "must be an absolute http(s) URL")
