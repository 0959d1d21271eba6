"""A review plan carried out: the stories, the ledger, then the vocabulary, under ingest's lock.

Order makes it crash-safe. Every file is replaced whole (a temporary file and a rename), so a
kill leaves each one old or new. The stories come first, the vocabulary last: a run stopped
half-way leaves the vocabulary as it was, and running the command again moves the stories that
are left (a story already moved changes no more) and then writes the vocabulary. The vocabulary
is not written while any story that should move could not be.

The ledger (`content/ingested.tsv`) stays true through ingest's own journal: a story that was
still ingest's own (its bytes are what ingest wrote) is announced with the hash of its new bytes
before it is written, so it stays ingest's own and wire corrections keep reaching it; the people
the ledger records for each story move as the story does, so a later ingest sees no person
"retired" by the review. A kill between announcement and write is settled by the next ingest or
review, which keeps the announced entries the disk confirms.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.content import ContentFileError, decode_story, story_files
from generator.ingest.ledger import ContentBusy, Journal, LedgerEntry
from generator.ingest.writer import file_hash, write_atomic
from generator.interrupts import held_back
from generator.models import Problem, TermKind
from generator.review.front_matter import Refusal, retag_front_matter
from generator.review.plans import Command, Confirm, Plan, make_plan
from generator.review.retag import Retag
from generator.review.vocabulary import State, edited_text, load_state, matches
from generator.wording import counted


@dataclass(slots=True)
class ReviewReport:
    """What a review command did."""

    summary: str = ""
    """One line: the vocabulary file, what changed in it, how many stories changed."""
    changed: list[str] = field(default_factory=list)
    """The story files rewritten, relative to the site."""
    problems: list[Problem] = field(default_factory=list)
    """Stories that should have moved and could not; the vocabulary was then left as it was."""
    unread: list[Problem] = field(default_factory=list)
    """Story files that could not be read (broken YAML, say): left as they are; the build
    reports them too, and once fixed, running the command again moves them."""


def review(
    root: Path,
    kind: TermKind,
    command: Command,
    on_story: Callable[[str], None] = lambda rel: None,
) -> ReviewReport | Problem:
    """Carry out `command` on the vocabulary of `kind` of the site at `root`.

    Returns the report, or the one problem that stopped it before anything was written (an
    unknown slug, a broken vocabulary, another ingest or review running). `on_story` hears of
    every story file written, as it is written.
    """
    content_dir = root / "content"
    try:
        with Journal(content_dir, wait=False) as journal:
            return _review(root, kind, command, journal, on_story)
    except ContentBusy:
        message = "an ingest or another review of this site is running; try again when it ends"
        return Problem("content", 0, "review", message)


def _review(
    root: Path,
    kind: TermKind,
    command: Command,
    journal: Journal,
    on_story: Callable[[str], None],
) -> ReviewReport | Problem:
    path = root / "content" / kind.vocabulary_file
    named = f"content/{kind.vocabulary_file}"
    try:
        state = load_state(kind, path)
    except ContentFileError as exc:
        return exc.problem.within(root)
    plan = make_plan(command, state)
    if isinstance(plan, Refusal):
        return Problem(named, 0, "vocabulary", plan.reason)
    text = edited_text(kind, path, plan.edits, plan.expected) if plan.edits else None
    if isinstance(text, Refusal):
        return Problem(named, 0, "vocabulary", text.reason)
    report = ReviewReport()
    if plan.retag.moves:
        settled = _move_stories(root, kind, plan.retag, journal, report, on_story)
        _move_ledger(kind, plan.retag, journal, settled)
    if text is not None and not report.problems:
        journal.begin()  # a kill from here on leaves a journal; the next run clears its scratch
        problem = write_atomic(
            path, text.encode("utf-8"), lambda tmp: _differs(kind, tmp, plan.expected)
        )
        if problem is not None:
            return Problem(named, 0, "vocabulary", problem)
    report.summary = _summary(kind, plan, command, report)
    return report


def _differs(kind: TermKind, path: Path, expected: State) -> str | None:
    """The write's check: None when the file at `path` holds `expected`."""
    return None if matches(kind, path, expected) else "it would not read back as meant"


