"""Golden output of the fixture sites: `python -m tests.golden --refresh` rewrites it.

The golden tree is the exact output of building `tests/sites/<name>/`; a test compares a fresh
build against it file by file, so any change to a page shows up as a readable diff in review.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from generator.build.pipeline import build
from generator.build.report import BuildReport
from generator.config import load_config

TESTS = Path(__file__).parent
SITES = TESTS / "sites"
GOLDEN = TESTS / "output"
GOLDEN_SITES = ("basic",)
"""Fixture sites that have a golden output tree."""
UNCOMPARED = ("pagefind/",)
"""Output left out of golden trees and byte-for-byte comparisons: Pagefind's index files are not
byte-identical from one run to the next (it writes filter values in hash-map order).
`tests/test_search.py` checks the index instead."""


def build_site(site_dir: Path, output_dir: Path, **overrides: object) -> BuildReport:
    """Build `site_dir` into `output_dir` in this process; return the BuildReport."""
    config = load_config(site_dir, output_dir=str(output_dir.absolute()), **overrides)
    return build(config, jobs=1)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` as relative path -> bytes, without the `UNCOMPARED` folders."""
    files = {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}
    return {path: p.read_bytes() for path, p in files.items() if not path.startswith(UNCOMPARED)}


def refresh(name: str) -> Path:
    """Rebuild the golden output of fixture site `name`."""
    target = GOLDEN / name
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "public"
        report = build_site(SITES / name, out)
        if not report.ok:
            raise SystemExit(f"{name}: the fixture site does not build cleanly: {report.errors}")
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(out, target, ignore=_uncompared(out))
    return target


def _uncompared(root: Path) -> Callable[[str, list[str]], set[str]]:
    """A `copytree` ignore function that leaves out the `UNCOMPARED` folders of `root`."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        return {name for name in names if f"{prefix}{name}/".startswith(UNCOMPARED)}

    return ignore


def main() -> None:
    """Command line: `python -m tests.golden --refresh [NAME ...]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--refresh", action="store_true", help="rewrite the golden output trees")
    parser.add_argument("names", nargs="*", default=list(GOLDEN_SITES))
    args = parser.parse_args()
    if not args.refresh:
        parser.error("nothing to do: pass --refresh")
    for name in args.names:
        print(f"refreshed {refresh(name).relative_to(TESTS.parent)}")


if __name__ == "__main__":
    main()
