"""Rendering on a Dask cluster (`build --scheduler`): a real `LocalCluster` of two worker
processes builds sites byte for byte as a local build does, full and incremental, with the site
folder gone from its path while the workers render, a template error on a worker is the local
build's one-line error, and a worker killed mid-build changes nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build import search
from generator.build.pipeline import build
from generator.build.printer import Reporter
from generator.build.rendering import CHUNK_SIZE
from generator.build.report import BuildError, BuildReport
from generator.config import load_config
from generator.models import Problem
from generator.pages.theme import THEME_DIR
from tests.golden import SITES, tree
from tests.sitegen import make_site

distributed = pytest.importorskip("distributed")
MORGUE = Path(sys.executable).with_name("morgue")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a two-worker LocalCluster shared by the module."""
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def _build(
    site: Path,
    out: Path,
    scheduler: str = "",
    *,
    full: bool = True,
    reporter: Reporter | None = None,
) -> BuildReport:
    config = load_config(site, output_dir=str(out), search=False, scheduler=scheduler)
    report = build(config, jobs=1, incremental=not full, reporter=reporter)
    assert report.ok, report.errors
    return report


def _generated(root: Path) -> Path:
    return make_site(root, 200, people=40, topics=10, per_page=5, years=2)


def test_the_bundled_site_builds_on_the_cluster_as_locally(tmp_path: Path, scheduler: str) -> None:
    local, remote = tmp_path / "local", tmp_path / "remote"
    _build(SITES / "basic", local)
    report = _build(SITES / "basic", remote, scheduler)
    assert report.rendered > 0
    assert tree(remote) == tree(local)


def test_a_generated_site_builds_on_the_cluster_full_and_incremental(
    tmp_path: Path, scheduler: str
) -> None:
    site = _generated(tmp_path / "site")
    remote = tmp_path / "remote"
    first = _build(site, remote, scheduler)
    _build(site, tmp_path / "local")
    assert tree(remote) == tree(tmp_path / "local")
    story = sorted((site / "content" / "stories").rglob("*.md"))[100]
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: Fresh ", 1))
    edited = _build(site, remote, scheduler, full=False)
    assert edited.incremental and 0 < edited.rendered < first.pages / 10
    _build(site, tmp_path / "fresh")
    assert tree(remote) == tree(tmp_path / "fresh")


class _SiteAway:
    """A reporter that moves the site folder away while the pages render and back after: no
    template, no story file is then at the path the client read them from."""

    def __init__(self, site: Path) -> None:
        self.site, self.away = site, site.with_name(site.name + "-away")
        self.total, self.advances, self.moved = 0, list[int](), False
        self.stages: list[str] = []

    def stage(self, name: str, total: int = 0) -> None:
        self.stages.append(name)
        if name.startswith("Rendering pages"):
            self.site.rename(self.away)
            self.total, self.moved = total, True
        elif self.away.exists():
            self.away.rename(self.site)

    def advance(self, count: int) -> None:
        self.advances.append(count)

    def problem(self, problem: Problem, *, error: bool) -> None:
        """Nothing to show."""


