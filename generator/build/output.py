"""Atomic output: the only writer to the output folder.

A build writes into a fresh folder beside the output (`.public.tmp-<random>`), then swaps it in.
On Linux the swap is one `renameat2(RENAME_EXCHANGE)` call: `public/` is always a complete site,
the old one or the new one, and never missing for a moment; the old site, now under the
temporary name, is then removed. Where the call is not available (another system, a file system
that does not support it) the swap falls back to two renames (`public/` -> `.public.old-<random>`,
then the new one in), between which `public/` is briefly absent. An exception or Ctrl-C during
the build removes the temporary folder and leaves the old site whole; a swap cut off between its
two renames is undone by the next build before it starts. A lock file keeps two builds from
staging into the same output at once.

Every folder written here carries Morgue's marker (`outdir.MARKER`), and nothing is replaced or
removed that does not: an output folder, or a leftover `.public.tmp-*` / `.public.old-*` folder,
that Morgue did not make is left alone (and a build refuses the output).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator, Set
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.build import outdir, swap
from generator.models import Output

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory lock, builds must not overlap
    fcntl = None  # type: ignore[assignment]


class OutputBusy(Exception):
    """Another build is writing the same output folder."""


class OutputRefused(OutputBusy):
    """The output folder, or a file beside it, is not Morgue's to replace.

    A kind of OutputBusy so that every caller that reports a busy folder and keeps the last
    site (the preview, `watch`) reports this too; `morgue build` tells the two apart.
    """


def _siblings(output_dir: Path, tag: str) -> list[Path]:
    """The leftover `.public.<tag>-*` folders of earlier builds, in name order: only those
    Morgue made (they carry its marker)."""
    prefix = f".{output_dir.name}.{tag}-"
    parent = output_dir.parent
    found = [p for p in parent.iterdir() if p.name.startswith(prefix) and not p.is_symlink()]
    return sorted(p for p in found if outdir.is_leftover(p))


def recover_interrupted_swap(output_dir: Path) -> None:
    """Undo what a cut-off build left behind: put the old site back if the new one never
    arrived, and remove stale temporary and old folders."""
    olds = _siblings(output_dir, "old")
    if olds and not os.path.lexists(output_dir):
        # The swap stopped after renaming the old site away: it is the last good site.
        newest = max(olds, key=lambda p: p.stat().st_mtime_ns)
        newest.rename(output_dir)
        olds.remove(newest)
    for leftover in [*olds, *_siblings(output_dir, "tmp")]:
        outdir.discard(leftover)


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


def _claim(output_dir: Path) -> None:
    """Raise OutputRefused unless `output_dir` is absent, empty or Morgue's."""
    reason = outdir.ownership_refusal(output_dir)
    if reason:
        raise OutputRefused(f"{output_dir}: {reason}")


def settle(output_dir: Path) -> None:
    """Finish what a killed build left half-done in `output_dir` (a journal of moves, a swap cut
    off between two renames), so that readers see one whole site before anything else runs.

    Raises OutputRefused if the folder is not Morgue's, OutputBusy if a build is writing it.
    """
    output_dir = output_dir.absolute()
    if not output_dir.parent.is_dir():
        return  # nothing was ever built here
    with _lock(output_dir):
        _claim(output_dir)
        finish_commit(output_dir)
        recover_interrupted_swap(output_dir)


def _new_stage(output_dir: Path) -> Path:
    """A fresh, marked folder beside the output for a build to write into."""
    # mkdir, not mkdtemp: mkdtemp makes the folder 0700, and the swapped-in site must stay
    # readable by the web server (mkdir honours the umask like any other folder).
    stage = output_dir.parent / f".{output_dir.name}.tmp-{secrets.token_hex(4)}"
    stage.mkdir()
    # First of all: a folder of this name is removed as a leftover only if it is marked.
    outdir.mark(stage)
    return stage


def swap_in(stage: Path, output_dir: Path) -> None:
    """Replace `output_dir` by `stage` (in one step where the system allows), then remove the
    old site."""
    _claim(output_dir)  # again: the folder may have changed hands during a long build
    if not output_dir.exists():
        stage.rename(output_dir)
        return
    outdir.mark(output_dir)  # an older Morgue's output: its remains are known as Morgue's
    if swap.exchange(stage, output_dir):
        outdir.discard(stage)  # the old site, under the temporary name
    else:
        old = output_dir.parent / f".{output_dir.name}.old-{secrets.token_hex(4)}"
        output_dir.rename(old)
        stage.rename(output_dir)
        outdir.discard(old)


