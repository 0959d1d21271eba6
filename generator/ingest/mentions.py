"""Cut a paragraph into name mentions: runs of capitalised words, trimmed and weighed.

A run is a maximal sequence of capitalised words, initials and name particles ("US President
Donald Trump", "Ursula von der Leyen", "Trump's Special Envoy Steve Witkoff"). It is split after
possessives and "-led" style suffixes, cut after its last title ("Congress MP | Shashi Tharoor"),
stripped of leading descriptors, nationalities and common words, and what is left is either a
multi-word name candidate with its evidence, or a single word that may point back to a full name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator.ingest.lexicon import (
    ADJECTIVE_SUFFIXES,
    EPONYM_HEADS,
    EPONYM_TITLES,
    GEOGRAPHY,
    HONORIFICS,
    KNOWN_ACRONYMS,
    ORGANISATION_NOUNS,
    PARTICLES,
    REPORTING_VERBS,
    SHIP_PREFIXES,
    STORM_WORDS,
    THING_NOUNS,
    TITLE_AFFIXES,
    NameLexicon,
    is_english,
    is_gerund,
    is_role,
    is_roman,
)
from generator.ingest.org_lists import DESCRIPTORS
from generator.urls import word_slug


def _uppercase_class() -> str:
    """A regex class of the uppercase and titlecase letters of the BMP (`re` has no \\p{Lu})."""
    letters = [chr(c) for c in range(0x10000) if chr(c).isupper() or chr(c).istitle()]
    return "[" + "".join(re.escape(letter) for letter in letters) + "]"


_U = _uppercase_class()
_L = r"[^\W\d_]"
_ABBREVIATION = r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sen|Gov|Rep|Capt|Maj|Sgt|Adm|Hon|Rev|St|Smt)\."
_TOKEN = (
    rf"(?:{_ABBREVIATION}|{_U}\.(?:{_U}\.)*|(?:al|el|ad|as|ash|ar|an|at|az|ul|abu)-{_U}{_L}*"
    rf"|{_U}{_L}*(?:['’]{_L}+)?(?:-{_L}+)*['’]?)"
)
# The first token of a run, written so that the pattern starts with a character class: the regex
# engine then skips to the next capital letter in C instead of trying every position (3x faster).
# The look-behind, checked after that capital, keeps handles (@realDonaldTrump), hashtags and
# words glued to others out; a straight quote opens a run only after a space or a bracket ("the
# film 'Tiger Rao'", but not "O'Brien"). The abbreviation look-behinds accept "Mr." but not "Trump.".
_ABBREVIATION_DOT = (
    r"(?:(?<=Mr|Ms|Dr|St|Lt)|(?<=Mrs|Gen|Col|Sen|Gov|Rep|Maj|Sgt|Adm|Hon|Rev|Smt)|(?<=Prof|Capt))\."
)
_FIRST_TOKEN = (
    rf"{_U}(?<![\w@#/.&’-].)(?<![^\s(\[\"“‘]'.)"
    rf"(?:\.(?:{_U}\.)*|{_L}*(?:{_ABBREVIATION_DOT}|(?:['’]{_L}+)?(?:-{_L}+)*['’]?))"
)
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
RUN = re.compile(rf"{_FIRST_TOKEN}(?:(?:[ \u00a0]+(?:{_PARTICLE}))*[ \u00a0]+{_TOKEN})*(?!\w)")
_TOKEN_SPAN = re.compile(r"[^ \u00a0]+")
_INITIALS = re.compile(rf"(?:{_U}\.)+|{_U}")
_PUNCTUATION = "\"'“”‘’()[],;:.!?"
_COMPASS = frozenset("north south east west central northern southern eastern western".split())
# Lowercase nouns that, right before a name, say a body's name follows ("chipmaker SK Hynix"),
# less those that may say a person's ("investor Warren Buffett", "market seller Grace Kila").
_BODIES = frozenset(
    word
    for word in DESCRIPTORS
    if not is_role(word) and word not in ("broker", "seller", "operator", "maker")
)
# Short forms of titles that are also surnames ("Sen" of "Amartya Sen").
_SHORT_TITLES = frozenset("sen gen rep gov col capt maj sgt adm".split())
_QUOTES = frozenset("'\"‘’“”")
# A name right before "&" and a capitalised word names a firm ("Deloitte Haskins & Sells").
_FIRM_AMPERSAND = re.compile(r" ?& ?[A-Z]")
# A name that rises or falls by a percentage is a share or an index, never a person.
_MARKET_MOVE = re.compile(
    r"[ \t]+(?:rose|fell|gained|lost|added|slipped|dropped|jumped|climbed|declined|surged|"
    r"tumbled|advanced|eased|slid|sank|soared|shed|edged[ \t]+(?:up|down|higher|lower))"
    r"[ \t]+(?:[a-z]+[ \t]+){0,2}[\d.]+[ \t]*(?:%|per[ \t]?cent|percent)"
)
_LOCATIVES = frozenset("at in near outside inside across".split())
_OWNED = ("'s", "’s", "'", "’")
# "GitHub", "YouTube", "PayPal": brands; "DeSantis", "McDonald", "LeBron", "MacKenzie" pass.
_CAMEL = re.compile(r"^(?!Mac)[A-Z][a-z]{2,}[A-Z]")
_AGE = re.compile(r",[ \t]+\d{1,3}(?:,|[ \t]*$)")
_APPOSITION = re.compile(r",[ \t]+(?:a|an|the|its|his|her|their)[ \t]+([^,.;:\n]+)")
# The quote closing a quoted title, a sequel number before it ("'Jolly LLB 3'"), and no letter
# after it: "“Trump’s tariffs" opens a quotation with a possessive, not a title.
_SEQUEL = re.compile(r"(?:[ \t]+(?:\d{1,2}|[IVX]{1,4}))?([\'\"‘’“”])(?!\w)")
_CLOSING = {"'": "'’", "‘": "’'", "’": "’", '"': '"”', "“": '”"'}
_NEXT_WORD = re.compile(r"[ \t]+([\w’'-]+)")
_WORDS_AFTER = re.compile(r"[ \t,]*([\w’'-]+)(?:[ \t]+([\w’'-]+))?")


def fold(word: str) -> str:
    """Comparison key of a word: lowercase, ASCII, no apostrophes ("Erdoğan" -> "erdogan")."""
    if word.isascii():
        return word.lower().replace("'", "")
    return word_slug(word)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a run's words alone say about one name in it (cacheable: no context)."""

    start: int
    """Offset of the name's first character within the run."""
    end: int
    """Offset just past the name's last character within the run."""
    keys: tuple[str, ...]
    """Folded words of the trimmed name; one key for a lone word."""
    display: str
    """The name as written, possessive removed."""
    run_keys: tuple[str, ...]
    """Folded words of the whole run, titles included, for vocabulary aliases."""
    is_name: bool
    """A multi-word candidate free of organisation, place and month words."""
    first_name: bool = False
    """Starts with a known first name or an initial."""
    role: int = -1
    """2 after a title in the run, 1 after a nationality, -1 when the context must tell."""
    after_the: bool = False
    """The run itself puts "The" before the name."""
    adjective: bool = False
    """Ends in a "-led" style suffix: "the Mukesh Ambani-led group" still names a person."""
    particle: bool = False
    """Holds a particle ("von der", "bin")."""
    foreign: bool = False
    """No word is English, a first name or a place ("Iga Swiatek", "Ruturaj Gaikwad"): a
    name from another language, most often a person's."""
    venue: bool = False
    """Holds a word of places, venues or works ("Diamond Harbour", "Neeraj Chopra Classic") and
    no title in the run says it is a person ("Dr Anil Porto")."""


