"""Which folders a build may write: the rules that keep Morgue from replacing what it did not make.

A build replaces its output folder whole, so that folder must be Morgue's own (it holds the
marker file every build writes), empty, or absent; and never the site itself, its sources, a
folder that holds the site, the home folder or the root, even when empty. Outputs of Morgue
versions that wrote no marker are recognised by their `build.json` beside their cache folder.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

MARKER = ".morgue-output"
"""File in every output folder that says Morgue made it (and may replace it)."""

MARKER_TEXT = b"Morgue's output folder: every `morgue build` replaces all that is in it.\n"
"""What the marker holds: the same bytes in every build, so that builds stay identical."""

SOURCE_FOLDERS = ("content", "templates", "static")
"""Folders of a site that hold its sources: no output may be inside them."""


def refusal(output_dir: Path, site_root: Path, setting: str) -> str | None:
    """Why a build must not write `output_dir` for the site at `site_root`, as one line that
    names the folder and `setting` (where it was chosen), or None when it may."""
    reason = (
        _place_refusal(output_dir, site_root)
        or _parent_refusal(output_dir)
        or ownership_refusal(output_dir)
    )
    return f"{setting} {output_dir}: {reason}" if reason else None


def _parent_refusal(output_dir: Path) -> str | None:
    """Why nothing can be written beside `output_dir` (its staging folder, lock and state go
    there): the nearest existing folder above it is a file, or cannot be written."""
    parent = output_dir.absolute().parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"cannot be made: {parent} is a file, not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot be made: {parent} cannot be written"
    return None


def ownership_refusal(output_dir: Path) -> str | None:
    """Why `output_dir` is not Morgue's to replace (it exists and holds what Morgue did not
    write), or None when it is absent, empty, or made by Morgue."""
    if output_dir.is_symlink():
        return "is a symbolic link; name the folder it points to"
    if not output_dir.exists():
        return None
    if not output_dir.is_dir():
        return "is a file, not a folder"
    if is_morgues(output_dir):
        return None
    try:
        empty = next(output_dir.iterdir(), None) is None
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if empty:
        return None
    if _built_by_morgue(output_dir):
        cache = f".{output_dir.name}.cache"
        return (
            f"looks like the output of an older Morgue but {cache}/ is not beside it; "
            "if Morgue built it, delete it and build again"
        )
    return (
        f"holds files Morgue did not write (no {MARKER} file); "
        "empty it, remove it or choose another folder"
    )


def is_morgues(folder: Path) -> bool:
    """Whether `folder` is a Morgue output: it holds the marker, or (written by a version
    before the marker) a `build.json` of Morgue's with its cache folder beside it."""
    if (folder / MARKER).is_file():
        return True
    return _built_by_morgue(folder) and (folder.parent / f".{folder.name}.cache").is_dir()


def _built_by_morgue(folder: Path) -> bool:
    """Whether `folder/build.json` is the record a Morgue build writes."""
    try:
        record = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(record, dict) and {"morgue", "content", "stories", "pages"} <= set(record)


def _place_refusal(output_dir: Path, site_root: Path) -> str | None:
    """Why `output_dir` is in a place no output may be, whatever it holds (even empty)."""
    # Resolved, so that a symbolic link or `..` cannot hide the site or its sources.
    out = output_dir.resolve()
    site = site_root.resolve()
    if out == Path(out.anchor):
        return "is the file system root"
    try:
        home: Path | None = Path.home().resolve()
    except (RuntimeError, KeyError):  # no HOME and no user entry: there is no home to protect
        home = None
    if home is not None and out == home:
        return "is the home folder"
    if home is not None and out in home.parents:
        return "holds the home folder"
    if out == site:
        return "is the site folder itself"
    if out in site.parents:
        return "holds the site folder"
    for name in SOURCE_FOLDERS:
        source = (site / name).resolve()
        if out == source or source in out.parents:
            return f"is inside the site's {name}/ folder"
    return None


def is_leftover(folder: Path) -> bool:
    """Whether a leftover folder is Morgue's: marked, or empty (a removal cut short; the marker
    goes last, see `discard`)."""
    if (folder / MARKER).is_file():
        return True
    try:
        return folder.is_dir() and next(folder.iterdir(), None) is None
    except OSError:
        return False


def discard(folder: Path) -> None:
    """Remove a folder Morgue made, its marker last: a removal cut short leaves a folder that
    is still known as Morgue's."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name == MARKER:
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            Path(entry.path).unlink(missing_ok=True)
    (folder / MARKER).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def mark(folder: Path) -> None:
    """Write Morgue's marker into `folder` unless it is there."""
    marker = folder / MARKER
    if not marker.is_file():
        temporary = folder / f"{MARKER}.tmp"
        temporary.write_bytes(MARKER_TEXT)
        os.replace(temporary, marker)
