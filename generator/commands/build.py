"""`morgue build`: the build pipeline with its printer; what stopped it becomes an exit code."""

from __future__ import annotations

import click

from generator.build.output import OutputBusy, OutputRefused
from generator.build.printer import BuildPrinter
from generator.build.report import BuildError, BuildReport, Clock, unchanged_report
from generator.build.state import Scan
from generator.commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from generator.config import SiteConfig
from generator.ending import keep_until_exit
from generator.interrupts import Interrupted
from generator.wording import counted


class QuietPrinter(BuildPrinter):
    """The printer of `build -q`: warnings and errors, no stages and no progress bar."""

    def stage(self, name: str, total: int = 0) -> None:
        self._stage, self._total, self._done = name, total, 0


def summary_line(report: BuildReport) -> str:
    """The line a build ends with, every count named: "1,026 stories, 1,484 files (pages,
    feeds, sitemaps), 1 warning, 0 errors in 2.31 s" (`morgue check` counts HTML pages and
    says so)."""
    redone = f", {report.rendered:,} re-rendered" if report.incremental else ""
    return (
        f"{counted(report.stories, 'story', 'stories')}, "
        f"{counted(report.pages, 'file')} (pages, feeds, sitemaps{redone}), "
        f"{counted(len(report.warnings), 'warning')}, {counted(len(report.errors), 'error')} "
        f"in {report.seconds:.2f} s"
    )


def run_build(
    config: SiteConfig, *, jobs: int | None, strict: bool, full: bool, quiet: bool = False
) -> int:
    """Build the site of `config`, showing its stages and a summary line; the exit code."""
    # Files named as a terminal can open them.
    printer = QuietPrinter(root=config.root) if quiet else BuildPrinter(root=config.root)
    scan = Scan(config)
    try:
        report = None if full else unchanged_report(scan, strict, printer, Clock())
        if report is None:  # only now the rendering code: most of what nothing to do costs
            from generator.build.pipeline import build

            report = build(
                config, jobs=jobs, strict=strict, reporter=printer, incremental=not full, scan=scan
            )
    except OutputRefused as exc:  # the folder changed hands after the command claimed it
        printer.finish()
        click.echo(f"error: {exc}", err=True)
        return EXIT_USAGE
    except (BuildError, OutputBusy) as exc:
        printer.finish()
        click.echo(f"error: {exc}", err=True)
        click.echo("build failed: the previous site was left as it was", err=True)
        return EXIT_REJECTED
    except OSError as exc:  # a full disk, a folder gone read-only: no site was half-made
        printer.finish()
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        click.echo("build failed: the previous site was left as it was", err=True)
        return EXIT_REJECTED
    except Interrupted as stop:  # the staged output is gone already: say how far it got
        printer.interrupted(stop)
        return stop.exit_code
    printer.finish()
    click.echo(summary_line(report))
    keep_until_exit(report)  # freeing the site it holds, object by object, would be for nothing
    return EXIT_OK if report.ok else EXIT_REJECTED
