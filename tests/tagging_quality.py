"""Precision and recall of people and organisation detection on the labelled wire stories.

Run `.venv/bin/python -m tests.tagging_quality` (add `-v` to list the tuning set's errors story by
story; `--tuning` to measure the tuning set alone; `--stories 391-430` to measure only those
tuning stories, by number, and no held-out set). Five sets, each a folder of raw stories with
label files:

- `tests/cases/people/`: the tuning set. Its stories were used to write and tune the rules.
- `tests/cases/heldout/`: the held-out set, written after the rules and never used to tune them.
- `tests/cases/heldout2/`: a second held-out set (60 stories), written on 2026-11-30 by someone
  who had not seen the rules, once the first had been measured too often to stay unbiased.
- `tests/cases/heldout3/`: a third held-out set (48 stories), written blind the same way on
  2026-11-30 (later that day), before the statistical second opinion was trained, and read by
  nobody who tunes.
- `tests/cases/heldout4/`: a fourth held-out set (60 stories), written blind the same way on
  2026-11-30 (the next session), once the others had been read too often to stay unbiased.

The held-out sets' figures are the ones to report; their errors are never listed, so that nobody
tunes on them.

Stories are read as ingest reads them (`parse_wire`: dateline, agency and disclaimer apart).
Detection runs with an empty site vocabulary (people and organisations alike), so every person
and every organisation outside the packaged starter list has to be found from the text alone.
An organisation label may give alternatives ("Reserve Bank of India | RBI"): a tag matching any
of them counts, compared as slugs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a plain script: make `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.ingest.entities import find_entities, story_paragraphs
from generator.ingest.lexicon import HONORIFICS
from generator.ingest.organisations import OrganisationFinder
from generator.ingest.people import PeopleFinder
from generator.ingest.wire import parse_wire
from generator.urls import slugify

CASES = Path(__file__).resolve().parent / "cases"
SETS = {
    "tuning": CASES / "people",
    "held-out": CASES / "heldout",
    "held-out 2": CASES / "heldout2",
    "held-out 3": CASES / "heldout3",
    "held-out 4": CASES / "heldout4",
}
PEOPLE_LABELS = {
    "tuning": "labels.yaml",
    "held-out": "people.yaml",
    "held-out 2": "people.yaml",
    "held-out 3": "people.yaml",
    "held-out 4": "people.yaml",
}
ORGANISATION_LABELS = "organisations.yaml"


@dataclass(frozen=True, slots=True)
class StoryScore:
    """Tags of one labelled story against the finder's."""

    name: str
    expected: tuple[frozenset[str], ...]
    """One set of acceptable slugs per labelled entity."""
    found: dict[str, frozenset[str]]
    """Slug found -> the slugs of all its names (its name and aliases in the vocabulary)."""

    def _matches(self, names: frozenset[str]) -> bool:
        return any(names & known for known in self.found.values())

    @property
    def true_positives(self) -> int:
        """Labelled entities found under one of their names."""
        return sum(1 for names in self.expected if self._matches(names))

    @property
    def false_positives(self) -> list[str]:
        """Slugs found but not labelled under any of their names."""
        labelled = frozenset().union(*self.expected)
        return sorted(slug for slug, names in self.found.items() if not names & labelled)

    @property
    def false_negatives(self) -> list[str]:
        """Labelled entities not found (by their first name)."""
        return sorted(min(names) for names in self.expected if not self._matches(names))


@dataclass(frozen=True, slots=True)
class Figures:
    """Micro precision and recall over a set of stories."""

    stories: int
    precision: float
    recall: float


@dataclass(frozen=True, slots=True)
class Story:
    """One labelled raw story."""

    name: str
    agency: str
    paragraphs: list[str]
    people: tuple[frozenset[str], ...]
    organisations: tuple[frozenset[str], ...]


def _labels(path: Path) -> dict[str, list[str]]:
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _entities(labels: Sequence[str] | None) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(slugify(n.strip()) for n in label.split("|")) for label in labels or [])