def test_workers_need_nothing_of_the_site_on_disk(tmp_path: Path, scheduler: str) -> None:
    site = _generated(tmp_path / "site")
    (site / "site.toml").write_text((site / "site.toml").read_text() + 'feed_content = "full"\n')
    # The site's own story template, which only the client can read.
    theme = (THEME_DIR / "templates" / "story.html").read_text(encoding="utf-8")
    own = theme.replace("{% block head %}", '{% block head %}<meta name="x-own" content="1">', 1)
    (site / "templates").mkdir()
    (site / "templates" / "story.html").write_text(own, encoding="utf-8")
    (site / "templates" / ".DS_Store").write_bytes(b"\x00\x87\xff")  # not a template
    _build(site, tmp_path / "local")

    away = _SiteAway(site)
    first = _build(site, tmp_path / "remote", scheduler, reporter=away)
    assert away.moved and site.is_dir()
    files = tree(tmp_path / "remote")
    assert files == tree(tmp_path / "local")
    assert sum(b'name="x-own"' in data for data in files.values()) == first.stories
    # The progress bar counted every page, one chunk at a time, as the workers finished them.
    assert away.total == first.rendered == sum(away.advances)
    assert len(away.advances) == -(-first.rendered // CHUNK_SIZE) > 1
    assert any(stage.startswith("Rendering pages on 2 workers (") for stage in away.stages)

    # An edit: the feeds it touches list stories the build did not read (full content).
    story = sorted((site / "content" / "stories").rglob("*.md"))[100]
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: Fresh ", 1))
    away = _SiteAway(site)
    edited = _build(site, tmp_path / "remote", scheduler, full=False, reporter=away)
    assert away.moved and edited.incremental and 0 < edited.rendered < first.pages / 10
    assert any(path.endswith("feed.xml") for path in edited.changed)
    _build(site, tmp_path / "fresh")
    assert tree(tmp_path / "remote") == tree(tmp_path / "fresh")

    # The same trick on a local build loses the site's own template: the test is not idle.
    _build(site, tmp_path / "local-away", reporter=_SiteAway(site))
    assert not any(b'name="x-own"' in data for data in tree(tmp_path / "local-away").values())


def test_search_shards_are_indexed_on_the_workers(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _generated(tmp_path / "site")
    monkeypatch.setattr(search, "SHARD_STORIES", 60)  # four shards of 200 stories
    local = load_config(site, output_dir=str(tmp_path / "local"))
    assert build(local, jobs=1, incremental=False).ok

    def nowhere(*args: object) -> None:
        raise AssertionError("a shard was indexed on the client")

    # The client's own Pagefind is out of reach: every shard must be indexed by a worker.
    monkeypatch.setattr(search, "PagefindProcess", nowhere)
    remote = load_config(site, output_dir=str(tmp_path / "remote"), scheduler=scheduler)
    assert build(remote, jobs=1, incremental=False).ok
    assert tree(tmp_path / "remote") == tree(tmp_path / "local")
    # Pagefind's own hashes differ from run to run: the same shards, filters and pages.
    index, expected = _index(tmp_path / "remote"), _index(tmp_path / "local")
    assert len(index["index.json"]["indexes"]) == 4
    assert index == expected


def _index(out: Path) -> dict[str, Any]:
    """The search index's manifest and filters, and the URLs each shard holds."""
    folder = out / "pagefind"
    found: dict[str, Any] = {
        name: json.loads((folder / name).read_bytes()) for name in ("index.json", "filters.json")
    }
    for shard in found["index.json"]["indexes"]:
        found[shard] = sorted(search._page_ids(folder / shard))
    return found


def test_a_template_error_on_a_worker_is_the_local_error(tmp_path: Path, scheduler: str) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    # Compiles, fails only when a story page renders: on a worker.
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "story.html").write_text("{{ no_such_thing.title }}\n")
    errors = []
    for where in ("", scheduler):
        config = load_config(site, output_dir=str(tmp_path / "out"), search=False, scheduler=where)
        with pytest.raises(BuildError) as failed:
            build(config, jobs=1, incremental=False)
        errors.append(str(failed.value))
    assert errors[0] == errors[1] and "\n" not in errors[0] and "story.html" in errors[0]
    assert not (tmp_path / "out").exists()


def test_a_worker_killed_mid_build_changes_nothing(tmp_path: Path, scheduler: str) -> None:
    site = _generated(tmp_path / "site")
    _build(site, tmp_path / "local")
    client = distributed.Client(scheduler, set_as_default=False)
    try:
        pids = list(client.run(os.getpid).values())
        started = client.run(lambda: None)  # both workers answer before the build starts
        assert len(pids) == 2 and len(started) == 2

        killed: list[int] = []

        def kill_when_busy() -> None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if any(client.processing().values()):  # tasks under way on a worker
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
                    return
                time.sleep(0.005)

        killer = threading.Thread(target=kill_when_busy)
        killer.start()
        _build(site, tmp_path / "remote", scheduler)
        killer.join()
        assert killed, "no task ran while the build was watched"
        assert tree(tmp_path / "remote") == tree(tmp_path / "local")
        client.wait_for_workers(2, timeout=60)  # the nanny restarts it for the next tests
        assert pids[0] not in client.run(os.getpid).values()
    finally:
        client.close()


def _morgue(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MORGUE_")}
    return subprocess.run(
        [str(MORGUE), *args],
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("variable", ["MORGUE_BUILD_SCHEDULER", "MORGUE_SCHEDULER"])
def test_the_command_takes_the_scheduler_from_its_environment_variables(
    tmp_path: Path, scheduler: str, variable: str
) -> None:
    # Where the build asked is told by an address of no known kind.
    out = tmp_path / "nowhere"
    done = _morgue(
        "build", "--site", str(SITES / "basic"), "--out", str(out), **{variable: "x://y"}
    )
    assert done.returncode == 1 and "error: scheduler x://y: unknown address scheme" in done.stderr
    assert not out.exists()
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    (site / "site.toml").write_text((site / "site.toml").read_text() + "search = false\n")
    done = _morgue(
        "build",
        "--site",
        str(site),
        "--out",
        str(tmp_path / "remote"),
        **{variable: scheduler},
    )
    assert done.returncode == 0, done.stderr
    _build(site, tmp_path / "local")
    assert tree(tmp_path / "remote") == tree(tmp_path / "local")


def test_without_distributed_the_option_says_how_to_install_it(tmp_path: Path) -> None:
    hide = "import sys; sys.modules['distributed'] = None; from generator.cli import main; main()"
    out = tmp_path / "out"
    args = ["build", "--site", str(SITES / "basic"), "--out", str(out), "--scheduler", "tcp://h:1"]
    done = subprocess.run(
        [sys.executable, "-c", hide, *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: --scheduler needs Dask's distributed: pip install 'morgue[dask]'"
    ]
    assert not out.exists()


def test_a_scheduler_address_of_no_known_kind_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _morgue(
        "build", "--site", str(SITES / "basic"), "--out", str(out), "--scheduler", "nonsense://x"
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-2:] == [
        "error: scheduler nonsense://x: unknown address scheme 'nonsense' "
        "(known schemes: ['inproc', 'tcp', 'tls', 'ucx', 'ws', 'wss'])",
        "build failed: the previous site was left as it was",
    ]
    assert not out.exists()
