"""The output folder: atomic swaps, recovery, and pagination that stays stable as stories arrive."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import urls
from generator.build import outdir, output, swap
from generator.build.pipeline import build
from generator.cli import main
from generator.config import load_config
from generator.content import read_story
from generator.pages import render, theme
from tests.golden import SITES, build_site, tree
from tests.sitegen import make_site

BASIC = SITES / "basic"


def siblings(out: Path) -> list[str]:
    """What the build left beside the output folder, its cache apart."""
    return sorted(p.name for p in out.parent.iterdir() if p.name not in (out.name, ".public.cache"))


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
@pytest.mark.parametrize("jobs", [1, 2])
def test_failed_build_leaves_previous_site_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[BaseException], jobs: int
) -> None:
    out = tmp_path / "public"
    assert build_site(BASIC, out).ok
    before = tree(out)
    calls = 0
    real = render.render_page

    def failing(ctx: render.RenderContext, page: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 40:  # half-way through the pages
            raise error("disk on fire")
        return real(ctx, page)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.build.rendering.render_page", failing)
    config = load_config(BASIC, output_dir=str(out))
    with pytest.raises(error):
        # With jobs=2 each forked worker counts its own calls: the patch is inherited.
        build(config, jobs=jobs, incremental=False)
    assert tree(out) == before
    assert siblings(out) == [".public.lock"]  # no temporary folder left


def test_failed_incremental_build_leaves_the_live_site_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An incremental build stages hard links to the live site's files: a failure half-way
    # through rewriting them must not have written into a single one of them.
    site, out = tmp_path / "site", tmp_path / "built" / "public"
    shutil.copytree(BASIC, site)
    assert build_site(site, out).ok
    before = tree(out)
    story = next((site / "content" / "stories").rglob("*.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: EDITED ", 1))
    calls = 0
    real = render.render_page

    def failing(ctx: render.RenderContext, page: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise RuntimeError("disk on fire")
        return real(ctx, page)  # type: ignore[arg-type]

    monkeypatch.setattr("generator.build.rendering.render_page", failing)
    with pytest.raises(RuntimeError):
        build(load_config(site, output_dir=str(out)), jobs=1)
    assert tree(out) == before
    assert siblings(out) == [".public.lock"]
    monkeypatch.setattr("generator.build.rendering.render_page", real)
    report = build(load_config(site, output_dir=str(out)), jobs=1)
    assert report.incremental and 0 < report.rendered < report.pages
    assert "EDITED " in (out / urls_of(story)).read_text(encoding="utf-8")


def urls_of(story: Path) -> str:
    """Output file of a story file (its URL follows its date and file name)."""
    parsed = read_story(story, story.parents[4])
    return urls.output_path(urls.story_url(parsed.date, parsed.slug))


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(BASIC, out).ok
    before = tree(out)
    # A swap cut off between its two renames: the old site renamed away, the new one not in yet.
    out.rename(tmp_path / ".public.old-dead0001")
    half = tmp_path / ".public.tmp-dead0002"
    half.mkdir()
    outdir.mark(half)  # the first thing a build writes into its staging folder
    (half / "half.html").write_text("half", encoding="utf-8")
    (tmp_path / ".public.tmp-notes").mkdir()  # named like one, but someone else's
    (tmp_path / ".public.tmp-notes" / "notes.txt").write_text("mine", encoding="utf-8")
    output.recover_interrupted_swap(out)
    assert tree(out) == before
    assert siblings(out) == [".public.lock", ".public.tmp-notes"]


def test_second_build_replaces_the_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert build_site(BASIC, out).ok
    (out / "stale.html").write_text("from an older build", encoding="utf-8")
    # A full build writes a whole new site; an incremental one only touches files it wrote.
    assert build(load_config(BASIC, output_dir=str(out)), jobs=1, incremental=False).ok
    assert not (out / "stale.html").exists()
    assert siblings(out) == [".public.lock"]
    assert oct(out.stat().st_mode & 0o777) != oct(0o700)  # readable by a web server


def test_output_busy(tmp_path: Path) -> None:
    out = tmp_path / "public"
    with output.staged_output(out), pytest.raises(output.OutputBusy), output.staged_output(out):
        pass


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    assert build_site(BASIC, tmp_path / "a").ok and build_site(BASIC, tmp_path / "b").ok
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


NEW_STORY = """---
id: ffff000000000001
title: Putin and Trump to meet in Riyadh, Kremlin says
date: 2025-03-21
dateline: Moscow
agency: IANS
summary: The Kremlin said on Friday that the two presidents would meet in Riyadh.
people: [vladimir-putin, donald-trump]
topics: [diplomacy]
places: [moscow, saudi-arabia]
---

