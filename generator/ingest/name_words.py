"""A story's words as organisation matching reads them, and runs of capitalised words.

`words_of` reads only what can be part of a name: words that do not start with a lowercase
letter, and the few lowercase words that join or announce one ("of", "chipmaker"); every other
stretch of lowercase words is one empty word, a break. A run is a stretch of capitalised words
joined by connectors ("Bank of England") and unbroken by punctuation.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace

from generator.urls import word_slug

# Lowercase words that may sit inside an organisation's name between capitalised words.
CONNECTORS = frozenset("of for and & the de du des del la le al el e".split())
# Endings of a hyphenated adjective made from a name ("BJP-led", "Delhi-based"): the name ends.
_ADJECTIVE = re.compile(
    r"^(.+?)-(?:led|backed|run|owned|based|controlled|linked|affiliated|aligned|allied|funded|"
    r"sponsored|made|ruled|headed|dominated|supported)$"
)
_TOKEN = re.compile(r"\S+")
_NON_KEY = re.compile(r"[^0-9a-z&+]+")
# A word that does not start with a lowercase letter (a capital, a bracket, a quote), found in C.
_CAPITAL_TOKEN = re.compile(r"[^\sa-z0-9]\S*")
OF_WORDS = frozenset(("of", "at", "for"))
_EDGE = "\"'“”‘’()[]{},;:!?.*"
_STOP_AFTER = tuple(',;:!?"”’)]')
_INITIALISM = re.compile(r"^(?:[A-Z]\.)+$")
_ABBREVIATION = frozenset(
    "mr mrs ms dr st prof gen lt col sen gov rep capt maj hon rev smt".split()
)
# An Arabic article glued to a capitalised word ("al-Qassam", "ash-Sham"): part of a name.
_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|ul)-[A-Z]")
# An amount of money ("A$233", "US$5", "£50,000"): never a word of a name.
_MONEY = re.compile(r"^[A-Z]{0,3}[$£€¥₹]")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a story, with what matching needs to know about it."""

    key: str
    """Comparison key: ASCII, lowercase, letters, digits, "&" and "+" only ("JD(U)" -> "jdu")."""
    text: str
    """The word as written, edge punctuation and a possessive removed."""
    start: int
    """Offset of the word in the story's text: orders mentions."""
    capital: bool
    """Starts with a capital letter."""
    upper: bool
    """All its letters are capitals ("RBI", "JD(U)")."""
    ends: bool
    """Punctuation after it ends a name (a comma, a full stop, a closing quote)."""
    opens: bool
    """Punctuation before it starts something new (an opening bracket or quote)."""
    owner: bool = False
    """A possessive joined to the capitalised word after it ("People's Party", "Odinga's")."""
    shown: str = ""
    """The word as a name shows it: a possessive kept ("People's")."""
    comma: bool = False
    """A comma right after it: what follows may be in apposition ("Nexperia, the chipmaker"). A
    stretch of lowercase words ending in one, a closing quote after it or not, has it too:
    what follows does not open a sentence ('... forward," New Zealand Foreign Ministry')."""


