"""A fresh clone with nothing beside it passes: no test reads a fixture from outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def _tracked_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in listed.decode().split("\0") if name]


def test_sample_tests_pass_in_a_lone_copy_of_the_checkout(tmp_path: Path) -> None:
    # The copy sits alone in tmp_path: a test that looks beside the checkout finds nothing there.
    clone = tmp_path / "lone" / "clone"
    for name in _tracked_files():
        source = ROOT / name
        if source.is_file():
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_wire.py",
            "tests/test_topics_places.py",
            "tests/test_ingest.py",
            # These two make their input in code and read no fixture: here they would only add
            # minutes (two of them on a slow machine, where the copy's run passed 300 s).
            "-k",
            "not five_megabyte and not any_bytes",
        ],
        cwd=clone,
        capture_output=True,
        text=True,
        timeout=900,  # a guard against a hang, not a speed goal
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    last = result.stdout.splitlines()[-1]
    assert " passed" in last and "skipped" not in last, last


def test_every_module_imports_from_the_tracked_files_alone(tmp_path: Path) -> None:
    # A module left untracked (an ignore pattern that catches it) works here and fails in CI.
    clone = tmp_path / "clone"
    for name in _tracked_files():
        if name.startswith("generator/") and (ROOT / name).is_file():
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
    modules = sorted(
        ".".join(path.relative_to(clone).with_suffix("").parts).removesuffix(".__init__")
        for path in (clone / "generator").rglob("*.py")
    )
    script = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)\n"
    result = subprocess.run(
        [sys.executable, "-P", "-c", script, *modules],
        cwd=clone,
        env={"PYTHONPATH": str(clone), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