def load_set(name: str) -> list[Story]:
    """The labelled stories of one set (empty when the folder is absent)."""
    folder = SETS[name]
    people = _labels(folder / PEOPLE_LABELS[name])
    organisations = _labels(folder / ORGANISATION_LABELS)
    stories = []
    for file in sorted(people):
        raw = parse_wire((folder / file).read_bytes(), file)  # as ingest reads it
        stories.append(
            Story(
                file,
                raw.agency,
                list(raw.paragraphs),
                _entities(people[file]),
                _entities(organisations.get(file)) if file in organisations else (),
            )
        )
    return stories


def people_scores(stories: Sequence[Story], finder: PeopleFinder | None = None) -> list[StoryScore]:
    """People found with an empty vocabulary, organisations' names ruled out as people; by
    `finder` when given (one built with another second opinion, or none)."""
    organisations = OrganisationFinder({})
    if finder is None:
        finder = PeopleFinder({}, organisation_names=organisations.names())
    scores = []
    for s in stories:
        found = find_entities(finder, organisations, s.paragraphs, s.agency).people.slugs
        scores.append(StoryScore(s.name, s.people, {slug: _person_names(slug) for slug in found}))
    return scores


def _person_names(slug: str) -> frozenset[str]:
    """A person's slug, and without the honorific: "Pope Francis" is the label "Francis"."""
    first, _, rest = slug.partition("-")
    return frozenset([slug, rest]) if first in HONORIFICS and rest else frozenset([slug])


def organisation_scores(stories: Sequence[Story]) -> list[StoryScore]:
    """Organisations found with an empty site vocabulary (the starter list only), in the
    paragraphs ingest reads (credit lines left out); one found under its name in the starter
    list matches a label giving any of its names or aliases."""
    finder = OrganisationFinder({})
    known = finder.vocabulary

    def names(slug: str) -> frozenset[str]:
        entry = known.get(slug)
        aliases = (entry.name, *entry.aliases) if entry else ()
        return frozenset([slug, *(slugify(name) for name in aliases)])

    return [
        StoryScore(
            s.name,
            s.organisations,
            {
                slug: names(slug)
                for slug in finder.find(story_paragraphs(s.paragraphs), s.agency).slugs
            },
        )
        for s in stories
    ]


def figures(scores: Sequence[StoryScore]) -> Figures:
    """Micro figures: every tag of every story pooled."""
    true_pos = sum(s.true_positives for s in scores)
    found = sum(s.true_positives + len(s.false_positives) for s in scores)
    expected = sum(len(s.expected) for s in scores)
    return Figures(
        stories=len(scores),
        precision=true_pos / found if found else 1.0,
        recall=true_pos / expected if expected else 1.0,
    )


def _story_range(argv: list[str]) -> range | None:
    """`--stories 391-430` (or `--stories 391`) -> the story numbers to measure; None for all."""
    if "--stories" not in argv:
        return None
    first, _, last = argv[argv.index("--stories") + 1].partition("-")
    return range(int(first), int(last or first) + 1)


def main(argv: list[str]) -> int:
    """Print the figures per set and kind, and the tuning set's errors with -v; exit 0."""
    numbers = _story_range(argv)
    tuning_only = numbers is not None or "--tuning" in argv
    for set_name in SETS:
        if tuning_only and set_name != "tuning":
            continue
        started = time.perf_counter()
        stories = load_set(set_name)
        if numbers is not None:
            stories = [s for s in stories if int(s.name.partition("_")[0]) in numbers]
        if not stories:
            print(f"{set_name:>9}: no stories")
            continue
        kinds = {
            "people": people_scores(stories),
            "organisations": organisation_scores(stories),
        }
        elapsed = (time.perf_counter() - started) / len(stories) * 1000
        for kind, scores in kinds.items():
            f = figures(scores)
            print(
                f"{set_name:>9} {kind:>13}: {f.stories:3d} stories  "
                f"precision {f.precision:.3f}  recall {f.recall:.3f}"
            )
            if set_name == "tuning" and "-v" in argv:
                for s in scores:
                    if s.false_positives or s.false_negatives:
                        print(f"  {s.name}  FP {sorted(s.false_positives)}  FN {s.false_negatives}")
        print(f"{set_name:>9}: {elapsed:.2f} ms per story, both finders built")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
