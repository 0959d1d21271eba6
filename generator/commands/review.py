"""`morgue people` and `morgue organisations`: list a vocabulary, and the editors' review
commands (confirm, rename, merge, reject) with what they print and their exit code."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import click

from generator.commands import EXIT_OK, EXIT_REJECTED
from generator.config import SiteConfig
from generator.content import ContentFileError, load_stories
from generator.interrupts import Interrupted, signal_name
from generator.models import Problem, TermKind
from generator.review.apply import review
from generator.review.plans import Command
from generator.review.vocabulary import load_state
from generator.wording import counted


def list_terms(
    config: SiteConfig, kind: TermKind, *, unreviewed: bool, echo: Callable[[str], None]
) -> list[Problem]:
    """Print one line per entry of the vocabulary of `kind`, most stories first; return the
    problems met on the way."""
    try:
        entries = load_state(kind, config.content_dir / kind.vocabulary_file).entries
    except ContentFileError as exc:
        return [exc.problem.within(config.root)]
    stories, errors = load_stories(config.content_dir)
    counts = Counter(slug for story in stories for slug in story.terms(kind))
    rows = sorted(entries.values(), key=lambda e: (-counts[e.slug], e.name.lower(), e.slug))
    for entry in rows:
        if unreviewed and entry.reviewed:
            continue
        mark = "" if entry.reviewed else "  (not reviewed)"
        echo(f"{counts[entry.slug]:6d}  {entry.slug:32s} {entry.name}{mark}")
    return [error.within(config.root) for error in errors]


def run_review(config: SiteConfig, kind: TermKind, command: Command, *, verbose: bool) -> int:
    """Carry out one review command, printing its summary line (and with `verbose` each story
    it changed); the exit code."""
    changed: list[str] = []

    def on_story(rel: str) -> None:
        changed.append(rel)
        if verbose:
            click.echo(f"  changed {rel}")

    try:
        result = review(config.root, kind, command, on_story)
    except OSError as exc:  # content/ read-only, a full disk: each file is old or new
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"error: {where}{exc.strerror or exc}", err=True)
        click.echo("run the command again once it can write content/", err=True)
        return EXIT_REJECTED
    except Interrupted as stop:
        click.echo(
            f"interrupted ({signal_name(stop.signum)}): "
            f"{counted(len(changed), 'story', 'stories')} changed, "
            f"{kind.vocabulary_file} left as it was; run the command again to finish",
            err=True,
        )
        return stop.exit_code
    if isinstance(result, Problem):
        click.echo(f"error: {result}", err=True)
        return EXIT_REJECTED
    for problem in result.unread:
        click.echo(f"warning: {problem} (left as it is)", err=True)
    for problem in result.problems:
        click.echo(f"error: {problem}", err=True)
    click.echo(result.summary)
    return EXIT_REJECTED if result.problems or result.unread else EXIT_OK
