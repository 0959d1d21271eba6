"""`morgue people`: the vocabulary's people with how many stories name them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from generator.content import ContentFileError, load_people, load_stories
from generator.models import Problem


def list_people(
    content_dir: Path, *, unreviewed: bool, echo: Callable[[str], None]
) -> list[Problem]:
    """Print one line per person, most stories first; return the problems met on the way."""
    try:
        people = load_people(content_dir / "people.yaml")
    except ContentFileError as exc:
        return [exc.problem]
    stories, errors = load_stories(content_dir)
    counts = Counter(slug for story in stories for slug in story.people)
    rows = sorted(people.values(), key=lambda p: (-counts[p.slug], p.name.lower(), p.slug))
    for person in rows:
        if unreviewed and person.reviewed:
            continue
        mark = "" if person.reviewed else "  (not reviewed)"
        echo(f"{counts[person.slug]:6d}  {person.slug:32s} {person.name}{mark}")
    return errors
