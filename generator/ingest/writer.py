"""The only writer to `content/`: story files, the ingest ledger, new people for the vocabulary.

Every write goes to a temporary file first and is renamed into place, so an interrupted ingest
never leaves half a file. An existing story file is never overwritten unless it is byte for byte
what ingest wrote last time (the ledger remembers its hash): an editor's change always wins.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.ingest.story_file import yaml_scalar
from generator.models import Person

LEDGER_NAME = "ingested.tsv"
_LEDGER_HEADER = "# id\ttext_sha256\tsource_file\tpath\twritten_sha256\n"


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """What ingest remembers of one story it wrote."""

    id: str
    """The story's id."""
    text_hash: str
    """Hash of the normalised raw text: how duplicates under other names are found."""
    source_file: str
    """The raw file it came from."""
    path: str
    """The story file, relative to `content/`."""
    written_hash: str
    """SHA-256 of the bytes ingest wrote: a file that no longer matches was edited."""


def file_hash(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename."""
    if not path.parent.is_dir():  # a stat is cheaper than mkdir's failure, once per story
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_ledger(content_dir: Path) -> dict[str, LedgerEntry]:
    """The ledger of `content/`, by story id; missing means nothing was ingested yet."""
    try:
        lines = (content_dir / LEDGER_NAME).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    entries = {}
    for line in lines:
        fields = line.split("\t")
        if line.startswith("#") or len(fields) != 5:
            continue
        entry = LedgerEntry(*fields)
        entries[entry.id] = entry
    return entries


def write_ledger(content_dir: Path, entries: Iterable[LedgerEntry]) -> None:
    """Rewrite the ledger, sorted by id so that it diffs well under version control."""
    rows = sorted(entries, key=lambda e: e.id)
    text = _LEDGER_HEADER + "".join(
        f"{e.id}\t{e.text_hash}\t{e.source_file}\t{e.path}\t{e.written_hash}\n" for e in rows
    )
    write_atomic(content_dir / LEDGER_NAME, text.encode("utf-8"))


def append_people(path: Path, people: Iterable[Person]) -> None:
    """Add people to the vocabulary as unreviewed entries, leaving every existing line as it is."""
    blocks = [
        f"{person.slug}:\n  name: {yaml_scalar(person.name)}\n  reviewed: false\n"
        for person in people
    ]
    if not blocks:
        return
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if old and not old.endswith("\n"):
        old += "\n"
    write_atomic(path, (old + "".join(blocks)).encode("utf-8"))
