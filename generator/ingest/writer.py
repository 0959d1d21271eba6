"""The only writer to `content/`: atomic files, and new entries for the vocabularies.

Every write goes to a temporary file first and is renamed into place, so an interrupted ingest
never leaves half a file. A vocabulary is read back from its temporary file with the loader the
build uses before it replaces the old one: a write that would not read back as meant is refused,
and the old file stays as it was.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content_text import ContentFileError, file_problem
from generator.ingest.story_file import yaml_scalar


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it: put it back at once
    os.umask(mask)
    return mask


_UMASK = _read_umask()
"""The process's file-creation mask, read once at start."""


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry ingest adds to a vocabulary for an editor to review."""

    slug: str
    """Its key."""
    name: str
    """Its display name, as the wire wrote it."""


def file_hash(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def write_atomic(
    path: Path, data: bytes, check: Callable[[Path], str | None] | None = None
) -> str | None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    `check`, given the temporary file, returns a problem or None; on a problem nothing is
    replaced and the problem is returned.
    """
    if not path.parent.is_dir():  # a stat is cheaper than mkdir's failure, once per story
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; the site's files must stay readable by its other users
        # (a web server, a colleague): keep the mode of the file replaced, else what the umask
        # gives any new file.
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        problem = check(Path(tmp)) if check is not None else None
        if problem is None:
            os.replace(tmp, path)
            return None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    Path(tmp).unlink(missing_ok=True)
    return problem


def add_to_vocabulary(
    path: Path, entries: Sequence[NewEntry], load: Callable[[Path], Mapping[str, object]]
) -> None:
    """Append `entries` (name, `reviewed: false`) to the vocabulary at `path`.

    Every existing line stays as it is. Should the appended text not read back (a file that
    ends inside a flow mapping, say), the whole file is written anew from its data instead;
    should that not read back either, `ContentFileError` is raised and nothing is written.
    """
    if not entries:
        return
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    blocks = "".join(
        f"{e.slug}:\n  name: {yaml_scalar(e.name)}\n  reviewed: false\n" for e in entries
    )
    appended = (old if not old or old.endswith("\n") else old + "\n") + blocks
    expected = {e.slug: e.name for e in entries}
    before = set(load(path)) if old else set()
    check = _reads_back(load, before, expected)
    if write_atomic(path, appended.encode("utf-8"), check) is None:
        return
    data = yaml.safe_load(old) or {}
    data.update({e.slug: {"name": e.name, "reviewed": False} for e in entries})
    rewritten = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    problem = write_atomic(path, rewritten.encode("utf-8"), check)
    if problem is not None:
        raise file_problem(path, 0, f"cannot add new entries: {problem}", "vocabulary")


def _reads_back(
    load: Callable[[Path], Mapping[str, object]], before: set[str], expected: dict[str, str]
) -> Callable[[Path], str | None]:
    def check(tmp: Path) -> str | None:
        try:
            loaded = load(tmp)
        except ContentFileError as exc:
            return exc.problem.message
        if not before <= loaded.keys():
            return "existing entries would be lost"
        for slug, name in expected.items():
            entry = loaded.get(slug)
            if getattr(entry, "name", None) != name or getattr(entry, "reviewed", True):
                return f"{slug} would not read back as {name!r}"
        return None

    return check
