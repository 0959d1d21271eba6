"""Ingest survives kill -9 at any moment, hostile sources and arbitrary bytes (issue 9)."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import generate
from generator.cli import main
from generator.commands.init import init_site
from generator.content import load_people, load_places, load_stories
from tests.conftest import SAMPLE

MORGUE = Path(sys.executable).with_name("morgue")


def run(site: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args[:1], "--site", str(site), *args[1:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def tree(content: Path) -> dict[str, bytes]:
    return {
        p.relative_to(content).as_posix(): p.read_bytes()
        for p in sorted(content.rglob("*"))
        if p.is_file()
    }


def ingest_process(site: Path, raw: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(MORGUE), "ingest", "--site", str(site), "--jobs", "2", str(raw)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill reaches its workers too
    )


@pytest.mark.slow
def test_kill_9_at_random_moments_then_a_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    raw = generate(300, tmp_path / "raw", seed=9)
    clean = tmp_path / "clean"
    init_site(clean)
    started = time.monotonic()
    done = ingest_process(clean, raw)
    assert done.wait(timeout=300) == 0, done.stdout.read() if done.stdout else ""
    duration = time.monotonic() - started
    killed = tmp_path / "killed"
    init_site(killed)
    rng = random.Random(20250318)
    stories = killed / "content" / "stories"
    for kill in range(8):
        process = ingest_process(killed, raw)
        if kill % 2:  # at any moment: starting, learning, adding people, writing, finishing
            time.sleep(rng.uniform(0, duration))
        else:  # in the middle of writing stories, where a lagging ledger would show
            target = rng.randrange(1, 290)
            while process.poll() is None and sum(1 for _ in stories.rglob("*.md")) < target:
                time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    final = ingest_process(killed, raw)
    output = final.communicate(timeout=300)[0].decode()
    assert final.returncode == 0, output
    assert tree(killed / "content") == tree(clean / "content")
    stories, errors = load_stories(killed / "content")
    assert not errors and len({s.id for s in stories}) == len(stories)
    again = ingest_process(killed, raw).communicate(timeout=300)[0].decode()
    unchanged = len(stories)
    assert f"0 ingested, 0 updated, {unchanged} unchanged" in again, again


def test_hostile_sources_are_named_and_never_hang(site: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_bytes(SAMPLE.read_bytes())
    os.mkfifo(inbox / "fifo.txt")
    (inbox / "zero.txt").symlink_to("/dev/zero")
    (inbox / "gone.txt").symlink_to(tmp_path / "nowhere")
    (inbox / "loop").symlink_to(inbox / "loop")  # a folder link that leads to itself
    (inbox / "sub").mkdir()
    (inbox / "sub" / "back").symlink_to(inbox)  # a folder cycle: searched once
    done = subprocess.run(
        [str(MORGUE), "ingest", "--site", str(site), str(inbox)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    for name in ("fifo.txt", "zero.txt"):
        assert f"{inbox / name}: not a regular file" in output
    for name in ("gone.txt", "loop"):
        assert f"{inbox / name}: cannot follow symlink" in output
    assert "1 ingested" in output and "4 errors" in output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder all the same")
def test_a_folder_that_cannot_be_listed_is_named(site: Path, tmp_path: Path) -> None:
    locked = tmp_path / "inbox" / "locked"
    locked.mkdir(parents=True)
    (locked / "story.txt").write_bytes(SAMPLE.read_bytes())
    locked.chmod(0)
    try:
        code, output = run(site, "ingest", str(tmp_path / "inbox"))
    finally:
        locked.chmod(0o755)
    assert code == 1 and f"{locked}: cannot read folder" in output


_NAMES = st.text(
    st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
).filter(lambda n: n not in (".", "..") and len(n.encode()) < 200)
_WIRE = st.text(max_size=300).map(
    lambda t: f" date 2025-03-18 Moscow, March 18 (IANS) Vladimir Putin {t}".encode(
        "utf-8", "surrogatepass"
    )
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(files=st.lists(st.tuples(_NAMES, st.binary(max_size=400) | _WIRE), max_size=4))
def test_fuzzed_files_and_names_never_give_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, bytes]]
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    init_site(root / "site")
    inbox = root / "inbox"
    inbox.mkdir()
    for name, data in files:
        (inbox / f"{name}.txt").write_bytes(data)
    for _ in range(2):
        code, output = run(root / "site", "ingest", str(inbox))
        assert code in (0, 1) and "Traceback" not in output, output
    content = root / "site" / "content"
    assert not load_stories(content)[1]
    load_people(content / "people.yaml")
    load_places(content / "places.yaml")
    assert "0 ingested, 0 updated" in output


def test_a_lost_ledger_never_duplicates_the_archive(site: Path, tmp_path: Path) -> None:
    # A ledger deleted by hand, or a journal lost before the ledger was written: the story files
    # are still ingest's own, and a re-run takes them back instead of writing each one again.
    raw = generate(40, tmp_path / "raw")
    content = site / "content"
    assert run(site, "ingest", str(raw))[0] == 0
    before = tree(content)
    (content / "ingested.tsv").unlink()
    code, output = run(site, "ingest", str(raw))
    assert code == 0, output
    assert " 0 ingested" in output and " 0 updated" in output, output
    assert not list(content.rglob("*-2.md")), output
    assert tree(content) == before
    assert "0 ingested, 0 updated" in run(site, "ingest", str(raw))[1]


def test_an_edited_story_unknown_to_the_ledger_is_kept(site: Path, tmp_path: Path) -> None:
    raw = generate(5, tmp_path / "raw")
    content = site / "content"
    run(site, "ingest", str(raw))
    story = sorted((content / "stories").rglob("*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nAn editor's note.\n", encoding="utf-8")
    (content / "ingested.tsv").unlink()
    code, output = run(site, "ingest", str(raw))
    assert code == 0 and "1 kept" in output, output
    assert story.read_text(encoding="utf-8").endswith("An editor's note.\n")
    assert not list(content.rglob("*-2.md"))


def test_ingest_into_a_site_whose_content_folder_is_gone(site: Path) -> None:
    shutil.rmtree(site / "content")
    code, output = run(site, "ingest", str(SAMPLE))
    assert code == 0, output
    assert "1 ingested" in output and "Traceback" not in output


def test_ingested_files_are_as_readable_as_any_new_file(site: Path) -> None:
    # A web server or a colleague reads the archive: no file of it may end up owner-only.
    umask = os.umask(0)
    os.umask(umask)
    vocabulary = site / "content" / "people.yaml"
    vocabulary.chmod(0o640)  # an editor's choice, kept when ingest rewrites the file
    assert run(site, "ingest", str(SAMPLE))[0] == 0
    story = next((site / "content" / "stories").rglob("*.md"))
    for path in (story, site / "content" / "ingested.tsv"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    assert stat.S_IMODE(vocabulary.stat().st_mode) == 0o640


def test_a_ledger_row_pointing_outside_the_stories_is_never_followed(
    site: Path, tmp_path: Path
) -> None:
    content = site / "content"
    assert run(site, "ingest", str(SAMPLE))[0] == 0
    # Someone's file outside content/, and a ledger row edited to claim ingest wrote it there.
    outside = site / "notes.md"
    outside.write_bytes(b"my notes\n")
    ledger = content / "ingested.tsv"
    header, row = ledger.read_text(encoding="utf-8").splitlines()[:2]
    fields = row.split("\t")
    fields[3], fields[4] = "../notes.md", hashlib.sha256(b"my notes\n").hexdigest()
    ledger.write_text(f"{header}\n" + "\t".join(fields) + "\n", encoding="utf-8")
    corrected = tmp_path / SAMPLE.name
    corrected.write_bytes(SAMPLE.read_bytes().replace(b"30-day truce", b"30-day pause"))
    code, output = run(site, "ingest", str(corrected))
    assert code == 0 and "Traceback" not in output, output
    assert outside.read_bytes() == b"my notes\n"