def key_of(word: str) -> str:
    """Comparison key of one word: no possessive, ASCII lowercase, only letters, digits, & and +."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    ascii_word = word if word.isascii() else word_slug(word).replace("-", "")
    return _NON_KEY.sub("", ascii_word.lower())


def words_of(
    text: str,
    places: Collection[str] = (),
    offset: int = 0,
    keep: Collection[str] | None = None,
) -> list[Word]:
    """The words of `text`; a "-led" style suffix ends a word and the name it is part of, and so
    does a possessive unless a capitalised word follows ("Republican People's Party") and it is
    no place ("India's Ministry of External Affairs").

    With `keep`, only words that do not start with a lowercase letter are read one by one, with
    the lowercase words of `keep` right next to them ("of", "chipmaker"); every other stretch of
    lowercase words becomes one empty word, a break between names. Most of a story is lowercase,
    and skipping it this way makes a story cost a fraction as much.
    """
    words: list[Word] = []
    if keep is None:
        for match in _TOKEN.finditer(text):
            _add_word(words, match.group(), offset + match.start())
        return _possessives(words, places)
    previous = 0
    for match in _CAPITAL_TOKEN.finditer(text):
        begin = match.start()
        if begin and not text[begin - 1].isspace():
            continue  # inside a word: "said," or "e.g."
        raw = match.group()
        if raw[0].islower():
            continue
        _add_gap(words, text[previous:begin].split(), keep, offset + previous)
        _add_word(words, raw, offset + begin)
        previous = match.end()
    _add_gap(words, text[previous:].split(), keep, offset + previous)
    return _possessives(words, places)


def _add_gap(words: list[Word], gap: list[str], keep: Collection[str], start: int) -> None:
    """Lowercase words between capitalised ones: those of `keep` next to a name one by one
    (two at each end of the stretch), every other stretch as one empty word."""
    if not gap:
        return
    edges = gap if len(gap) <= 4 else [*gap[:2], "", *gap[-2:]]
    for raw in edges:
        if raw and (raw.rstrip(_EDGE).lower() in keep or _ARTICLE.match(raw)):
            _add_word(words, raw, start)
        elif not words or words[-1].key:
            words.append(Word("", "", start, False, False, True, False))
    if words and not words[-1].key and gap[-1].rstrip("\"”’'").endswith(","):
        words[-1] = replace(words[-1], comma=True)


_WordShape = tuple[str, str, int, bool, bool, bool, bool, bool, str, bool]
_SHAPES: dict[str, _WordShape | None] = {}
"""Raw word -> what `_add_word` makes of it, but its offset: names repeat across stories."""
_SHAPES_SIZE = 200_000


def _add_word(words: list[Word], raw: str, start: int) -> None:
    """Append the word written `raw` at offset `start`, if it holds a letter or a digit."""
    if raw in _SHAPES:
        shape = _SHAPES[raw]
    else:
        if len(_SHAPES) >= _SHAPES_SIZE:
            _SHAPES.clear()
        shape = _SHAPES[raw] = _shape_of(raw)
    if shape is not None:
        key, text, shift, capital, upper, ends, opens, owner, shown, comma = shape
        words.append(
            Word(key, text, start + shift, capital, upper, ends, opens, owner, shown, comma)
        )


def _shape_of(raw: str) -> _WordShape | None:
    """What one written word is as a word of a name; None when it holds no letter or digit."""
    body = raw.strip(_EDGE)
    if not body:
        return None
    opens = raw[0] in "([{\"“‘'"
    ends = raw.endswith(_STOP_AFTER)
    if raw.endswith(".") and not _INITIALISM.match(raw) and key_of(body) not in _ABBREVIATION:
        ends = True
    adjective = _ADJECTIVE.match(body) if "-" in body else None
    if adjective:
        body, ends = adjective.group(1), True
    owner = body.endswith(("'s", "’s", "'", "’")) and not ends
    shown = body
    if body.endswith(("'s", "’s")):
        body = body[:-2]
    body = body.rstrip("'’")
    key = key_of(body)
    if not key:
        return None
    shift = raw.find(body[:1])
    capital = (body[:1].isupper() and not _MONEY.match(body)) or bool(_ARTICLE.match(body))
    comma = raw.endswith(",")
    return (key, body, shift, capital, body.isupper(), ends, opens, owner, shown, comma)


def _possessives(words: list[Word], places: Collection[str]) -> list[Word]:
    """A possessive joins the capitalised word after it, unless it is a place's."""
    for index, word in enumerate(words):
        if word.owner:
            following = words[index + 1] if index + 1 < len(words) else None
            ends = word.key in places or following is None or not following.capital
            words[index] = replace(word, ends=ends, owner=not ends)
    return words


def reach(words: list[Word]) -> list[int]:
    """For each word, how many words from it on form one stretch unbroken by punctuation."""
    reach = [1] * len(words)
    for i in range(len(words) - 2, -1, -1):
        if not words[i].ends and not words[i + 1].opens:
            reach[i] = reach[i + 1] + 1
    return reach


def joined(words: list[Word], index: int, length: int) -> bool:
    """The words index..index+length-1 form one name: no punctuation breaks between them."""
    return not any(words[i].ends for i in range(index, index + length - 1)) and not any(
        words[i].opens for i in range(index + 1, index + length)
    )


def is_word(words: list[Word], index: int, key: str, *, capital: bool = False) -> bool:
    """words[index] is `key`, written in lowercase (or with a capital when `capital`)."""
    return index < len(words) and words[index].key == key and words[index].capital == capital