@dataclass(frozen=True, slots=True)
class Mention:
    """A multi-word name found in a story, with the evidence around it."""

    shape: Shape
    """The context-free part."""
    position: int
    """Character offset in the story's text: orders mentions."""
    role: int = 0
    """2 after a title or role word ("President", "spokesman"), 1 after a nationality."""
    verb: bool = False
    """A reporting verb next to it ("said", "told")."""
    who: bool = False
    """Followed by ", who": organisations take "which"."""
    after_the: bool = False
    """Written straight after "the", which people's names do not take."""
    located: bool = False
    """Written straight after "at", "in" or "near": more likely a place ("at Jantar Mantar")."""


@dataclass(slots=True)
class _Token:
    text: str
    key: str
    start: int
    end: int
    initial: bool
    breaks: bool
    adjective: bool


def _tokens(run: str) -> Iterator[_Token]:
    """Tokens of a run; `breaks` marks a possessive or "-led" suffix that ends a name."""
    for match in _TOKEN_SPAN.finditer(run):
        text, breaks, adjective = match.group(), False, False
        if text.endswith(("'s", "’s")) and len(text) > 2:
            text, breaks = text[:-2], True
        elif text.endswith(("'", "’")):
            text, breaks = text[:-1], True
        if "-" in text and not text[0].islower():
            parts = text.split("-")
            if parts[-1] in ADJECTIVE_SUFFIXES:  # "Ambani-led", but "Lai Ching-te" stays whole
                text, breaks, adjective = "-".join(parts[:-1]), True, True
        if text == "X.":
            # "in a post on X. Sharif said": the platform ending a sentence, not an initial.
            text, breaks = "X", True
        if text.endswith(".") and not _INITIALS.fullmatch(text):
            text = text[:-1]  # "Mr." -> "Mr"
        initial = not is_roman(text.lower()) and (
            bool(_INITIALS.fullmatch(text))
            or (len(text) == 2 and text.isupper() and text.lower() not in KNOWN_ACRONYMS)
        )
        start = match.start()
        yield _Token(text, fold(text), start, start + len(text), initial, breaks, adjective)


