"""What a build reports, and the build that finds nothing changed: the light end of the build.

A build whose inputs are all as the last one left them reads no story and renders nothing: it
says again what the last build said (`unchanged_report`). This module and what it imports are
all that such a build loads: loading the rendering code (`pipeline.py`, Jinja, Markdown) would
otherwise be most of its time, so `morgue build` imports that only when there is work.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.build.printer import Reporter
from generator.build.state import Scan
from generator.models import Problem

if TYPE_CHECKING:
    from generator.build import search
    from generator.build.work import Previous


class BuildError(Exception):
    """The build could not finish (a template error, a busy output folder); the old site stays."""

    def __init__(self, problems: Sequence[Problem], root: Path | None = None) -> None:
        super().__init__("\n".join(problem.located(root) for problem in problems))
        self.problems = tuple(problems)
        """Why, one problem a line; site-relative files lie under `root`."""


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did."""

    stories: int
    """Stories built."""
    pages: int
    """Files of the site: pages, feeds, sitemaps (static files not counted)."""
    rendered: int
    """Pages and feeds rendered by this build (all of them, unless it was incremental)."""
    warnings: tuple[Problem, ...]
    """Problems that did not fail the build."""
    errors: tuple[Problem, ...]
    """Problems that fail the build (exit code 1); the site was still written without them."""
    seconds: float
    """Wall-clock time of the whole build."""
    incremental: bool = False
    """Whether the build started from the previous build's output and rendered only changes."""
    timings: Mapping[str, float] = field(default_factory=dict)
    """Seconds per stage (wall clock) and per activity inside rendering (CPU, all workers)."""
    changed: tuple[str, ...] = ()
    """Site URLs (and output paths of removed files) this build rendered or removed."""
    search_update: search.SearchUpdate | None = None
    """What the search index still needs (a build told not to index leaves it to its caller)."""
    previous: Previous | None = field(default=None, repr=False, compare=False)
    """What the next build of a preview starts from."""

    @property
    def ok(self) -> bool:
        """True when nothing failed."""
        return not self.errors

    def summary(self) -> str:
        """The one line a build ends with."""
        redone = f" ({self.rendered} re-rendered)" if self.incremental else ""
        return (
            f"{self.stories} stories, {self.pages} pages{redone}, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors in {self.seconds:.2f} s"
        )


class Clock:
    """Wall-clock laps between the stages of a build."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        """When the build started."""
        self.timings: dict[str, float] = {}
        """Seconds per stage, and per activity inside rendering."""

    def lap(self, name: str) -> None:
        """Record the time since the last lap as stage `name`'s."""
        now = time.perf_counter()
        self.timings[name] = now - self.last
        self.last = now


@dataclass(frozen=True, slots=True)
class Problems:
    """What a build found wrong."""

    errors: tuple[Problem, ...]
    """Problems that fail the build (exit code 1)."""
    warnings: tuple[Problem, ...]
    """Problems that do not."""


def classify(errors: tuple[Problem, ...], unknown: Sequence[Problem], strict: bool) -> Problems:
    """Slugs a vocabulary lacks are warnings, or errors when `strict`."""
    if strict:
        return Problems(errors + tuple(unknown), ())
    return Problems(errors, tuple(unknown))


def show(problems: Problems, reporter: Reporter) -> None:
    """Hand every problem to `reporter`, errors first."""
    for problem in problems.errors:
        reporter.problem(problem, error=True)
    for problem in problems.warnings:
        reporter.problem(problem, error=False)


def unchanged_report(
    scan: Scan, strict: bool, reporter: Reporter, clock: Clock
) -> BuildReport | None:
    """The report of a build that finds none of the inputs `scan` looks at changed since the
    last build of its output folder: what that build said, again. None when anything may have
    changed."""
    built = scan.last_build  # no story read: the site on disk is this build's already
    if built is None:
        return None
    problems = classify(built.errors, built.unknown, strict)
    show(problems, reporter)
    clock.lap("parse")
    return BuildReport(
        stories=built.stories,
        pages=built.pages,
        rendered=0,
        incremental=True,
        warnings=problems.warnings,
        errors=problems.errors,
        seconds=time.perf_counter() - clock.started,
        timings=clock.timings,
    )
