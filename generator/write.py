"""Atomic output: the only writer to the output folder.

A build writes into a fresh folder beside the output (`.public.tmp-<random>`), then swaps it in:
the old site is renamed away (`.public.old-<random>`), the new one renamed in, the old one removed.
Renames within one parent folder are atomic, so a reader sees the old site or the new one, never a
mix; an exception or Ctrl-C during the build removes the temporary folder and leaves the old site
whole. If a swap itself was cut off between its two renames, the next build puts the old site back
before starting. A lock file keeps two builds from staging into the same output at once.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.models import Output

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, builds must not overlap
    fcntl = None  # type: ignore[assignment]


class OutputBusy(Exception):
    """Another build is writing the same output folder."""


def _siblings(output_dir: Path, tag: str) -> list[Path]:
    """The leftover `.public.<tag>-*` folders of earlier builds, in name order."""
    prefix = f".{output_dir.name}.{tag}-"
    parent = output_dir.parent
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir())


def recover_interrupted_swap(output_dir: Path) -> None:
    """Undo what a cut-off build left behind: put the old site back if the new one never
    arrived, and remove stale temporary and old folders."""
    olds = _siblings(output_dir, "old")
    if olds and not output_dir.exists():
        # The swap stopped after renaming the old site away: it is the last good site.
        newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
        newest.rename(output_dir)
        olds.remove(newest)
    for leftover in [*olds, *_siblings(output_dir, "tmp")]:
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def _lock(output_dir: Path) -> Iterator[None]:
    if fcntl is None:  # pragma: no cover
        yield
        return
    lock_path = output_dir.parent / f".{output_dir.name}.lock"
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"{output_dir}: another build is writing it") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap_in(stage: Path, output_dir: Path) -> None:
    """Replace `output_dir` by `stage` with two renames, then remove the old site."""
    old = None
    if output_dir.exists():
        old = output_dir.parent / f".{output_dir.name}.old-{secrets.token_hex(4)}"
        output_dir.rename(old)
    stage.rename(output_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def staged_output(output_dir: Path) -> Iterator[Path]:
    """Yield a fresh folder to write the whole site into; swap it in for `output_dir` on success.

    On any exception, KeyboardInterrupt included, the folder is removed and `output_dir` is left
    as it was.
    """
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output_dir):
        finish_commit(output_dir)
        recover_interrupted_swap(output_dir)
        # mkdir, not mkdtemp: mkdtemp makes the folder 0700, and the swapped-in site must stay
        # readable by the web server (mkdir honours the umask like any other folder).
        stage = output_dir.parent / f".{output_dir.name}.tmp-{secrets.token_hex(4)}"
        stage.mkdir()
        try:
            yield stage
            swap_in(stage, output_dir)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise


@contextmanager
def staged_changes(output_dir: Path, removed: Iterable[str] = ()) -> Iterator[Path]:
    """Yield a folder to write changed files into; on success, move them into `output_dir` and
    delete `removed` there.

    Nothing in `output_dir` is touched until every file is written: a failure or Ctrl-C before
    that removes the folder and leaves the site as it was. The moves themselves are renames,
    listed first in a journal, so that a commit cut off half-way is finished by the next build.
    """
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output_dir):
        finish_commit(output_dir)  # before the clean-up below, which would remove its folder
        recover_interrupted_swap(output_dir)
        stage = output_dir.parent / f".{output_dir.name}.tmp-{secrets.token_hex(4)}"
        stage.mkdir()
        try:
            yield stage
            _commit(output_dir, stage, sorted(set(removed)))
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise


def _journal(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.journal"


def _commit(output_dir: Path, stage: Path, removed: list[str]) -> None:
    files = sorted(
        os.path.relpath(os.path.join(folder, name), stage).replace(os.sep, "/")
        for folder, _, names in os.walk(stage)
        for name in names
    )
    journal = _journal(output_dir)
    record = {"stage": stage.name, "files": files, "removed": removed}
    temporary = journal.with_suffix(".tmp")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, journal)
    finish_commit(output_dir)


def finish_commit(output_dir: Path) -> None:
    """Carry out the moves and deletions a journal lists (again: each is done at most once)."""
    journal = _journal(output_dir)
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    stage = output_dir.parent / record["stage"]
    for relative in record["files"]:
        source, target = stage / relative, output_dir / relative
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    remove_outputs(output_dir, record["removed"])
    journal.unlink()
    shutil.rmtree(stage, ignore_errors=True)


def remove_outputs(stage: Path, paths: Iterable[str]) -> None:
    """Delete files that no longer belong to the site, and the folders they leave empty."""
    for path in sorted(paths, reverse=True):
        target = stage / path
        target.unlink(missing_ok=True)
        for parent in target.parents:
            if parent == stage or not parent.is_dir() or any(parent.iterdir()):
                break
            parent.rmdir()


def write_output(stage: Path, output: Output) -> int:
    """Write one file into the staging folder; return its size in bytes."""
    if output.path.startswith("/") or ".." in output.path.split("/"):
        raise ValueError(f"output path escapes the site: {output.path!r}")
    target = stage / output.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.data)
    return len(output.data)


def copy_static(
    sources: list[Path], stage: Path, skip: set[str], only: frozenset[str] | None = None
) -> list[str]:
    """Copy each source folder's files (or just those in `only`) into the staging folder, later
    sources overriding earlier ones file by file; return the relative paths skipped because a
    page is written there."""
    collisions = []
    for source in sources:
        if not source.is_dir():
            continue
        for path in sorted(source.rglob("*")):
            if not path.is_file():
                continue
            relative = path.relative_to(source).as_posix()
            if only is not None and relative not in only:
                continue
            if relative in skip:
                collisions.append(relative)
                continue
            target = stage / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return sorted(set(collisions))