def shape_run(run: str, lexicon: NameLexicon) -> tuple[Shape, ...]:
    """The names and lone words of one run of capitalised words, before looking at context."""
    shapes: list[Shape] = []
    part: list[_Token] = []
    for token in _tokens(run):
        part.append(token)
        if token.breaks:
            shapes.extend(_shape(part, lexicon))
            part = []
    if part:
        shapes.extend(_shape(part, lexicon))
    return tuple(shapes)


def name_evidence(shape: Shape, text: str, start: int, end: int) -> Mention | None:
    """The evidence around a name found at `text[start:end]`; None when it names a group.

    Plain slicing and splitting, not regexes, where possible: this runs for every name of
    every story. The windows stop at a newline, so paragraphs do not lend each other words.
    """
    window = text[max(0, start - 60) : start]
    before = [w.strip(_PUNCTUATION) for w in window[window.rfind("\n") + 1 :].lower().split()[-3:]]
    last = before[-1] if before else ""
    after = _WORDS_AFTER.match(text, end, end + 40)
    following = [w.lower() for w in after.groups() if w] if after else []
    glued = after is not None and "," not in text[end : after.start(1)]
    if glued and (following[0] in ORGANISATION_NOUNS or following[0] in THING_NOUNS):
        return None  # "the Hayat Tahrir al-Sham group", "the Ruy Lopez opening"; not "X, Group
        # Captain Y"
    if quoted(text, start, end):
        return None  # "'Tiger Rao' collected Rs 52 crore": the title of a film or a book
    if _FIRM_AMPERSAND.match(text, end):
        return None  # "Deloitte Haskins & Sells", "Quinn Emanuel Urquhart & Sullivan": a firm
    if _MARKET_MOVE.match(text, end, end + 60):
        return None  # "Walt Disney slipped 2.4%", "Hang Seng gained 0.6%": a share or an index
    if shape.start == 0 and last in _BODIES:
        return None  # "the civic group Hami Nepal", "the consultancy Tim Hale": a body
    if window.endswith("("):
        owner = window[:-1].rstrip().rsplit(" ", 1)[-1]
        if owner.isupper() or owner.lower() in ORGANISATION_NOUNS:
            return None  # "LJP (Ram Vilas)", "Lok Janshakti Party (Ram Vilas)": a faction
    role = shape.role
    if role < 0:
        aged = bool(before) and before[-1].endswith("-year-old")  # "19-year-old Divya Deshmukh"
        role = 2 if aged or _role_before(before) else 0
    if _character_or_place(before, text, end):
        return None
    # "Trump said", "Peskov also told"; but "in Tarn Taran, officials said": past a comma only
    # the word right after it.
    said = following if glued else following[:1]
    return Mention(
        shape,
        start,
        role=role,
        verb=last in REPORTING_VERBS or not REPORTING_VERBS.isdisjoint(said),
        who=(bool(following) and following[0] == "who") or _apposition(text, end),
        # "the Mukesh Ambani-led group" is a person all the same.
        after_the=not shape.adjective and (shape.after_the or (shape.start == 0 and last == "the")),
        # "in Hasan Abdal" is a place, "in Martin Scorsese's film" a person.
        located=shape.start == 0 and last in _LOCATIVES and not text.startswith(_OWNED, end),
    )


