"""`morgue ingest`: raw wire files -> story files in `content/`, one result per story.

The pipeline on one screen: find the files; read each in its format (`formats/`: one file may
hold many stories, as a feed does); learn the new people, organisations and dateline cities of
the whole batch and add them to the vocabularies; then tag every story against those
vocabularies (in worker processes for large batches) and decide and write in this process, in
file-name order and item order within a file.
Tagging never depends on the order of the batch, and the outcome never on timing. Every story
write is announced in the journal first (`ledger.py`): whenever the run stops, kill -9
included, `content/` is consistent and the next run completes what is left.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.content import load_organisations, load_people, load_tombstones
from generator.ingest.decide import STATUSES, Decider, FileResult
from generator.ingest.learn import PendingVocabulary, gather, retired_people, retirement_notices
from generator.ingest.ledger import Journal
from generator.ingest.sources import Found, read_source, search_sources
from generator.ingest.tagging import (
    BatchVocabulary,
    Learned,
    Prepared,
    Rejected,
    Retired,
    Skipped,
    Tagger,
)
from generator.ingest.writer import NewEntry
from generator.interrupts import held_back
from generator.models import Organisation, Person
from generator.workers import worker_pool, worker_state

__all__ = ["STATUSES", "FileResult", "IngestReport", "ingest"]

PARALLEL_FROM = 200  # below this many files a worker pool costs more than it saves


@dataclass(slots=True)
class IngestReport:
    """Every file's result and what the vocabularies gained."""

    results: list[FileResult] = field(default_factory=list)
    """One per story of a raw file (per file when it holds none, and per unreadable folder),
    in processing order."""
    new_people: list[Person] = field(default_factory=list)
    """People recorded in `people.yaml` as not yet reviewed."""
    new_organisations: list[Organisation] = field(default_factory=list)
    """Organisations recorded in `organisations.yaml` as not yet reviewed."""
    new_places: list[NewEntry] = field(default_factory=list)
    """Dateline cities recorded in `places.yaml` as not yet reviewed."""
    notices: list[str] = field(default_factory=list)
    """Warnings about the site rather than a file: people deleted or merged by an editor."""

    def count(self, status: str) -> int:
        """How many stories (or files) ended with `status`."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def warnings(self) -> int:
        """How many warnings all files raised."""
        return sum(len(r.warnings) for r in self.results) + len(self.notices)


def ingest(
    content_dir: Path,
    sources: Sequence[Path] | Found,
    *,
    jobs: int | None = None,
    on_result: Callable[[FileResult], None] = lambda result: None,
) -> IngestReport:
    """Ingest raw files (paths, or what `search_sources` found under them, when the caller has
    searched already) into `content_dir`; bad files are reported, never fatal to the batch."""
    found = sources if isinstance(sources, Found) else search_sources(sources)
    report = IngestReport()

    def emit(result: FileResult) -> None:
        report.results.append(result)
        on_result(result)

    for problem in found.problems:
        emit(FileResult(problem.path, "rejected", problem.reason))
    files, jobs = found.files, jobs or os.cpu_count() or 1
    with Journal(content_dir) as journal:
        # A broken vocabulary stops here, before anything is written.
        vocabulary = load_people(content_dir / "people.yaml")
        organisations = load_organisations(content_dir / "organisations.yaml")
        gone = retired_people(journal.ledger, vocabulary)
        report.notices.extend(retirement_notices(gone, vocabulary))
        retired = Retired(  # rejected and merged entries are never detected as new again
            people=frozenset(gone).union(load_tombstones(content_dir / "people.yaml")),
            organisations=frozenset(load_tombstones(content_dir / "organisations.yaml")),
        )
        known = {entry.id: entry.text_hash for entry in journal.ledger.values()}
        tagger = Tagger(content_dir, retired, known)
        learned = dict(_run(tagger, content_dir, (retired, known, None), files, jobs, "learn"))
        batch = gather(
            item
            for items in learned.values()
            if not isinstance(items, Skipped)
            for item in items
            if isinstance(item, Learned)
        )
        if batch:
            tagger = Tagger(content_dir, retired, None, batch)
        # What the whole batch teaches goes into the vocabularies just before the first story
        # is written: a story never names a person or place its site does not know, whenever
        # the run stops, and a watcher sees the vocabularies and the story in one burst.
        pending = PendingVocabulary(content_dir, set(vocabulary), set(organisations), batch)
        decider = Decider(content_dir, journal, pending.people, pending.write, dict(journal.ledger))
        to_tag = [source for source in files if _has_story(learned[source])]
        tagged = _run(tagger, content_dir, (retired, {}, batch), to_tag, jobs, "prepare")
        with contextlib.closing(tagged):  # the pool ends here, whatever stops the loop
            for source in files:
                items = learned[source]
                if _has_story(items):
                    _, items = next(tagged)
                for item in [items] if isinstance(items, Skipped) else items:
                    assert not isinstance(item, Learned)
                    with held_back():  # a story written is a story reported, even on a stop
                        emit(decider.decide(source, item))
    report.new_people.extend(Person(e.slug, e.name, reviewed=False) for e in pending.people_added)
    report.new_organisations.extend(
        Organisation(e.slug, e.name, reviewed=False) for e in pending.organisations_added
    )
    report.new_places.extend(pending.places_added)
    return report


Results = Sequence[Learned | Prepared | Rejected] | Skipped
"""What one raw file gives: a result per item, or why it holds no story."""


def _has_story(items: Results) -> bool:
    return not isinstance(items, Skipped) and any(
        isinstance(item, Learned | Prepared) for item in items
    )


def _read_and(task: str, tagger: Tagger, source: Path) -> Results:
    data = read_source(source)
    if not isinstance(data, bytes):
        return [Rejected(data.reason)]
    if task == "learn":
        return tagger.learn(data, source.name)
    return tagger.prepare(data, source.name)


def _in_worker(task: str, source: Path) -> Results:
    return _read_and(task, worker_state(Tagger), source)


def _run(
    tagger: Tagger,
    content_dir: Path,
    state: tuple[Retired, Mapping[str, str], BatchVocabulary | None],
    files: list[Path],
    jobs: int,
    task: str,
) -> Generator[tuple[Path, Results], None, None]:
    """`task` ("learn" or "prepare") on every file, in order; in worker processes when many."""
    if jobs == 1 or len(files) < PARALLEL_FROM:
        for source in files:
            yield source, _read_and(task, tagger, source)
        return
    work = functools.partial(_in_worker, task)
    with worker_pool(jobs, Tagger, (content_dir, *state)) as pool:  # workers die with ingest
        chunk = max(1, min(256, len(files) // (jobs * 8)))
        yield from zip(files, pool.map(work, files, chunksize=chunk), strict=True)
