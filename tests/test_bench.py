"""The benchmark harness: the generated corpus has the wire format and the shape we promise, and
`bench/run.py` completes with a full report (timings are never checked)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from bench.generate import MONTHS, generate, make_story

ROOT = Path(__file__).resolve().parents[1]
FILE_NAME = re.compile(r"^\d{6}_[0-9a-f]{16}\.txt$")
FIRST_LINE = re.compile(
    r"^ date (?P<date>\d{4}-\d{2}-\d{2}) (?P<city>[^,\n]+), (?P<month>[A-Z][a-z]+) (?P<day>\d{1,2})"
    r" \((?P<agency>[A-Za-z]+)\) \S"
)
DISCLAIMER = re.compile(
    r"^Disclaimer: This story has not been edited by the .+ team and is auto-generated from "
    r"syndicated feed\.$"
)


def _read_all(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_generate_is_deterministic_and_seeded(tmp_path: Path) -> None:
    first = _read_all(generate(60, tmp_path / "a", seed=7))
    again = _read_all(generate(60, tmp_path / "b", seed=7))
    other = _read_all(generate(60, tmp_path / "c", seed=8))
    assert first == again
    assert len(first) == 60
    assert set(first).isdisjoint(other)
    assert set(first.values()) != set(other.values())


def test_story_does_not_depend_on_corpus_size(tmp_path: Path) -> None:
    small = _read_all(generate(5, tmp_path / "small", seed=3))
    large = _read_all(generate(12, tmp_path / "large", seed=3))
    assert all(large[name] == data for name, data in small.items())


def test_files_have_the_wire_format(tmp_path: Path) -> None:
    files = _read_all(generate(150, tmp_path / "raw", seed=11))
    for name, data in files.items():
        assert FILE_NAME.match(name), name
        assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf"), name
        text = data.decode("utf-8")
        assert not text.endswith("\n"), name
        assert "\n\n\n" not in text, name
        paragraphs = text.split("\n\n")
        assert all(p and "\n" not in p for p in paragraphs), name
        match = FIRST_LINE.match(paragraphs[0])
        assert match, (name, paragraphs[0][:80])
        date = dt.date.fromisoformat(match["date"])
        assert (match["month"], int(match["day"])) == (MONTHS[date.month - 1], date.day)
        assert DISCLAIMER.match(paragraphs[-1]), (name, paragraphs[-1])
        assert 300 <= len(text.split()) <= 950, name


def test_corpus_has_the_promised_shape() -> None:
    stories = [make_story(i) for i in range(1500)]
    originals = [s for s in stories if s.duplicate_of is None]
    mentions = Counter(p.slug for s in originals for p in s.people)
    counts = sorted(mentions.values(), reverse=True)
    # Zipf-like: the top person is in far more stories than the median one.
    assert counts[0] >= 20 * statistics.median(counts)
    assert all(2 <= len(s.people) <= 8 and 1 <= len(s.topics) <= 3 for s in originals)
    years = Counter(s.date.year for s in originals)
    assert years[2024] > 2 * years[2016]
    assert any(not s.text.isascii() for s in originals)
    assert any('"' in s.text for s in originals)
    # Each person is introduced with role and full name, and named by surname later.
    story = originals[0]
    for person in story.people:
        assert person.intro in story.text
    assert len({s.dateline for s in originals}) > 100


def test_duplicates_are_the_same_text_under_another_name(tmp_path: Path) -> None:
    files = _read_all(generate(400, tmp_path / "raw"))
    by_text = Counter(files.values())
    duplicated = [data for data, count in by_text.items() if count > 1]
    assert duplicated
    assert sum(by_text[d] - 1 for d in duplicated) < 0.06 * len(files)


@pytest.mark.slow
def test_run_quick_mode_reports_every_step(tmp_path: Path) -> None:
    command = [sys.executable, str(ROOT / "bench" / "run.py"), "--stories", "200", "--json"]
    cluster = importlib.util.find_spec("distributed") is not None
    if cluster:
        command.append("--scheduler")  # and a LocalCluster's build beside the pool's
    result = subprocess.run(
        [*command, "--workdir", str(tmp_path / "work")],
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    morgue = report["morgue"]
    for step in (
        "ingest", "cold_build", "warm_build", "edit_build", "add_ingest", "add_build",
        "delete_build",
    ):  # fmt: skip
        figures = morgue[step]
        for key in ("wall_s", "cpu_s", "peak_mb"):
            assert isinstance(figures[key], float | int) and figures[key] >= 0, (step, key)
        assert figures["wall_s"] > 0, step
    assert morgue["ingest"]["stories_per_s"] > 0
    serve = morgue["serve"]
    assert serve["ms"] > 0
    output = morgue["output"]
    assert output["pages"] > 200 and output["files"] >= output["pages"] and output["bytes"] > 0
    if cluster:
        remote = morgue["cluster_cold_build"]
        assert remote["identical"] and remote["workers"] == 2 and remote["build_s"] > 0
        assert remote["shipped_mb_per_worker"] > 0 and remote["sent_back_kb_per_file"] > 0
