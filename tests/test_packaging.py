"""The distribution (issue 13): the licence in the wheel, an sdist whose tests run from the
unpacked folder, the project's metadata."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


def test_the_metadata_names_licence_authors_and_classifiers() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert project["authors"] and any("3.13" in c for c in project["classifiers"])


@pytest.mark.slow
def test_the_sdist_runs_its_own_tests(tmp_path: Path) -> None:
    pytest.importorskip("build")
    dist = tmp_path / "dist"
    made = subprocess.run(
        [sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(dist), "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    (archive,) = dist.glob("morgue-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        tar.extractall(tmp_path / "unpacked", filter="data")
    top = names[0].split("/")[0]
    for needed in (
        "LICENSE",
        "tests/conftest.py",
        "tests/sites/basic/site.toml",
        "tests/cases/samples",
        "tests/output/basic/index.html",
        "tests/a11y/package-lock.json",
        "generator/theme/locale/es.po",
    ):
        assert f"{top}/{needed}" in names, needed
    assert not any("node_modules" in name or "__pycache__" in name for name in names)
    unpacked = tmp_path / "unpacked" / top
    result = subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_wire.py",
            "tests/test_build.py::test_matches_golden_output",
            "tests/test_languages.py::test_spanish_translates_every_string_of_the_theme",
        ],
        cwd=unpacked,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(unpacked)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
