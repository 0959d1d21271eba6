"""Incremental builds: after any sequence of edits, adds and deletes, the site an incremental
build leaves is byte for byte the site a full build makes of the same content."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from generator.build import journal, site_file, state
from generator.build.pipeline import build
from generator.build.report import BuildReport
from generator.config import SiteConfig, load_config
from tests.golden import SITES, tree
from tests.sitegen import make_site

STORIES = 30


def story_text(number: int, day: dt.date, title: str, people: list[str], topics: list[str]) -> str:
    return (
        f"---\nid: {number:016x}\ntitle: {title}\ndate: {day.isoformat()}\ndateline: Lagos\n"
        f"agency: AFP\nsummary: A summary of story {number}.\npeople: [{', '.join(people)}]\n"
        f"topics: [{', '.join(topics)}]\nplaces: [lagos]\n---\n\nThe body of story {number}.\n"
    )


class IncrementalMatchesFull(RuleBasedStateMachine):
    """Random edits to a small site; after each, incremental and full builds must agree."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(self._tmp()) / "case"
        self.counter = 10_000

    @staticmethod
    def _tmp() -> str:
        import tempfile

        return tempfile.mkdtemp(prefix="morgue-incremental-")

    @initialize()
    def make(self) -> None:
        make_site(self.root / "site", STORIES, people=12, topics=8, per_page=3, years=1)
        with (self.root / "site" / "site.toml").open("a", encoding="utf-8") as handle:
            handle.write("search = false\nsitemap_limit = 40\n")
        # Organisations ingest added and no editor confirmed: see `tag_organisation`.
        (self.root / "site" / "content" / "organisations.yaml").write_text(
            "new-agency:\n  name: New Agency\n  reviewed: false\n"
            "new-ministry:\n  name: New Ministry\n  reviewed: false\n",
            encoding="utf-8",
        )
        self.site = self.root / "site"
        self.out = self.root / "incremental" / "public"
        assert self._build(self.out, incremental=True).ok
        # The preview server's way: state kept in memory, told which files changed.
        self.preview_out = self.root / "preview" / "public"
        self.previous = build(
            load_config(self.site, output_dir=str(self.preview_out)), jobs=1
        ).previous
        self.touched: set[Path] = set()

    def teardown(self) -> None:
        shutil.rmtree(self.root.parent, ignore_errors=True)

    # --- what editors do -------------------------------------------------------------------

    def _stories(self) -> list[Path]:
        return sorted((self.site / "content" / "stories").rglob("*.md"))

    @rule(
        pick=st.integers(min_value=0), words=st.sampled_from(["Update", "Correction", "Exclusive"])
    )
    def edit_title(self, pick: int, words: str) -> None:
        stories = self._stories()
        if stories:
            path = stories[pick % len(stories)]
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("title: ", f"title: {words} -", 1), encoding="utf-8")
            self.touched.add(path)

    @rule(pick=st.integers(min_value=0))
    def edit_body(self, pick: int) -> None:
        stories = self._stories()
        if stories:
            path = stories[pick % len(stories)]
            with path.open("a", encoding="utf-8") as handle:
                handle.write("\nA paragraph an editor added.\n")
            self.touched.add(path)

    @rule(pick=st.integers(min_value=0), person=st.sampled_from(["anna-sharma", "new-person"]))
    def retag(self, pick: int, person: str) -> None:
        stories = self._stories()
        if stories:
            path = stories[pick % len(stories)]
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("people: [", f"people: [{person}, ", 1), encoding="utf-8")
            self.touched.add(path)

    @rule(pick=st.integers(min_value=0), slug=st.sampled_from(["new-agency", "new-ministry"]))
    def tag_organisation(self, pick: int, slug: str) -> None:
        # Unconfirmed organisations: a page only from the second story naming one (and none
        # again once fewer do).
        stories = self._stories()
        if stories:
            path = stories[pick % len(stories)]
            text = path.read_text(encoding="utf-8")
            if "organisations: [" in text:
                text = text.replace("organisations: [", f"organisations: [{slug}, ", 1)
            else:
                text = text.replace("topics: [", f"organisations: [{slug}]\ntopics: [", 1)
            path.write_text(text, encoding="utf-8")
            self.touched.add(path)

    @rule(pick=st.integers(min_value=0), days=st.integers(min_value=-40, max_value=40))
    def move_date(self, pick: int, days: int) -> None:
        stories = self._stories()
        if stories:
            path = stories[pick % len(stories)]
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            for i, line in enumerate(lines):
                if line.startswith("date: "):
                    day = dt.date.fromisoformat(line[6:].strip()) + dt.timedelta(days=days)
                    lines[i] = f"date: {day.isoformat()}\n"
                    break
            path.write_text("".join(lines), encoding="utf-8")
            self.touched.add(path)

    @rule(
        day=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2025, 3, 1)),
        topic=st.sampled_from(["politics", "economy", "sport"]),
    )
    def add_story(self, day: dt.date, topic: str) -> None:
        self.counter += 1
        folder = self.site / "content" / "stories" / f"{day:%Y/%m/%d}"
        if not folder.exists():  # a watcher sees the new folder too
            self.touched.add(folder)
        folder.mkdir(parents=True, exist_ok=True)
        text = story_text(self.counter, day, f"New story {self.counter}", ["anna-sharma"], [topic])
        (folder / f"new-{self.counter}.md").write_text(text, encoding="utf-8")
        self.touched.add(folder / f"new-{self.counter}.md")

    @rule(pick=st.integers(min_value=0))
    def delete_story(self, pick: int) -> None:
        stories = self._stories()
        if len(stories) > 1:
            stories[pick % len(stories)].unlink()
            self.touched.add(stories[pick % len(stories)])

    @rule(name=st.sampled_from(["Anna Sharma-Okafor", "A. Sharma"]))
    def rename_person(self, name: str) -> None:
        people = self.site / "content" / "people.yaml"
        text = people.read_text(encoding="utf-8")
        start = text.index("  name: ") + len("  name: ")  # the first person's name
        end = text.index("\n", start)
        people.write_text(text[:start] + name + text[end:], encoding="utf-8")

    @rule(kind=st.sampled_from(["story.html", "day.html", "macros.html"]))
    def override_template(self, kind: str) -> None:
        theme = Path(__file__).parents[1] / "generator" / "theme" / "templates" / kind
        target = self.site / "templates" / kind
        target.parent.mkdir(exist_ok=True)
        text = target.read_text(encoding="utf-8") if target.exists() else theme.read_text("utf-8")
        target.write_text(text + "\n{# edited #}\n", encoding="utf-8")

    @rule()
    def add_static(self) -> None:
        static = self.site / "static"
        static.mkdir(exist_ok=True)
        self.counter += 1
        (static / f"note-{self.counter % 3}.txt").write_text(f"{self.counter}\n", encoding="utf-8")

    # --- the property ----------------------------------------------------------------------

    def _build(self, out: Path, *, incremental: bool) -> BuildReport:
        config = load_config(self.site, output_dir=str(out))
        return build(config, jobs=1, incremental=incremental)

    @invariant()
    def incremental_equals_full(self) -> None:
        if not hasattr(self, "out"):
            return
        self._build(self.out, incremental=True)
        full = self.root / "full" / "public"
        shutil.rmtree(full.parent, ignore_errors=True)
        self._build(full, incremental=False)
        assert tree(self.out) == tree(full)
        config = load_config(self.site, output_dir=str(self.preview_out))
        report = build(config, jobs=1, previous=self.previous, hint=self.touched)
        self.previous, self.touched = report.previous, set()
        assert tree(self.preview_out) == tree(full)