@contextmanager
def staged_output(output_dir: Path) -> Iterator[Path]:
    """Yield a fresh folder to write the whole site into; swap it in for `output_dir` on success.

    On any exception, KeyboardInterrupt included, the folder is removed and `output_dir` is left
    as it was.
    """
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output_dir):
        _claim(output_dir)
        finish_commit(output_dir)
        recover_interrupted_swap(output_dir)
        stage = _new_stage(output_dir)
        try:
            yield stage
            swap_in(stage, output_dir)
        except BaseException:
            outdir.discard(stage)
            raise


@contextmanager
def staged_changes(output_dir: Path, removed: Iterable[str] = ()) -> Iterator[Path]:
    """Yield a folder to write changed files into; on success, move them into `output_dir` and
    delete `removed` there.

    Nothing in `output_dir` is touched until every file is written: a failure or Ctrl-C before
    that removes the folder and leaves the site as it was. The moves themselves are renames,
    listed first in a journal, so that a commit cut off half-way is finished by the next command
    (`settle`).
    """
    output_dir = output_dir.absolute()
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output_dir):
        _claim(output_dir)
        finish_commit(output_dir)  # before the clean-up below, which would remove its folder
        recover_interrupted_swap(output_dir)
        stage = _new_stage(output_dir)
        try:
            yield stage
        except BaseException:
            outdir.discard(stage)
            raise
        # Not undone by an exception: once its journal is written, a commit is only ever
        # finished, here or by the next command.
        _commit(output_dir, stage, sorted(set(removed)))


def _journal(output_dir: Path) -> Path:
    return output_dir.parent / f".{output_dir.name}.journal"


def _commit(output_dir: Path, stage: Path, removed: list[str]) -> None:
    # The stage keeps its marker until it is removed; the output has its own already.
    files = sorted(
        os.path.relpath(os.path.join(folder, name), stage).replace(os.sep, "/")
        for folder, _, names in os.walk(stage)
        for name in names
        if not (folder == str(stage) and name == outdir.MARKER)
    )
    journal = _journal(output_dir)
    record = {"stage": stage.name, "files": files, "removed": removed}
    temporary = journal.with_name(journal.name + ".tmp")
    temporary.write_text(json.dumps(record), encoding="utf-8")
    os.replace(temporary, journal)
    finish_commit(output_dir)


def finish_commit(output_dir: Path) -> None:
    """Carry out the moves and deletions a journal lists (again: each is done at most once)."""
    journal = _journal(output_dir)
    try:
        text = journal.read_text(encoding="utf-8")
    except FileNotFoundError:
        return
    stage, record = _read_journal(output_dir, journal, text)
    if output_dir.is_dir():
        for relative in record["files"]:
            source, target = stage / relative, output_dir / relative
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        remove_outputs(output_dir, record["removed"])
        outdir.mark(output_dir)  # an output of a version before the marker gets it here
    # else the site it patched was deleted: its changes alone are no site, drop them.
    journal.unlink()
    outdir.discard(stage)


def _read_journal(output_dir: Path, journal: Path, text: str) -> tuple[Path, dict[str, Any]]:
    """The staging folder a journal moves files from, and the journal, once it is known to be
    one Morgue wrote that touches nothing outside its two folders."""
    try:
        record = json.loads(text)
        stage, paths = record["stage"], [*record["files"], *record["removed"]]
    except (ValueError, KeyError, TypeError):
        raise OutputRefused(f"{journal}: not a journal Morgue wrote; remove it") from None
    prefix = f".{output_dir.name}.tmp-"
    safe = all(isinstance(p, str) and _inside(p) for p in paths)
    if not (isinstance(stage, str) and stage.startswith(prefix) and "/" not in stage and safe):
        raise OutputRefused(f"{journal}: not a journal Morgue wrote; remove it")
    return output_dir.parent / stage, record


def _inside(relative: str) -> bool:
    """Whether a relative output path stays inside its folder."""
    parts = relative.split("/")
    return bool(relative) and not relative.startswith("/") and ".." not in parts


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
    if not _inside(output.path):
        raise ValueError(f"output path escapes the site: {output.path!r}")
    target = stage / output.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.data)
    return len(output.data)


def copy_static(
    sources: list[Path], stage: Path, skip: Set[str], only: frozenset[str] | None = None
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
