"""Organisation detection: the organisations a story names, known ones first, then new ones.

Known organisations come from the packaged starter list (`generator/data/organisations.txt`) and
the site's `organisations.yaml`, matched by name or alias over the story's words. A new one is a
run of capitalised words that ends in an organisation's head word ("Reliance Industries", "Aam
Aadmi Party") or opens with one followed by "of" ("Ministry of External Affairs"). An acronym the
story defines ("the Enforcement Directorate (ED)") names the same organisation later in it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from generator.ingest.lexicon import DATA_DIR, base_lexicon, is_english, read_word_list
from generator.models import Organisation
from generator.urls import slugify, word_slug

STARTER_FILE = DATA_DIR / "organisations.txt"

# Lowercase words that may sit inside an organisation's name between capitalised words.
CONNECTORS = frozenset("of for and & the de du des del la le al el e".split())
_AND = frozenset(("and", "&"))
_DETERMINERS = frozenset(("the", "a", "an"))
# Endings of a hyphenated adjective made from a name ("BJP-led", "Delhi-based"): the name ends.
_ADJECTIVE = re.compile(
    r"^(.+?)-(?:led|backed|run|owned|based|controlled|linked|affiliated|aligned|allied|funded|"
    r"sponsored|made|ruled|headed|dominated|supported)$"
)
# Last words of abbreviated names that are things, not bodies ("Goods and Services Tax (GST)").
_CONCEPTS = frozenset(
    """tax taxes product price prices control interface index rate rates act bill code scheme
    programme program policy radar satellite mission card number goals assets investment
    intelligence disease syndrome virus test system systems zone line area""".split()
)
# The wire agencies a dateline names, by their code: the story's author, never tagged.
AGENCY_NAMES = {
    "ap": "Associated Press",
    "afp": "Agence France-Presse",
    "pti": "Press Trust of India",
    "uni": "United News of India",
    "ians": "Indo-Asian News Service",
    "ani": "Asian News International",
    "reuters": "Reuters",
}
# Head words that also name a minister's portfolio: right before a title they are the title's.
_PORTFOLIOS = frozenset(
    """energy resources power mining petroleum steel telecom infrastructure communications
    aviation shipping railways health media electronics""".split()
)
# Lowercase nouns that, right before a run of capitalised words, say an organisation's name
# follows ("chipmaker SK Hynix", "short seller Hindenburg Research", "ratings agency ICRA").
DESCRIPTORS = frozenset(
    """company firm startup start-up conglomerate group lender bank insurer brokerage broker
    carmaker automaker chipmaker miner retailer airline carrier operator developer maker
    manufacturer producer refiner utility fund investor seller platform outfit party club
    franchise agency regulator watchdog broadcaster newspaper daily channel network consultancy
    publisher studio label charity nonprofit ngo union association federation body
    think-tank""".split()
)
_INDIAN_AGENCIES = frozenset("ians pti ani uni".split())
_CONGRESS = "indian-national-congress"
_FOREIGN = frozenset(("us", "american"))
_TOKEN = re.compile(r"\S+")
_NON_KEY = re.compile(r"[^0-9a-z&+]+")
# A word that does not start with a lowercase letter (a capital, a bracket, a quote), found in C.
_CAPITAL_TOKEN = re.compile(r"[^\sa-z0-9]\S*")
_OF = frozenset(("of", "at", "for"))
_EDGE = "\"'“”‘’()[]{},;:!?.*"
_STOP_AFTER = tuple(',;:!?"”’)]')
_INITIALISM = re.compile(r"^(?:[A-Z]\.)+$")
_ABBREVIATION = frozenset(
    "mr mrs ms dr st prof gen lt col sen gov rep capt maj hon rev smt".split()
)


@dataclass(frozen=True, slots=True)
class OrganisationsFound:
    """The organisations one story names."""

    slugs: tuple[str, ...]
    """Every organisation the story names, in order of first mention, no repeats."""
    new: tuple[Organisation, ...]
    """Detected organisations not in the vocabulary (reviewed=False); also in `slugs`."""


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
        if raw and raw.rstrip(_EDGE).lower() in keep:
            _add_word(words, raw, start)
        elif not words or words[-1].key:
            words.append(Word("", "", start, False, False, True, False))


_WordShape = tuple[str, str, int, bool, bool, bool, bool, bool, str]
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
        key, text, shift, capital, upper, ends, opens, owner, shown = shape
        words.append(Word(key, text, start + shift, capital, upper, ends, opens, owner, shown))


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
    return (key, body, shift, body[:1].isupper(), body.isupper(), ends, opens, owner, shown)


def _possessives(words: list[Word], places: Collection[str]) -> list[Word]:
    """A possessive joins the capitalised word after it, unless it is a place's."""
    for index, word in enumerate(words):
        if word.owner:
            following = words[index + 1] if index + 1 < len(words) else None
            ends = word.key in places or following is None or not following.capital
            words[index] = replace(word, ends=ends, owner=not ends)
    return words