IncrementalMatchesFull.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_incremental_builds_match_full_builds = pytest.mark.slow(IncrementalMatchesFull.TestCase)


def test_a_one_story_edit_renders_only_what_shows_it(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", 200, people=40, topics=10, per_page=5, years=2)
    for path in site.rglob("*"):  # files saved long ago, as an archive's are
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    out = tmp_path / "public"
    config = load_config(site, output_dir=str(out))
    first = build(config, jobs=1)
    assert not first.incremental
    again = build(config, jobs=1)
    assert again.incremental and again.rendered == 0
    story = sorted((site / "content" / "stories").rglob("*.md"))[100]
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: Fresh ", 1))
    edited = build(config, jobs=1)
    assert edited.incremental
    assert 0 < edited.rendered < first.pages / 10, edited.rendered
    assert any("Fresh" in p.read_text(encoding="utf-8") for p in out.rglob("index.html"))


def test_an_edit_to_a_story_text_alone_renders_that_story_page_alone(tmp_path: Path) -> None:
    # The preview's most common save: a paragraph added to a story. Lists, neighbours and
    # feeds show its headline and summary, not its text.
    site = make_site(tmp_path / "site", 120, people=20, topics=6, per_page=5, years=1)
    out = tmp_path / "public"
    config = load_config(site, output_dir=str(out))
    build(config, jobs=1)
    story = sorted((site / "content" / "stories").rglob("*.md"))[-1]  # in the site feed
    with story.open("a", encoding="utf-8") as handle:
        handle.write("\nHarbour cranes stood idle all week.\n")
    edited = build(config, jobs=1)
    assert edited.rendered == 1, edited.changed
    (page,) = edited.changed
    assert "Harbour cranes stood idle" in (out / page.strip("/") / "index.html").read_text("utf-8")
    # Feeds with full content show the text too: they follow the edit.
    with (site / "site.toml").open("a", encoding="utf-8") as handle:
        handle.write('feed_content = "full"\n')
    build(config := load_config(site, output_dir=str(out)), jobs=1)
    with story.open("a", encoding="utf-8") as handle:
        handle.write("\nThe port reopened on Monday.\n")
    edited = build(config, jobs=1)
    assert edited.rendered > 1
    assert "The port reopened on Monday." in (out / "feed.xml").read_text(encoding="utf-8")


def test_a_fresh_checkout_of_the_same_content_renders_nothing(tmp_path: Path) -> None:
    # CI restores the cache into a new checkout: every file has a new time, none new bytes.
    site = make_site(tmp_path / "site", 60, people=20, topics=6, per_page=5)
    config = load_config(site, output_dir=str(tmp_path / "public"))
    build(config, jobs=1)
    for path in site.rglob("*.md"):
        os.utime(path, (time.time() + 60, time.time() + 60))
    again = build(config, jobs=1)
    assert again.incremental and again.rendered == 0


def test_nothing_changed_says_what_the_last_build_said_without_reading_the_stories(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path / "site", 30, people=10, topics=6, per_page=5, years=1)
    story = sorted((site / "content" / "stories").rglob("*.md"))[3]
    text = story.read_text(encoding="utf-8").replace("topics: [", "topics: [no-such-topic, ", 1)
    story.write_text(text, encoding="utf-8")
    long_ago = time.time() - 3600
    for path in site.rglob("*"):  # saved long ago: nothing is within a clock tick of a build
        os.utime(path, (long_ago, long_ago))
    config = load_config(site, output_dir=str(tmp_path / "public"))
    first = build(config, jobs=1)
    assert [w.message for w in first.warnings] and first.ok
    time.sleep(0.2)  # files changed within a clock tick of a build are read again, once
    assert build(config, jobs=1).rendered == 0
    # A build that finds nothing changed reads only the inputs' signatures, never the saved
    # stories: with those unreadable it would have to build everything again.
    saved = config.cache_dir / "build-state.pickle"
    kept = saved.read_bytes()
    saved.write_bytes(b"not a state")
    again = build(config, jobs=1)
    strict = build(config, jobs=1, strict=True)
    saved.write_bytes(kept)
    assert again.rendered == 0 and (again.stories, again.pages) == (first.stories, first.pages)
    assert again.warnings == first.warnings and again.ok
    assert strict.errors == first.warnings and not strict.ok  # --strict still fails on them
    os.utime(story, (long_ago + 60, long_ago + 60))  # a new time, the same bytes
    assert build(config, jobs=1).rendered == 0


def built_long_ago(tmp_path: Path) -> tuple[Path, Path, SiteConfig]:
    """A small site whose files were all last changed an hour ago, built: (site, output, config)."""
    site = make_site(tmp_path / "site", 30, people=10, topics=6, per_page=5, years=1)
    long_ago = time.time() - 3600
    for path in site.rglob("*"):
        os.utime(path, (long_ago, long_ago))
    out = tmp_path / "public"
    config = load_config(site, output_dir=str(out))
    assert build(config, jobs=1).ok
    return site, out, config


RENDERING_MODULES = ("jinja2", "markdown_it", "generator.build.pipeline")


def loaded_by_build(site: Path) -> list[str]:
    """Which of `RENDERING_MODULES` a `morgue build -q` of `site` imports (Python's own import
    log: the command ends the process itself, so nothing can be asked of it afterwards)."""
    command = [sys.executable, "-X", "importtime", "-m", "generator", "build", "-q"]
    run = subprocess.run(
        [*command, "--site", str(site)], capture_output=True, text=True, check=True
    )
    imported = {line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines()}
    return [module for module in RENDERING_MODULES if module in imported]


def test_morgue_build_that_finds_nothing_changed_loads_no_rendering_code(tmp_path: Path) -> None:
    # Loading Jinja, Markdown and the pipeline is most of what such a build would cost.
    site = make_site(tmp_path / "site", 20, people=6, topics=4, per_page=5, years=1)
    long_ago = time.time() - 3600
    for path in site.rglob("*"):
        os.utime(path, (long_ago, long_ago))
    # Setting a time is a change of status now: a build within a clock tick of it reads those
    # files again next time (CI's quick start once put the first build inside that tick).
    time.sleep(2 * state.RACY_NS / 1e9)
    assert loaded_by_build(site) == list(RENDERING_MODULES)  # the first build renders all
    assert loaded_by_build(site) == []
    story = sorted((site / "content" / "stories").rglob("*.md"))[5]
    with story.open("a", encoding="utf-8") as handle:
        handle.write("\nA late paragraph.\n")
    assert loaded_by_build(site) == list(RENDERING_MODULES)


def test_a_same_size_edit_with_its_old_time_restored_is_rebuilt(tmp_path: Path) -> None:
    # `cp -p`, `touch -r`, an unpacked archive: new bytes, the same size, the old modification time.
    site, out, config = built_long_ago(tmp_path)
    story = sorted((site / "content" / "stories").rglob("*.md"))[10]
    before = story.stat()
    text = story.read_text(encoding="utf-8")
    title = text.split("title: ", 1)[1].split("\n", 1)[0]
    edited = text.replace(f"title: {title}", f"title: {'X' * len(title)}", 1)
    story.write_text(edited, encoding="utf-8")
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (story.stat().st_size, story.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = build(config, jobs=1)
    assert again.incremental and again.rendered > 0
    page = out / story.relative_to(site / "content" / "stories").with_suffix("") / "index.html"
    assert f">{'X' * len(title)}</h1>" in page.read_text(encoding="utf-8")
    full = tmp_path / "full" / "public"
    build(load_config(site, output_dir=str(full)), jobs=1, incremental=False)
    assert tree(out) == tree(full)


def test_a_same_size_vocabulary_edit_with_its_old_time_restored_is_rebuilt(tmp_path: Path) -> None:
    site, out, config = built_long_ago(tmp_path)
    people = site / "content" / "people.yaml"
    before = people.stat()
    text = people.read_text(encoding="utf-8")
    name = text.split("  name: ", 1)[1].split("\n", 1)[0]  # the first person's
    people.write_text(text.replace(f"  name: {name}\n", f"  name: {'Q' * len(name)}\n", 1))
    os.utime(people, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = build(config, jobs=1)
    assert again.incremental and again.rendered > 0
    assert any(f">{'Q' * len(name)}</h1>" in p.read_text("utf-8") for p in out.rglob("*.html"))
    full = tmp_path / "full" / "public"
    build(load_config(site, output_dir=str(full)), jobs=1, incremental=False)
    assert tree(out) == tree(full)


# --- the publishing policy: a person or organisation no editor confirmed gains and loses its page


def basic_copy(tmp_path: Path) -> tuple[Path, SiteConfig]:
    """The fixture site without search, built once: (site, config)."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    with (site / "site.toml").open("a", encoding="utf-8") as handle:
        handle.write("search = false\n")
    config = load_config(site, output_dir=str(tmp_path / "public"))
    assert build(config, jobs=1).ok
    return site, config


SECOND_DAS_STORY = """---
id: 1a2b3c4d5e6f7099
title: RBI governor warns on food prices
date: 2024-06-06
dateline: Mumbai
agency: IANS
summary: The Reserve Bank of India governor said food prices would decide the next move.
people: [shaktikanta-das]
organisations: [reserve-bank-of-india]
topics: [monetary-policy]
places: [mumbai]
---

RBI Governor Shaktikanta Das said food prices would decide the central bank's next move.
"""
RBI_STORY = "2024/03/12/rbi-keeps-repo-rate-unchanged/index.html"
"""The first story naming Shaktikanta Das and the Reserve Bank of India (both unconfirmed)."""


def full_build_of(site: Path, tmp_path: Path) -> dict[str, bytes]:
    full = tmp_path / "full" / "public"
    shutil.rmtree(full.parent, ignore_errors=True)
    assert build(load_config(site, output_dir=str(full)), jobs=1, incremental=False).ok
    return tree(full)


def test_a_second_story_publishes_and_its_removal_unpublishes(tmp_path: Path) -> None:
    site, config = basic_copy(tmp_path)
    out = config.output_dir
    first = (out / RBI_STORY).read_text(encoding="utf-8")
    assert (
        'href="/people/shaktikanta-das/"' not in first
        and not (out / "people/shaktikanta-das").exists()
    )
    # A preview keeps its last build in memory and is told which files changed.
    preview = load_config(site, output_dir=str(tmp_path / "preview" / "public"))
    previous = build(preview, jobs=1).previous
    second = site / "content/stories/2024/06/06/rbi-governor-warns-on-food-prices.md"
    second.parent.mkdir(parents=True)
    second.write_text(SECOND_DAS_STORY, encoding="utf-8")

    report = build(config, jobs=1)
    assert report.incremental and report.ok
    for kind, slug in (("people", "shaktikanta-das"), ("organisations", "reserve-bank-of-india")):
        assert (out / kind / slug / "index.html").is_file(), slug
        assert (out / kind / slug / "feed.xml").is_file(), slug
        assert f'href="/{kind}/{slug}/"' in (out / RBI_STORY).read_text(encoding="utf-8"), slug
        assert f"/{kind}/{slug}/" in (out / "sitemap.xml").read_text(encoding="utf-8"), slug
    index = (out / "people/index.html").read_text(encoding="utf-8")
    assert 'Das, Shaktikanta</a> <span class="count">(2)</span>' in index
    full = full_build_of(site, tmp_path)
    assert tree(out) == full
    hint = {second.parent.parent, second.parent, second}
    previous = build(preview, jobs=1, previous=previous, hint=hint).previous
    assert tree(preview.output_dir) == full

    second.unlink()
    report = build(config, jobs=1)
    assert report.incremental and report.ok
    for kind, slug in (("people", "shaktikanta-das"), ("organisations", "reserve-bank-of-india")):
        assert not (out / kind / slug).exists(), slug
        assert f'href="/{kind}/{slug}/"' not in (out / RBI_STORY).read_text(encoding="utf-8")
        assert f"/{kind}/{slug}/" not in (out / "sitemap.xml").read_text(encoding="utf-8"), slug
    assert (out / RBI_STORY).read_text(encoding="utf-8") == first
    full = full_build_of(site, tmp_path)
    assert tree(out) == full
    build(preview, jobs=1, previous=previous, hint={second, second.parent})
    assert tree(preview.output_dir) == full


def test_confirming_an_entry_publishes_it_where_it_is_named(tmp_path: Path) -> None:
    site, config = basic_copy(tmp_path)
    people = site / "content" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("  reviewed: false\n", ""), encoding="utf-8")
    report = build(config, jobs=1)
    assert report.incremental and report.ok
    page = (config.output_dir / RBI_STORY).read_text(encoding="utf-8")
    assert 'href="/people/shaktikanta-das/"' in page
    assert 'href="/organisations/reserve-bank-of-india/"' not in page  # still unconfirmed
    assert tree(config.output_dir) == full_build_of(site, tmp_path)


def test_an_edit_saves_what_changed_and_a_lost_stories_file_means_a_full_build(
    tmp_path: Path,
) -> None:
    # The saved stories are a base and a journal: an edit must not write the archive again, and
    # a base that is gone or from another compaction must never be read as this state's.
    site, out, config = built_long_ago(tmp_path)
    base = config.cache_dir / state.STORIES_FILE
    written = base.read_bytes()
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    for number, story in enumerate(stories[:3]):
        text = story.read_text(encoding="utf-8")
        story.write_text(text.replace("title: ", f"title: Edit{number} ", 1), encoding="utf-8")
        assert build(config, jobs=1).incremental
    assert base.read_bytes() == written  # three edits: the journal holds them
    assert tree(out) == full_build_of(site, tmp_path)
    stories[3].unlink()
    removed = build(config, jobs=1)
    assert removed.incremental and base.read_bytes() == written
    assert tree(out) == full_build_of(site, tmp_path)

    other = tmp_path / "other"
    shutil.copytree(site, other)
    other_config = load_config(other, output_dir=str(tmp_path / "other-public"))
    assert build(other_config, jobs=1).ok
    base.write_bytes((other_config.cache_dir / state.STORIES_FILE).read_bytes())
    text = stories[4].read_text(encoding="utf-8")
    stories[4].write_text(text.replace("title: ", "title: Later ", 1), encoding="utf-8")
    foreign = build(config, jobs=1)  # another compaction's stories: not this state's
    assert not foreign.incremental
    assert tree(out) == full_build_of(site, tmp_path)
    base.unlink()
    assert not build(config, jobs=1).incremental
    assert build(config, jobs=1).rendered == 0


def test_the_signatures_file_is_read_only_with_the_state_saved_beside_it(tmp_path: Path) -> None:
    # The story files' signatures are saved once, in the small inputs file written after the
    # state. One from another build, or none (a save cut short), means a full build, never an
    # incremental one on signatures that are not the state's.
    site, out, config = built_long_ago(tmp_path)
    inputs = config.cache_dir / state.INPUTS_FILE
    older = inputs.read_bytes()
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    text = stories[0].read_text(encoding="utf-8")
    stories[0].write_text(text.replace("title: ", "title: First ", 1), encoding="utf-8")
    assert build(config, jobs=1).incremental
    inputs.write_bytes(older)
    text = stories[1].read_text(encoding="utf-8")
    stories[1].write_text(text.replace("title: ", "title: Second ", 1), encoding="utf-8")
    assert not build(config, jobs=1).incremental
    assert tree(out) == full_build_of(site, tmp_path)
    inputs.unlink()
    assert not build(config, jobs=1).incremental
    again = build(config, jobs=1)
    assert again.incremental and again.rendered == 0
    assert tree(out) == full_build_of(site, tmp_path)


def test_the_journal_is_folded_into_the_stories_file_past_its_limit(tmp_path: Path) -> None:
    _, _, config = built_long_ago(tmp_path)
    base = config.cache_dir / state.STORIES_FILE
    saved = state.load_state(config)
    assert saved is not None and saved.base is not None
    original = next(iter(saved.stories.values()))
    # An import of many stories at once: more changed rows than the journal holds.
    extra = journal.journal_limit(len(saved.stories)) + 1
    many = {
        f"stories/2030/01/01/copy-{n}.md": replace(original, slug=f"copy-{n}") for n in range(extra)
    }
    grown = replace(saved, stories={**saved.stories, **many})
    written = base.read_bytes()
    state.save_state(config, grown)
    assert base.read_bytes() != written  # compacted: every row in the stories file again
    again = state.load_state(config)
    assert again == grown  # every part of the state, as saved
    # A few changes on top of it go to the journal, and read back the same: a story gone, a
    # file's signature and digest changed, a page added and one removed, related stories.
    written = base.read_bytes()
    path, signature = next(iter(again.files.items()))
    some_id = next(iter(again.related))
    fewer = replace(
        again,
        stories={k: v for k, v in again.stories.items() if "copy-1" not in k},
        files={**again.files, path: (signature[0] + 1, *signature[1:])},
        digests={**again.digests, path: "0" * 64},
        related={**again.related, some_id: ()},
        pages=(again.pages - {next(iter(again.pages))}) | {"new/index.html"},
    )
    state.save_state(config, fewer)
    assert base.read_bytes() == written
    assert state.load_state(config) == fewer


def test_a_state_saved_by_a_morgue_of_another_shape_is_not_read(tmp_path: Path) -> None:
    # An upgrade that gives a story another field: rows are read back by position, so a state
    # written before it must mean a full build, never a crash or a story read askew.
    site, out, config = built_long_ago(tmp_path)
    for name in (state.STATE_FILE, state.STORIES_FILE):
        path = config.cache_dir / name
        saved = pickle.loads(path.read_bytes())
        cache_format, version, fields, source_fields = saved["format"]
        saved["format"] = (cache_format, version, (*fields, "mood"), source_fields)
        path.write_bytes(pickle.dumps(saved))
    story = sorted((site / "content" / "stories").rglob("*.md"))[5]
    story.write_text(story.read_text(encoding="utf-8").replace("title: ", "title: New ", 1))
    again = build(config, jobs=1)
    assert again.ok and not again.incremental
    assert tree(out) == full_build_of(site, tmp_path)


def test_an_edit_reuses_the_gathered_site_and_never_one_from_another_gathering(
    tmp_path: Path,
) -> None:
    # A command-line build after an edit that moves nothing reads the site the last build
    # gathered instead of gathering the archive again; a saved site from before a story was
    # added must never stand in for today's, or the new story would vanish from every list.
    site, out, config = built_long_ago(tmp_path)
    saved = config.cache_dir / site_file.SITE_FILE
    first = saved.read_bytes()
    stories = sorted((site / "content" / "stories").rglob("*.md"))
    stories[2].write_text(stories[2].read_text(encoding="utf-8") + "\nA new last line.\n")
    edited = build(config, jobs=1)
    assert edited.incremental and edited.rendered > 0
    assert saved.read_bytes() == first  # reused, not gathered and written again
    assert tree(out) == full_build_of(site, tmp_path)

    text = stories[3].read_text(encoding="utf-8")
    added = stories[3].with_name("a-later-story.md")
    added.write_text(text.replace("id: ", "id: 9", 1), encoding="utf-8")
    assert build(config, jobs=1).incremental
    assert saved.read_bytes() != first  # a story added: gathered afresh
    saved.write_bytes(first)  # the older gathering, without the added story
    stories[4].write_text(stories[4].read_text(encoding="utf-8") + "\nAnother line.\n")
    assert build(config, jobs=1).incremental
    assert tree(out) == full_build_of(site, tmp_path)
    saved.unlink()  # lost: gathered afresh, the same site
    stories[5].write_text(stories[5].read_text(encoding="utf-8") + "\nA third line.\n")
    assert build(config, jobs=1).incremental
    assert tree(out) == full_build_of(site, tmp_path)
    assert saved.is_file()


def test_a_saved_sites_pages_read_back_as_planned(tmp_path: Path) -> None:
    # The saved site keeps its pages as columns (`PageTable`) and makes a page only when asked:
    # every page, its key and its output path must come back as planned, and the pages an edit
    # asks for by URL or template must be those a pass over the planned list finds.
    _, _, config = built_long_ago(tmp_path)
    report = build(config, incremental=False, jobs=1)
    planned = list(report.previous.pages)
    table = pickle.loads(pickle.dumps(site_file.PageTable.of(planned)))
    assert len(table) == len(planned)
    assert [table[i] for i in (0, len(planned) // 2, -1)] == [
        planned[0],
        planned[len(planned) // 2],
        planned[-1],
    ]
    assert list(table) == planned and table[1:4] == planned[1:4]
    assert [page.path for page in table] == [page.path for page in planned]
    urls = {page.url for page in planned[::7]}
    for templates in (set(), {"term_page.html"}):
        expected = [p for p in planned if p.url in urls or p.template in templates]
        fresh = pickle.loads(pickle.dumps(site_file.PageTable.of(planned)))
        assert fresh.having(urls, templates) == expected
        assert site_file.pages_having(planned, urls, templates) == expected


def test_build_json_names_the_content_whichever_way_it_was_built(tmp_path: Path) -> None:
    """`build.json`'s content digest, kept up to date story by story rather than summed over the
    archive, is the full build's after edits, an addition and a removal in a preview, and is the
    first one again once the story's bytes are as they were."""
    site, _ = basic_copy(tmp_path)
    preview = load_config(site, output_dir=str(tmp_path / "preview" / "public"))
    previous = build(preview, jobs=1).previous
    first = (preview.output_dir / "build.json").read_bytes()
    story = next((site / "content" / "stories").rglob("*.md"))
    original = story.read_bytes()
    added = story.with_name("a-second-look.md")
    steps = [
        lambda: story.write_bytes(original + b"\nOne more sentence.\n"),
        lambda: added.write_text(SECOND_DAS_STORY, encoding="utf-8"),
        added.unlink,
        lambda: story.write_bytes(original),
    ]
    seen = set()
    for step in steps:
        step()
        previous = build(preview, jobs=1, previous=previous, hint={story, added}).previous
        now = (preview.output_dir / "build.json").read_bytes()
        assert now == full_build_of(site, tmp_path)["build.json"]
        seen.add(now)
    assert now == first
    assert len(seen) == 3  # edited, edited and added, then edited again: each its own digest
