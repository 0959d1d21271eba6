"""For each tagged story, in file-name order: write it, leave it, or say why not.

The rules, one per outcome: another file of the batch with the same id or the same text makes a
duplicate (or, with other text, an error: one story must never overwrite another, unless the two
are versions of one item, as a feed's and an agency's items say); a version older than the one
ingested is a duplicate; a story an editor changed or removed is kept; a story naming a person an
editor deleted is kept for review; a story whose bytes would not change is unchanged; else it is
written, announced in the journal first, so that the ledger always learns of it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from generator.ingest.ledger import Journal, LedgerEntry
from generator.ingest.story_file import yaml_scalar
from generator.ingest.tagging import Prepared, Rejected, Skipped
from generator.ingest.versions import is_older
from generator.ingest.writer import file_hash, write_atomic
from generator.models import RawStory
from generator.urls import story_content_path


@dataclass(frozen=True, slots=True)
class FileResult:
    """What ingest did with one story of a raw file (or with the file, when it holds none)."""

    source: Path
    """The raw file."""
    status: str
    """One of `STATUSES`."""
    message: str = ""
    """Why, for kept, duplicate and rejected files."""
    path: str = ""
    """The story file relative to `content/`, when there is one."""
    warnings: tuple[str, ...] = ()
    """Problems that did not stop the story."""
    item: str = ""
    """Which item of the file ("item 3", its guid), "" for a file of one story."""

    @property
    def name(self) -> str:
        """How messages name it: the file, and the item within it."""
        return f"{self.source} [{self.item}]" if self.item else str(self.source)


STATUSES = ("ingested", "updated", "unchanged", "kept", "duplicate", "skipped", "rejected")


@dataclass(slots=True)
class Decider:
    """The state decisions need: the ledger as it grows, paths taken, this batch's stories."""

    content_dir: Path
    """The site's `content/`."""
    journal: Journal
    """Where every write is announced before it is made."""
    people: Collection[str]
    """Slugs of `people.yaml` (after this batch's new people were added)."""
    before_write: Callable[[Prepared], None]
    """Called with a story before it is written: its new entries go to the vocabularies first."""
    ledger: dict[str, LedgerEntry] = field(default_factory=dict)
    """Story id -> what ingest wrote; updated as stories are written."""
    by_text: dict[str, LedgerEntry] = field(default_factory=dict)
    """Normalised text hash -> the story holding that text."""
    taken: set[str] = field(default_factory=set)
    """Story paths in use."""
    batch: dict[str, tuple[Path, str, str]] = field(default_factory=dict)
    """Story id -> (raw file, item, text hash) of the first story of this batch with that id."""

    def __post_init__(self) -> None:
        self.by_text = {entry.text_hash: entry for entry in self.ledger.values()}
        self.taken = {entry.path for entry in self.ledger.values()}

    def decide(self, source: Path, prepared: Prepared | Rejected | Skipped) -> FileResult:
        """Write the story of `source` or say why not."""
        if isinstance(prepared, Skipped):
            return FileResult(source, "skipped", prepared.reason)
        if isinstance(prepared, Rejected):
            return FileResult(source, "rejected", prepared.reason, item=prepared.item)
        return self._decide(source, prepared)

    def _decide(self, source: Path, prepared: Prepared) -> FileResult:
        raw, warnings = prepared.raw, prepared.raw.warnings
        item = raw.meta.item

        def result(status: str, why: str = "", path: str = "") -> FileResult:
            return FileResult(source, status, why, path, warnings, item)

        clash = self._clash(source, raw)
        if clash is not None:
            return clash
        entry = self.ledger.get(raw.id)
        if entry is not None and is_older(raw.source.version, entry.version):
            version, ingested = raw.source.version, entry.version
            why = f"version {version} is older than {ingested}, ingested from {entry.source_file}"
            return result("duplicate", why, entry.path)
        data = prepared.text.encode("utf-8")
        if entry is None:
            rel, status = self._path_for_new(prepared, data)
            if status == "kept":
                why = "a story file with this id is there, unknown to the ledger; left as it is"
                return result("kept", why, rel)
        else:
            try:
                current = (self.content_dir / entry.path).read_bytes()
            except FileNotFoundError:
                return result("kept", "story file removed by an editor; not restored", entry.path)
            if file_hash(current) != entry.written_hash:
                return result("kept", "edited by an editor; their version is kept", entry.path)
            gone = [slug for slug in entry.people if slug not in self.people]
            if gone and current != data:
                why = f"names {', '.join(gone)}, no longer in people.yaml; left for review"
                return result("kept", why, entry.path)
            rel, status = entry.path, "updated" if current != data else "unchanged"
        new = LedgerEntry(
            raw.id,
            raw.text_hash,
            raw.source.file,
            rel,
            file_hash(data),
            prepared.people,
            raw.source.version,
        )
        if status == "unchanged":
            # A ledger from before people were recorded, or one that lost this story's row
            # (its file is ingest's own): record it now.
            if new != entry:
                self.journal.announce(new)
                self._remember(new)
            return result(status, "", rel)
        self.journal.begin()  # before the vocabularies: they are writes of this run too
        self.before_write(prepared)
        self.journal.announce(new)
        write_atomic(self.content_dir / rel, data)
        self._remember(new)
        return result(status, "", rel)

    def _clash(self, source: Path, raw: RawStory) -> FileResult | None:
        """A duplicate of a story seen before, or a story id another story of the batch holds."""
        warnings, item = raw.warnings, raw.meta.item
        first = self.batch.setdefault(raw.id, (source, item, raw.text_hash))
        if first[:2] != (source, item):  # the same file name in two folders, or one story twice
            if first[2] == raw.text_hash:
                path = entry.path if (entry := self.ledger.get(raw.id)) else ""
                why = f"same story as {_named(first[0], first[1])}"
                return FileResult(source, "duplicate", why, path, warnings, item)
            if not raw.source.version:
                why = (
                    f"story id {raw.id} is taken by {_named(first[0], first[1])} in this batch; "
                    "rename one file"
                )
                return FileResult(source, "rejected", why, "", warnings, item)
            # Two versions of one item: the ledger's version decides which stays.
        same_text = self.by_text.get(raw.text_hash)
        if same_text is not None and (
            same_text.id != raw.id or same_text.source_file != raw.source.file
        ):
            why = f"same story as {same_text.source_file}"
            return FileResult(source, "duplicate", why, same_text.path, warnings, item)
        return None

    def _remember(self, entry: LedgerEntry) -> None:
        self.journal.written(entry)
        old = self.ledger.get(entry.id)
        if old is not None:
            self.by_text.pop(old.text_hash, None)
        self.ledger[entry.id] = self.by_text[entry.text_hash] = entry
        self.taken.add(entry.path)

    def _path_for_new(self, prepared: Prepared, data: bytes) -> tuple[str, str]:
        """(path, status) for a story the ledger does not know: a free path (its headline's slug,
        made unique within its day) to write, "ingested"; or the file that already holds the
        story, when the ledger lost it (deleted, or a journal lost in a crash): "unchanged" when
        it holds exactly these bytes, "kept" when it holds this story id in other words."""
        date, slug = prepared.raw.date, prepared.slug
        candidate, n = story_content_path(date, slug), 1
        while candidate in self.taken or (self.content_dir / candidate).exists():
            if candidate not in self.taken:
                found = _holds(self.content_dir / candidate, prepared.raw.id, data)
                if found:
                    return candidate, found
            n += 1
            candidate = story_content_path(date, f"{slug}-{n}")
        return candidate, "ingested"


def _holds(path: Path, story_id: str, data: bytes) -> str:
    """What the file at `path` is to a new story: "unchanged" when it is exactly `data`, "kept"
    when its front matter holds `story_id` in other words, "" when it is another story."""
    try:
        current = path.read_bytes()
    except OSError:
        return ""
    if current == data:
        return "unchanged"
    head = current[:4096].decode("utf-8", "replace")
    ids = {f"\nid: {story_id}\n", f"\nid: {yaml_scalar(story_id)}\n"}
    return "kept" if any(line in head for line in ids) else ""


def _named(source: Path, item: str) -> str:
    return f"{source} [{item}]" if item else str(source)
