"""`morgue build`: the build pipeline with its printer; what stopped it becomes an exit code."""

from __future__ import annotations

import click

from generator.build.output import OutputBusy, OutputRefused
from generator.build.pipeline import BuildError, build
from generator.build.printer import BuildPrinter
from generator.commands import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from generator.config import SiteConfig
from generator.interrupts import Interrupted


def run_build(config: SiteConfig, *, jobs: int | None, strict: bool, full: bool) -> int:
    """Build the site of `config`, showing its stages and a summary line; the exit code."""
    printer = BuildPrinter(root=config.root)  # files named as a terminal can open them
    try:
        report = build(config, jobs=jobs, strict=strict, reporter=printer, incremental=not full)
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
    click.echo(report.summary())
    return EXIT_OK if report.ok else EXIT_REJECTED
