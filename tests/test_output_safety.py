"""Output folders: a build replaces only what Morgue made, and refuses anything else up front."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.build import outdir
from generator.cli import main
from tests.golden import SITES, tree

MORGUE = Path(sys.executable).with_name("morgue")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the basic fixture site (no search index: these tests are about folders), one
    folder down, so that even the folder above the folder above it is inside `tmp_path`."""
    root = tmp_path / "desk" / "site"
    shutil.copytree(SITES / "basic", root)
    with (root / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write("search = false\n")
    return root


def morgue(*args: str, home: Path | None = None) -> Result:
    """Run `morgue ARGS` in this process; stdout and stderr apart."""
    env = {"HOME": str(home)} if home else None
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def someones_folder(path: Path) -> dict[str, bytes]:
    """A folder holding a file that is not Morgue's; returns its tree to compare afterwards."""
    path.mkdir(parents=True, exist_ok=True)
    (path / "thesis.txt").write_text("four years of work\n", encoding="utf-8")
    return tree(path)


def assert_refused(result: Result, *words: str) -> None:
    """Exit code 2, one line on stderr that says why, and no traceback."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_a_folder_holding_someones_file_is_refused_and_untouched(
    site: Path, tmp_path: Path
) -> None:
    theirs = tmp_path / "documents"
    before = someones_folder(theirs)
    result = morgue("build", "--site", str(site), "--out", str(theirs))
    assert_refused(result, str(theirs), "did not write", outdir.MARKER)
    assert tree(theirs) == before
    # Nothing was written beside it either: no lock, no cache, no staging folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["desk", "documents"]


@pytest.mark.parametrize(
    ("where", "why"),
    [
        (".", "is the site folder itself"),
        ("content", "inside the site's content/ folder"),
        ("content/stories/2025", "inside the site's content/ folder"),
        ("templates", "inside the site's templates/ folder"),  # empty, and still refused
        ("..", "holds the site folder"),
    ],
)
def test_the_site_its_sources_and_its_ancestors_are_refused(
    site: Path, where: str, why: str
) -> None:
    (site / "templates").mkdir(exist_ok=True)
    before = tree(site.parent)
    result = morgue("build", "--site", str(site), "--out", str(site / where))
    assert_refused(result, why)
    assert tree(site.parent) == before


@pytest.mark.parametrize("setting", [".", "content", "../.."])
def test_output_dir_of_site_toml_is_checked_too(site: Path, setting: str) -> None:
    with (site / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write(f'output_dir = "{setting}"\n')
    before = tree(site)
    assert_refused(morgue("build", "--site", str(site)), "output_dir")
    assert tree(site) == before


def test_the_home_folder_is_refused_even_empty(site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert_refused(morgue("build", "--site", str(site), "--out", str(home), home=home), "home")
    assert list(home.iterdir()) == []


def test_the_root_and_what_holds_home_are_never_outputs(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Checked on the rule alone: no test points a build at a real system folder.
    assert outdir.refusal(Path("/"), site, "--out") == "--out /: is the file system root"
    monkeypatch.setenv("HOME", str(tmp_path / "users" / "me"))
    assert "holds the home folder" in str(outdir.refusal(tmp_path / "users", site, "--out"))


def test_a_file_or_a_link_is_refused(site: Path) -> None:
    desk = site.parent
    (desk / "notes.txt").write_text("mine\n", encoding="utf-8")
    (desk / "elsewhere").mkdir()
    (desk / "link").symlink_to(desk / "elsewhere")
    config = site / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'output_dir = "../notes.txt"\n')
    assert_refused(morgue("build", "--site", str(site)), "is a file")
    config.write_text(config.read_text(encoding="utf-8").replace("notes.txt", "link"))
    assert_refused(morgue("build", "--site", str(site)), "symbolic link")
    assert (desk / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_absent_empty_and_morgues_own_folders_are_accepted(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    assert (out / outdir.MARKER).read_bytes() == outdir.MARKER_TEXT
    assert morgue("build", "--site", str(site), "--out", str(out), "--full").exit_code == 0
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert morgue("build", "--site", str(site), "--out", str(empty)).exit_code == 0
    assert tree(empty) == tree(out)


def test_an_older_morgues_output_is_recognised_by_its_record_and_cache(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    (out / outdir.MARKER).unlink()  # as a version before the marker left it
    assert morgue("build", "--site", str(site), "--out", str(out), "--full").exit_code == 0
    assert (out / outdir.MARKER).is_file()
    # Without its cache folder beside it, build.json alone proves nothing: refused, with a hint.
    (out / outdir.MARKER).unlink()
    shutil.rmtree(tmp_path / ".public.cache")
    result = morgue("build", "--site", str(site), "--out", str(out))
    assert_refused(result, "older Morgue", "delete it and build again")
    assert json.loads((out / "build.json").read_text(encoding="utf-8"))["morgue"]


def test_leftovers_beside_the_output_are_removed_only_if_morgues(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    # Folders named like a build's leftovers, but someone else's (no marker): kept.
    kept = {tmp_path / ".public.tmp-drafts": someones_folder(tmp_path / ".public.tmp-drafts")}
    kept[tmp_path / ".public.old-2019"] = someones_folder(tmp_path / ".public.old-2019")
    # A real leftover of a killed build carries the marker: removed.
    ours = tmp_path / ".public.tmp-0badf00d"
    shutil.copytree(out, ours)
    assert morgue("build", "--site", str(site), "--out", str(out), "--full").exit_code == 0
    assert not ours.exists()
    for folder, before in kept.items():
        assert tree(folder) == before
    # Even with the output gone, someone's `.public.old-*` is not taken for the last good site.
    shutil.rmtree(out)
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    assert (out / outdir.MARKER).is_file() and not (out / "thesis.txt").exists()
    for folder, before in kept.items():
        assert tree(folder) == before


def test_a_journal_that_is_not_morgues_moves_nothing(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    before = someones_folder(tmp_path / "documents")
    forged = {"stage": "documents", "files": ["thesis.txt"], "removed": ["../desk/site/site.toml"]}
    (tmp_path / ".public.journal").write_text(json.dumps(forged), encoding="utf-8")
    result = morgue("build", "--site", str(site), "--out", str(out))
    assert_refused(result, ".public.journal", "not a journal Morgue wrote")
    assert tree(tmp_path / "documents") == before and (site / "site.toml").is_file()


def run_until_exit(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real `morgue ARGS`; a command that does not refuse would run on: time it out."""
    return subprocess.run(
        [str(MORGUE), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_watch_refuses_a_folder_that_is_not_morgues(site: Path, tmp_path: Path) -> None:
    before = someones_folder(tmp_path / "documents")
    with (site / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write('output_dir = "../../documents"\n')
    done = run_until_exit("watch", "--site", str(site))
    assert done.returncode == 2 and "did not write" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(tmp_path / "documents") == before


def test_serve_refuses_a_preview_folder_that_is_not_morgues(site: Path) -> None:
    before = someones_folder(site / ".morgue-preview" / "site")
    done = run_until_exit("serve", "--site", str(site), "--port", "0")
    assert done.returncode == 2 and "preview folder" in done.stderr
    assert "Traceback" not in done.stderr
    assert tree(site / ".morgue-preview" / "site") == before


def test_an_emptied_output_is_built_whole_again(site: Path, tmp_path: Path) -> None:
    # Emptying the folder is what a refusal suggests: the state beside it must not be trusted.
    out = tmp_path / "public"
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    built = tree(out)
    for child in out.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    assert morgue("build", "--site", str(site), "--out", str(out)).exit_code == 0
    assert tree(out) == built


def test_an_output_that_cannot_be_made_is_one_line_not_a_traceback(site: Path) -> None:
    # Under a file: no folder can be made there.
    result = morgue("build", "--site", str(site), "--out", str(site / "site.toml" / "public"))
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "site.toml" in lines[0]