def read_starter_list() -> dict[str, Organisation]:
    """The packaged starter list, slug -> organisation (reviewed: it is curated)."""
    return dict(_starter_list())


@functools.cache
def _starter_list() -> Mapping[str, Organisation]:
    entries: dict[str, Organisation] = {}
    for line in STARTER_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, *aliases = (part.strip() for part in line.split("|"))
        slug = slugify(name)
        entries.setdefault(slug, Organisation(slug, name, tuple(a for a in aliases if a)))
    return MappingProxyType(entries)


@dataclass(frozen=True, slots=True)
class HeadWords:
    """The words of `organisation_heads.txt`, lowercase."""

    heads: frozenset[str]
    """Words that end an organisation's name ("Industries", "Party")."""
    leading: frozenset[str]
    """Words that open one ("FC", "Grupo")."""
    excluded: frozenset[str]
    """Words that make a run a court, chamber, building or event instead."""


@functools.cache
def head_words() -> HeadWords:
    """The head words, read once per process."""
    heads: set[str] = set()
    leading: set[str] = set()
    excluded: set[str] = set()
    for entry in read_word_list("organisation_heads.txt"):
        if entry.startswith("!"):
            excluded.add(entry[1:])
        elif entry.startswith("^"):
            leading.add(entry[1:])
        else:
            heads.add(entry)
    return HeadWords(frozenset(heads), frozenset(leading), frozenset(excluded))


@dataclass(slots=True)
class _Found:
    """What a story's paragraphs named so far."""

    skip: str
    """Key of the dateline agency: never tagged."""
    first_seen: dict[str, int] = field(default_factory=dict)
    """Slug -> offset of its first mention."""
    new: dict[str, Organisation] = field(default_factory=dict)
    """Detected organisations the vocabulary lacks, by slug."""
    defined: dict[str, str] = field(default_factory=dict)
    """Acronym key -> slug, for acronyms the story defined ("(ED)")."""


