"""How `morgue build` shows its progress: stages and a bar on a terminal, plain lines elsewhere.

The build only calls a `Reporter`; `BuildPrinter` is the one the CLI passes. Everything goes
to stderr so that stdout stays free for the summary line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Protocol, TextIO

import click

from generator.interrupts import Interrupted, signal_name
from generator.models import Problem


class Reporter(Protocol):
    """How the build tells its progress; the CLI decides how to show it."""

    def stage(self, name: str, total: int = 0) -> None:
        """A stage starts; with `total` > 0, `advance` will count up to it."""

    def advance(self, count: int) -> None:
        """`count` more items of the current stage are done."""

    def problem(self, problem: Problem, *, error: bool) -> None:
        """A warning or an error to show now."""


class SilentReporter:
    """A reporter that shows nothing (library use, tests)."""

    def stage(self, name: str, total: int = 0) -> None:
        """Ignore the stage."""

    def advance(self, count: int) -> None:
        """Ignore the progress."""

    def problem(self, problem: Problem, *, error: bool) -> None:
        """Ignore the problem (it is in the report anyway)."""


class BuildPrinter:
    """A `Reporter` for the command line."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        interactive: bool | None = None,
        root: Path | None = None,
    ) -> None:
        self.stream = stream or sys.stderr
        self.root = root  # the site folder: files are named under it, as a terminal can open them
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self._bar: Any = None
        self._stage, self._total, self._done = "", 0, 0  # for the line of an interrupted build

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None

    def stage(self, name: str, total: int = 0) -> None:
        """Start a stage: a progress bar on a terminal when it counts items, else one line."""
        self._close_bar()
        self._stage, self._total, self._done = name, total, 0
        if self.interactive and total > 0:
            self._bar = click.progressbar(length=total, label=name, file=self.stream, width=30)
            self._bar.render_progress()
        else:
            suffix = f" ({total})" if total else ""
            click.echo(f"{name}{suffix}", file=self.stream)

    def advance(self, count: int) -> None:
        """Move the bar on; without a terminal, say nothing (CI logs stay short)."""
        self._done += count
        if self._bar is not None:
            self._bar.update(count)

    def problem(self, problem: Problem, *, error: bool) -> None:
        """Print a warning or an error on its own line, above the bar."""
        if self._bar is not None:
            click.echo("\r\033[K", nl=False, file=self.stream)
        text = problem.located(self.root)
        click.echo(f"{'error' if error else 'warning'}: {text}", file=self.stream)

    def finish(self) -> None:
        """Close a bar that is still open (call once the build returned or failed)."""
        self._close_bar()

    def interrupted(self, stop: Interrupted) -> None:
        """Close the bar and print the summary line of a build stopped by a signal: the stage it
        reached and how far into it. Output is staged, so nothing half-built was published."""
        self._close_bar()
        how = signal_name(stop.signum)
        where = f"during {self._stage.lower()}" if self._stage else "before it started"
        if self._total:
            where += f" ({self._done} of {self._total} done)"
        click.echo(f"interrupted ({how}): build stopped {where}; no partial site was published")
