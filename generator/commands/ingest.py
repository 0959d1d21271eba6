"""`morgue ingest`: the ingest pipeline with its printer; what stopped it becomes an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from generator.commands import EXIT_OK, EXIT_REJECTED
from generator.content import ContentFileError
from generator.ingest.pipeline import ingest
from generator.ingest.printer import IngestPrinter
from generator.ingest.sources import search_sources
from generator.interrupts import Interrupted


def run_ingest(
    content_dir: Path, sources: Sequence[Path], *, jobs: int | None, verbose: bool
) -> int:
    """Ingest `sources` into `content_dir`, showing each file and a summary; the exit code."""
    found = search_sources(sources)  # once: its count sizes the progress bar
    printer = IngestPrinter(len(found.files), verbose=verbose)
    try:
        with printer:
            report = ingest(content_dir, found, jobs=jobs, on_result=printer.show)
    except ContentFileError as exc:  # a vocabulary or the ledger cannot be read
        click.echo(f"error: {exc}", err=True)
        return EXIT_REJECTED
    except Interrupted as stop:  # what was written stays: say how far the batch got
        printer.interrupted(stop)
        return stop.exit_code
    printer.summary(report)
    return EXIT_REJECTED if report.count("rejected") else EXIT_OK
