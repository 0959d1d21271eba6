"""Precision and recall of people detection on the labelled stories of `tests/cases/people/`.

Run `.venv/bin/python -m tests.people_quality` (or `python tests/people_quality.py`); add `-v` to
list every story. Stories 000-020 were used to tune the rules and 021-030 were held out; 031-040
were written after that tuning and then used for a second round of fixes; 041-050 were written
after both and never tuned on. Each group is reported separately and all together.
Detection runs with an empty vocabulary: every person has to be found from the text alone.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a plain script: make `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.ingest.people import PeopleFinder
from generator.urls import slugify

CASES = Path(__file__).resolve().parent / "cases" / "people"
GROUPS = {
    "tuning": range(0, 21),
    "held-out": range(21, 31),
    "fresh-1": range(31, 41),
    "fresh-2": range(41, 100),
}


@dataclass(frozen=True, slots=True)
class StoryScore:
    """Tags of one labelled story against the finder's."""

    name: str
    expected: frozenset[str]
    found: frozenset[str]

    @property
    def false_positives(self) -> frozenset[str]:
        """Slugs found but not labelled."""
        return self.found - self.expected

    @property
    def false_negatives(self) -> frozenset[str]:
        """Slugs labelled but not found."""
        return self.expected - self.found


@dataclass(frozen=True, slots=True)
class Figures:
    """Micro and macro precision and recall over a set of stories."""

    stories: int
    micro_precision: float
    micro_recall: float
    macro_precision: float
    macro_recall: float


def story_paragraphs(text: str) -> list[str]:
    """Paragraphs of a raw wire story: the `date` header and the disclaimer removed."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0].startswith("date "):
        # " date 2025-03-18 Moscow, March 18 (IANS) lede": keep the lede after the agency.
        head, _, lede = paragraphs[0].partition(") ")
        paragraphs[0] = lede if lede else head
    return [p for p in paragraphs if not p.startswith("Disclaimer:")]


def score_cases(finder: PeopleFinder | None = None) -> list[StoryScore]:
    """Run the finder (empty vocabulary by default) over every labelled story."""
    finder = finder or PeopleFinder({})
    labels = yaml.safe_load((CASES / "labels.yaml").read_text(encoding="utf-8"))
    scores = []
    for name in sorted(labels):
        text = (CASES / name).read_text(encoding="utf-8")
        found = finder.find(story_paragraphs(text))
        expected = frozenset(slugify(person) for person in labels[name] or [])
        scores.append(StoryScore(name, expected, frozenset(found.slugs)))
    return scores


def figures(scores: list[StoryScore]) -> Figures:
    """Micro figures pool every tag; macro figures average the per-story ratios."""
    true_pos = sum(len(s.found & s.expected) for s in scores)
    found = sum(len(s.found) for s in scores)
    expected = sum(len(s.expected) for s in scores)
    precisions = [len(s.found & s.expected) / len(s.found) if s.found else 1.0 for s in scores]
    recalls = [len(s.found & s.expected) / len(s.expected) if s.expected else 1.0 for s in scores]
    count = max(len(scores), 1)
    return Figures(
        stories=len(scores),
        micro_precision=true_pos / found if found else 1.0,
        micro_recall=true_pos / expected if expected else 1.0,
        macro_precision=sum(precisions) / count,
        macro_recall=sum(recalls) / count,
    )


def group_of(name: str) -> str:
    """Which group ("tuning", "held-out", "fresh") a case file belongs to, by its number."""
    number = int(name[:3])
    return next(group for group, numbers in GROUPS.items() if number in numbers)


def main(argv: list[str]) -> int:
    """Print the figures per group and the errors of every story; exit 0."""
    started = time.perf_counter()
    finder = PeopleFinder({})
    built = time.perf_counter()
    scores = score_cases(finder)
    done = time.perf_counter()
    for group in (*GROUPS, "all"):
        chosen = [s for s in scores if group == "all" or group_of(s.name) == group]
        if not chosen:
            continue
        f = figures(chosen)
        print(
            f"{group:>9}: {f.stories:3d} stories  precision micro {f.micro_precision:.3f} "
            f"macro {f.macro_precision:.3f}  recall micro {f.micro_recall:.3f} "
            f"macro {f.macro_recall:.3f}"
        )
    for s in scores:
        if s.false_positives or s.false_negatives or "-v" in argv:
            print(f"{s.name}  FP {sorted(s.false_positives)}  FN {sorted(s.false_negatives)}")
    per_story = (done - built) / max(len(scores), 1) * 1000
    print(f"finder built in {(built - started) * 1000:.0f} ms; {per_story:.2f} ms per story")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
