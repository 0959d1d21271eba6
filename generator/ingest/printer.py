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
    """Shows ingest's per-file results; a progress bar when stderr is a terminal."""

    def __init__(self, total: int, *, verbose: bool) -> None:
        self.verbose = verbose
        self.total = total
        self.done: list[FileResult] = []  # what a summary of an interrupted batch counts
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
        """Print what a user must see of one file's result."""
        self.done.append(result)
        if self.bar is not None:
            self.bar.update(1)
        name = str(result.source)
        for warning in result.warnings:
            self._echo(f"warning: {name}: {warning}")
        if result.status == "rejected":
            self._echo(f"error: {name}: {result.message}")
        elif result.status in ("kept", "duplicate"):
            self._echo(f"{result.status}: {name}: {result.message} ({result.path})")
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
        click.echo(f"{len(report.results)} files: {_counts(report.results)}")
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
        """The summary line of a batch stopped by a signal: how far it got. The files it names
        are done (their stories written and recorded); a re-run does the rest."""
        how = signal_name(stop.signum)
        click.echo(
            f"interrupted ({how}): {len(self.done)} of {self.total} files done: "
            f"{_counts(self.done)}; run the same command again to finish"
        )


def _counts(results: Sequence[FileResult]) -> str:
    """How many files ended each way, warnings and errors: the body of a summary line."""
    tally = Counter(result.status for result in results)
    warnings = sum(len(result.warnings) for result in results)
    done = ", ".join(
        f"{tally[s]} {s}" for s in ("ingested", "updated", "unchanged", "kept", "duplicate")
    )
    return f"{done}, {warnings} warnings, {tally['rejected']} errors"
