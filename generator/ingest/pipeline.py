"""`morgue ingest`: raw wire files -> story files in `content/`, one result per file.

The pipeline on one screen: find the files, tag them (in worker processes for large batches),
then decide and write in this process, in file-name order, so the outcome never depends on timing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.ingest.tagging import Prepared, Rejected, Tagger
from generator.ingest.writer import (
    LedgerEntry,
    append_people,
    file_hash,
    read_ledger,
    write_atomic,
    write_ledger,
)
from generator.models import Person
from generator.urls import story_content_path

MAX_FILE_BYTES = 64 * 1024 * 1024
PARALLEL_FROM = 200  # below this many files a worker pool costs more than it saves

STATUSES = ("ingested", "updated", "unchanged", "kept", "duplicate", "rejected")


@dataclass(frozen=True, slots=True)
class FileResult:
    """What ingest did with one raw file."""

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


@dataclass(slots=True)
class IngestReport:
    """Every file's result and the people added to the vocabulary."""

    results: list[FileResult] = field(default_factory=list)
    """One per raw file, in processing order."""
    new_people: list[Person] = field(default_factory=list)
    """People recorded in `people.yaml` as not yet reviewed."""

    def count(self, status: str) -> int:
        """How many files ended with `status`."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def warnings(self) -> int:
        """How many warnings all files raised."""
        return sum(len(r.warnings) for r in self.results)


def find_sources(sources: Sequence[Path]) -> list[Path]:
    """Raw files named or found (recursively, `*.txt`) under folders, in file-name order."""
    found: list[Path] = []
    for source in sources:
        found.extend(sorted(source.rglob("*.txt")) if source.is_dir() else [source])
    return sorted(dict.fromkeys(found), key=lambda p: (p.name, str(p)))


def ingest(
    content_dir: Path,
    sources: Sequence[Path],
    *,
    jobs: int | None = None,
    on_result: Callable[[FileResult], None] = lambda result: None,
) -> IngestReport:
    """Ingest raw files into `content_dir`; bad files are reported, never fatal to the batch."""
    files = find_sources(sources)
    tagger = Tagger(content_dir)  # a broken vocabulary stops here, before anything is written
    ledger = read_ledger(content_dir)
    by_text = {entry.text_hash: entry for entry in ledger.values()}
    taken = {entry.path for entry in ledger.values()}
    report = IngestReport()
    known_people = set(tagger.people.vocabulary)
    try:
        for source, prepared in _prepare_all(tagger, content_dir, files, jobs):
            result = _decide(content_dir, source, prepared, ledger, by_text, taken)
            if isinstance(prepared, Prepared) and result.status in ("ingested", "updated"):
                for person in prepared.new_people:
                    if person.slug not in known_people:
                        known_people.add(person.slug)
                        report.new_people.append(person)
            report.results.append(result)
            on_result(result)
    finally:  # what was written is recorded, even when the batch is interrupted
        write_ledger(content_dir, ledger.values())
        append_people(content_dir / "people.yaml", report.new_people)
    return report


def _read(source: Path) -> bytes | Rejected:
    try:
        if source.stat().st_size > MAX_FILE_BYTES:
            return Rejected(f"larger than {MAX_FILE_BYTES // 2**20} MiB")
        return source.read_bytes()
    except OSError as exc:
        return Rejected(f"cannot read: {exc.strerror}")


def _prepare_one(tagger: Tagger, source: Path) -> Prepared | Rejected:
    data = _read(source)
    return data if isinstance(data, Rejected) else tagger.prepare(data, source.name)


_worker_tagger: Tagger | None = None  # one per worker process, built by its initializer


def _start_worker(content_dir: Path) -> None:
    global _worker_tagger
    _worker_tagger = Tagger(content_dir)


def _prepare_in_worker(source: Path) -> Prepared | Rejected:
    assert _worker_tagger is not None
    return _prepare_one(_worker_tagger, source)


def _prepare_all(
    tagger: Tagger, content_dir: Path, files: list[Path], jobs: int | None
) -> Iterator[tuple[Path, Prepared | Rejected]]:
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(files) < PARALLEL_FROM:
        for source in files:
            yield source, _prepare_one(tagger, source)
        return
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(content_dir,)) as pool:
        chunk = max(1, min(256, len(files) // (jobs * 8)))
        yield from zip(files, pool.map(_prepare_in_worker, files, chunksize=chunk), strict=True)


def _decide(
    content_dir: Path,
    source: Path,
    prepared: Prepared | Rejected,
    ledger: dict[str, LedgerEntry],
    by_text: dict[str, LedgerEntry],
    taken: set[str],
) -> FileResult:
    if isinstance(prepared, Rejected):
        return FileResult(source, "rejected", prepared.reason)
    raw, warnings = prepared.raw, prepared.raw.warnings
    same_text = by_text.get(raw.text_hash)
    if same_text is not None and same_text.id != raw.id:
        return FileResult(
            source, "duplicate", f"same story as {same_text.source_file}", same_text.path, warnings
        )
    data = prepared.text.encode("utf-8")
    entry = ledger.get(raw.id)
    if entry is not None:
        path = content_dir / entry.path
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            return FileResult(
                source,
                "kept",
                "story file removed by an editor; not restored",
                entry.path,
                warnings,
            )
        if file_hash(current) != entry.written_hash:
            return FileResult(
                source, "kept", "edited by an editor; their version is kept", entry.path, warnings
            )
        if current == data:
            return FileResult(source, "unchanged", "", entry.path, warnings)
        rel, status = entry.path, "updated"
    else:
        rel, status = _free_path(content_dir, prepared, taken), "ingested"
    write_atomic(content_dir / rel, data)
    taken.add(rel)
    if entry is not None:
        by_text.pop(entry.text_hash, None)
    ledger[raw.id] = by_text[raw.text_hash] = LedgerEntry(
        raw.id, raw.text_hash, raw.source.file, rel, file_hash(data)
    )
    return FileResult(source, status, "", rel, warnings)


def _free_path(content_dir: Path, prepared: Prepared, taken: set[str]) -> str:
    """A path for a new story: its headline's slug, made unique within its day."""
    date, slug = prepared.raw.date, prepared.slug
    candidate, n = story_content_path(date, slug), 1
    while candidate in taken or (content_dir / candidate).exists():
        n += 1
        candidate = story_content_path(date, f"{slug}-{n}")
    return candidate
