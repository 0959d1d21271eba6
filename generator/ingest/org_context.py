"""Organisations named by the words around a name rather than by the name itself.

Two clues: a lowercase noun right after a name written with "the" ("the ruling Morena party",
"the IG Metall union", "the Tata group"), and a body's descriptor in apposition after it
("Nexperia, the Dutch chipmaker owned by ...", "Jonathan Cape, an imprint of Penguin Random
House"). Both say a body follows or precedes where no head word does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from generator.ingest.name_words import Word, runs

# Lowercase nouns that, right after "the ... Name", make the name a body's. "government" and
# "administration" are not here: "the Modi government" names a person.
TRAILING_NOUNS = frozenset(
    """party union coalition alliance group militia militias movement gang cartel bloc faction
    outfit conglomerate""".split()
)
# Nouns written into the name of one word they follow: "the Tata group" is the Tata Group, "the
# Medellin cartel" the Medellin Cartel (but "the Segunda Marquetalia group" is no "Group").
_NAMED_NOUNS = frozenset(("group", "cartel"))
# Lowercase words after a trailing noun that make it part of a thing: "the Champions League
# group stage".
STAGES = frozenset(("stage", "stages", "phase"))
# Endings of adjectives made from names ("the Peronist movement", "the Maoist party").
_ADJECTIVE_ENDINGS = ("ist", "ists", "ite", "ites")
# Descriptors in apposition that only a body takes ("Nexperia, the Dutch chipmaker"); role-like
# ones ("investor", "publisher") and those that open a person's role ("the party chief") are not.
APPOSED_NOUNS = frozenset(
    """startup start-up conglomerate lender insurer brokerage carmaker automaker chipmaker miner
    retailer airline refiner manufacturer consultancy regulator watchdog broadcaster newspaper
    charity nonprofit think-tank firm""".split()
)
# Descriptors in apposition that need "of" after them: "an imprint of", "a unit of".
APPOSED_PARTS = frozenset("imprint subsidiary unit arm division affiliate".split())
_DETERMINERS = frozenset(("the", "a", "an"))


@dataclass(frozen=True, slots=True)
class Clues:
    """What the clues need to know of the finder's word lists."""

    titles: Collection[str]
    """Titles: a run holding one names a person's office, not a body."""
    places: Collection[str]
    """Places and nationalities: a run of nothing else names no body."""
    excluded: Collection[str]
    """Words of courts, venues and events."""
    proper: Callable[[Word], bool]
    """Whether one word alone can be a name."""

    def usable(self, words: list[Word], start: int, end: int) -> bool:
        """words[start:end] can be a body's name: no title, venue word or possessive, not only
        places, and one word only when it is a proper name."""
        run = words[start:end]
        if any(w.key in self.titles or w.key in self.excluded for w in run):
            return False
        if any(w.owner for w in run) or all(w.key in self.places for w in run):
            return False
        if end - start > 1:
            return True
        return self.proper(run[0]) and (run[0].upper or not run[0].key.endswith(_ADJECTIVE_ENDINGS))


def trailed(words: list[Word], clues: Clues) -> Iterator[tuple[int, int, str]]:
    """(start, end, suffix) of runs between "the" and a trailing noun ("the Morena party");
    `suffix` is the noun when the name includes it ("Group")."""
    for start, end in runs(words):
        while start < end and words[start].key in _DETERMINERS:
            start += 1
        if start == end or end >= len(words) or words[end - 1].ends:
            continue
        noun = words[end]
        if noun.capital or noun.key not in TRAILING_NOUNS or noun.owner:
            continue
        if end + 1 < len(words) and words[end + 1].key in STAGES:
            continue
        if not _after_the(words, start):
            continue  # "a WhatsApp group": any group of that kind, not one body
        if clues.usable(words, start, end):
            named = noun.key in _NAMED_NOUNS and end - start == 1
            yield start, end, noun.text.capitalize() if named else ""


def _after_the(words: list[Word], start: int) -> bool:
    """ "the" right before words[start], or before the lowercase words before it ("the
    ruling")."""
    if start and words[start - 1].key == "the":
        return True
    return start > 1 and words[start - 1].key == "" and words[start - 2].key == "the"


def apposed(words: list[Word], clues: Clues) -> Iterator[tuple[int, int]]:
    """Runs followed by ", the [Dutch] chipmaker" or ", an imprint of"."""
    for start, end in runs(words):
        if not words[end - 1].comma or not _apposition(words, end, clues.places):
            continue
        while start < end and words[start].key in _DETERMINERS:
            start += 1
        if start < end and clues.usable(words, start, end):
            yield start, end


def _apposition(words: list[Word], index: int, places: Collection[str]) -> bool:
    """words[index:] read "the [Dutch] chipmaker" or "an imprint of": a body's descriptor
    after an article, with at most two nationalities between. Lowercase words between may be
    many, read as one gap ("a 21-year-old ... working for ride-hailing firm"): none is allowed."""
    if index >= len(words) or words[index].key not in _DETERMINERS or words[index].capital:
        return False
    for i in range(index + 1, min(index + 4, len(words))):
        word = words[i]
        if word.capital or word.owner:
            if word.key not in places:
                return False
            continue
        if word.key in APPOSED_NOUNS:
            return True
        if word.key in APPOSED_PARTS:
            return i + 1 < len(words) and words[i + 1].key == "of"
        return False
    return False