# Verbs of acting right before a role and a name: "Tripathi, who plays advocate Jehangir Dinshaw
# Mistry" names a film's character, not a person.
_ACTING = frozenset("plays played playing portrays portrayed portraying".split())
# "of Tarn Taran and Amritsar districts": a name listed with another before a plural place noun.
_PLACES_AFTER = re.compile(
    r"[ \t]+(?:and|&)[ \t]+[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]+(?:districts|provinces|"
    r"states|villages|regions|counties|prefectures|towns|cities|municipalities|tehsils|blocks)\b"
)
# Auxiliaries before a word that is a role as a noun and a verb too ("had accused Harvard").
AUXILIARIES = frozenset("had has have was were is are been be being will would".split())


def _character_or_place(before: list[str], text: str, end: int) -> bool:
    """A film's character ("who plays advocate X") or places listed before a plural place
    noun ("Tarn Taran and Amritsar districts")."""
    if len(before) >= 2 and before[-2] in _ACTING and is_role(before[-1]):
        return True
    return _PLACES_AFTER.match(text, end, end + 60) is not None


def _role_before(before: list[str]) -> bool:
    """A role word among the few words before a name, with nothing between them that makes the
    name a place or a body: "the co-owner of the Pink Panthers", "farmers in Chhatrapati
    Sambhajinagar" name none of them."""
    for index in range(len(before) - 1, -1, -1):
        word = before[index]
        if is_role(word):
            return not (index and before[index - 1] in AUXILIARIES)  # "had accused Kristi Noem"
        if word == "the" or word in _LOCATIVES:
            return False
    return False


def quoted(text: str, start: int, end: int) -> bool:
    """The name at `text[start:end]` stands alone in quotes: a title ("'Tiger Rao' collected")."""
    if not start or text[start - 1] not in _QUOTES:
        return False
    closing = _SEQUEL.match(text, end, end + 8)  # "'Jolly LLB 3'"
    return closing is not None and closing.group(1) in _CLOSING.get(text[start - 1], "")


def is_title(key: str, lexicon: NameLexicon) -> bool:
    """A title, also one glued to its affixes ("Vice-President-elect", "ex-Minister")."""
    if key in lexicon.titles:
        return True
    parts = key.split("-")
    return (
        len(parts) > 1
        and all(part in lexicon.titles or part in TITLE_AFFIXES for part in parts)
        and any(part in lexicon.titles for part in parts)
    )


