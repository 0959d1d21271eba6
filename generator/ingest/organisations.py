"""Organisation detection: the organisations a story names, known ones first, then new ones.

Known organisations come from the packaged starter list (`generator/data/organisations.txt`) and
the site's `organisations.yaml`, matched by name or alias over the story's words. A new one is a
run of capitalised words that ends in an organisation's head word ("Reliance Industries", "Aam
Aadmi Party") or opens with one followed by "of" ("Ministry of External Affairs"), a name the
story abbreviates ("the Maha Vikas Aghadi (MVA)"), or a run right after a descriptor noun
("chipmaker SK Hynix"). An acronym the story defines names the same organisation later in it.
The words and runs come from `name_words.py`, the packaged lists from `org_lists.py`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from generator.ingest.lexicon import KNOWN_ACRONYMS, SHIP_PREFIXES, base_lexicon, is_english
from generator.ingest.name_words import (
    CONNECTORS,
    OF_WORDS,
    Word,
    acronym_start,
    defined_acronym,
    is_word,
    joined,
    key_of,
    reach,
    runs,
    words_of,
)
from generator.ingest.org_context import (
    APPOSED_NOUNS,
    APPOSED_PARTS,
    STAGES,
    TRAILING_NOUNS,
    Clues,
    apposed,
    trailed,
)
from generator.ingest.org_lists import (
    AGENCY_NAMES,
    CONCEPTS,
    DESCRIPTORS,
    PORTFOLIOS,
    head_words,
    starter_list,
)
from generator.models import Organisation
from generator.urls import slugify

_AND = frozenset(("and", "&"))
_MINISTERS = frozenset(("minister", "ministers"))
_DETERMINERS = frozenset(("the", "a", "an"))
# In the copy of these agencies "the Congress" is India's party; after "US" it never is.
_INDIAN_AGENCIES = frozenset("ians pti ani uni".split())
_CONGRESS = "indian-national-congress"
_FOREIGN = frozenset(("us", "american"))
# Words right after a one-word name of the starter list written "~Shell" (a place or a common
# word as well: "Amazon", "Shell", "BP") that say the company is meant: its people, its shares,
# what it said or did ("Shell Chief Executive Wael Sawan", "BP boss", "Amazon said").
# Roles among them say a person of the company follows ("Apex Pharma chief scientist").
_ROLES = frozenset(
    "chief ceo chairman chairwoman spokesman spokeswoman spokesperson executive".split()
)
_BODY_CUES = _ROLES | frozenset(
    """shares stock boss executives said says announced reported unveiled agreed plans planned
    sold bought invested employees staff shareholders investors party""".split()
)
# Words right before one: "shares of Amazon", "shares in BP", "Amazon, Microsoft and Meta".
_BODY_CUES_BEFORE = frozenset(("of", "in"))
# The dateline of a story whose agency the wire parser missed: "Patna (Bihar) [India], November
# 20 (ANI):", "Belem, Brazil, Nov 22 (AFP) -".
_DATELINE_AGENCY = re.compile(
    r"^[^\n]{0,80}?\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?[ \t]+\d{1,2}"
    r",?[ \t]*\((\w+)\)"
)


# AP's "Up next" lines after a game: "Nuggets: At Minnesota on Sunday.", "Thunder: Host
# Sacramento on Sunday." The opponent is a team written by its city.
_UP_NEXT = re.compile(
    r"^[A-Z][\w.' ]{1,30}:[ \t]+(?:At|Host|Hosts|Visit|Visits|vs\.?)[ \t]+"
    r"([A-Z][\w.'-]*(?:[ \t][A-Z][\w.'-]*){0,2})[ \t]+(?:on|in|at)\b"
)


@dataclass(frozen=True, slots=True)
class OrganisationsFound:
    """The organisations one story names."""

    slugs: tuple[str, ...]
    """Every organisation the story names, in order of first mention, no repeats."""
    new: tuple[Organisation, ...]
    """Detected organisations not in the vocabulary (reviewed=False); also in `slugs`."""
    spans: tuple[tuple[int, int], ...] = ()
    """(start, end) offsets of every name found, in the paragraphs joined by blank lines."""


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
    spans: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) offsets of the names found."""


