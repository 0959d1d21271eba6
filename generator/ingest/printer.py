"""What `morgue ingest` prints: progress on a terminal, plain lines elsewhere, one summary line."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from types import TracebackType

import click

from generator.ingest.pipeline import FileResult, IngestReport
from generator.interrupts import Interrupted, signal_name

PROGRESS_FROM = 50  # a batch smaller than this finishes before a bar would help


class IngestPrinter:
    """Shows ingest's per-story results; a progress bar (of files) when stderr is a terminal."""

    def __init__(self, total: int, *, verbose: bool) -> None:
        self.verbose = verbose
        self.total = total
        self.done: list[FileResult] = []  # what a summary of an interrupted batch counts
        self.files_done = 0
        self.bar = None
        if total >= PROGRESS_FROM and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="Ingesting", file=sys.stderr)

    def __enter__(self) -> IngestPrinter:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, exc, tb)

    def show(self, result: FileResult) -> None:
        """Print what a user must see of one story's (or file's) result."""
        if not self.done or self.done[-1].source != result.source:
            self.files_done += 1  # a file's stories come one after the other
            if self.bar is not None:
                self.bar.update(1)
        self.done.append(result)
        name = result.name
        for warning in result.warnings:
            self._echo(f"warning: {name}: {warning}")
        if result.status == "rejected":
            self._echo(f"error: {name}: {result.message}")
        elif result.status in ("kept", "duplicate"):
            self._echo(f"{result.status}: {name}: {result.message} ({result.path})")
        elif result.status == "skipped":
            self._echo(f"skipped: {name}: {result.message}")
        elif self.verbose:
            self._echo(f"{result.status}: {name} -> {result.path}")

    def _echo(self, line: str) -> None:
        # Above the bar, not through it: click redraws the bar on its next update.
        if self.bar is not None:
            click.echo("\r\033[K", nl=False, err=True)
        click.echo(line, err=True)

    def summary(self, report: IngestReport) -> None:
        """The one summary line of a batch, then the people and organisations waiting for
        review."""
        for notice in report.notices:  # about the site, not one file: people deleted or merged
            self._echo(f"warning: {notice}")
        click.echo(f"{len(report.results)} items: {_counts(report.results)}")
        waiting = (("people", report.new_people), ("organisations", report.new_organisations))
        for kind, entries in waiting:
            if not entries:
                continue
            names = ", ".join(entry.name for entry in entries[:10])
            more = len(entries) - 10
            tail = f" and {more} more" if more > 0 else ""
            click.echo(
                f"{len(entries)} new {kind} to review (morgue {kind} list --unreviewed): "
                f"{names}{tail}"
            )

    def interrupted(self, stop: Interrupted) -> None:
        """The summary line of a batch stopped by a signal: how far it got. The stories it
        counts are done (written and recorded); a re-run does the rest."""
        how = signal_name(stop.signum)
        click.echo(
            f"interrupted ({how}): {self.files_done} of {self.total} files read, "
            f"{len(self.done)} items done: {_counts(self.done)}; "
            "run the same command again to finish"
        )


def _counts(results: Sequence[FileResult]) -> str:
    """How many stories ended each way, warnings and errors: the body of a summary line."""
    tally = Counter(result.status for result in results)
    warnings = sum(len(result.warnings) for result in results)
    done = ", ".join(
        f"{tally[s]} {s}" for s in ("ingested", "updated", "unchanged", "kept", "duplicate")
    )
    if tally["skipped"]:  # files that hold no story: an empty feed, a package of references
        done += f", {tally['skipped']} skipped"
    return f"{done}, {warnings} warnings, {tally['rejected']} errors"