The Kremlin said on Friday that Presidents Vladimir Putin and Donald Trump would meet in Riyadh.
"""


def test_adding_a_story_changes_only_the_newest_page_and_landing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(BASIC, site)
    before_out, after_out = tmp_path / "before", tmp_path / "after"
    assert build_site(site, before_out).ok
    story = site / "content/stories/2025/03/21/putin-trump-riyadh.md"
    story.parent.mkdir(parents=True)
    story.write_text(NEW_STORY, encoding="utf-8")
    assert build_site(site, after_out).ok
    before, after = tree(before_out), tree(after_out)
    for kind, slug in [
        ("people", "vladimir-putin"),
        ("people", "donald-trump"),
        ("topics", "diplomacy"),
    ]:
        prefix = f"{kind}/{slug}/page/"
        old = sorted(p for p in before if p.startswith(prefix))
        new = sorted(p for p in after if p.startswith(prefix))
        # Earlier pages keep their stories; a new page changes only their "page 2 of 3".
        of_new = re.compile(rb"(page \d+) of %d\b" % len(new))
        same = {p: of_new.sub(rb"\1 of %d" % len(old), after[p]) for p in new}
        changed = [p for p in new if before.get(p) != same[p]]
        # per_page is 3: the newest page changes (or a new one appears), earlier pages never.
        newest_old = old[-1]
        assert set(changed) <= {newest_old, *(set(new) - set(old))}, (kind, slug, changed)
        if len(new) > len(old):
            # A new page: the previously newest page only gains its "newer" link.
            assert before[newest_old] != same[newest_old]
        assert before[f"{kind}/{slug}/index.html"] != after[f"{kind}/{slug}/index.html"]
        for path in old[:-1]:
            assert before[path] == same[path], path


def cut_off_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, search: bool = True
) -> tuple[Path, Path, Path]:
    """A built copy of the basic site whose next, incremental build (a story's title edited) is
    interrupted once its journal is written and before any file moved: (site, output, story)."""
    site, out = tmp_path / "site", tmp_path / "built" / "public"
    shutil.copytree(BASIC, site)
    if not search:
        with (site / "site.toml").open("a", encoding="utf-8") as settings:
            settings.write("search = false\n")
    assert build_site(site, out).ok
    story = next((site / "content" / "stories").rglob("*.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: LATER ", 1))
    real = output.finish_commit
    calls = 0

    def cut_off(output_dir: Path) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the commit itself: the journal is written, no file moved yet
            raise KeyboardInterrupt
        real(output_dir)

    monkeypatch.setattr("generator.build.output.finish_commit", cut_off)
    with pytest.raises(KeyboardInterrupt):
        build(load_config(site, output_dir=str(out)), jobs=1)
    assert (out.parent / ".public.journal").exists()
    monkeypatch.setattr("generator.build.output.finish_commit", real)
    return site, out, story


def test_a_commit_cut_off_half_way_is_finished_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out, story = cut_off_commit(tmp_path, monkeypatch)
    report = build(load_config(site, output_dir=str(out)), jobs=1)
    assert report.ok and not (out.parent / ".public.journal").exists()
    assert "LATER " in (out / urls_of(story)).read_text(encoding="utf-8")
    full = tmp_path / "full" / "public"
    build(load_config(site, output_dir=str(full)), jobs=1, incremental=False)
    assert tree(out) == tree(full)


# --- readers during builds ------------------------------------------------------------------------

MORGUE = Path(sys.executable).with_name("morgue")


def can_exchange(folder: Path) -> bool:
    """Whether this system swaps two folders in one step (Linux with glibc 2.28 or later)."""
    first, second = folder / "exchange-a", folder / "exchange-b"
    first.mkdir()
    second.mkdir()
    try:
        return swap.exchange(first, second)
    finally:
        first.rmdir()
        second.rmdir()


class Reader:
    """A thread that reads some pages of the output in a tight loop, as a web server would, and
    notes every time one is missing or empty."""

    def __init__(self, out: Path, paths: list[str]) -> None:
        self.out, self.paths = out, paths
        self.reads = 0
        self.misses: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Reader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.paths:
                try:
                    with open(self.out / path, "rb") as page:
                        if not page.read(64):
                            self.misses.append(f"{path}: empty")
                except FileNotFoundError:
                    self.misses.append(f"{path}: missing")
                self.reads += 1


def morgue_build(site: Path, out: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start a real `morgue build` of `site` into `out`."""
    command = [str(MORGUE), "build", "--site", str(site), "--out", str(out), "--jobs", "1", *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finished(process: subprocess.Popen[bytes]) -> None:
    """Wait for a build and check that it went well."""
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()


def small_site(root: Path) -> tuple[Path, list[str]]:
    """A generated site of 60 stories without a search index; the pages a reader polls."""
    make_site(root, 60, people=30, topics=8)
    with (root / "site.toml").open("a", encoding="utf-8") as settings:
        settings.write("search = false\n")
    story = next((root / "content" / "stories").rglob("story-000000.md"))
    return root, ["index.html", urls_of(story)]


def test_readers_never_find_the_site_missing_during_full_builds(tmp_path: Path) -> None:
    if not can_exchange(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the swap is two renames")
    site, polled = small_site(tmp_path / "site")
    out = tmp_path / "public"
    finished(morgue_build(site, out))
    with Reader(out, polled) as reader:
        for _ in range(8):
            finished(morgue_build(site, out, "--full"))
    assert reader.misses == []
    assert reader.reads > 1000  # the reader really ran during the builds


@pytest.mark.slow
def test_builds_killed_at_random_moments_never_leave_a_broken_site(tmp_path: Path) -> None:
    if not can_exchange(tmp_path):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the swap is two renames")
    site, polled = small_site(tmp_path / "site")
    out, clean = tmp_path / "built" / "public", tmp_path / "clean" / "public"
    finished(morgue_build(site, out))
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    template = (theme.THEME_DIR / "templates" / "base.html").read_text(encoding="utf-8")
    (site / "templates").mkdir()
    rng = random.Random(9)
    with Reader(out, polled) as reader:
        for round_ in range(10):
            # An edit for the build to do: a story's words, a story removed, or every page.
            if round_ % 3 == 0:
                story = stories[1 + round_]
                text = story.read_text(encoding="utf-8")
                story.write_text(text.replace("title: ", f"title: R{round_} ", 1), encoding="utf-8")
            elif round_ % 3 == 1:
                stories.pop(-1).unlink()
            else:
                override = template.replace("</body>", f"<!-- round {round_} --></body>")
                (site / "templates" / "base.html").write_text(override, encoding="utf-8")
            # Full builds swap the whole site; incremental ones move files in by a journal.
            build = morgue_build(site, out, *(["--full"] if round_ % 2 else []))
            time.sleep(rng.uniform(0.1, 0.7))
            build.kill()  # SIGKILL, wherever it is; a build that had finished is left as it was
            build.wait()
            # Whatever the kill left, the next build finishes it into the site a clean build makes.
            finished(morgue_build(site, out, *(["--full"] if round_ % 4 == 1 else [])))
            finished(morgue_build(site, clean, "--full"))
            assert tree(out) == tree(clean), round_
            assert siblings(out) == [".public.lock"], round_
    assert reader.misses == []
    assert reader.reads > 1000


def test_any_build_first_finishes_a_commit_a_kill_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Readers see a mix of old and new pages only until the next command starts: even a build
    # that then fails (a broken template) completes the cut-off commit before anything else.
    site, out, story = cut_off_commit(tmp_path, monkeypatch, search=False)
    assert "LATER " not in (out / urls_of(story)).read_text(encoding="utf-8")
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "story.html").write_text("{% if %}", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out)])
    assert result.exit_code == 1 and "story.html" in result.output
    assert not (out.parent / ".public.journal").exists()
    assert "LATER " in (out / urls_of(story)).read_text(encoding="utf-8")