def _is_cut(token: _Token, lexicon: NameLexicon, first: bool) -> bool:
    """A title, role or acronym: the name, if any, starts after it."""
    if token.initial or token.text == "Md":
        return False  # "Md Golam Mortuza": Muhammad, not a managing director
    if is_title(token.key, lexicon):
        return True
    if token.key in KNOWN_ACRONYMS and (len(token.key) > 3 or token.text.isupper()):
        return True  # "UN", "Nato"; but "Umar Un Nabi": a short one only in capitals
    if not first and is_roman(token.key):
        return False  # "Leo XIV", "Charles III"
    return len(token.text) >= 3 and token.text.isupper()  # "BJP", "CEO", "TASS"


def _eponym_titles_end(tokens: Sequence[_Token]) -> int:
    """The index of the last honour right after a place's head word ("Jalan Tun | Razak"), or 0."""
    end = 0
    while end + 1 < len(tokens) and tokens[end + 1].key in EPONYM_TITLES:
        end += 1
    return end


def _leading_phrase(keys: tuple[str, ...], start: int, lexicon: NameLexicon) -> int:
    """Where a name may start after a known phrase opening the run, when two words or more
    follow it ("Lok Sabha | Rahul Gandhi", "New Delhi | Anita Rao"); else `start`."""
    for size in range(min(lexicon.longest_phrase, len(keys) - start - 2), 1, -1):
        if keys[start : start + size] in lexicon.non_person_phrases:
            return start + size
    return start


# Players' positions abbreviated before a name in American sports copy ("WR Nico Collins", "LT
# Jawaan Taylor"): written in capitals, they would pass for initials ("MS Dhoni", "AJ Brown").
_POSITIONS = frozenset("QB RB FB WR TE LT RT OT OG OL DL DE DT LB CB DB FS SS".split())


def _straddles_phrase(run_keys: tuple[str, ...], start: int, lexicon: NameLexicon) -> bool:
    """A known phrase of the run starts before the name and ends inside it: "Air India | Flight"
    leaves no "India Flight"."""
    phrases = lexicon.non_person_phrases
    for size in range(2, min(lexicon.longest_phrase, len(run_keys)) + 1):
        for i in range(max(0, start - size + 1), start):
            if run_keys[i : i + size] in phrases:
                return True
    return False


# First names that are also common words and open a sentence ("Will Smith, a lawyer for ..."):
# left in a two-word run, but with no first name's evidence.
_WORD_GIVEN_NAMES = frozenset(["will", "bill"])


def _given_kept(tokens: list[_Token], start: int, cut_at_title: bool, lexicon: NameLexicon) -> bool:
    """tokens[start] is a first name that is also a common word, kept as the first of two words
    after a title ("Sen. Bill Cassidy") or opening the run ("Will Smith")."""
    return (
        len(tokens) - start == 2
        and _token_is_first(tokens[start], lexicon)
        and (cut_at_title or (start == 0 and tokens[0].key in _WORD_GIVEN_NAMES))
    )


def _is_strippable(token: _Token, lexicon: NameLexicon, left: int) -> bool:
    """A word that cannot start a name: descriptor, nationality, common, organisation, place.

    A place that is also a first name ("Israel Katz", "Jordan") is stripped only when two more
    words follow ("Chief Justice of India Sanjiv Khanna").
    """
    key = token.key
    english = token.text.isascii()  # "Germán Pezzella" is no German
    if english and (key in lexicon.prefixes or key in lexicon.stopwords or is_role(key, True)):
        return True  # "Goalkeeper Diogo Costa", "Industrialist Anand Mahindra"
    if key.endswith("-year-old"):
        return True  # "Nineteen-year-old Divya Deshmukh"
    if key in PARTICLES and key != "ben":  # "Van Dijk" points to "Virgil van Dijk"; "Ben Stokes"
        return True
    if key in lexicon.organisation_words or key in lexicon.non_name_words:
        return True
    if is_gerund(key) and key not in lexicon.first_names:
        return True  # "Welcoming Sanjay Malhotra, the board said"
    return key in lexicon.places and (key not in lexicon.first_names or left > 2)