class OrganisationFinder:
    """Finds the organisations of stories; build once per ingest, call `find` per story."""

    def __init__(
        self, vocabulary: Mapping[str, Organisation], retired: Collection[str] = ()
    ) -> None:
        """Index the starter list and `vocabulary` (the site's own entries win by slug).

        `retired` are slugs an editor rejected: never tagged, never detected as new again.
        """
        self._site = frozenset(vocabulary)
        self._vocabulary = {**starter_list(), **vocabulary}
        self._retired = frozenset(retired)
        self._names: dict[tuple[str, ...], str] = {}
        self._acronyms: dict[str, str] = {}
        self._lowercase: set[str] = set()
        """Words written in lowercase inside known names ("in", "los")."""
        self._cued: set[str] = set()
        """Keys of one-word names written "~Name" in the starter list: a place or a common word
        too ("Amazon", "Shell"), a body's only with a cue next to it ("Shell Chief Executive")."""
        starter = starter_list()
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
        self._first_names = lexicon.first_names
        words = head_words()
        self._heads, self._leading, self._excluded = words.heads, words.leading, words.excluded
        self._any_heads = words.heads | words.leading  # "Grupo Elektra and Banco Azteca"
        self._of_heads = words.of_heads
        self._places = lexicon.places
        self._nationalities = lexicon.prefixes
        # Lowercase words matching looks at; every other one only breaks a run.
        self._keep = CONNECTORS | DESCRIPTORS | self._excluded | _DETERMINERS | OF_WORDS | _AND
        self._keep |= self._lowercase | {"who"}  # "Cricket in India"; "maker X, who runs"
        self._keep |= TRAILING_NOUNS | APPOSED_NOUNS | APPOSED_PARTS | STAGES | _BODY_CUES
        self._clues = Clues(
            self._titles, self._places | self._nationalities, self._excluded, self._proper
        )

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
            if not name.startswith("~")
        ]

    def _index(self, name: str, slug: str) -> None:
        if name.startswith("~"):
            name = name[1:]
            self._cued.add(key_of(name))
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
        if not agency and paragraphs:
            dateline = _DATELINE_AGENCY.match(paragraphs[0])
            if dateline and key_of(dateline.group(1)) in AGENCY_NAMES:
                agency = dateline.group(1)
        agency_key = key_of(agency) if agency else ""
        found = _Found(skip=agency_key)
        author = AGENCY_NAMES.get(agency_key)
        # In Indian wire copy "the Congress" is the party, not a legislature.
        congress = agency.lower() in _INDIAN_AGENCIES and _CONGRESS in self._vocabulary
        offset = 0
        for paragraph in paragraphs:
            words = words_of(paragraph, self._places, offset, self._keep)
            self._paragraph(words, found, congress)
            self._up_next(paragraph, offset, found)
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
            spans=tuple(found.spans),
        )

    def _paragraph(self, words: list[Word], found: _Found, congress: bool) -> None:
        """Add what one paragraph's words name to `found`."""
        first_seen, defined = found.first_seen, found.defined
        covered: set[int] = set()
        known: list[tuple[int, int, str]] = []
        for index, length, slug in self._known(words):
            if length == 1 and (words[index].key == found.skip or _defines(words, index, known)):
                continue
            if length == 1 and words[index].key in self._cued and not _cued(words, index):
                continue  # "the Brazilian Amazon", "a shell company"
            known.append((index, length, slug))
            found.spans.append(_span(words, index, index + length))
            first_seen.setdefault(slug, words[index].start)
            covered.update(range(index, index + length))
            acronym = defined_acronym(words, index, index + length)
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
        suffixes = self._clued(words, known_spans, candidates)
        for span in candidates:
            inside = [m for m in known if span[0] <= m[0] and m[0] + m[1] <= span[1]]
            if inside and covered.isdisjoint(set(range(*span)) - _cover(inside)):
                if any(m[1] == span[1] - span[0] for m in inside):
                    continue  # the known name itself
                # "Maharashtra State Election Commission" is not the Election Commission
                # (unless named elsewhere: "Lanka IOC, a subsidiary of Indian Oil Corporation").
                for m in inside:
                    if first_seen.get(m[2]) == words[m[0]].start:
                        del first_seen[m[2]]
                        elsewhere = [words[k[0]].start for k in known if k[2] == m[2]]
                        elsewhere = [at for at in elsewhere if at != words[m[0]].start]
                        if elsewhere:
                            first_seen[m[2]] = min(elsewhere)
                spans.append(span)
            elif covered.isdisjoint(range(*span)):
                spans.append(span)
        seen = {tuple(w.key for w in words[start:end]) for start, end in spans}
        for start, end in spans:
            shorter = tuple(w.key for w in words[start + 1 : end])
            if (
                len(shorter) > 1
                and (shorter in seen or shorter in self._names)
                and not defined_acronym(words, start, end)  # "National Environment Agency (NEA)"
            ):
                start += 1  # "Heavyweights Reliance Industries" opening a sentence
            suffix = suffixes.get((start, end), "")
            name = _name(words, start, end) + (f" {suffix}" if suffix else "")
            # "Geojit Investments Ltd" is "Geojit Investments", its legal name an alias.
            short = _without_legal_form(words, start, end)
            aliases = (name,) if short != end and not suffix else ()
            name = _name(words, start, short) if aliases else name
            slug = slugify(name)
            if slug in self._retired:
                continue
            if slug not in self._vocabulary:
                seen_as = found.new[slug].aliases if slug in found.new else ()
                aliases = tuple(dict.fromkeys((*seen_as, *aliases)))
                found.new[slug] = Organisation(slug, name, aliases, reviewed=False)
            first_seen.setdefault(slug, words[start].start)
            found.spans.append(_span(words, start, end))
            acronym = defined_acronym(words, start, end)
            if acronym:
                defined[acronym] = slug
        for word in words:
            named = defined.get(word.key) if word.capital else None
            if named is not None:
                first_seen.setdefault(named, word.start)

    def _up_next(self, paragraph: str, offset: int, found: _Found) -> None:
        """The opponent of an "Up next" line ("Nuggets: At Minnesota on Sunday."): a team by
        its city, unless the line names a known team there already."""
        match = _UP_NEXT.match(paragraph)
        if match is None:
            return
        name = match.group(1)
        slug = slugify(name)
        start = offset + match.start(1)
        if slug in self._retired or any(a <= start < b for a, b in found.spans):
            return
        if slug not in self._vocabulary:
            found.new.setdefault(slug, Organisation(slug, name, reviewed=False))
        found.first_seen.setdefault(slug, start)
        found.spans.append((start, offset + match.end(1)))

    def _clued(
        self,
        words: list[Word],
        known: Collection[tuple[int, int]],
        candidates: list[tuple[int, int]],
    ) -> dict[tuple[int, int], str]:
        """Add to `candidates` the runs that the words around them make bodies' (a descriptor
        before: "chipmaker SK Hynix"; a noun after: "the Tata group"; an apposition: "Nexperia,
        the chipmaker"), where no candidate is; return the suffix each name takes ("Group")."""
        taken = _cover([(a, b - a, "") for a, b in candidates])
        suffixes = {(start, end): suffix for start, end, suffix in trailed(words, self._clues)}
        clued = [*self._described(words, known), *suffixes, *apposed(words, self._clues)]
        for span in clued:
            if taken.isdisjoint(range(*span)):
                candidates.append(span)
                taken.update(range(*span))
        return suffixes

    def _known(self, words: list[Word]) -> Iterator[tuple[int, int, str]]:
        """(index, length, slug) of every known name, longest first at each word."""
        stretch = reach(words)
        index = 0
        while index < len(words):
            word = words[index]
            found = None
            if word.capital and (word.key in self._first_keys or word.key in self._acronyms):
                # "Janata Dal (United)": a bracketed qualifier may end a known name.
                limit = stretch[index]
                if index + limit < len(words) and not words[index + limit - 1].ends:
                    limit += stretch[index + limit]
                for length in range(min(self._longest, limit), 0, -1):
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
        """The name is part of a venue's or an event's ("Allianz | Arena", "Tata Steel | Chess
        Tournament"), or of a cabinet office's ("U.S. Treasury | Secretary Scott Bessent",
        "Army Secretary")."""
        if after < len(words) and joined(words, after - 1, 2) and _office(words, after):
            return True
        # Any word of the run that goes on: "Tata Steel | Chess Tournament".
        for index in range(after, min(after + 3, len(words))):
            if words[index - 1].owner or not (joined(words, index - 1, 2) and words[index].capital):
                return False  # "the UN's World Food Programme" is the UN's
            if words[index].key in self._excluded:
                return True
        return False

    def _lookup(self, words: list[Word], index: int, length: int) -> str | None:
        word = words[index]
        if length == 1:
            following = words[index + 1] if index + 1 < len(words) else None
            if word.key in SHIP_PREFIXES and following and following.capital:
                return None  # "INS Vikrant", "MV Ever Given": a ship, not a body
            if word.upper and word.key in self._acronyms:
                return self._acronyms[word.key]
            previous = words[index - 1] if index else None
            if previous is not None and previous.capital and joined(words, index - 1, 2):
                return None  # "Social Democrats" is not "Democrats"
            return self._names.get((word.key,))
        if not words[index + length - 1].capital:
            return None
        return self._names.get(tuple(w.key for w in words[index : index + length]))

    def _described(
        self, words: list[Word], known: Collection[tuple[int, int]]
    ) -> Iterator[tuple[int, int]]:
        """Runs right after a descriptor noun ("chipmaker SK Hynix"): one word is enough."""
        for start, end in runs(words):
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
            if is_word(words, cut, "who"):
                continue  # "auto parts maker Vikram Jagtap, who runs ...": a person
            if (
                cut - start >= 2
                and words[start].key in self._first_names
                and words[start].key not in CONNECTORS  # "newspaper Le Parisien"
                and not any(w.key in self._heads for w in words[start:cut])
            ):
                continue  # "investor Warren Buffett", "market seller Grace Kila": a person
            yield start, cut

    def _person(self, words: list[Word], start: int, end: int, cued: bool = False) -> bool:
        """Whether words[start:end] read as a person's name: two to four words, the first a
        given name, the last no English word ("Satyajit Ray Film and Television Institute"),
        none a head word or a title. `cued`: the company after "and" is followed by a role
        ("between Sarah Foster and Apex Pharma chief scientist ..."), so the last word may be
        English ("Foster"), and one to four words with no English one are a name too ("João
        Gonçalves", "Mishra"), but one given name alone is not ("Bill and Melinda Gates
        Foundation chief executive")."""
        names = words[start:end]
        if not 1 <= len(names) <= 4 or any(
            w.key in self._heads or w.key in self._titles for w in names
        ):
            return False
        # A given name or initials first: "Andrei Ivanov", "P.J. Joseph", "KC Venugopal".
        given = len(names) >= 2 and (words[start].key in self._first_names or _initials(names[0]))
        if not cued:
            return given and not is_english(words[end - 1].key)
        if given:
            return True
        foreign = not any(is_english(w.key) for w in names)
        return foreign and not (len(names) == 1 and names[0].key in self._first_names)

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
        second have head words ("Bengaluru FC and Odisha FC"), or after a person's name ("chairman
        Andrei Ivanov and Crescent Power chief financial officer ..."); "Securities and Exchange
        Board", "Larsen and Toubro" and "National Organ and Tissue Transplant Organisation" stay
        whole."""
        for start, end in runs:
            for i in range(start + 1, end - 1):
                if words[i].key not in _AND or words[i].capital:
                    continue
                left = [j for j in range(start, i) if words[j].key in self._any_heads]
                right = [j for j in range(i + 1, end) if words[j].key in self._any_heads]
                one_name = i - start == 1 and not is_english(words[start].key)
                both = (i - start >= 2 and left) or one_name
                # The name after the last title before "and": "IT Minister Aparna Pillai".
                name = max(
                    [start] + [j + 1 for j in range(start, i) if words[j].key in self._titles]
                )
                cued = end < len(words) and words[end].key in _ROLES  # "... and Apex Pharma chief"
                person = bool(right) and self._person(words, name, i, cued)
                # A known name, after a sentence's "The" or not: "The Council of Europe and".
                after_known = any(start <= a and b == i for a, b in known)
                if after_known or (both and right and end - i > 2) or person:
                    yield start, i
                    start = i + 1
            yield start, end

    def _candidates(
        self, words: list[Word], known: Collection[tuple[int, int]] = ()
    ) -> Iterator[tuple[int, int]]:
        """(start, end) word ranges of new organisations: runs with a head word."""
        for start, end in self._split(words, runs(words), known):
            run = range(start, end)
            cut = next((i for i in run if i > start and words[i].key in self._titles), end)
            # A common word opening a sentence is no part of the name ("Several", "The"); in
            # the middle of one it is ("the People Power Party"; '... forward," New Zealand
            # Foreign Ministry spokesperson').
            while start < cut and (
                words[start].key in self._titles
                or words[start].key in _DETERMINERS
                or (
                    words[start].key in self._stopwords
                    and (start == 0 or (words[start - 1].ends and not words[start - 1].comma))
                    and not is_word(words, start + 1, "india", capital=True)  # "All India Radio"
                )
            ):
                start += 1
            if cut - start < 2 or any(words[i].key in self._excluded for i in range(start, cut)):
                continue
            heads = [i for i in range(start, cut) if self._head(words, i, cut)]
            if words[start].key in self._leading and not is_word(words, start + 1, "of"):
                heads = [cut - 1]  # "FC Barcelona", "Bank Mandiri"; but "Bank of France"
            if not heads:
                # "the Maha Vikas Aghadi (MVA)": a name the story abbreviates is a body's.
                first = acronym_start(words, start, end) if cut == end else None
                if first is not None and end - first >= 2 and words[end - 1].key not in CONCEPTS:
                    yield first, end
                continue
            # "Vinod Nair of Geojit Financial Services", "Raila Odinga's Orange Democratic
            # Movement", "the Indian Army's Northern Command": the name starts after "of", a
            # person's possessive or a known organisation's.
            start = max(
                [start]
                + [i + 1 for i in range(start, heads[0]) if words[i].key in OF_WORDS]
                + [
                    i + 1
                    for i in range(start, heads[0])
                    if words[i].owner
                    and (not is_english(words[i].key) or any(b == i + 1 for _, b in known))
                ]
            )
            while start < heads[0] and words[start].key in _DETERMINERS:
                start += 1
            last = heads[-1]
            if (
                cut < end
                and last == cut - 1
                and (words[last].key in PORTFOLIOS or _office(words, cut))
            ):
                continue  # "Saudi Energy Minister", "Mineral Resources Minister", "Army Secretary"
            if cut < end and words[cut].key in _MINISTERS:
                continue  # a minister's portfolios: "IT and Industries Minister", "Natural
                # Resources and Environmental Sustainability Minister"
            of_phrase = last + 1 < cut and words[last + 1].key in ("of", "for", "on")
            stop = cut if of_phrase else last + 1
            while stop > start and not words[stop - 1].capital:
                stop -= 1
            after = words[stop] if stop < len(words) else None
            if after is not None and not after.capital and after.key in self._excluded:
                continue  # "the Nifty Bank index", "the Ujjwala Yojana scheme"
            if stop - start >= 2:
                yield start, stop

    def _head(self, words: list[Word], index: int, cut: int) -> bool:
        """words[index] is a head word: "Industries"; "Centre" only with "for" or "of" after it
        ("Divecha Centre for Climate Change")."""
        key = words[index].key
        if key in self._heads:
            return True
        return key in self._of_heads and index + 1 < cut and words[index + 1].key in OF_WORDS


def _cued(words: list[Word], index: int) -> bool:
    """A body's cue next to words[index]: "Shell Chief Executive", "BP boss", "shares in BP",
    "Microsoft, Alphabet, Amazon and Meta" (in a list of capitalised names)."""
    word = words[index]
    after = words[index + 1] if index + 1 < len(words) else None
    before = words[index - 1] if index else None
    if after is not None and not word.ends and after.key in _BODY_CUES:
        return True
    if before is not None and before.key in _BODY_CUES_BEFORE and index > 1:
        return words[index - 2].key == "shares"
    if before is not None and before.key == "and" and index > 1 and words[index - 2].capital:
        return True  # "ZF Friedrichshafen and Continental"
    listed = before is not None and before.capital and before.comma
    return listed and (word.comma or (after is not None and after.key == "and"))


def _office(words: list[Word], index: int) -> bool:
    """words[index] is "Secretary" of a cabinet office ("Treasury Secretary"), not a body's
    "Secretary General" ("NATO Secretary General Mark Rutte")."""
    return is_word(words, index, "secretary", capital=True) and not is_word(
        words, index + 1, "general", capital=True
    )


def _defines(words: list[Word], index: int, known: list[tuple[int, int, str]]) -> bool:
    """words[index] is "(ACRONYM)" of the known name right before it, all of whose words it
    abbreviates ("American Academy of Pediatrics (AAP)"): that name's, whatever else the
    acronym may stand for ("Peoples | Democratic Party (PDP)" is not all of one)."""
    if not words[index].opens or not known:
        return False
    start, length, _ = known[-1]
    return start + length == index and acronym_start(words, start, index) == start


def _unreviewed(entry: Organisation) -> Organisation:
    return Organisation(entry.slug, entry.name, reviewed=False)


def _cover(matches: list[tuple[int, int, str]]) -> set[int]:
    return {i for index, length, _ in matches for i in range(index, index + length)}


def _span(words: list[Word], start: int, end: int) -> tuple[int, int]:
    """Offsets in the story's text of words[start:end]."""
    last = words[end - 1]
    return words[start].start, last.start + len(last.text)


def _initials(word: Word) -> bool:
    """Initials opening a person's name ("P.J.", "KC"), not a country's or a body's ("US", "UN")."""
    dotted = "." in word.text
    return (
        word.upper
        and len(word.key) <= 3
        and (dotted or len(word.key) <= 2)
        and (dotted or word.key not in KNOWN_ACRONYMS)
    )


_LEGAL_FORMS = frozenset("ltd limited inc plc llc pvt private pte".split())


def _name(words: list[Word], start: int, end: int) -> str:
    """words[start:end] as a name shows them, possessives kept ("People's Party")."""
    return " ".join(w.shown if w.owner else w.text for w in words[start:end])


def _without_legal_form(words: list[Word], start: int, end: int) -> int:
    """Where a name's trailing legal form starts ("Geojit Investments | Ltd", "Skyline Infracon
    | Pvt Ltd"), leaving two words or more; `end` if it has none."""
    while end - start > 2 and words[end - 1].key in _LEGAL_FORMS:
        end -= 1
    return end
