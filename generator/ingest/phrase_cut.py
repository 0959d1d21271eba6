"""Where a headline may be cut: at a clause or phrase boundary, never after a function word,
inside brackets or quotes, or inside a name ("Chief | Minister", "Reserve Bank | of India").

`cut` grades every boundary of a main clause and takes the best one within the length a headline
may have; `headline.py` decides what the clause is.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from generator.ingest.news_style import (
    ARTICLES,
    FUNCTION_WORDS,
    NUMBER_WORDS,
    POSSESSIVES,
    PREPOSITIONS,
    core,
    find_verb,
    is_capitalised,
    is_form,
    is_noun,
    is_past,
)

MAX_HEADLINE = 80
"""A headline cut inside a clause is at most this long."""
MAX_CLAUSE = 90
"""A headline that is a whole clause may run to this length rather than lose its end."""
NAME_JOINERS = frozenset({"of", "and", "&", "de", "for", "la", "del", "von", "van", "bin"})
# Words that open a subordinate clause whose past tense a headline puts in the present, as it
# does the main verb's: "... end lower as Reserve Bank of India cuts repo rate".
SUBORDINATORS = frozenset({"as", "while", "after", "when", "whereas", "but", "because"})
_CLAUSE_WORDS = frozenset(
    "while whereas but which who where although though because amid amidst even unless".split()
)
_SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "we", "they", "i", "you"})
_BEFORE_AS = frozenset({"such", "much", "many", "well", "soon", "far"})
"""Words that make one phrase with the "as" after them ("such as", "as much as")."""
_DASHES = frozenset({"-", "\u2013", "\u2014"})
# Prepositions that open a phrase a headline may end before; not "of" ("rank | of Field
# Marshal") nor particles ("mobilise | up to").
_PHRASE_PREPOSITIONS = PREPOSITIONS - {"of", "per", "than", "up", "down", "off", "out", "over"}


def cut(
    words: Sequence[str], verb: int | None, max_length: int = MAX_HEADLINE
) -> tuple[list[str], int]:
    """The words cut at the best boundary, and its grade: 3, the end or a clause break (a comma,
    "while", "which") within `MAX_CLAUSE` characters; 2, a phrase break (a preposition, a
    participle) within `max_length` (or `MAX_CLAUSE`); 1, a weaker one ("of", "to"); 0, a word
    that can end a headline at all; -1 when the cut loses the verb. Never after a function
    word, inside brackets or quotes, or inside a name. The cut keeps the verb and a word after
    it if it can."""
    soft = MAX_CLAUSE * max_length // MAX_HEADLINE
    length = _Length(words)
    ends, kept_verb = _boundaries(words, verb, soft, length)
    clauses_open = _subordinate_spans(words, verb)
    ends = [end for end in ends if not any(at < end[0] <= v for at, v in clauses_open)]
    clauses = [k for k, strength, size in ends if strength >= 3 and size <= soft]
    # Of the clauses that say enough, as many as fit in `max_length`, else the fewest (up to
    # `soft`); else as many as fit in `soft`.
    enough = [k for k in clauses if length(k) >= max_length // 2]
    clause = max((k for k in enough if length(k) <= max_length), default=0) or next(
        iter(enough), max(clauses, default=0)
    )
    phrase = max(
        (k for k, strength, size in ends if strength == 2 and size <= max_length), default=0
    )
    long_phrase = max(
        (k for k, strength, size in ends if strength == 2 and size <= soft), default=0
    )
    weak = max((k for k, strength, size in ends if size <= max_length), default=0)
    if clause and (length(clause) >= max_length // 2 or clause >= phrase):
        chosen, grade = clause, 3
    elif phrase or long_phrase:
        chosen, grade = phrase or long_phrase, 2
    elif weak:
        chosen, grade = weak, 1
    else:
        chosen, grade = _any_word(words, max_length), 0
    result = list(words[:chosen])
    result[-1] = result[-1].rstrip(",;:")
    while len(result) > 1 and result[-1] in _DASHES:
        result.pop()
    whole = chosen > (verb or 0) + 1 or (
        verb is not None and (_verb_may_end(words, verb) or words[verb].endswith(","))
    )
    return result, grade if kept_verb and whole else min(grade, -1)


class _Length:
    """The length of the text of the first k words, computed once."""

    def __init__(self, words: Sequence[str]) -> None:
        self.sizes = [0, *accumulate(len(word) + 1 for word in words)]

    def __call__(self, k: int) -> int:
        return max(0, self.sizes[k] - 1)


def _boundaries(
    words: Sequence[str], verb: int | None, limit: int, length: _Length
) -> tuple[list[tuple[int, int, int]], bool]:
    """Every place the words may be cut after the verb and a word (see `_strength`): (number of
    words kept, strength, length in characters) up to `limit` characters, and whether they keep
    the verb: when no place does, every place of the words."""
    found: list[tuple[int, int, int]] = []
    depth, quoted = 0, False
    first = verb + 2 if verb is not None and verb + 2 <= len(words) else 1
    if verb is not None and words[verb].endswith(","):
        first = verb + 1  # a clause break right after the verb: "X resigns, | less than ..."
    for k in range(1, len(words) + 1):
        word = words[k - 1]
        if not word.isalnum():
            depth += word.count("(") + word.count("[") + word.count("\u201c")
            depth -= word.count(")") + word.count("]") + word.count("\u201d")
            quoted ^= word.count('"') % 2 == 1
        if length(k) > limit + 1:
            break
        if k < first or depth > 0 or quoted:
            continue
        strength = 3 if verb is not None and k == verb + 1 else _strength(words, k)
        if strength:
            found.append((k, strength, length(k) - (words[k - 1][-1] in ",;:")))
    if not found and verb is not None and _verb_may_end(words, verb) and length(verb + 1) <= limit:
        return [(verb + 1, 2, length(verb + 1))], True  # "X dies | following a brief illness"
    if not found and first > 1:
        return _boundaries(words, None, limit, length)[0], False
    return found, True


def _strength(words: Sequence[str], k: int) -> int:
    """How good a cut after the k-th word is: 4 the end, 3 a clause break, 2 a phrase break, 1 a
    weak one ("of", "to", "and"), 0 none (inside a noun phrase or a name, after a function word).
    """
    last = words[k - 1]
    bare = core(last)
    if not bare or (bare if k > 1 else bare.lower()) in FUNCTION_WORDS or last in _DASHES:
        return 0
    if k == len(words):
        return 4
    if k >= 2 and words[k - 2][-1:] in ",;":
        return 0  # one word after a comma: "sworn in as president, | hours"
    if last.endswith(("'s", "\u2019s")):
        return 0  # a possessive before its noun: "blocks Jalen Brunson's | shot"
    nxt, nxt_core = words[k], core(words[k])
    after = core(words[k + 1]).lower() if k + 1 < len(words) else ""
    punct = last[-1] in ",;:"
    joined = nxt_core in NAME_JOINERS and k + 1 < len(words) and is_capitalised(words[k + 1])
    in_name = is_capitalised(last) and not punct and not last.endswith(")")
    if in_name and (is_capitalised(nxt) or joined):
        return 0  # inside a name: "Chief | Minister", "Reserve Bank | of India"
    if punct:
        if last[-2:-1].isdigit() and nxt[:1].isdigit():
            return 0  # a score or a list of numbers: "6-3, 7-6(4), 6-3"
        return 3 if _opens_aside(nxt_core.lower()) else 2  # not "wheat, | rice and sugar"
    if nxt in _DASHES or nxt_core in _CLAUSE_WORDS:
        return 3
    if last.islower() and is_capitalised(nxt) and _names_next(bare):
        return 0  # a role before its name: "left-arm spinner | Aditya Sarwate"
    counted = k >= 2 and (words[k - 2][:1].isdigit() or core(words[k - 2]).lower() in _COUNTS)
    if bare.lower() in _TIME_SPANS and nxt_core in _ANCHORS and counted:
        return 0  # a span of time before what anchors it: "two days | after the quake"
    if nxt_core in {"with", "to", "of"} and _complex_preposition(words, k):
        return 0  # "in connection | with", "in response | to"
    if nxt_core == "by" and last.islower() and is_form(bare, "VBN"):
        return 0  # a participle before its agent: "companies owned | by"
    if nxt_core in PREPOSITIONS and _participle_after_noun(words, k):
        return 0  # a participle before its complement: "companies linked | to the group"
    if bare.islower() and bare.endswith("ly") and nxt_core.islower() and _verb_form(nxt_core):
        return 0  # an adverb before its verb: "for allegedly | smuggling"
    if nxt_core == "as" and bare.lower() in _BEFORE_AS:
        return 0  # "such | as", "as much | as"
    if nxt_core == "as":  # "as India fought back", not "as Chief Minister"
        subject = k + 1 < len(words) and (
            is_capitalised(words[k + 1]) or after in _SUBJECT_PRONOUNS | ARTICLES
        )
        return 3 if subject and _clause_follows(words, k) else 2
    if nxt_core in {"and", "or"}:
        if after == "that" or (is_past(after) and not is_noun(after)):
            return 3  # "and reduced the cash reserve ratio": a second clause
        if k + 1 < len(words) and is_capitalised(words[k + 1]) and _clause_follows(words, k):
            return 3  # "and Israel began releasing ...": a second clause
        role = k + 2 < len(words) and after.islower() and is_capitalised(words[k + 2])
        if role and is_noun(after) and _clause_follows(words, k):
            return 3  # "and skipper Jaydev Unadkat grabbed five wickets": a second clause
        return (
            1 if is_capitalised(last) else 0
        )  # "block Elon Musk | and his ...", not "council | and"
    if nxt_core == "to":
        return 1 if after.isalpha() and after.islower() and is_form(after, "VB") else 2
    if nxt_core in _PHRASE_PREPOSITIONS:
        if nxt_core in SUBORDINATORS | {"before", "since", "until"}:
            return 3 if _clause_follows(words, k) else 2  # "after a man tested positive"
        return 2
    if nxt_core.islower() and is_form(nxt_core, "VBG") and not is_noun(nxt_core):
        return 2
    if nxt_core in {"of", "that"} and not bare[:1].isdigit():
        return 1
    return 0


_SUBORDINATE_OPENERS = SUBORDINATORS | {"that", "whether", "before", "since", "until", "if"}


def _subordinate_spans(words: Sequence[str], verb: int | None) -> list[tuple[int, int]]:
    """Where each subordinate clause after the main verb opens and where its own verb is: a cut
    between the two leaves a fragment ("closes lower as heavy selling in banking", "rejects
    claims that mass protest")."""
    if verb is None:
        return []
    spans = []
    for at in range(verb + 1, len(words) - 1):
        opener, nxt = core(words[at]).lower(), core(words[at + 1]).lower()
        before = core(words[at - 1]).lower()
        compared = opener == "as" and (nxt in _BEFORE_AS or before in _BEFORE_AS)  # "as much as"
        if opener in _SUBORDINATE_OPENERS and not compared:
            inner = _clause_verb(words, at)
            if inner is not None:
                spans.append((at, inner))
    return spans


def _clause_verb(words: Sequence[str], at: int) -> int | None:
    """The verb of the clause opened by the word at `at`, within ten words and before its first
    comma unless what follows the comma is a participle phrase inside the clause ("as heavy
    selling in banking shares, coupled with weak cues, weighed ..."); a present form put there
    by `present_tense` counts. None when no clause opens there ("after six months")."""
    aside = False
    for i in range(at + 1, min(len(words), at + 16)):
        bare, before = core(words[i]), core(words[i - 1]).lower()
        if i > at + 1 and words[i - 1][-1:] in ",;:" and not aside:
            if not (bare.islower() and (is_form(bare, "VBN") or is_form(bare, "VBG"))):
                return None
            aside = True  # ", coupled with weak cues," and then the verb
            continue
        if not (bare.isalpha() and bare.islower()) or before in ARTICLES | POSSESSIVES:
            continue
        if find_verb(words[i - 1 : i + 1]) == 1:
            return i
        if is_form(bare, "VBZ") and before not in PREPOSITIONS and not is_noun(bare):
            return i
    return None


_ADVERBIAL_PREPOSITIONS = frozenset(
    "after before following amid despite during since in at without".split()
)
"""Prepositions that open an adverbial phrase, not a verb's object ("dies | following ...")."""


def _verb_may_end(words: Sequence[str], verb: int) -> bool:
    """Whether the headline may end on its verb: nothing after it is its object ("X dies |
    following a brief illness", "X rallies | from a set down"), not "X meets | Y", "X offers |
    to buy"."""
    if verb + 1 >= len(words) or not words[verb].isalpha() or not words[verb].islower():
        return False
    nxt = core(words[verb + 1]).lower()
    return nxt in _ADVERBIAL_PREPOSITIONS or nxt == "from"


_TIME_SPANS = frozenset(
    "day days week weeks month months year years hour hours decade decades minutes".split()
)
_COUNTS = NUMBER_WORDS | {"a", "an", "few", "several"}
_ANCHORS = frozenset({"after", "before", "since", "ago", "later", "earlier"})
_COMPLEX_HEADS = frozenset(
    "connection response addition line favour favor exchange charge front behalf spite support"
    " relation accordance".split()
)
"""Nouns that make one preposition with the words around them ("in connection with")."""


def _complex_preposition(words: Sequence[str], k: int) -> bool:
    """Whether the k-th word is the noun of a complex preposition ("in connection | with")."""
    before = core(words[k - 2]).lower() if k >= 2 else ""
    return core(words[k - 1]).lower() in _COMPLEX_HEADS and before in {"in", "on"}


def _participle_after_noun(words: Sequence[str], k: int) -> bool:
    """Whether the k-th word is a participle that qualifies the noun before it ("companies
    linked", "spacecraft bound", "officials implicated")."""
    bare, before = core(words[k - 1]), core(words[k - 2]) if k >= 2 else ""
    return (
        bare.islower()
        and is_form(bare, "VBN")
        and not is_noun(bare)  # "oil output | for August" is a noun
        and before.isalpha()
        and before.islower()
        and before not in FUNCTION_WORDS
        and is_noun(before)
    )


def _verb_form(word: str) -> bool:
    """Whether a lowercase word is a verb form an adverb may qualify ("smuggling", "duped")."""
    return any(is_form(word, tag) for tag in ("VBG", "VBN", "VBD", "VB"))


def _names_next(word: str) -> bool:
    """Whether a lowercase word before a capitalised one reads as a role naming it (a noun
    that is no verb form: "spinner", "counterpart"), not a verb before its object ("beat")."""
    return is_noun(word) and not any(is_form(word, tag) for tag in ("VBD", "VBZ", "VBP", "VBN"))


def _clause_follows(words: Sequence[str], k: int) -> bool:
    """Whether the word at k opens a clause with a finite verb of its own within a few words: a
    past form, or a present one put there by `present_tense` ("after a man tests positive")."""
    if find_verb(words[k : k + 10]) is not None:
        return True
    for i in range(k + 2, min(len(words), k + 10)):
        word, before = core(words[i]), core(words[i - 1]).lower()
        if words[i - 1][-1:] in ",;:":
            return False
        if (
            word.isalpha()
            and word.islower()
            and is_form(word, "VBZ")
            and before not in ARTICLES | POSSESSIVES | PREPOSITIONS
        ):
            return True
    return False


def _opens_aside(word: str) -> bool:
    """Whether a word after a comma opens an aside or a new clause ("its second cut", "beating
    ...", "as ...", "which ...") rather than continuing a list."""
    return (
        word in ARTICLES
        or word in PREPOSITIONS
        or word in POSSESSIVES
        or word in _SUBJECT_PRONOUNS
        or word in _CLAUSE_WORDS
        or word in SUBORDINATORS
        or (word.isalpha() and is_form(word, "VBG"))
    )


def _any_word(words: Sequence[str], max_length: int) -> int:
    """The most words that fit in `max_length`, for text with no safe boundary at all; when no
    word within it may end a headline (a long name: "... Prime Minister Datuk Seri | Anwar
    Ibrahim"), the first that may within `MAX_CLAUSE` characters rather than a cut name."""
    length = _Length(words)
    k = 1
    while k < len(words) and length(k + 1) <= max_length:
        k += 1
    fits = k
    while k > 1 and not _safe_end(words, k):
        k -= 1
    if k > 1:
        return k
    longer = (k for k in range(fits + 1, len(words) + 1) if length(k) <= MAX_CLAUSE)
    return next((k for k in longer if _safe_end(words, k)), fits)


def _safe_end(words: Sequence[str], k: int) -> bool:
    """Whether the k-th word may end a headline at all: not a function word, not inside a name,
    not a number before its unit ("Rs 4,500 | crore")."""
    last, nxt = core(words[k - 1]), core(words[k]) if k < len(words) else ""
    if last.lower() in FUNCTION_WORDS or (is_capitalised(last) and is_capitalised(nxt)):
        return False
    if nxt == "as" and last.lower() in _BEFORE_AS:
        return False
    joined = k + 1 < len(words) and is_capitalised(words[k + 1])
    if nxt in NAME_JOINERS and is_capitalised(last) and joined:
        return False
    return not (last[:1].isdigit() or last in {"Rs", "$", "US$"}) or not nxt[:1].isalnum()