def _shape(tokens: list[_Token], lexicon: NameLexicon) -> Iterator[Shape]:
    """Trim one run (or part of it) to its name; yields at most one shape."""
    run_keys = tuple(t.key for t in tokens)
    start = 0
    for i, token in enumerate(tokens):
        if i == len(tokens) - 1 and i > 0 and tokens[i - 1].key in lexicon.first_names:
            break  # a title word last, after a first name, is a surname: "Ollie Pope"
        if (
            i == len(tokens) - 1
            and i > 0
            and token.key in _SHORT_TITLES
            and token.text[1:].islower()
        ):
            break  # a title's short form goes before a name, never last: "Lakshya Sen", "Hun Sen"
        if _is_cut(token, lexicon, i == 0) or (
            i == 0 and token.text in _POSITIONS and len(tokens) > 2 and not tokens[1].initial
        ):
            start = i + 1
        elif i + 2 < len(tokens) and token.key in lexicon.organisation_words:
            start = i + 1  # "Lok Sabha | Rahul Gandhi", "Tata Sons | N. Chandrasekaran"
    if start == 0 and len(tokens) > 1 and _body_noun(tokens[0].key):
        return  # "Chipmaker Nvidia", "Drugmaker Pfizer": a body's descriptor opens the run
    start = max(start, _leading_phrase(run_keys, start, lexicon))
    cut_at_title = start > 0
    while start < len(tokens) and _is_strippable(tokens[start], lexicon, len(tokens) - start):
        if cut_at_title and len(tokens[start].text) == 1 and len(tokens) - start >= 3:
            break  # "Chief Minister A Revanth Reddy": an initial, not the article
        if start + 1 < len(tokens) and _GIVEN_NAME.match(tokens[start + 1].text):
            break  # "Park Ji-hye": a Korean surname, not a park
        if _given_kept(tokens, start, cut_at_title, lexicon):
            break  # "Sen. Bill Cassidy", "Will Smith, a lawyer": a first name that is also a
            # common word (the context, not the word, must then say a person)
        start += 1
    end = len(tokens)
    while end > start and (_is_particle(tokens[end - 1]) or tokens[end - 1].initial):
        end -= 1
    honorific = end - start == 1 and start > 0 and tokens[start - 1].key in HONORIFICS
    if honorific:
        start -= 1  # "Sheikh Hasina", "Pope Francis": the honorific names them too
    core = tokens[start:end]
    if not any(not t.initial and t.key not in PARTICLES for t in core):
        return
    keys = tuple(t.key for t in core)
    display = " ".join(t.text for t in core)
    span = (core[0].start, core[-1].end)
    previous = tokens[start - 1].key if start else ""
    if previous in SHIP_PREFIXES or previous in STORM_WORDS or tokens[0].key in STORM_WORDS:
        return
    # "Estadio Santiago Bernabeu", but not "San Francisco Mayor Daniel Lurie".
    eponym = (
        start > 0
        and tokens[0].key in EPONYM_HEADS
        and not any(
            _is_cut(t, lexicon, i == 0)
            for i, t in enumerate(tokens[:start])
            if i > _eponym_titles_end(tokens)
        )
    )
    straddles = _straddles_phrase(run_keys, start, lexicon)
    given = len(core) == 2 and _given_kept(tokens, start, cut_at_title, lexicon)
    if len(core) == 1 or eponym or straddles or not _valid_name(core, keys, lexicon, given):
        titled = len(core) == 1 and start > 0 and is_title(previous, lexicon) and not eponym
        yield Shape(*span, keys, display, run_keys, is_name=False, role=2 if titled else -1)
        return
    role = -1
    titled = cut_at_title and is_title(previous, lexicon)
    if honorific or (
        start
        and (
            titled
            # "UN envoy Jane Doe" in capitals; but "the Un Certain Regard section" is French
            or (previous in KNOWN_ACRONYMS and tokens[start - 1].text.isupper())
            or previous in HONORIFICS
            or is_role(previous)
        )
    ):
        role = 2  # "Guru Nanak Dev": an honorific says a person as a title does
    elif start and previous in lexicon.prefixes:
        role = 1
    yield Shape(
        *span,
        keys,
        display,
        run_keys,
        is_name=True,
        first_name=core[0].initial or core[0].key.split("-")[0] in lexicon.first_names,
        role=role,
        after_the=previous == "the",
        adjective=core[-1].adjective,
        particle=any(t.key in PARTICLES for t in core[1:]),
        # "Dr Bhupen Hazarika Kalakshetra": a venue's word last is no surname, title or not.
        venue=keys[-1] in lexicon.non_name_words
        or (not titled and any(key in lexicon.non_name_words for key in keys)),
        foreign=_all_foreign(core, lexicon)
        or any(_GIVEN_NAME.match(t.text) and _foreign(t, lexicon) for t in core)
        or _east_asian(core),
    )


