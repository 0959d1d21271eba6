"""How headline-like the derived headlines of real wire stories are, per set of stories.

Run `.venv/bin/python -m tests.headline_quality` (or `python tests/headline_quality.py`); add
`-v` to list every headline beside the first 100 characters of its lede, and the names of sets
(`people samples`) to measure only those. Sets: the labelled stories of `cases/people/`, the
sample of `cases/samples/` and the former held-out sets `cases/heldout/` to `cases/heldout5/`
(all used to tune the rules), and the held-out sets `cases/heldout6/` and `cases/heldout7/` (never tuned on; a set whose
folder is absent is named and skipped). For each
set it counts headlines that end on a function word, start with a conjunction, exceed 90
characters, end on the first word of a multi-word name ("Chief" of "Chief Minister"), end on a
participle whose agent the cut left out ("funding round led" of "led by"), or name a weekday,
and the time each headline takes (the first use of each word included).
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a plain script: make `generator` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_IMPORT = time.perf_counter()
from generator.ingest.headline import derive_headline  # noqa: E402 (loads the dictionaries)
from generator.ingest.wire import WireError, parse_wire  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - _IMPORT

CASES = Path(__file__).resolve().parent / "cases"
SETS = {
    "people": CASES / "people",
    "samples": CASES / "samples",
    "heldout": CASES / "heldout",
    "heldout2": CASES / "heldout2",
    "heldout3": CASES / "heldout3",
    "heldout4": CASES / "heldout4",
    "heldout5": CASES / "heldout5",
    "heldout6": CASES / "heldout6",
    "heldout7": CASES / "heldout7",
}
TOO_LONG = 90

# Closed word classes, spelled out here rather than taken from the code under measurement.
FUNCTION_WORDS = frozenset(
    """a an the about above across after against along amid among around at before behind below
    beside between beyond by despite down during for from in inside into like near of off on onto
    out over past per since than through to toward towards under until up upon via with within
    without and or but nor yet so as while whereas although though because if unless whether when
    where be is are was were been being am has have had do does did will would shall should can
    could may might must i you he she it we they me him us them this these those who whom which
    that my your his her its our their whose""".split()
)
CONJUNCTIONS = frozenset("and or but nor yet so".split())
WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
_PUNCT = ",;:.!?\"'()[]\u201c\u201d\u2018\u2019"


@dataclass(slots=True)
class Report:
    """The flags of one set of stories."""

    name: str
    count: int = 0
    function_end: list[str] = field(default_factory=list)
    conjunction_start: list[str] = field(default_factory=list)
    too_long: list[str] = field(default_factory=list)
    name_cut: list[str] = field(default_factory=list)
    agent_cut: list[str] = field(default_factory=list)
    weekday: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    seconds: float = 0.0
    """Time of the first pass over the set: every word's dictionary lookups included."""
    warm_seconds: float = 0.0
    """Time of a second pass: the lookups cached, as in a long ingest."""
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line of counts."""
        per = self.seconds / self.count * 1e6 if self.count else 0.0
        warm = self.warm_seconds / self.count * 1e6 if self.count else 0.0
        return (
            f"{self.name:8} {self.count:4} stories: {len(self.function_end)} end on a function "
            f"word, {len(self.conjunction_start)} start with a conjunction, {len(self.too_long)} "
            f"over {TOO_LONG} chars, {len(self.name_cut)} end inside a name, {len(self.agent_cut)} "
            f"end on a participle without its agent, {len(self.weekday)} "
            f"name a weekday; {per:.0f} µs per headline ({warm:.0f} µs cached)"
            + (f"; {len(self.unreadable)} unreadable" if self.unreadable else "")
        )


def ends_inside_name(headline: str, lede: str) -> bool:
    """Whether the headline's last word is capitalised and, in the lede, followed by another
    capitalised word of the same name ("Chief | Minister", "Reserve Bank | of India"). The
    last two words find the place in the lede where they can ("across Pakistan" is not the
    "Pakistan" of "Pakistan Tehreek-e-Insaf")."""
    words = [word.strip(_PUNCT) for word in headline.split()]
    last = words[-1] if words else ""
    if not last[:1].isupper():
        return False
    follows = r" (?:(?:of|and|&|de|for) )?[A-Z]"
    if len(words) > 1 and re.search(rf"(?<!\w){re.escape(words[-2])} {re.escape(last)}\b", lede):
        return (
            re.search(rf"(?<!\w){re.escape(words[-2])} {re.escape(last)}{follows}", lede)
            is not None
        )
    return re.search(rf"(?<!\w){re.escape(last)}{follows}", lede) is not None


def measure(name: str, folder: Path) -> Report:
    """Headlines for every raw story of `folder`, flagged."""
    report = Report(name)
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    ledes: list[str] = []
    for path in files:
        try:
            raw = parse_wire(path.read_bytes(), path.name)
        except (WireError, OSError) as exc:
            report.unreadable.append(f"{path.name}: {exc}")
            continue
        lede = raw.paragraphs[0]
        ledes.append(lede)
        start = time.perf_counter()
        headline = derive_headline(lede)
        report.seconds += time.perf_counter() - start
        report.count += 1
        words = headline.split()
        if not words:
            report.function_end.append(path.name)
            continue
        tag = f"{path.name[:24]}: {headline}"
        if words[-1].strip(_PUNCT) in FUNCTION_WORDS:
            report.function_end.append(tag)
        if words[0].strip(_PUNCT).lower() in CONJUNCTIONS:
            report.conjunction_start.append(tag)
        if len(headline) > TOO_LONG:
            report.too_long.append(tag)
        if ends_inside_name(headline, lede):
            report.name_cut.append(tag)
        if ends_before_agent(headline, lede):
            report.agent_cut.append(tag)
        if WEEKDAY.search(headline):
            report.weekday.append(tag)
        report.lines.append(f"{path.name[:3]} {headline}\n      <- {lede[:100]}")
    start = time.perf_counter()
    for lede in ledes:
        derive_headline(lede)
    report.warm_seconds = time.perf_counter() - start
    return report


def ends_before_agent(headline: str, lede: str) -> bool:
    """Whether the headline's last two words are followed by "by" in the lede and the last ends
    like a participle ("round led | by", "rally sparked | by", "pistols dropped | by")."""
    words = [word.strip(_PUNCT) for word in headline.split()]
    if len(words) < 2 or not re.search(r"(?:ed|en|wn|ht|lt|nt)$", words[-1]):
        return False
    return (
        re.search(rf"(?<!\w){re.escape(words[-2])} {re.escape(words[-1])} by\b", lede) is not None
    )


def main(argv: list[str]) -> int:
    """Print the counts of every set (or of the sets named); with -v every headline and the
    flagged ones by name."""
    verbose = "-v" in argv
    chosen = [arg for arg in argv if arg in SETS] or list(SETS)
    print(f"import (loads lemminflect's dictionaries once): {IMPORT_SECONDS:.2f} s")
    for name in chosen:
        folder = SETS[name]
        report = measure(name, folder)
        if verbose:
            print("\n".join(report.lines))
            for label, flagged in (
                ("function-word end", report.function_end),
                ("conjunction start", report.conjunction_start),
                ("too long", report.too_long),
                ("inside a name", report.name_cut),
                ("participle without its agent", report.agent_cut),
                ("weekday", report.weekday),
                ("unreadable", report.unreadable),
            ):
                for line in flagged:
                    print(f"  {label}: {line}")
        print(report.summary() if folder.is_dir() else f"{name:8} (no folder {folder.name}/)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
