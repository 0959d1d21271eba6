"""Features of a person candidate, for the statistical second opinion (`person_model.py`).

The rules weigh a candidate on a handful of cues; the model weighs many more, each a little: the
words of the name and around it, their shapes, what the word lists say of each word, how often and
in how many forms the story names it, and the rules' cues one by one. The rules' total is left
out: the model is a second opinion, not a copy of the first. Features are plain strings
("w=trump", "b1=minister"), so that a model file stays readable and needs no vocabulary of its own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Protocol

from generator.ingest.lexicon import (
    ORGANISATION_NOUNS,
    PARTICLES,
    THING_NOUNS,
    NameLexicon,
    is_english,
    is_role,
)
from generator.ingest.mentions import fold
from generator.ingest.story_titles import written_lowercase

# Words and punctuation marks of the context windows around a mention.
_CONTEXT_TOKEN = re.compile(r"[^\W\d_][\w'’-]*|\d+|[^\w\s]")
_CONTEXT_WINDOW = 40
_SENTENCE_ENDS = frozenset('.!?"”:;')


class CandidateLike(Protocol):
    """What the features read of a candidate (`people.Candidate` is one)."""

    keys: tuple[str, ...]
    display: str
    first_name: bool
    role: int
    verb: bool
    who: bool
    particle: bool
    foreign: bool
    only_located: bool
    only_after_the: bool
    venue: bool
    spans: list[tuple[int, int]]


def _before(text: str, start: int) -> list[str]:
    """The two tokens before `start`, lowercase, on the same line ("" when there are none)."""
    window = text[max(0, start - _CONTEXT_WINDOW) : start]
    window = window[window.rfind("\n") + 1 :]
    tokens = [t.lower() for t in _CONTEXT_TOKEN.findall(window)][-2:]
    return ["", ""][: 2 - len(tokens)] + tokens


def _after(text: str, end: int) -> list[str]:
    """The two tokens after `end`, lowercase, on the same line ("" when there are none)."""
    window = text[end : end + _CONTEXT_WINDOW]
    newline = window.find("\n")
    if newline >= 0:
        window = window[:newline]
    tokens = [t.lower() for t in _CONTEXT_TOKEN.findall(window)][:2]
    return tokens + ["", ""][: 2 - len(tokens)]


def _word_class(word: str) -> str:
    """A coarse class of a context word: what it says beyond itself."""
    if not word:
        return "none"
    if not word[0].isalnum():
        return "punct"
    if word.isdigit():
        return "num"
    if is_role(word, True):
        return "role"
    if word in ORGANISATION_NOUNS or word in THING_NOUNS:
        return "thing"  # "the Art Basel fair", "Innovent Biologics shares"
    return "word"


def _shape(word: str) -> str:
    """The written shape of one word of the name: "Xx", "X.", "XX", "Xx-x", "x"."""
    if len(word) <= 2 and word.rstrip(".").isupper():
        return "init"
    if word.isupper():
        return "caps"
    if "-" in word:
        return "hyph"
    if word[:1].islower():
        return "lower"
    return "cap"


def candidate_features(
    candidate: CandidateLike,
    text: str,
    lexicon: NameLexicon,
    *,
    lone_mentions: int,
    forms: int,
    listed: bool,
    first_alone: int = 0,
    bodies: Collection[tuple[int, int]] = (),
) -> list[str]:
    """Features of one candidate of the story `text`.

    `lone_mentions` how often the surname stands alone, `first_alone` how often the first word
    does ("Innovent Biologics ... Innovent said": bodies shorten to their first word), `forms`
    how many distinct names of the story share a word with this one, `listed` whether the rules
    accepted it only for being listed beside a person, `bodies` the (start, end) offsets of the
    organisations' names the story holds ("SD Guthrie Bhd", "Deloitte Haskins & Sells LLP").
    """
    keys = candidate.keys
    words = candidate.display.split()
    features = [
        "bias",
        f"n={min(len(keys), 4)}",
        f"mentions={min(len(candidate.spans), 3)}",
        f"lone={min(lone_mentions, 3)}",
        f"first_alone={min(first_alone, 2)}",
        f"forms={min(forms, 3)}",
        f"first={keys[0]}",
        f"last={keys[-1]}",
        f"fsuf={keys[0][-3:]}",
        f"lsuf={keys[-1][-3:]}",
        f"lsuf2={keys[-1][-2:]}",
        "shapes=" + "_".join(_shape(word) for word in words[:4]),
    ]
    features += [f"w={key}" for key in keys]
    evidence = {
        "fn": candidate.first_name,
        "verb": candidate.verb,
        "who": candidate.who,
        "particle": candidate.particle,
        "foreign": candidate.foreign,
        "located": candidate.only_located,
        "the": candidate.only_after_the,
        "venue": candidate.venue,
        "listed": listed,
    }
    features += [f"ev={name}" for name, on in evidence.items() if on]
    features.append(f"role={candidate.role}")
    features += _lexicon_features(keys, lexicon)
    features += _lowercase_features(keys, text)
    features += _context_features(candidate.spans, text)
    features += _body_features(keys, candidate.spans, text, bodies)
    return features


def _body_features(
    keys: Sequence[str],
    spans: Sequence[tuple[int, int]],
    text: str,
    bodies: Collection[tuple[int, int]],
) -> list[str]:
    """Whether the mentions open an organisation's name the organisation finder found ("SD
    Guthrie" in "SD Guthrie Bhd"): every one or some; and whether the name is the opening words
    of one the story writes elsewhere ("SD Guthrie, formerly Sime Darby Plantation")."""
    features = []
    inside = sum(1 for start, end in spans if any(a <= start and end <= b for a, b in bodies))
    if inside:
        features.append("body=all" if inside == len(spans) else "body=some")
    size = len(keys)
    for a, b in bodies:
        words = tuple(fold(word) for word in text[a:b].split())
        if len(words) > size and words[:size] == tuple(keys):
            features.append("body=opens")
            break
    return features


def _lexicon_features(keys: Sequence[str], lexicon: NameLexicon) -> list[str]:
    """What the word lists say of the first word, the last word and any word of the name."""
    features = []
    for place, key in (("f", keys[0]), ("l", keys[-1])):
        first_name = key in lexicon.first_names
        if first_name:
            features.append(f"{place}:first_name")
        if is_english(key):
            features.append(f"{place}:english")
            if not first_name:  # "Climate Change", "Barrister Gohar Ali Khan"; not "Grace Lee"
                features.append(f"{place}:common")
        if key in lexicon.places:
            features.append(f"{place}:place")
        if key in lexicon.titles or is_role(key):
            features.append(f"{place}:title")
    for key in keys:
        if key in lexicon.non_name_words:
            features.append("any:non_name")
        if key in lexicon.organisation_words:
            features.append("any:organisation")
        if key in PARTICLES:
            features.append("any:particle")
    english = sum(1 for key in keys if is_english(key))
    features.append(f"english={min(english, 3)}of{min(len(keys), 3)}")
    return features


def _lowercase_features(keys: Sequence[str], text: str) -> list[str]:
    """Words of the name the story also writes in lowercase: common nouns ("Climate Change" and
    "climate change"), or a title the lists lack ("Yokozuna X" and "the yokozuna")."""
    features = []
    for place, key in (("f", keys[0]), ("l", keys[-1])):
        if key.isalpha() and written_lowercase(key, text):
            features.append(f"{place}:lower")
    return features


def _context_features(spans: Sequence[tuple[int, int]], text: str) -> list[str]:
    """Words and word classes around every mention, where the first mention sits."""
    features: set[str] = set()
    for start, end in spans:
        b2, b1 = _before(text, start)
        a1, a2 = _after(text, end)
        features.update(
            (
                f"b1={b1}",
                f"b2={b2}",
                f"b12={b2}_{b1}",
                f"a1={a1}",
                f"a2={a2}",
                f"a12={a1}_{a2}",
                f"b1c={_word_class(b1)}",
                f"a1c={_word_class(a1)}",
            )
        )
    start = spans[0][0]
    lead = text[:start].rstrip(" \t")
    if not lead or lead[-1] == "\n" or lead[-1] in _SENTENCE_ENDS:
        features.add("sentence_start")
    paragraph = text.count("\n\n", 0, start)
    features.add(f"paragraph={min(paragraph, 3)}")
    return sorted(features)