def _body_noun(key: str) -> bool:
    """A noun that says a body's name follows ("chipmaker", "drugmaker", "lender"), not a
    person's ("filmmaker", "investor")."""
    return key in _BODIES or (key.endswith("maker") and key != "maker" and not is_role(key))


def _east_asian(core: list[_Token]) -> bool:
    """A short family name and a hyphenated given name of two syllables: "An Se-young", "Ko
    Wen-je" (the syllables may be English words: "young", "ho")."""
    if len(core) != 2 or not _GIVEN_NAME.match(core[1].text) or not 1 < len(core[0].text) < 6:
        return False
    family = core[0].text
    return family[0].isupper() and family[1:].islower() and len(core[1].text) <= 12


def _all_foreign(core: list[_Token], lexicon: NameLexicon) -> bool:
    """Every word but the initials is foreign, and two words are: "Edappadi K Palaniswami"."""
    words = [t for t in core if not t.initial]
    return len(words) > 1 and all(_foreign(t, lexicon) for t in words)


def _token_is_first(token: _Token, lexicon: NameLexicon) -> bool:
    """A first name that is also a common word ("Bill", "Will"), not the last word of a run."""
    return token.key in lexicon.common_first_names and token.text[1:].islower()


def _apposition(text: str, end: int) -> bool:
    """ "Park Ji-hoon, a senior fellow at ...", "Ana Lopez, the mayor", "Mercy Antony, 58,": a
    role or an age in apposition."""
    if _AGE.match(text, end, end + 8):
        return True
    match = _APPOSITION.match(text, end, end + 60)
    if match is None:
        return False
    words = [word.strip(_PUNCTUATION) for word in match.group(1).lower().split()[:4]]
    return any(is_role(word) or word.endswith("-year-old") for word in words)


def _is_particle(token: _Token) -> bool:
    """A particle as written inside a name ("da", "von"); "Das" ending one is a surname."""
    return token.key in PARTICLES and token.text[:1].islower()


_GIVEN_NAME = re.compile(r"^[A-Z][a-z]+-[a-z]+$")  # "Ji-hoon", "Ching-te", "Jae-myung"


def _foreign(token: _Token, lexicon: NameLexicon) -> bool:
    """A word of a name from another language: not English, no known first name, no place."""
    key = token.key
    return (
        not token.initial
        and len(key) > 2
        and key not in PARTICLES
        and key not in lexicon.places
        and not any(is_english(part) for part in key.split("-"))
    )


# A title and "of" right before a run, perhaps past more of the portfolio ("Minister of State for
# | Foreign Trade", "Minister of Petroleum and | Natural Gas").
_TITLE_OF = re.compile(r"([^\W\d_][\w-]*) (?:of|for)(?: (?:[A-Z][\w-]*|of|for|and|the))* $")
_RUN_WORD = re.compile(r"\S+")
_PORTFOLIO_JOINERS = frozenset({"of", "for", "and", "the"})


