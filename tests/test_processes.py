"""No process outlives its command: real `morgue` processes stopped by signals at seeded moments.

Each command runs in a session of its own, so that every process it started can be found by
walking /proc for that session id, orphans re-parented to init included. SIGKILL must take the
command's workers with it; SIGTERM must stop it at a safe point with exit code 143 and a summary
that says it was interrupted; either way the archive or site stays consistent and a re-run
finishes the job.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generate import generate
from generator.commands.init import init_site
from tests.servekit import copy_site, wait_until
from tests.sitegen import make_site

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds a command's processes through /proc"
)

MORGUE = Path(sys.executable).with_name("morgue")
RAW_FILES = 1200
"""Raw stories per ingest batch: past ingest's PARALLEL_FROM, so that the taggers' pool runs."""
SITE_STORIES = 400
"""Stories of the generated site: enough pages for several render and link-check chunks."""
GONE_WITHIN = 5.0
"""Seconds a command's processes may take to end after the command was killed."""
SUMMARY = re.compile(
    r"(?P<items>\d+) items: (?P<ingested>\d+) ingested, (?P<updated>\d+) updated, "
    r"(?P<unchanged>\d+) unchanged, (?P<kept>\d+) kept, (?P<duplicate>\d+) duplicate, "
    r"\d+ warnings, (?P<errors>\d+) errors"
)


def killed(seed: int) -> object:
    """Parameters of a run stopped by SIGKILL at a moment drawn from `seed`."""
    return pytest.param(signal.SIGKILL, seed, id="KILL")


def terminated(seed: int) -> object:
    """Parameters of a run stopped by SIGTERM at a moment drawn from `seed`."""
    return pytest.param(signal.SIGTERM, seed, id="TERM")


def session_processes(session: int) -> list[tuple[int, str]]:
    """(pid, name) of the live processes of `session`: a command's whole tree, orphans too."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, _parent, _group, sid = stat[stat.rindex(")") + 2 :].split()[:4]
        if int(sid) == session and state not in "ZX":
            found.append((int(entry), name))
    return found


class Command:
    """A `morgue` command running in its own session, its output going to files."""

    def __init__(self, tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.out, self.err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = subprocess.Popen(
                [str(MORGUE), *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
                env={**os.environ, **(env or {})},
            )

    def tree(self) -> list[tuple[int, str]]:
        """The live processes of the command's session."""
        return session_processes(self.process.pid)

    def wait_for_workers(self, count: int = 2, timeout: float = 60) -> None:
        """Wait until `count` processes besides the command itself run (its pool's workers)."""
        wait_until(lambda: len(self.tree()) > count, timeout, f"{count} workers")

    def stop(self, signum: int, timeout: float = 30) -> int:
        """Send `signum` to the command alone (not its group); its exit code, its tree gone."""
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=timeout)
        finally:
            self.kill_leftovers_after(GONE_WITHIN)
        return code

    def kill_leftovers_after(self, seconds: float) -> None:
        """Fail if any process of the session is still alive `seconds` from now; never leave
        one behind, whatever the outcome."""
        try:
            wait_until(lambda: not self.tree(), seconds, f"the end of {self.tree()}")
        finally:
            for pid, _ in self.tree():
                os.kill(pid, signal.SIGKILL)

    def output(self) -> tuple[str, str]:
        """What the command printed on stdout and stderr."""
        return self.out.read_text(), self.err.read_text()


def morgue(*args: str) -> subprocess.CompletedProcess[str]:
    """Run a `morgue` command to its end."""
    return subprocess.run(
        [str(MORGUE), *args], capture_output=True, text=True, timeout=300, check=False
    )


