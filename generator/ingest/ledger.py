"""What ingest wrote: the ledger (`content/ingested.tsv`) and the journal that keeps it true.

The story files are what a reader sees; the ledger is ingest's memory of them (which raw story
each file holds, the hash of the bytes ingest wrote, the people it tagged). It must never lag
behind the files, or a re-run would write a story again as `<slug>-2.md`. So every write of a
story is announced first by a row appended to the journal (`.ingest-journal.tmp`, one `write`
call, which a kill cannot tear), then made. When a run ends, however it ends, the ledger is
rewritten from the journal; a run killed before that finds the journal on its next start and
completes it, checking each announced write against the file on disk. A whole run holds a lock on
`content/`, so two ingests of one site (a command and an inbox) take turns; the review commands
(`morgue people merge`...) take the same lock and journal, without waiting for it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.ingest.writer import file_hash, write_atomic

LEDGER_NAME = "ingested.tsv"
JOURNAL_NAME = ".ingest-journal.tmp"
"""Starts with "." and holds ".tmp": watchers take it for a scratch file and ignore it."""
_LEDGER_HEADER = "# id\ttext_sha256\tsource_file\tpath\twritten_sha256\tpeople\n"
_JOURNAL_HEADER = "# morgue ingest journal: stories announced before they were written\n"
# File names may hold any character but "/" and NUL: these would split a row or a field.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


class ContentBusy(Exception):
    """Raised by a `Journal` told not to wait when another process holds the lock of `content/`."""


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
    people: tuple[str, ...] = ()
    """Slugs of the people ingest tagged (empty in ledgers older than this field)."""
    version: str = ""
    """The item's version as its format gave it ("3", an update time); "" for plain text."""


def _escape(field: str) -> str:
    return field.translate(_ESCAPES)


def _unescape(field: str) -> str:
    if "\\" not in field:
        return field
    out, chars = [], iter(field)
    for char in chars:
        out.append(_UNESCAPES.get(next(chars, ""), "") if char == "\\" else char)
    return "".join(out)


def _row(entry: LedgerEntry) -> str:
    text = (_escape(f) for f in (entry.id, entry.text_hash, entry.source_file, entry.path))
    fields = (*text, entry.written_hash, ",".join(entry.people))
    if entry.version:  # a seventh field only for items of formats that version them
        fields = (*fields, _escape(entry.version))
    return "\t".join(fields) + "\n"


def _parse_rows(lines: Iterable[str]) -> Iterator[LedgerEntry]:
    """Entries of ledger or journal lines; a torn or foreign line is skipped."""
    for line in lines:
        if line.startswith("#") or not line.endswith("\n"):
            continue
        fields = line[:-1].split("\t")
        if len(fields) == 5:  # a ledger written before people were recorded
            fields.append("")
        if len(fields) == 6:  # a story without a version (plain text)
            fields.append("")
        if len(fields) != 7:
            continue
        story_id, text_hash, source_file, path, written, people, version = fields
        if not _inside_stories(_unescape(path)):
            continue  # a row edited by hand to point elsewhere: ingest never writes there
        yield LedgerEntry(
            _unescape(story_id),
            _unescape(text_hash),
            _unescape(source_file),
            _unescape(path),
            written,
            tuple(filter(None, people.split(","))),
            _unescape(version),
        )


def _inside_stories(path: str) -> bool:
    """Whether a ledger path names a story file under `stories/` (no `..`, not absolute)."""
    parts = path.split("/")
    return parts[0] == "stories" and path.endswith(".md") and ".." not in parts and "" not in parts


def read_ledger(content_dir: Path) -> dict[str, LedgerEntry]:
    """The ledger of `content/`, by story id; missing means nothing was ingested yet."""
    try:
        with (content_dir / LEDGER_NAME).open(encoding="utf-8", newline="\n") as lines:
            return {entry.id: entry for entry in _parse_rows(lines)}
    except FileNotFoundError:
        return {}


def write_ledger(content_dir: Path, entries: Iterable[LedgerEntry]) -> None:
    """Rewrite the ledger, sorted by id so that it diffs well under version control."""
    text = _LEDGER_HEADER + "".join(_row(e) for e in sorted(entries, key=lambda e: e.id))
    write_atomic(content_dir / LEDGER_NAME, text.encode("utf-8"))


