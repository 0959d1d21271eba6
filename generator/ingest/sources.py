"""Finding and reading raw files: only regular files, each read with a size limit.

A wire drop folder is not trusted. A FIFO named `*.txt` would block a plain read forever, a
symlink to `/dev/zero` would fill the memory, and a folder that cannot be listed would lose its
stories without a word. Here each of them becomes a problem naming the path, and the batch goes on.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 64 * 1024 * 1024
WIRE_SUFFIXES = (".txt", ".xml", ".json", ".rss", ".atom", ".newsml", ".ninjs")
"""The files a folder is searched for. Which format a file is in is read from its content
(`formats/`); the name only says it is meant as a wire file, not a note or a picture beside it."""
_READ_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A path that cannot be read, and why (one line)."""

    path: Path
    """The file or folder."""
    reason: str
    """Why it cannot be read."""


@dataclass(slots=True)
class Found:
    """The raw files of a batch, and what could not be searched."""

    files: list[Path] = field(default_factory=list)
    """Candidate raw files, in file-name order (each is checked again when read)."""
    problems: list[Unreadable] = field(default_factory=list)
    """Folders that could not be listed and symlinks that lead nowhere."""


def search_sources(sources: Sequence[Path]) -> Found:
    """Raw files named, or found under folders (recursively, by `WIRE_SUFFIXES`), in file-name
    order, with the folders and symlinks that could not be searched."""
    found = Found()
    seen: set[tuple[int, int]] = set()  # folders searched, by identity: symlink loops end here
    for source in sources:
        if source.is_dir():
            _search(source, found, seen)
        else:
            found.files.append(source)
    found.files = sorted(dict.fromkeys(found.files), key=lambda p: (p.name, str(p)))
    return found


def _search(folder: Path, found: Found, seen: set[tuple[int, int]]) -> None:
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in seen:
            return  # reached again through a symlink: its files are found already
        seen.add((info.st_dev, info.st_ino))
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        found.problems.append(Unreadable(folder, f"cannot read folder: {_why(exc)}"))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
            if not is_dir and entry.is_symlink():
                os.stat(path)  # a dangling or looping link raises here
        except OSError as exc:
            found.problems.append(Unreadable(path, f"cannot follow symlink: {_why(exc)}"))
            continue
        if is_dir:
            _search(path, found, seen)
        elif is_wire_name(entry.name):
            found.files.append(path)


def read_source(path: Path) -> bytes | Unreadable:
    """The bytes of a regular file of at most `MAX_FILE_BYTES`, else why not."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # never open a device: opening may act
            return Unreadable(path, "not a regular file (a folder, FIFO, device or socket)")
        # Non-blocking, and checked again on the open file: a FIFO swapped in since the stat
        # must not block the batch.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return Unreadable(path, f"cannot read: {_why(exc)}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return Unreadable(path, "not a regular file (a folder, FIFO, device or socket)")
        if info.st_size > MAX_FILE_BYTES:
            return Unreadable(path, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
        chunks, size = [], 0
        while chunk := os.read(fd, _READ_CHUNK):
            size += len(chunk)
            if size > MAX_FILE_BYTES:  # the size a stat gave may have grown since
                return Unreadable(path, f"larger than {MAX_FILE_BYTES // 2**20} MiB")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return Unreadable(path, f"cannot read: {_why(exc)}")
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def is_wire_name(name: str) -> bool:
    """Whether a file of a searched folder is taken as a raw wire file (by its suffix)."""
    return name.lower().endswith(WIRE_SUFFIXES) and not name.startswith(".")
