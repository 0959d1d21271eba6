"""Precision and recall of people and organisation detection on the labelled wire stories.

Run `.venv/bin/python -m tests.tagging_quality` (add `-v` to list the tuning sets' errors story by
story; `--tuning` to measure the tuning sets alone; `--stories 391-430` to measure only those
stories of `cases/people/`, by number, and no held-out set). Each set is a folder of raw stories
with label files.

Tuning sets (`TUNING`: used to write and tune the rules and to train the second opinion; the
trainer and `--tuning` pool them):

- `tests/cases/people/` ("tuning"): the stories the rules were written on.
- `tests/cases/heldout/` to `heldout5/` ("former held-out 1" to "5"): written blind by people who
  had not seen the rules, held out until their figures had been read too often to stay unbiased,
  then retired into the tuning data (1 to 3 on 2026-11-30, 4 and 5 later that day, when set 6 was
  written). Their folders and label files stay as they were; they are still measured apart, for
  their copy, written blind, is the best proxy for unseen text.

Held-out sets (`HELD_OUT`: never tuned on, their errors never listed, so that nobody tunes on
them; a set whose folder is absent is skipped, so adding the folder is enough):

- `tests/cases/heldout6/` ("held-out 6") and `heldout7/` ("held-out 7"): 60 stories each of
  typical copy, written blind on 2026-11-30.

Stories are read as ingest reads them (`parse_wire`: dateline, agency and disclaimer apart).
Detection runs with an empty site vocabulary (people and organisations alike), so every person
and every organisation outside the packaged starter list has to be found from the text alone.
An organisation label may give alternatives ("Reserve Bank of India | RBI"): a tag matching any
of them counts, compared as slugs.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
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
from generator.models import Organisation
from generator.urls import slugify

CASES = Path(__file__).resolve().parent / "cases"
TUNING = {
    "tuning": CASES / "people",
    "former held-out 1": CASES / "heldout",
    "former held-out 2": CASES / "heldout2",
    "former held-out 3": CASES / "heldout3",
    "former held-out 4": CASES / "heldout4",
    "former held-out 5": CASES / "heldout5",
}
HELD_OUT = {
    "held-out 6": CASES / "heldout6",
    "held-out 7": CASES / "heldout7",
}
SETS = {**TUNING, **HELD_OUT}
PEOPLE_LABELS = ("labels.yaml", "people.yaml")
"""The people label file: the first of these the folder holds."""
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
    people = next(
        (_labels(folder / f) for f in PEOPLE_LABELS if (folder / f).exists()), dict[str, list]()
    )
    organisations = _labels(folder / ORGANISATION_LABELS)
    stories = []
    for file in sorted(people):
        raw = parse_wire((folder / file).read_bytes(), file)  # as ingest reads it
        stories.append(
            Story(
                file if name == "tuning" else f"{folder.name}/{file}",
                raw.agency,
                list(raw.paragraphs),
                _entities(people[file]),
                _entities(organisations.get(file)) if file in organisations else (),
            )
        )
    return stories


def load_tuning() -> list[Story]:
    """The stories of every tuning set, set after set."""
    return [story for name in TUNING for story in load_set(name)]


POOLED = "held-out, pooled"
"""The held-out part as a whole: every held-out set's stories, measured together."""


def load_stories(name: str) -> list[Story]:
    """The stories of one set, or of the held-out part (`POOLED`)."""
    if name == POOLED:
        return [story for held_out in HELD_OUT for story in load_set(held_out)]
    return load_set(name)


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

    def names(slug: str, new: Mapping[str, Organisation]) -> frozenset[str]:
        entry = known.get(slug) or new.get(slug)
        aliases = (entry.name, *entry.aliases) if entry else ()
        return frozenset([slug, *(slugify(name) for name in aliases)])

    def score(story: Story) -> StoryScore:
        found = finder.find(story_paragraphs(story.paragraphs), story.agency)
        new = {entry.slug: entry for entry in found.new}
        return StoryScore(
            story.name, story.organisations, {slug: names(slug, new) for slug in found.slugs}
        )

    return [score(s) for s in stories]


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


def _report(set_name: str, stories: Sequence[Story], verbose: bool) -> None:
    """Print one set's figures per kind, and its errors when `verbose`."""
    if not stories:
        print(f"{set_name:>17}: no stories")
        return
    started = time.perf_counter()
    kinds = {"people": people_scores(stories), "organisations": organisation_scores(stories)}
    elapsed = (time.perf_counter() - started) / len(stories) * 1000
    for kind, scores in kinds.items():
        f = figures(scores)
        print(
            f"{set_name:>17} {kind:>13}: {f.stories:3d} stories  "
            f"precision {f.precision:.3f}  recall {f.recall:.3f}"
        )
        if verbose:
            for s in scores:
                if s.false_positives or s.false_negatives:
                    print(f"  {s.name}  FP {sorted(s.false_positives)}  FN {s.false_negatives}")
    print(f"{set_name:>17}: {elapsed:.2f} ms per story, both finders built")


def main(argv: list[str]) -> int:
    """Print the figures per set and kind (the tuning sets also pooled, and the held-out sets
    when there are several), and the tuning sets' errors with -v; exit 0."""
    verbose = "-v" in argv
    numbers = _story_range(argv)
    if numbers is not None:
        stories = load_set("tuning")
        _report("tuning", [s for s in stories if int(s.name.partition("_")[0]) in numbers], verbose)
        return 0
    pooled = []
    for set_name in TUNING:
        stories = load_set(set_name)
        pooled.extend(stories)
        _report(set_name, stories, verbose)
    _report("tuning, pooled", pooled, verbose=False)
    if "--tuning" in argv:
        return 0
    held_out = []
    for set_name in HELD_OUT:
        stories = load_set(set_name)
        held_out.extend(stories)
        if stories:
            _report(set_name, stories, verbose=False)  # never its errors
        else:
            print(f"{set_name:>17}: no stories")
    _report(POOLED, held_out, verbose=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