def tree_digest(folder: Path) -> str:
    """A digest of every file of a built site but its search index (Pagefind's own order)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if not relative.startswith("pagefind/"):
            digest.update(relative.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def raw_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch of generated raw wire stories, shared by the ingest tests (read-only)."""
    return generate(RAW_FILES, tmp_path_factory.mktemp("raw") / "raw")


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated site, built once; each test works on its own copy."""
    root = make_site(tmp_path_factory.mktemp("site") / "site", SITE_STORIES)
    done = morgue("build", "--site", str(root), "--jobs", "2")
    assert done.returncode == 0, done.stderr
    return root


def copy_of(site: Path, tmp_path: Path) -> Path:
    """A copy of a site, hard links and all (`cp -a`: quicker than copying page by page)."""
    target = tmp_path / "site"
    subprocess.run(["cp", "-a", str(site), str(target)], check=True)
    return target


@pytest.mark.parametrize(("signum", "seed"), [killed(1), terminated(2)])
def test_ingest_stopped_leaves_no_process_and_a_rerun_finishes(
    tmp_path: Path, raw_batch: Path, signum: int, seed: int
) -> None:
    site = tmp_path / "archive"
    init_site(site)
    stories = site / "content" / "stories"
    command = Command(tmp_path, "ingest", "--site", str(site), "--jobs", "2", str(raw_batch))
    command.wait_for_workers()
    # Stop it while it writes stories, the moment that matters.
    wait_until(lambda: len(list(stories.rglob("*.md"))) >= 20, 60, "the first stories")
    time.sleep(random.Random(seed).uniform(0.0, 0.15))
    code = command.stop(signum)
    out, err = command.output()
    if signum == signal.SIGTERM:
        assert code == 143, out + err
        found = re.search(
            rf"interrupted \(SIGTERM\): \d+ of {RAW_FILES} files read, \d+ items done: (\d+) ", out
        )
        assert found, out
        assert "Traceback" not in err, err
        # What it says it finished is there, and nothing more.
        assert len(list(stories.rglob("*.md"))) == int(found[1])
    else:
        assert code == -signal.SIGKILL
    again = morgue("ingest", "--site", str(site), "--jobs", "2", str(raw_batch))
    assert again.returncode == 0, again.stderr[-2000:]
    summary = SUMMARY.search(again.stdout)
    assert summary, again.stdout
    counts = {name: int(value) for name, value in summary.groupdict().items()}
    # Nothing torn (a story the re-run takes for an editor's), nothing twice, nothing lost.
    assert counts["items"] == RAW_FILES and counts["errors"] == 0 and counts["kept"] == 0
    written = len(list(stories.rglob("*.md")))
    assert written == counts["ingested"] + counts["updated"] + counts["unchanged"]


@pytest.mark.parametrize(("signum", "seed"), [killed(3), terminated(4)])
def test_build_stopped_leaves_no_process_and_the_site_whole(
    tmp_path: Path, built_site: Path, signum: int, seed: int
) -> None:
    site = copy_of(built_site, tmp_path)
    before = tree_digest(site / "public")
    story = next((site / "content" / "stories").rglob("*.md"))
    story.write_text(story.read_text().replace("title: ", "title: Stopped ", 1))
    command = Command(tmp_path, "build", "--site", str(site), "--jobs", "2", "--full")
    command.wait_for_workers()
    time.sleep(random.Random(seed).uniform(0.0, 0.5))
    code = command.stop(signum)
    out, err = command.output()
    stopped = tree_digest(site / "public") if (site / "public").is_dir() else None
    if signum == signal.SIGTERM:
        assert code == 143, out + err
        assert "interrupted (SIGTERM): build stopped " in out, out
        assert "Traceback" not in err, err
    else:
        assert code == -signal.SIGKILL
    again = morgue("build", "--site", str(site), "--jobs", "2")
    assert again.returncode == 0, again.stderr
    after = tree_digest(site / "public")
    assert after != before  # the re-run published the edit
    # What the stopped build left is one whole site, the old or the new, never a mix (a kill
    # between the two renames of the swap may leave none, for the next build to recover).
    assert stopped in ((before, after) if signum == signal.SIGTERM else (before, after, None))


@pytest.mark.parametrize(("signum", "seed"), [killed(5), terminated(6)])
def test_check_stopped_leaves_no_process_and_no_temporary_build(
    tmp_path: Path, built_site: Path, signum: int, seed: int
) -> None:
    site = copy_of(built_site, tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    command = Command(
        tmp_path, "check", "--site", str(site), "--jobs", "2", env={"TMPDIR": str(temporary)}
    )
    command.wait_for_workers()
    time.sleep(random.Random(seed).uniform(0.0, 1.0))
    code = command.stop(signum)
    out, err = command.output()
    if signum == signal.SIGTERM:
        assert code == 143, out + err
        assert "interrupted (SIGTERM): check stopped before it finished" in err, err
        assert "Traceback" not in err, err
        assert not list(temporary.iterdir())  # its temporary build was removed
    else:
        assert code == -signal.SIGKILL
    again = morgue("check", "--site", str(site), "--jobs", "2")
    assert again.returncode in (0, 1) and "Traceback" not in again.stderr, again.stderr
    assert re.search(r"\d+ HTML pages?", again.stdout), again.stdout


@pytest.mark.parametrize(
    ("command_name", "signum", "seed"),
    [
        pytest.param("serve", signal.SIGKILL, 7, id="serve-KILL"),
        pytest.param("serve", signal.SIGTERM, 8, id="serve-TERM"),
        pytest.param("watch", signal.SIGKILL, 9, id="watch-KILL"),
        pytest.param("watch", signal.SIGTERM, 10, id="watch-TERM"),
    ],
)
def test_preview_stopped_while_building_leaves_no_process(
    tmp_path: Path, built_site: Path, command_name: str, signum: int, seed: int
) -> None:
    site = copy_of(built_site, tmp_path)
    shutil.rmtree(site / "public")  # watch then builds it all again, with its render pool
    shutil.rmtree(site / ".public.cache")
    args = ["--port", "0"] if command_name == "serve" else []
    command = Command(tmp_path, command_name, "--site", str(site), *args)
    command.wait_for_workers()
    time.sleep(random.Random(seed).uniform(0.0, 0.5))
    code = command.stop(signum)
    out, err = command.output()
    if signum == signal.SIGTERM:
        assert code == 143, out + err
        assert "Stopping" in out and "Traceback" not in err, out + err
    else:
        assert code == -signal.SIGKILL


@pytest.mark.skipif(not Path("/usr/bin/setsid").exists(), reason="needs util-linux's setsid")
def test_serve_ends_with_its_terminal(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    controller, terminal = os.openpty()
    # setsid --ctty: morgue leads a session whose controlling terminal is the pseudo-terminal,
    # as in a terminal window; closing the other end is the window closing.
    process = subprocess.Popen(
        ["/usr/bin/setsid", "--ctty", str(MORGUE), "serve", "--site", str(site), "--port", "0"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 60
    while b"Serving " not in seen and time.monotonic() < deadline:
        seen += os.read(controller, 4096)
    assert b"Serving " in seen, seen
    session = os.getsid(process.pid)
    os.close(controller)  # the terminal goes away: SIGHUP
    try:
        assert process.wait(timeout=30) == 129
        wait_until(lambda: not session_processes(session), GONE_WITHIN, "serve's processes")
    finally:
        for pid, _ in session_processes(session):
            os.kill(pid, signal.SIGKILL)


def test_ctrl_c_on_the_terminal_stops_ingest_without_a_traceback(
    tmp_path: Path, raw_batch: Path
) -> None:
    site = tmp_path / "archive"
    init_site(site)
    command = Command(tmp_path, "ingest", "--site", str(site), "--jobs", "2", str(raw_batch))
    command.wait_for_workers()
    os.killpg(command.process.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole group
    code = command.process.wait(timeout=30)
    command.kill_leftovers_after(GONE_WITHIN)
    out, err = command.output()
    assert code == 130, out + err
    # Either the batch stopped part-way and says how far it got, or (when the signal landed
    # where Python swallows exceptions, such as a fork hook) it ran to its end and says so.
    assert "interrupted (Ctrl-C)" in out + err, out + err
    assert "Traceback" not in err, out + err


SLOW_CLEANUP = """
import sys, time
from generator.interrupts import Interrupted, stop_on_signals
with stop_on_signals():
    try:
        print("ready", flush=True)
        time.sleep(60)
    except Interrupted:
        print("cleaning up", flush=True)
        time.sleep(60)
"""


def test_a_second_ctrl_c_stops_at_once(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLEANUP], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    child.send_signal(signal.SIGINT)
    assert child.stdout.readline() == "cleaning up\n"
    child.send_signal(signal.SIGINT)
    assert child.wait(timeout=5) == -signal.SIGINT