class OrganisationFinder:
    """Finds the organisations of stories; build once per ingest, call `find` per story."""

    def __init__(
        self, vocabulary: Mapping[str, Organisation], retired: Collection[str] = ()
    ) -> None:
        """Index the starter list and `vocabulary` (the site's own entries win by slug).

        `retired` are slugs an editor rejected: never tagged, never detected as new again.
        """
        self._site = frozenset(vocabulary)
        self._vocabulary = {**_starter_list(), **vocabulary}
        self._retired = frozenset(retired)
        self._names: dict[tuple[str, ...], str] = {}
        self._acronyms: dict[str, str] = {}
        self._lowercase: set[str] = set()
        """Words written in lowercase inside known names ("in", "los")."""
        starter = _starter_list()
        for slug in sorted(self._vocabulary):
            if slug in self._retired:
                continue
            # A site's entry adds names to the starter list's, never takes them away: an editor
            # who renames the Reserve Bank of India still has it found by its name.
            entries = [self._vocabulary[slug], starter.get(slug)]
            for entry in filter(None, entries):
                for name in (entry.name, *entry.aliases):
                    self._index(name, slug)
        self._longest = max((len(k) for k in self._names), default=1)
        self._first_keys = frozenset(keys[0] for keys in self._names)
        lexicon = base_lexicon()
        self._titles = lexicon.titles
        self._stopwords = lexicon.stopwords
        words = head_words()
        self._heads, self._leading, self._excluded = words.heads, words.leading, words.excluded
        self._places = lexicon.places
        self._nationalities = lexicon.prefixes
        # Lowercase words matching looks at; every other one only breaks a run.
        self._keep = CONNECTORS | DESCRIPTORS | self._excluded | _DETERMINERS | _OF | _AND
        self._keep |= self._lowercase  # "Board of Control for Cricket in India"

    @property
    def vocabulary(self) -> Mapping[str, Organisation]:
        """Every organisation this finder knows (starter list and site), read-only."""
        return MappingProxyType(self._vocabulary)

    def names(self) -> list[str]:
        """Names and aliases of every known organisation (not people, for people detection)."""
        return [
            name
            for slug, entry in self._vocabulary.items()
            if slug not in self._retired
            for name in (entry.name, *entry.aliases)
        ]

    def _index(self, name: str, slug: str) -> None:
        keys = tuple(key for key in map(key_of, name.split()) if key)
        self._lowercase.update(key_of(word) for word in name.split() if word[:1].islower())
        if not keys:
            return
        letters = [c for c in name if c.isalpha()]
        if len(keys) == 1 and letters and all(c.isupper() for c in letters):
            self._acronyms.setdefault(keys[0], slug)
        else:
            self._names.setdefault(keys, slug)
        if len(keys) > 2 and keys[0] == "the":  # "The New York Times" is also "New York Times"
            self._names.setdefault(keys[1:], slug)

    def find(self, paragraphs: Sequence[str], agency: str = "") -> OrganisationsFound:
        """Return the organisations `paragraphs` (one story's body) name; `agency`, the wire
        agency of the dateline, is the story's author and never one of them.

        A paragraph at a time (names never cross one), so a long story costs little memory.
        """
        agency_key = key_of(agency) if agency else ""
        found = _Found(skip=agency_key)
        author = AGENCY_NAMES.get(agency_key)
        # In Indian wire copy "the Congress" is the party, not a legislature.
        congress = agency.lower() in _INDIAN_AGENCIES and _CONGRESS in self._vocabulary
        offset = 0
        for paragraph in paragraphs:
            words = words_of(paragraph, self._places, offset, self._keep)
            self._paragraph(words, found, congress)
            offset += len(paragraph) + 2
        first_seen = found.first_seen
        if author:
            first_seen.pop(slugify(author), None)
        ordered = sorted(first_seen, key=lambda slug: (first_seen[slug], slug))
        # The starter list's organisations are new to a site until its vocabulary holds them.
        unknown = [s for s in ordered if s not in self._site]
        return OrganisationsFound(
            slugs=tuple(ordered),
            new=tuple(found.new.get(s) or _unreviewed(self._vocabulary[s]) for s in unknown),
        )

    def _paragraph(self, words: list[Word], found: _Found, congress: bool) -> None:
        """Add what one paragraph's words name to `found`."""
        first_seen, defined = found.first_seen, found.defined
        covered: set[int] = set()
        known: list[tuple[int, int, str]] = []
        for index, length, slug in self._known(words):
            if length == 1 and words[index].key == found.skip:
                continue
            known.append((index, length, slug))
            first_seen.setdefault(slug, words[index].start)
            covered.update(range(index, index + length))
            acronym = _defined_acronym(words, index, index + length)
            if acronym:
                defined.setdefault(acronym, slug)
        if congress:
            for index, word in enumerate(words):
                before = words[index - 1].key if index else ""
                if word.key == "congress" and index not in covered and before not in _FOREIGN:
                    first_seen.setdefault(_CONGRESS, word.start)
                    covered.add(index)
        spans = []
        known_spans = {(m[0], m[0] + m[1]) for m in known}
        candidates = list(self._candidates(words, known_spans))
        taken = _cover([(a, b - a, "") for a, b in candidates])
        candidates += [
            span for span in self._described(words, known_spans) if taken.isdisjoint(range(*span))
        ]
        for span in candidates:
            inside = [m for m in known if span[0] <= m[0] and m[0] + m[1] <= span[1]]
            if inside and covered.isdisjoint(set(range(*span)) - _cover(inside)):
                if any(m[1] == span[1] - span[0] for m in inside):
                    continue  # the known name itself
                # "Maharashtra State Election Commission" is not the Election Commission.
                for m in inside:
                    if first_seen.get(m[2]) == words[m[0]].start:
                        del first_seen[m[2]]
                spans.append(span)
            elif covered.isdisjoint(range(*span)):
                spans.append(span)
        seen = {tuple(w.key for w in words[start:end]) for start, end in spans}
        for start, end in spans:
            shorter = tuple(w.key for w in words[start + 1 : end])
            if len(shorter) > 1 and (shorter in seen or shorter in self._names):
                start += 1  # "Heavyweights Reliance Industries" opening a sentence
            name = " ".join(w.shown if w.owner else w.text for w in words[start:end])
            slug = slugify(name)
            if slug in self._retired:
                continue
            if slug not in self._vocabulary:
                found.new.setdefault(slug, Organisation(slug, name, reviewed=False))
            first_seen.setdefault(slug, words[start].start)
            acronym = _defined_acronym(words, start, end)
            if acronym:
                defined[acronym] = slug
        for word in words:
            named = defined.get(word.key) if word.capital else None
            if named is not None:
                first_seen.setdefault(named, word.start)

    def _known(self, words: list[Word]) -> Iterator[tuple[int, int, str]]:
        """(index, length, slug) of every known name, longest first at each word."""
        reach = _reach(words)
        index = 0
        while index < len(words):
            word = words[index]
            found = None
            if word.capital and (word.key in self._first_keys or word.key in self._acronyms):
                for length in range(min(self._longest, reach[index]), 0, -1):
                    found = self._lookup(words, index, length)
                    after = index + length
                    if found and self._followed_by_place(words, after):
                        found = None  # "Allianz Arena", "Tata Memorial Hall"
                    if found:
                        yield index, length, found
                        index += length - 1
                        break
            index += 1

    def _followed_by_place(self, words: list[Word], after: int) -> bool:
        """The name is part of a venue's or an event's ("Allianz | Arena")."""
        return (
            after < len(words)
            and _joined(words, after - 1, 2)
            and words[after].capital
            and words[after].key in self._excluded
        )

    def _lookup(self, words: list[Word], index: int, length: int) -> str | None:
        word = words[index]
        if length == 1:
            if word.upper and word.key in self._acronyms:
                return self._acronyms[word.key]
            previous = words[index - 1] if index else None
            if previous is not None and previous.capital and _joined(words, index - 1, 2):
                return None  # "Social Democrats" is not "Democrats"
            return self._names.get((word.key,))
        if not words[index + length - 1].capital:
            return None
        return self._names.get(tuple(w.key for w in words[index : index + length]))

    def _described(
        self, words: list[Word], known: Collection[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """Runs right after a descriptor noun ("chipmaker SK Hynix"): one word is enough."""
        for start, end in _runs(words):
            before = words[start - 1] if start else None
            if before is None or before.capital or before.ends or before.key not in DESCRIPTORS:
                continue
            cut = next((i for i in range(start, end) if words[i].key in self._titles), end)
            if cut == start or any(a <= start < b for a, b in known):
                continue
            if any(w.key in self._places or w.key in self._excluded for w in words[start:cut]):
                continue
            if cut - start == 1 and not self._proper(words[start]):
                continue
            yield start, cut

    def _proper(self, word: Word) -> bool:
        """A one-word name: an acronym, or no English, common or nationality word."""
        key = word.key
        if key in self._stopwords or key in self._nationalities or len(key) < 2:
            return False
        return word.upper or not is_english(key)

    def _split(
        self, words: list[Word], runs: Iterator[tuple[int, int]], known: Collection[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """Runs cut at an "and" that joins two names, not one: after a known name ("Infosys
        and Tata Consultancy Services"), or between two names of two words or more when the
        second have head words ("Bengaluru FC and Odisha FC"); "Securities and Exchange Board",
        "Larsen and Toubro" and "National Organ and Tissue Transplant Organisation" stay whole."""
        for start, end in runs:
            for i in range(start + 1, end - 1):
                if words[i].key not in _AND or words[i].capital:
                    continue
                left = [j for j in range(start, i) if words[j].key in self._heads]
                right = [j for j in range(i + 1, end) if words[j].key in self._heads]
                one_name = i - start == 1 and not is_english(words[start].key)
                both = (i - start >= 2 and left) or one_name
                if (start, i) in known or (both and right and end - i > 2):
                    yield start, i
                    start = i + 1
            yield start, end

    def _candidates(
        self, words: list[Word], known: Collection[tuple[int, int]] = ()
    ) -> Iterator[tuple[int, int]]:
        """(start, end) word ranges of new organisations: runs with a head word."""
        for start, end in self._split(words, _runs(words), known):
            run = range(start, end)
            cut = next((i for i in run if i > start and words[i].key in self._titles), end)
            # A common word opening a sentence is no part of the name ("Several", "The"); in
            # the middle of one it is ("the People Power Party").
            while start < cut and (
                words[start].key in self._titles
                or words[start].key in _DETERMINERS
                or (
                    words[start].key in self._stopwords
                    and (start == 0 or words[start - 1].ends)
                    and not _is(words, start + 1, "india", capital=True)  # "All India Radio"
                )
            ):
                start += 1
            if cut - start < 2 or any(words[i].key in self._excluded for i in range(start, cut)):
                continue
            heads = [i for i in range(start, cut) if words[i].key in self._heads]
            if words[start].key in self._leading:
                heads = [cut - 1]  # "FC Barcelona", "Grupo Financiero Galicia"
            if not heads:
                # "the Maha Vikas Aghadi (MVA)": a name the story abbreviates is a body's.
                first = _acronym_start(words, start, end) if cut == end else None
                if first is not None and end - first >= 2 and words[end - 1].key not in _CONCEPTS:
                    yield first, end
                continue
            # "Vinod Nair of Geojit Financial Services", "Raila Odinga's Orange Democratic
            # Movement": the name starts after "of" or a person's possessive.
            start = max(
                [start]
                + [i + 1 for i in range(start, heads[0]) if words[i].key in _OF]
                + [
                    i + 1
                    for i in range(start, heads[0])
                    if words[i].owner and not _common(words[i])
                ]
            )
            while start < heads[0] and words[start].key in _DETERMINERS:
                start += 1
            last = heads[-1]
            if cut < end and words[last].key in _PORTFOLIOS and last == cut - 1:
                continue  # "Saudi Energy Minister", "Mineral Resources Minister"
            of_phrase = last + 1 < cut and words[last + 1].key in ("of", "for")
            stop = cut if of_phrase else last + 1
            while stop > start and not words[stop - 1].capital:
                stop -= 1
            after = words[stop] if stop < len(words) else None
            if after is not None and not after.capital and after.key in self._excluded:
                continue  # "the Nifty Bank index", "the Ujjwala Yojana scheme"
            if stop - start >= 2:
                yield start, stop


def _common(word: Word) -> bool:
    """An English word by lemminflect's dictionary ("People's"), not a name ("Odinga's")."""
    from lemminflect import getAllLemmas

    return bool(getAllLemmas(word.key))


def _unreviewed(entry: Organisation) -> Organisation:
    return Organisation(entry.slug, entry.name, reviewed=False)


def _cover(matches: list[tuple[int, int, str]]) -> set[int]:
    return {i for index, length, _ in matches for i in range(index, index + length)}


def _reach(words: list[Word]) -> list[int]:
    """For each word, how many words from it on form one stretch unbroken by punctuation."""
    reach = [1] * len(words)
    for i in range(len(words) - 2, -1, -1):
        if not words[i].ends and not words[i + 1].opens:
            reach[i] = reach[i + 1] + 1
    return reach


def _joined(words: list[Word], index: int, length: int) -> bool:
    """The words index..index+length-1 form one name: no punctuation breaks between them."""
    return not any(words[i].ends for i in range(index, index + length - 1)) and not any(
        words[i].opens for i in range(index + 1, index + length)
    )


def _is(words: list[Word], index: int, key: str, *, capital: bool = False) -> bool:
    """words[index] is `key`, written in lowercase (or with a capital when `capital`)."""
    return index < len(words) and words[index].key == key and words[index].capital == capital


def _runs(words: list[Word]) -> Iterator[tuple[int, int]]:
    """Maximal runs of capitalised words, joined by connectors, unbroken by punctuation."""
    index = 0
    while index < len(words):
        if not words[index].capital or (words[index].opens and words[index].upper):
            index += 1
            continue
        end = index + 1
        while end < len(words) and not words[end - 1].ends and not words[end].opens:
            if words[end].capital:
                end += 1
            elif words[end].key in CONNECTORS and not words[end].ends:
                # "of the" joins too: "the Central Bank of the Republic of Turkey".
                skip = 2 if words[end].key in _OF and _is(words, end + 1, "the") else 1
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


def _defined_acronym(words: list[Word], start: int, end: int) -> str:
    """The key of "(ACRONYM)" right after words[start:end], when its letters are the
    name's initials in order ("Enforcement Directorate (ED)"); else ""."""
    return words[end].key if _acronym_start(words, start, end) == start else ""


def _acronym_start(words: list[Word], start: int, end: int) -> int | None:
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