# Bodies named after a subject with "on" ("Kenya National Commission on Human Rights", "American
# Council on Education", "Council on Foreign Relations"): there "on" joins a name.
_ON_HEADS = frozenset("commission council committee conference panel forum institute".split())
# Bodies named after a list of portfolios ("Ministry of Trade, Industry and Energy"): there
# commas join a name.
_LIST_HEADS = frozenset("ministry ministries department".split())
_NOT_SUBJECTS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december".split()
)


def _joins(words: list[Word], end: int) -> bool:
    """words[end] is an "on" that carries a body's name on to its subject: "Council | on
    Education"; not "the Commission on Monday"."""
    word = words[end]
    if word.key != "on" or word.capital or word.ends or words[end - 1].key not in _ON_HEADS:
        return False
    following = words[end + 1] if end + 1 < len(words) else None
    return (
        following is not None
        and following.capital
        and not following.opens
        and following.key not in _NOT_SUBJECTS
    )


def _listed_portfolios(words: list[Word], index: int, end: int) -> int:
    """Where a list of portfolios after "Ministry of Trade," ends ("Industry and Energy"): the
    end of the name, or `end` when what follows the comma is no such list."""
    if words[index].key == "the":
        index += 1  # "The Ministry of Trade, ..." opening a sentence
    if end - index < 3 or words[index].key not in _LIST_HEADS or words[index + 1].key != "of":
        return end
    i = end
    while i + 1 < len(words) and words[i].capital and words[i].comma and not words[i].opens:
        i += 1
    if (
        i + 2 < len(words)
        and words[i].capital
        and not words[i].opens
        and not words[i].ends
        and words[i + 1].key in ("and", "&")
        and words[i + 2].capital
    ):
        return i + 3
    return end


def runs(words: list[Word]) -> Iterator[tuple[int, int]]:
    """Maximal runs of capitalised words, joined by connectors, unbroken by punctuation."""
    index = 0
    while index < len(words):
        if not words[index].capital or (words[index].opens and words[index].upper):
            index += 1
            continue
        end = index + 1
        while end < len(words):
            if words[end - 1].ends:
                if words[end - 1].comma:
                    listed = _listed_portfolios(words, index, end)
                    if listed > end:
                        end = listed
                        continue
                break
            if words[end].opens:
                break
            if words[end].capital:
                end += 1
            elif _joins(words, end):
                end += 2
            elif words[end].key in CONNECTORS and not words[end].ends:
                # "of the" joins too: "the Central Bank of the Republic of Turkey".
                skip = 2 if words[end].key in OF_WORDS and is_word(words, end + 1, "the") else 1
                following = end + skip
                if (
                    following < len(words)
                    and words[following].capital
                    and not words[following].opens
                    and not words[end + skip - 1].ends
                ):
                    end = following + 1
                else:
                    break
            else:
                break
        yield index, end
        index = end


def defined_acronym(words: list[Word], start: int, end: int) -> str:
    """The key of "(ACRONYM)" right after words[start:end], when its letters are the
    name's initials in order ("Enforcement Directorate (ED)"); else ""."""
    return words[end].key if acronym_start(words, start, end) == start else ""


def acronym_start(words: list[Word], start: int, end: int) -> int | None:
    """Where the name that "(ACRONYM)" right after words[start:end] stands for starts: the
    last word from which its letters are the capitalised words' initials in order ("Opposition
    | Maha Vikas Aghadi (MVA)"); None when there is no such acronym."""
    acronym = words[end] if end < len(words) else None
    if acronym is None or not acronym.opens or not acronym.capital or len(acronym.key) > 8:
        return None
    letters = [c.upper() for c in acronym.text if c.isalpha()]
    if len(letters) < 2:
        return None
    for first in range(end - 1, start - 1, -1):
        if words[first].capital and words[first].text[0].upper() == letters[0]:
            initials = [w.text[0].upper() for w in words[first:end] if w.capital]
            if _in_order(letters, initials):
                return first
    return None


def _in_order(letters: list[str], initials: list[str]) -> bool:
    position = 0
    for letter in letters:
        while position < len(initials) and initials[position] != letter:
            position += 1
        if position == len(initials):
            return False
        position += 1
    return True
