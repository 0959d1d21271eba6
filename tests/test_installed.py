"""Done-when of issue 13: the wheel, installed as a user installs it (a fresh virtualenv, not
editable), runs `morgue init`, `ingest` of a sample story, `build`, `check` and `serve`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servekit import running

ROOT = Path(__file__).parents[1]
SAMPLES = ROOT / "tests" / "cases" / "samples"


_TOP_LEFT_OUT = {".git", ".venv", "build", "dist", "public"}


def _leave_out(folder: str, names: list[str]) -> set[str]:
    """What the copy of the checkout leaves out: build leftovers, caches, environments."""
    left = {n for n in names if n in {"__pycache__", "node_modules"} or n.endswith("_cache")}
    left |= {n for n in names if n.endswith(".egg-info")}
    if Path(folder) == ROOT:
        left |= _TOP_LEFT_OUT & set(names)
    return left


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-2000:])
    return result.stdout + result.stderr


@pytest.mark.slow
def test_the_installed_wheel_inits_ingests_builds_checks_and_serves(tmp_path: Path) -> None:
    pytest.importorskip("build")
    # Built from a copy: setuptools' build/ folder in the checkout may hold files a newer source
    # no longer has, and the test writes only in tmp_path.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=_leave_out)
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        source,
        dict(os.environ),
        timeout=600,
    )
    (wheel,) = dist.glob("morgue-*.whl")
    venv = tmp_path / "venv"
    # No PYTHONPATH: the installed copy, never the checkout, must answer.
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    python = str(venv / "bin" / "python")
    _run([python, "-m", "pip", "install", "-q", str(wheel)], tmp_path, env, timeout=600)
    morgue = str(venv / "bin" / "morgue")
    where = _run([python, "-c", "import generator; print(generator.__file__)"], tmp_path, env)
    assert str(venv) in where and str(ROOT) not in where

    site = tmp_path / "site"
    _run([morgue, "init", str(site)], tmp_path, env)
    (sample,) = sorted(SAMPLES.iterdir())[:1]
    _run([morgue, "ingest", "--jobs", "1", str(sample)], site, env)
    assert list((site / "content").rglob("*.md"))
    _run([morgue, "build"], site, env)
    assert (site / "public" / "index.html").is_file()
    _run([morgue, "check"], site, env)

    with running(
        ["serve", "--port", "0"], r" at http://", morgue=Path(morgue), cwd=site, env=env
    ) as served:
        served.url = served.output[-1].split(" at ", 1)[1].split(" ")[0]
        status, _, body = served.get()
        assert status == 200
        assert b"<html" in body