def _move_stories(
    root: Path,
    kind: TermKind,
    retag: Retag,
    journal: Journal,
    report: ReviewReport,
    on_story: Callable[[str], None],
) -> set[str]:
    """Rewrite every story whose list of `kind` the retag moves; the paths it rewrote or failed
    to, whose ledger entries are settled (announced, or to be left as they are)."""
    content_dir = root / "content"
    by_path = {entry.path: entry for entry in journal.ledger.values()}
    needles = [slug.encode("utf-8") for slug in retag.moves]
    settled: set[str] = set()
    for story in story_files(content_dir):
        rel = story.relative_to(content_dir).as_posix()
        try:
            data = story.read_bytes()
        except OSError as exc:
            settled.add(rel)
            report.unread.append(Problem(f"content/{rel}", 0, "content", _why("read", exc)))
            continue
        if not any(needle in data for needle in needles):
            continue  # cheap: most stories name none of the slugs
        new = _retagged(data, story, root, kind, retag)
        if new is None:
            continue
        settled.add(rel)
        if isinstance(new, Unread):
            report.unread.append(new.problem)
            continue
        if isinstance(new, Problem):
            report.problems.append(new)
            continue
        entry = _moved_entry(by_path.get(rel), data, new, kind, retag)
        with held_back():  # a story written is a story reported
            if entry is not None:
                journal.announce(entry)
            else:
                journal.begin()
            try:
                write_atomic(story, new)
            except OSError as exc:
                report.problems.append(Problem(f"content/{rel}", 0, "content", _why("write", exc)))
                continue
            if entry is not None:
                journal.written(entry)
            report.changed.append(f"content/{rel}")
            on_story(f"content/{rel}")
    return settled


@dataclass(frozen=True, slots=True)
class Unread:
    """A story file that cannot be read as a story."""

    problem: Problem


def _retagged(
    data: bytes, path: Path, root: Path, kind: TermKind, retag: Retag
) -> bytes | Problem | Unread | None:
    """The story's new bytes; None when its list names nothing the retag moves."""
    content_dir = root / "content"
    rel = f"content/{path.relative_to(content_dir).as_posix()}"
    try:
        old = decode_story(data, path, content_dir)
    except ContentFileError as exc:
        return Unread(exc.problem.within(root))
    if not retag.touches(old.terms(kind)):
        return None
    text = retag_front_matter(data.decode("utf-8"), kind.value, retag)
    if isinstance(text, Refusal):
        return Problem(rel, 0, "content", f"left as it is: {text.reason}")
    moved = retag.apply(old.terms(kind))
    expected = (
        dataclasses.replace(old, people=moved)
        if kind == TermKind.PEOPLE
        else dataclasses.replace(old, organisations=moved)
    )
    new = text.encode("utf-8")
    try:
        story = decode_story(new, path, content_dir)
    except ContentFileError:
        story = None
    if story != expected or story is None or story.extra != old.extra:
        return Problem(rel, 0, "content", "left as it is: the edit would not read back as meant")
    return new


def _moved_entry(
    entry: LedgerEntry | None, old: bytes, new: bytes, kind: TermKind, retag: Retag
) -> LedgerEntry | None:
    """The ledger entry of a story rewritten from `old` to `new`, when it changes.

    A story that was ingest's own stays so (the hash of its new bytes); an editor's stays the
    editor's (the hash ingest wrote, which its bytes no longer match)."""
    if entry is None:
        return None
    written = file_hash(new) if file_hash(old) == entry.written_hash else entry.written_hash
    moved = dataclasses.replace(entry, written_hash=written, people=_people(entry, kind, retag))
    return None if moved == entry else moved


def _people(entry: LedgerEntry, kind: TermKind, retag: Retag) -> tuple[str, ...]:
    """The people the ledger records, moved when the review is of people."""
    return retag.apply(entry.people) if kind == TermKind.PEOPLE else entry.people


def _move_ledger(kind: TermKind, retag: Retag, journal: Journal, settled: set[str]) -> None:
    """Move the recorded people of stories the review did not rewrite (an editor's story that
    no longer names them, a run that was stopped before it recorded them), so that no later
    ingest takes a merged or rejected person for one an editor deleted."""
    for entry in list(journal.ledger.values()):
        people = _people(entry, kind, retag)
        if people == entry.people or entry.path in settled:
            continue
        moved = dataclasses.replace(entry, people=people)
        with held_back():
            journal.announce(moved)
            journal.written(moved)


def _summary(kind: TermKind, plan: Plan, command: Command, report: ReviewReport) -> str:
    what = "; ".join(part for part in (plan.done, plan.already) if part)
    line = f"{kind.vocabulary_file}: {what}"
    if not isinstance(command, Confirm):
        line += f"; {counted(len(report.changed), 'story', 'stories')} changed"
    if report.problems:
        line += (
            f"; {counted(len(report.problems), 'story', 'stories')} could not be changed, so "
            f"{kind.vocabulary_file} was left as it was: fix them and run the command again"
        )
    return line


def _why(what: str, exc: OSError) -> str:
    return f"cannot {what}: {exc.strerror or exc}"