class Journal:
    """One ingest run's record of announced writes; `close` turns it into the ledger.

    Use as a context manager: entering takes the site's lock and completes the journal a killed
    run left; leaving (also by an exception) writes the ledger and removes the journal, when
    `begin` made one.
    """

    def __init__(self, content_dir: Path, *, wait: bool = True) -> None:
        """Prepare a journal for `content_dir`; nothing happens on disk before `__enter__`.

        With `wait` false, entering raises `ContentBusy` at once when another ingest or review
        of the site holds the lock, instead of taking turns.
        """
        self.content_dir = content_dir
        self.wait = wait
        self.ledger: dict[str, LedgerEntry] = {}
        """The ledger as of the start of this run (after completing a killed run's journal)."""
        self._done: set[LedgerEntry] = set()
        self._lock = -1
        self._journal = -1

    def __enter__(self) -> Journal:
        self.content_dir.mkdir(parents=True, exist_ok=True)  # a site whose content/ is gone
        self._lock = os.open(self.content_dir, os.O_RDONLY)
        try:
            try:  # waits for another ingest of this site, unless told not to
                fcntl.flock(self._lock, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise ContentBusy(str(self.content_dir)) from None
            complete_journal(self.content_dir)
            self.ledger = read_ledger(self.content_dir)
        except BaseException:
            self._release()
            raise
        return self

    def begin(self) -> None:
        """Create the journal; call before the run's first write of anything in `content/`.

        A kill at any later moment leaves it behind for the next run to complete. Not sooner:
        a run that writes nothing leaves `content/` untouched, and a watcher sees the whole
        run's writes together.
        """
        if self._journal < 0:
            path = self.content_dir / JOURNAL_NAME
            flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND
            self._journal = os.open(path, flags, 0o666)
            os.write(self._journal, _JOURNAL_HEADER.encode("utf-8"))

    def announce(self, entry: LedgerEntry) -> None:
        """Record, before writing it, that the story file `entry.path` will hold `entry`."""
        self.begin()
        data = memoryview(_row(entry).encode("utf-8"))
        while data:  # one call in practice; a short write (a full disk) must not glue rows
            data = data[os.write(self._journal, data) :]

    def written(self, entry: LedgerEntry) -> None:
        """Note that the announced write of `entry` is done (spares a check when closing)."""
        self._done.add(entry)

    def __exit__(self, *exc_info: object) -> None:
        try:
            if self._journal >= 0:
                complete_journal(self.content_dir, self.ledger, self._done)
        finally:
            self._release()

    def _release(self) -> None:
        if self._journal >= 0:
            os.close(self._journal)
            self._journal = -1
        if self._lock >= 0:
            os.close(self._lock)  # closing the descriptor drops the lock
            self._lock = -1


def complete_journal(
    content_dir: Path,
    ledger: dict[str, LedgerEntry] | None = None,
    done: set[LedgerEntry] | frozenset[LedgerEntry] = frozenset(),
) -> None:
    """Fold a journal into the ledger, keeping only writes that happened; then remove it.

    `ledger` is the ledger the journal's run started from (read from disk when not given);
    `done` are entries known to be written. Every other announced write is checked on disk: it
    happened when the file holds what was announced, or, for a new story, when its file exists
    at all (the path was free when it was announced; an editor may have changed it since).
    """
    path = content_dir / JOURNAL_NAME
    try:
        with path.open(encoding="utf-8", newline="\n") as lines:
            announced = list(_parse_rows(lines))
    except FileNotFoundError:
        return
    if ledger is None:  # a killed run's journal: it may have left temporary files too
        ledger = read_ledger(content_dir)
        _remove_scratch(content_dir, announced)
    entries = dict(ledger)
    for entry in announced:
        if entry in done or _happened(content_dir, entry, entries.get(entry.id)):
            entries[entry.id] = entry
    write_ledger(content_dir, entries.values())
    path.unlink()


def _happened(content_dir: Path, entry: LedgerEntry, before: LedgerEntry | None) -> bool:
    try:
        data = (content_dir / entry.path).read_bytes()
    except OSError:
        return False
    return before is None or file_hash(data) == entry.written_hash


def _remove_scratch(content_dir: Path, announced: Iterable[LedgerEntry]) -> None:
    """Temporary files a killed run left where it was writing (they are never content)."""
    files = ("people.yaml", "organisations.yaml", "places.yaml", LEDGER_NAME)
    targets = {content_dir / name for name in files}
    targets.update(content_dir / entry.path for entry in announced)
    by_folder: dict[Path, set[str]] = {}
    for target in targets:
        by_folder.setdefault(target.parent, set()).add(target.name)
    for folder, names in by_folder.items():
        try:
            with os.scandir(folder) as listing:
                # `write_atomic` names them ".<name>.<random>.tmp"
                scratch = [e.path for e in listing if e.name.endswith(".tmp") and e.name[:1] == "."]
        except OSError:
            continue
        for path in scratch:
            name = os.path.basename(path)[1:]
            if any(name.startswith(f"{target}.") for target in names):
                Path(path).unlink(missing_ok=True)
