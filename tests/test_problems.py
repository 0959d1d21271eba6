"""Errors are values from where they are found to where they are shown: a build reports
`Problem`s with site-relative files, the terminal names them under the site folder, and the
preview's overlay gets the file even of a problem that has no line."""

from __future__ import annotations

import io
import shutil
from dataclasses import replace
from pathlib import Path

from generator.build.pipeline import build
from generator.build.printer import BuildPrinter
from generator.config import load_config
from generator.content import read_story
from generator.models import Problem
from generator.preview.loop import Preview, preview_config
from generator.preview.server import LiveState
from tests.golden import SITES
from tests.servekit import STORY, copy_site

BROKEN = "content/stories/2025/01/02/broken.md"
UNKNOWN = "unknown person 'john-roe', not in content/people.yaml"


def test_a_build_reports_problems_with_site_relative_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "invalid" / "unknown-person", site)
    config = load_config(site, output_dir=str(tmp_path / "public"))
    assert build(config, jobs=1).warnings == (Problem(BROKEN, 7, "vocabulary", UNKNOWN),)
    assert build(config, jobs=1, strict=True).errors == (Problem(BROKEN, 7, "vocabulary", UNKNOWN),)


def test_the_terminal_names_the_file_under_the_site_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "invalid" / "unknown-person", site)
    config = load_config(site, output_dir=str(tmp_path / "public"))
    stream = io.StringIO()
    build(config, jobs=1, reporter=BuildPrinter(stream, interactive=False, root=config.root))
    assert f"warning: {config.root / BROKEN}:7: {UNKNOWN}" in stream.getvalue().splitlines()


def test_the_overlay_names_the_file_of_a_problem_without_a_line(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    config = replace(preview_config(load_config(site), "http://127.0.0.1:8000/"), search=False)
    live = LiveState(root=config.output_dir)
    logged: list[str] = []
    preview = Preview(config, live, logged.append)
    try:
        assert preview.rebuild()
        original = site / STORY
        copy = site / "content/stories/2025/03/19/same-story-again.md"
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(original, copy)
        assert not preview.rebuild({copy})
    finally:
        preview.indexer.stop()
    story_id = read_story(original, config.content_dir).id
    message = f"id {story_id!r} is already taken by {STORY}"
    relative = copy.relative_to(site).as_posix()
    assert live.failure == {"file": relative, "line": 0, "message": message}
    assert (
        logged[-1]
        == f"error: {relative}: {message}\nrebuild failed: still serving the last good site"
    )