def portfolio_end(run: str, text: str, start: int, lexicon: NameLexicon) -> int:
    """Where a name may start in a run right after a title and "of" ("Minister of | Mines G.
    Kishan Reddy", "Deputy Minister of | Natural Resources Nguyen Thi Phuong Lan"): after the
    portfolio's common English words, when two words or more are left; else 0."""
    before = text[max(0, start - 60) : start].rstrip()
    last = before[before.rfind(" ") + 1 :]
    if last not in _PORTFOLIO_JOINERS and not last[:1].isupper():
        return 0  # most runs: no "of" nor portfolio right before (a search costs 6 µs each)
    title = _TITLE_OF.search(text, max(0, start - 60), start)
    if title is None or not is_title(fold(title.group(1)), lexicon):
        return 0
    words = list(_RUN_WORD.finditer(run))
    for i, word in enumerate(words[:-2]):
        key = fold(word.group())
        if not is_english(key) or key in lexicon.first_names or len(key.strip(".")) < 2:
            return word.start() if i else 0
    return 0


def lone_role(shape: Shape, text: str, start: int) -> bool:
    """A single word right after a title ("Chief Minister Siddaramaiah") or a role word
    ("forward Raphinha", "actor Rajinikanth"): possibly a person known by one name."""
    end = start + shape.end - shape.start
    following = _NEXT_WORD.match(text, end, end + 30)
    if text[end : end + 3].lstrip().startswith("&") or (
        following is not None and following.group(1).islower() and is_role(following.group(1))
    ):
        return False  # "its auditor, Deodhar & Co": a firm; "veteran Carnatic vocalist"
    if shape.role == 2:
        return True
    window = text[max(0, start - 30) : start]
    before = window[window.rfind("\n") + 1 :].lower().split()
    # "... copper producer". Anglo is ...": a role ending the sentence before is nobody's.
    return (
        bool(before)
        and not before[-1].rstrip("\"'”’)]").endswith((".", "!", "?", ":", ";"))
        and is_role(before[-1].strip(_PUNCTUATION))
        and not (len(before) > 1 and before[-2] in AUXILIARIES)  # "had accused Harvard"
    )


def _valid_name(
    core: list[_Token], keys: tuple[str, ...], lexicon: NameLexicon, given: bool = False
) -> bool:
    """False when the words hold an organisation, place, month or known non-person phrase;
    with `given`, the first word is a first name all the same ("Sen. Bill Cassidy")."""
    if core[-1].initial or len(core[-1].text) < 2 or _is_particle(core[-1]):
        return False
    if any(_CAMEL.search(t.text) for t in core):
        return False
    last = keys[-1]
    if last == "day" and len(keys) > 2:
        return False  # "Nelson Mandela Day": a day named after someone; "Jason Day" is a golfer
    if last in _COMPASS or (last.endswith("s") and last[:-1] in lexicon.prefixes):
        return False  # "Orlando East", "Gen Z Kenyans": a place's part, a people
    if (last in lexicon.places or last in GEOGRAPHY) and keys[0] not in lexicon.first_names:
        return False  # "Deloitte India", "Greenpeace Brasil": a body's national arm; "Ha Long Bay"
    korean = len(core) > 1 and _GIVEN_NAME.match(core[1].text) is not None  # "Park Ji-hye"
    for index, key in enumerate(keys):
        if index == 0 and (korean or given):
            continue
        if key in lexicon.organisation_words:
            return False
        # "Marta Lagos", "Denzel Washington": a place last, after a first name, is a surname.
        surname = index == len(keys) - 1 and index > 0 and keys[0] in lexicon.first_names
        if key in lexicon.places and key not in lexicon.first_names and not surname:
            return False
    phrases = lexicon.non_person_phrases
    for size in range(2, min(lexicon.longest_phrase, len(keys)) + 1):
        for i in range(len(keys) - size + 1):
            if keys[i : i + size] in phrases:
                return False
    return True
