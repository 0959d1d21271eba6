"""A headline and a summary derived from a story's lede, since wire copy carries no headline.

Wire ledes follow a few patterns: an opening adverbial clause ("Hours before the call between ...,
the aide said ..."), reported speech ("X stated that Y"), time phrases ("on Tuesday") and the past
tense. A headline keeps the main clause in news style (`news_style.py`: "cuts", "arrested", no
leading article), prefers what was said over who said it, drops the time words, and is cut to
about 80 characters at a clause or phrase boundary, never after a function word and never inside
a name ("Chief | Minister"). The summary is the lede itself, cut at a sentence end or a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.ingest.lexicon import base_lexicon, is_english
from generator.ingest.news_style import (
    ARTICLES,
    AUXILIARIES,
    BE_FORMS,
    CONJUNCTIONS,
    FUNCTION_WORDS,
    MONTHS,
    NUMBER_WORDS,
    OPEN_RELATIVES,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    WEEKDAYS,
    core,
    find_verb,
    head_span,
    inflect,
    is_capitalised,
    is_form,
    is_noun,
    is_past,
    is_plural,
    past_lemma,
    present_tense,
)
from generator.ingest.phrase_cut import (
    MAX_CLAUSE,
    MAX_HEADLINE,
    NAME_JOINERS,
    SUBORDINATORS,
    cut,
)

MAX_SUMMARY = 300
_MAX_WORDS = 40
"""A headline is made from at most this many words of the lede (far more than it can hold)."""

_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Dr|Ms|St|No|Jr|Sr|vs|Lt))(?<!\b[A-Z][a-z])"
    r"(?<!\b(?:Gen|Col|Maj|Sgt|Gov|Sen|Rep|Rev|Adm|Mrs))(?<!\b(?:Capt|Prof|Brig|Cmdr))"
    r"[.!?](?=\s+[\"'\u201c]?[A-Z0-9])"
)
_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(MONTHS)
_END = r"(?=[\s,;:.]|$)"
_TIME_WORDS = re.compile(
    rf"\s(?P<prefix>(?:(?:late|early|earlier|later)\s+)?(?:(?:on|this|last)\s+)?)"
    rf"(?P<day>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?(?P<poss>['\u2019]s)?"
    rf"(?:(?<=day),\s+the\s+[^,]*?(?<![\w-])(?:day|anniversary|eve)\b[^,]*(?=,))?{_END}"
    rf"|\s(?:(?:late|early)\s+)?on\s+(?:(?:{_MONTH})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s+and\s+\d{{1,2}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH}))(?:,?\s+\d{{4}})?{_END}"
    rf"|\s(?:(?:earlier|later)\s+)?(?:this|last)\s+(?:week|weekend){_END}"
    rf"|\s(?:earlier\s+|later\s+)?(?:today|yesterday|tonight|this morning|last night){_END}"
    rf"|\shere{_END}"
)
_EMPTY_ASIDE = re.compile(r",\s*,\s*|\s+,")
_SENTENCE_RULE = re.compile(r"[.!?](?=\s)")

# Words that open an adverbial clause before the main one: always left out ...
_OPENERS = frozenset(
    """after ahead amid as at before despite during following for in on over since speaking
    addressing with without while under within when until according once if although though
    because""".split()
)
# ... and words that open a noun phrase of time ("Hours before ..."), left out when the phrase
# holds no verb of its own ("A Delhi court framed charges ..., nearly two years after ...").
_TIME_OPENERS = frozenset(
    """a an hours days weeks months years moments minutes just barely nearly almost even two
    three four five six""".split()
)
_QUANTITIES = frozenset({("at", "least"), ("at", "most"), ("as", "many"), ("as", "much")})
"""An opener's first two words that count what follows ("At least 39 people"): the subject."""
_LEADING_CONJUNCTIONS = frozenset({"and", "but", "or", "so", "yet", "nor", "plus"})
_SPEECH = frozenset(
    """said says stated told announced claimed asserted warned added noted declared confirmed
    insisted maintained stressed emphasised emphasized argued reiterated alleged acknowledged
    admitted showed""".split()
)
# Speech verbs whose object may be a clause without "that" ("X said he would ..."), and never
# a noun phrase ("X claimed a five-wicket haul").
_SPEECH_BARE = frozenset("said says stated insisted added argued".split())
_ARTICLE_KEPT_BEFORE = frozenset({"few", "little", "lot", "bit", "dozen"})
_ARTICLE_KEPT_AFTER = frozenset({"than", "such", "half", "once", "twice"})
"""Words an article after which stays: "more than a decade", not "more than decade"."""


def first_sentence(text: str) -> str:
    """The text up to its first full stop that ends a sentence (not "U.S." or "Mr.")."""
    match = _SENTENCE_END.search(text)
    return text[: match.start()] if match else text.rstrip(".")


def derive_headline(lede: str, max_length: int = MAX_HEADLINE) -> str:
    """A headline from the lede: its main clause in news style, at most about `max_length`."""
    # A headline never needs more than the lede's opening; a runaway lede must not cost more.
    sentence = first_sentence(lede[: max_length * 8]).strip().rstrip(".")
    words = _drop_appositives(_drop_openers(drop_time_words(sentence).split()))[:_MAX_WORDS]
    words = _without_credit(words)
    if not words:
        return ""
    verb = find_verb(words)
    if verb is not None:
        words, verb = _without_honours(words, verb)
    speech = _reported_speech(words, verb, max_length) if verb is not None else None
    speech = _quote_first(words, max_length) or speech
    if speech is not None:
        return _capitalise(" ".join(speech))
    if verb is not None:
        words = present_tense(words, verb)  # the verb keeps its place: "was arrested" -> "arrested"
        words = _subordinate_present(words, verb)
    words, verb = _without_articles(words, verb)
    return _capitalise(" ".join(fit(words, verb, max_length)[0]))


def drop_time_words(sentence: str) -> str:
    """The sentence without the wire's time words: "on Friday", "late on Tuesday", "Saturday's",
    "on March 3", "this week", "today". A weekday after a name ("Good Friday") stays."""

    def replace(match: re.Match[str]) -> str:
        if match.group("day") and not match.group("prefix"):
            before = sentence[: match.start()].split()
            if before and (is_capitalised(before[-1]) or before[-1][-1:] in '(\u201c"'):
                return match.group(0)
        return ""

    return _EMPTY_ASIDE.sub(_comma_or_nothing, _TIME_WORDS.sub(replace, sentence)).strip()


def _comma_or_nothing(match: re.Match[str]) -> str:
    """', ,' (an aside emptied of its time words) reads as nothing; ' ,' as ','."""
    return " " if match.group(0).count(",") == 2 else ","


def _drop_openers(words: list[str]) -> list[str]:
    """The words without an opening adverbial clause or a leading conjunction."""
    for _ in range(3):
        while words and core(words[0]).lower() in _LEADING_CONJUNCTIONS:
            words = words[1:]
        comma = next((i for i, w in enumerate(words[:30]) if w.endswith(",")), None)
        if comma is None or len(words) - comma - 1 < 5:
            break
        head = words[: comma + 1]
        first = core(words[0]).lower()
        second = core(words[1]).lower() if len(words) > 1 else ""
        lowered = [core(w).lower() for w in head[:5]]
        at_time = next((i for i, w in enumerate(lowered) if w in _TIME_NOUNS), None)
        timely = first in _TIME_OPENERS and at_time is not None
        # "A year after Port Blair was renamed ...,": a time before an event, whatever its verb
        anchored = at_time is not None and lowered[at_time + 1 : at_time + 2] in (
            ["after"],
            ["before"],
            ["since"],
        )
        counted = (first, second) in _QUANTITIES  # "At least 39 people, including children,"
        counted = counted or (first in _OPENERS and second[:1].isdigit())  # "Over 2,100 pilgrims"
        opener = first in _OPENERS and not counted
        if opener or len(head) == 1 or anchored or (timely and find_verb(head) is None):
            words = words[comma + 1 :]
            continue
        break
    return words


def _without_credit(words: list[str]) -> list[str]:
    """The words without a credit: "..., the company said in a filing", "..., the two
    companies announced on the sidelines of ...", "..., according to officials" at the end,
    "..., the army said, and ..." inside."""
    for at in range(1, len(words) - 1):
        if not words[at - 1].endswith(","):
            continue
        close = next((j for j in range(at, min(len(words), at + 6)) if words[j][-1:] in ",;"), None)
        if (
            close is not None
            and core(words[close]) in _SPEECH
            and find_verb(words[:at]) is not None
        ):
            after = core(words[close + 1]) if close + 1 < len(words) else ""
            if after.islower() and is_form(after, "VBG"):
                # "..., the minister said, accusing Kabul ...": the speaker's, not the claim's
                return [*words[: at - 1], words[at - 1][:-1]]
            joined = words[at - 1][:-1] + words[close][-1]  # "Gaza," of "Gaza, the army said,"
            return _without_credit([*words[: at - 1], joined, *words[close + 1 :]])
    for at in range(len(words) - 1, 0, -1):
        if not words[at - 1].endswith(","):
            continue
        tail = [core(w).lower() for w in words[at : at + 8]]
        credited = tail[:2] == ["according", "to"] or (
            any(w in _SPEECH for w in tail) and find_verb(words[:at]) is not None
        )
        if credited and not any(w.endswith(",") for w in words[at:-1]):
            return [*words[: at - 1], words[at - 1][:-1]]
        return words
    return words


def _drop_appositives(words: list[str]) -> list[str]:
    """The words without an aside between commas after a name: "Istanbul Mayor Ekrem
    İmamoğlu, the main rival of President Erdoğan, to be jailed" -> "... İmamoğlu to be jailed",
    "Nadubhagam Chundan, rowed by the Punnamada Boat Club, won" -> "Nadubhagam Chundan won",
    "Eleanor Whitcombe, whose novels won a Pulitzer Prize, has died" -> "... has died"; and
    an aside of examples after anything: "At least 39 people, including children, were killed"
    -> "At least 39 people were killed"."""
    i = 1
    while i < len(words):
        if words[i - 1].endswith(",") and core(words[i]).lower() == "including":
            close = _aside_end(words, i)
            if close is not None and words[close].endswith(",") and close + 1 < len(words):
                verb = core(words[close + 1]).lower()  # the aside parts a subject from its verb
                finite = verb in AUXILIARIES or is_past(verb)
                if finite and find_verb(words[i - 1 : close + 1]) is None:
                    words = [*words[: i - 1], words[i - 1][:-1], *words[close + 1 :]]
                    continue
        if words[i - 1].endswith(",") and is_capitalised(words[i - 1]):
            opener = core(words[i]).lower()
            close = _aside_end(words, i)
            nxt = core(words[i + 1]) if i + 1 < len(words) else ""
            participle = is_form(opener, "VBN") and nxt in PREPOSITIONS
            starring = words[i].islower() and is_form(opener, "VBG")  # "X, starring Y, crossed"
            participle = participle or (starring and find_verb(words[: i - 1]) is None)
            if (
                (
                    opener in ARTICLES
                    or opener in POSSESSIVES
                    or opener in OPEN_RELATIVES
                    or participle
                )
                and close is not None
                and words[close].endswith(",")
                and close + 1 < len(words)
                and core(words[close + 1]).lower() not in {"and", "or"}
                and not any(core(w) in _SPEECH for w in words[close + 2 : close + 7])  # a credit
                and not _then_participle(words, i - 1, close)
                and find_verb(words[i - 1 : close + 1]) is None  # from the name: an aside
            ):
                words = [*words[: i - 1], words[i - 1][:-1], *words[close + 1 :]]
                continue
        i += 1
    return words


def _aside_end(words: Sequence[str], start: int) -> int | None:
    """The word that ends an aside opened at `start` (its comma or semicolon, within 30 words)."""
    return next(
        (j for j in range(start, min(len(words), start + 30)) if words[j][-1:] in ",;"), None
    )


def _then_participle(words: Sequence[str], name: int, close: int) -> bool:
    """Whether an aside after an object is followed by a participle phrase that needs its
    comma ("parole to Lyle Menendez, a day after ..., keeping both behind bars")."""
    after = core(words[close + 1]) if close + 1 < len(words) else ""
    return after.islower() and is_form(after, "VBG") and find_verb(words[:name]) is not None


_TIME_NOUNS = frozenset(
    """day days week weeks month months year years hour hours moments minutes decade
    decades""".split()
)


def _subordinate_present(words: list[str], verb: int) -> list[str]:
    """The subordinate and coordinate clauses after the main verb in the present tense too
    ("attacked and seized" -> "attack and seize", "... and Israel began" -> "begins"), unless it
    is anchored in time ("two years after the grapplers protested")."""
    rewritten = not is_past(core(words[verb]))  # "attack and seized", not "arrested and charged"
    if verb + 2 < len(words) and words[verb + 1] == "and" and is_past(core(words[verb + 2])):
        if not rewritten:
            return words
        plural = is_plural(words[:verb], core(words[verb]))
        lemma = past_lemma(core(words[verb + 2]))
        form = lemma and plural is not None and inflect(lemma, "VBP" if plural else "VBZ")
        if form and words[verb + 2].isalpha():
            words = [*words[: verb + 2], form, *words[verb + 3 :]]
        return words
    for at in range(verb + 1, min(len(words), verb + 20)):
        word = core(words[at]).lower()
        listed = words[at - 1].endswith(",") and is_capitalised(words[at]) and at + 1 < len(words)
        if word == "and" and not words[at - 1].endswith(",") and at + 1 < len(words):
            if not _opens_subject(words[at + 1]):
                continue  # "and" between nouns; a new subject opens a clause
        elif listed:  # "X scored 29 points, Jalen Williams added 20"
            at -= 1
            inner = find_verb(words, at)
            if inner is None or inner - at > 5 or not is_past(core(words[inner])):
                continue
        elif word not in SUBORDINATORS or words[at - 1].endswith(";"):
            continue
        if core(words[at - 1]).lower() in _TIME_NOUNS | {"earlier", "later"}:
            return words
        inner = find_verb(words, at)
        if inner is None or inner - at > 10 or any(w[-1:] in ",;" for w in words[at + 1 : inner]):
            return words
        if inner == at + 1 and word == "as":
            return words  # no subject of its own: "as expected"
        after = core(words[inner + 1]).lower() if inner + 1 < len(words) else ""
        passive = word == "and" and words[verb].islower() and is_form(core(words[verb]), "VBN")
        if passive and is_form(core(words[inner]), "VBN") and after in PREPOSITIONS:
            return words  # "were killed and 20,000 forced from their homes": one passive
        if core(words[inner]) in _FINITE_AUXILIARIES or core(words[inner]) not in FUNCTION_WORDS:
            # and the clause after it: "killed and 14 were injured when a bus overturned"
            return _subordinate_present(present_tense(words, inner, subject=at + 1), inner)
        return words
    return words


_FINITE_AUXILIARIES = frozenset({"was", "were", "had"})
"""Auxiliaries of a second clause that news style puts in the present ("and 23 were missing")."""


def _opens_subject(word: str) -> bool:
    """Whether a word after "and" opens a new clause's subject: a name, an article, a number
    ("and 23 were missing"), not a noun joined to the one before ("leaders and ministers")."""
    bare = core(word).lower()
    counted = bare in NUMBER_WORDS or bare in _APPROXIMATELY or bare[:1].isdigit()
    return is_capitalised(word) or bare in ARTICLES or counted


_APPROXIMATELY = frozenset("more over nearly about around some several".split())


def _shorter_subject(words: list[str], verb: int, subject: int = 0) -> tuple[list[str], int]:
    """The words without the phrase after the subject's head when the subject is long: "its
    strikes on terror infrastructure in Pakistan killed" -> "its strikes killed", "leaders
    meeting in Brussels backed" -> "leaders backed"; never "Shares | of Adani Group"."""
    for at in range(subject + 1, verb):
        bare = core(words[at])
        named = is_capitalised(words[at - 1]) and is_capitalised(words[at + 1])
        opening_noun = at - 1 == subject and is_noun(core(words[at - 1]).lower())
        if opening_noun:
            named = False  # "Researchers | from Kyoto University": a noun opens the sentence
        head = words[at - 1].islower() or opening_noun  # not "German | engineering group"
        opens_phrase = (
            bare in RELATIVES
            or (bare in PREPOSITIONS - {"of", "than"} and not _in_ratio(words, at))
            or (bare.islower() and is_form(bare, "VBG") and head)
            or _participle_phrase(words, at)
        )
        if opens_phrase and not named:
            span = " ".join(words[at - 1 : verb])
            if any(w[-1:] in ",;" for w in words[at - 1 : verb]) or span.count("(") != span.count(
                ")"
            ):
                return words, verb
            return [*words[:at], *words[verb:]], at
    return words, verb


def _in_ratio(words: Sequence[str], at: int) -> bool:
    """Whether the preposition at `at` joins two numbers: "one in three", "two of five"."""
    before, after = core(words[at - 1]).lower(), core(words[at + 1]).lower()
    return all(w in NUMBER_WORDS or w.isdigit() for w in (before, after))


def _participle_phrase(words: Sequence[str], at: int) -> bool:
    """Whether the word at `at` opens a participle phrase after a noun: "patients | admitted to
    intensive care units", "leaders | invited to the summit"."""
    bare, before = core(words[at]), core(words[at - 1])
    after = core(words[at + 1]).lower() if at + 1 < len(words) else ""
    return (
        bare.islower()
        and before.islower()
        and before not in FUNCTION_WORDS
        and is_form(bare, "VBN")
        and after in PREPOSITIONS
    )


def _reported_speech(words: list[str], verb: int, max_length: int) -> list[str] | None:
    """ "X said that Y" -> "Y, says X" (or "X says he ..."); None when the lede is no such."""
    at = verb
    if core(words[at]) in {"has", "have"} and at + 1 < len(words) and core(words[at + 1]) == "said":
        at += 1
    said = words[at]
    if said not in _SPEECH or at + 1 >= len(words):
        return None
    start = _claim_start(words, at)
    if start is None:
        return None
    claim = words[start:]
    if not claim or core(claim[0]).lower() in CONJUNCTIONS | PREPOSITIONS:
        return None  # "X said as ...", "X said in a statement"
    claim_verb = find_verb(claim)
    if claim_verb is None or claim_verb > 12:
        return None
    if any(core(w).lower() in CONJUNCTIONS for w in claim[:claim_verb]):
        return None  # "a five-wicket haul as India pulled off ...": no claim
    claim = claim[: _claim_end(claim, claim_verb)]
    # A claim told in the past ("killed", "had killed") may be put in the present below; a
    # passive ("were killed") may not: its participle is no past tense ("40 people killed",
    # never "40 people kill").
    simple_past = core(claim[claim_verb]) not in BE_FORMS
    speaker, _ = _with_acronyms(_without_articles(words[:verb], None)[0], verb)
    claim, claim_verb = _without_articles(
        present_tense(claim, claim_verb, reported=True), claim_verb
    )
    say = inflect("say", "VBP" if is_plural(words[:verb], "said") is True else "VBZ") or "says"
    if not speaker:
        return None
    if claim_verb is None:
        return None
    names = _speaker_names(speaker)
    refers = any(core(w) in _BACK_REFERENCES for w in claim[: claim_verb + 8])
    first = core(claim[0]).lower() in PRONOUNS | POSSESSIVES
    if first or (refers and not _credited(claim, claim_verb, speaker, names, say, max_length)):
        # "Trump said he ..." keeps its speaker, or the headline loses who "he" is; so does a
        # claim too long to credit ("Novartis said a trial of its pill ...").
        tries = []
        for name in names:
            prefix = [*name, say if name is speaker else _says(name)]
            headline, grade = fit(
                [*prefix, *claim], len(prefix) + claim_verb, max_length, len(prefix)
            )
            tries.append((grade, len(headline) - len(prefix), headline))
        return max(tries, key=lambda t: t[:2])[2]
    said_what, _ = fit(claim, claim_verb, max_length)
    credit = _credited(claim, claim_verb, speaker, names, say, max_length)
    if credit:
        return credit
    # Told without its speaker, the claim is news in its own right: in the present ("Cholera
    # outbreak kills more than 2,400 people", not "killed").
    if simple_past and claim_verb < len(said_what) and is_past(core(said_what[claim_verb])):
        return _subordinate_present(present_tense(said_what, claim_verb), claim_verb)
    return said_what


def _credited(
    claim: list[str],
    claim_verb: int,
    speaker: list[str],
    names: list[list[str]],
    say: str,
    max_length: int,
) -> list[str] | None:
    """The claim with its speaker after it ("X will ..., says Goyal") if it fits, else None."""
    if len(speaker) > 7 or not is_capitalised(speaker[0]):
        return None
    said_what, _ = fit(claim, claim_verb, max_length)
    for name in names:
        credit = [
            *said_what[:-1],
            said_what[-1] + ",",
            say if name is speaker else _says(name),
            *name,
        ]
        if len(" ".join(credit)) <= MAX_CLAUSE * max_length // MAX_HEADLINE:
            return credit
    return None


def fit(
    words: list[str], verb: int | None, max_length: int = MAX_HEADLINE, subject: int = 0
) -> tuple[list[str], int]:
    """The headline cut from the words, and the grade of its cut (see `cut`).

    When the words cannot be cut at a clause break, shorter versions are tried too: names
    given with their acronym ("Securities and Exchange Board of India (SEBI)" -> "SEBI"), then a
    subject without the phrase after its head (from `subject` on).
    """
    best, best_grade = cut(words, verb, max_length)
    if verb is None or best_grade >= 3:
        return best, best_grade
    said = len(best) - verb  # how much of the predicate the headline keeps
    words, verb = _with_acronyms(words, verb)
    options = [(words, verb), _shorter_subject(words, verb, subject)]
    if best_grade < 0:
        options.append(_name_only(words, verb, subject))
    for option, at in options:
        headline, grade = cut(option, at, max_length)
        # A cut as good that says more: "Rescuers pull woman alive from rubble of ...", not
        # "Rescuers digging with their bare hands pull woman alive".
        if grade > best_grade or (grade == best_grade >= 2 and len(headline) - at > said + 2):
            best, best_grade, said = headline, grade, len(headline) - at
        if grade >= 3:
            break
    return best, best_grade


def _name_only(words: list[str], verb: int, subject: int = 0) -> tuple[list[str], int]:
    """The words with a subject that ends in a name given as the name alone, for a headline
    that would otherwise end on its verb: "Turkish President Recep Tayyip Erdogan inaugurates"
    -> "Recep Tayyip Erdogan inaugurates Sultan Abdulhamid Han Hospital extension"."""
    start = verb
    while start > subject and is_capitalised(words[start - 1]):
        bare = core(words[start - 1])
        if is_english(bare.lower()) or words[start - 1][-1:] in ",;:":
            break
        start -= 1
    joined = any(core(w).lower() in {"and", "&"} or w[-1:] in ",;" for w in words[subject:verb])
    if start in (verb, subject) or joined or "(" in "".join(words[start:verb]):
        return words, verb  # not one of two parties: "X and Uddhav Thackeray"
    return [*words[:subject], *words[start:]], verb - (start - subject)


# Malaysian honours before a name, which headlines leave out ("Datuk Seri Anwar Ibrahim" is
# "Anwar Ibrahim"): the first word, and "Seri" or "Sri" after it ("Tan" only with "Sri").
_HONOURS = frozenset(("Datuk", "Dato'", "Dato", "Datin", "Tun", "Tan"))
_HONOUR_SECOND = frozenset(("Seri", "Sri"))


def _without_honours(words: list[str], verb: int) -> tuple[list[str], int]:
    """The words without Malaysian honours right before a name, and the verb's new index."""
    kept: list[str] = []
    new_verb = verb
    i = 0
    while i < len(words):
        size = 2 if i + 1 < len(words) and words[i + 1] in _HONOUR_SECOND else 1
        honour = words[i] in _HONOURS and (size == 2 or words[i] != "Tan")
        if honour and i + size < verb and is_capitalised(words[i + size]):
            new_verb -= size
            i += size
            continue
        kept.append(words[i])
        i += 1
    return kept, new_verb


def _with_acronyms(words: list[str], verb: int) -> tuple[list[str], int]:
    """A name followed by its acronym in brackets given as the acronym alone: "Securities and
    Exchange Board of India (SEBI)" -> "SEBI"; the verb's index moved along."""
    out: list[str] = []
    moved = verb
    for i, word in enumerate(words):
        acronym = word.strip(",;:.")
        if acronym[:1] == "(" and acronym[-1:] == ")" and sum(c.isupper() for c in acronym) >= 2:
            letters = acronym[1:-1]
            start = _named_by(out, letters) if letters.isalnum() else None
            if start is not None:
                if i < verb:
                    moved -= len(out) - start
                out[start:] = [letters + word[len(word.rstrip(",;:.")) :]]
                continue
        out.append(word)
    return out, moved


def _named_by(words: Sequence[str], acronym: str) -> int | None:
    """Where the name at the end of `words` whose initials spell `acronym` starts, or None."""
    run = 0
    while run < min(len(words), 10) and (
        is_capitalised(words[-1 - run]) or words[-1 - run] in NAME_JOINERS
    ):
        if words[-1 - run][-1:] in ",;:":
            break
        run += 1
    for start in range(len(words) - run, len(words)):
        if is_capitalised(words[start]) and _spells(words[start:], acronym.lower()):
            return start
    return None


def _spells(words: Sequence[str], letters: str) -> bool:
    """Whether the initials of the words (of each part of a hyphenated one; joiners such as
    "of" optional) spell `letters`."""
    if not words:
        return not letters
    word, rest = words[0], words[1:]
    if (word in NAME_JOINERS or core(word) in _COMPANY_SUFFIXES) and _spells(rest, letters):
        return True  # "Adani Ports and Special Economic Zone Ltd (APSEZ)"
    parts = [part[0].lower() for part in word.split("-") if part]
    for initials in ("".join(parts), parts[0] if parts else ""):
        if initials and letters.startswith(initials) and _spells(rest, letters[len(initials) :]):
            return True
    return False


def _quote_first(words: list[str], max_length: int) -> list[str] | None:
    """'"We will not bow," French President Emmanuel Macron said ...' -> '"We will not bow," says
    French President Emmanuel Macron' (or "says Macron"); None for any other lede."""
    if not words[0].startswith(('"', "\u201c")):
        return None
    close = next((i for i, w in enumerate(words[:40]) if w.endswith((',"', ",\u201d"))), None)
    if close is None:
        return None
    said = next(
        (i for i in range(close + 2, min(len(words), close + 9)) if words[i] in _SPEECH), None
    )
    if said is None or said == close + 1:
        return None
    speaker, _ = _without_articles(words[close + 1 : said], None)
    if not speaker or not is_capitalised(speaker[0]) or any(w[-1:] in ",;" for w in speaker):
        return None
    names = _speaker_names(speaker)
    for name in names:
        headline = [*words[: close + 1], "says", *name]
        if len(" ".join(headline)) <= MAX_CLAUSE * max_length // MAX_HEADLINE:
            return headline
    return None


_MODALS = frozenset("will would shall should can could may might must".split())


def _claim_end(claim: list[str], verb: int) -> int:
    """Where the claim ends and the speaker's own doing resumes: "India must become self-reliant
    | and warned against ...", "elections would be held as scheduled, | rejecting calls ..."
    (a past verb after "and" when the claim's verb is no past, a participle after a comma)."""
    said = core(claim[verb]).lower()
    past_claim = is_past(said) and said not in _MODALS
    for at in range(verb + 1, len(claim) - 1):
        word, nxt = core(claim[at]).lower(), core(claim[at + 1])
        if word == "and" and not past_claim and nxt.islower() and is_past(nxt) and not is_noun(nxt):
            return at
        if claim[at].endswith(",") and nxt.islower() and is_form(nxt, "VBG"):
            return at + 1
    return len(claim)


def _claim_start(words: list[str], said: int) -> int | None:
    """Where the claim after a speech verb starts: after "that", after "told X that", or right
    after "said" when a clause follows; None when the verb reports no claim."""
    after = [core(w).lower() for w in words[said + 1 : said + 9]]
    if words[said].endswith((",", ";", ":")):
        return None
    if after[0] == "that":
        return said + 2
    if after[0] in PREPOSITIONS or words[said] == "told":
        for i, word in enumerate(after[:7]):
            if word == "that":
                return said + 2 + i
            if words[said + 1 + i].endswith((",", ";")):
                return None
        return None
    return said + 1 if words[said] in _SPEECH_BARE else None


def _speaker_names(speaker: list[str]) -> list[list[str]]:
    """The ways to name a speaker, longest first: the whole ("Fed Chair Jerome Powell"), then
    the surname of a person ("Powell", "Marcos Jr.")."""
    suffixed = len(speaker) >= 4 and core(speaker[-1]) in _NAME_SUFFIXES
    name = speaker[:-1] if suffixed else speaker
    if _ends_in_name(name):
        return [speaker, speaker[-2:] if suffixed else speaker[-1:]]
    names = [speaker]
    run = len(speaker)
    while run > 0 and is_capitalised(speaker[run - 1]):
        run -= 1
    if 0 < run < len(speaker) and core(speaker[run - 1]) not in FUNCTION_WORDS:
        names.append(speaker[run:])  # "Agritech startup Krishivaan Labs" -> "Krishivaan Labs"
    head = head_span(speaker)
    if len(head) < len(speaker) and is_plural(head, "said"):
        names.append(head)  # "Physicists at the European ... (CERN)" -> "Physicists"
    return names


def _says(speaker: Sequence[str]) -> str:
    """ "says", or "say" after a plural speaker ("Physicists")."""
    return "say" if is_plural(speaker, "said") is True else "says"


_BACK_REFERENCES = frozenset({"its", "their", "his", "her", "it", "they", "he", "she"})
"""Words in a claim that may stand for its speaker."""
_NAME_SUFFIXES = frozenset({"Jr", "Sr", "II", "III"})
_COMPANY_SUFFIXES = frozenset({"Ltd", "Limited", "Inc", "Corp", "Co", "Plc", "PLC", "LLC", "Bhd"})


def _ends_in_name(speaker: Sequence[str]) -> bool:
    """Whether the speaker ends in a person's name of two or more words after a title: not in
    an acronym ("(ISRO)") nor in a company's plural ("Krishivaan Labs") unless a first name
    comes before it ("Serena Williams")."""
    last = core(speaker[-1]) if speaker else ""
    if last in _COMPANY_SUFFIXES or speaker[-1].startswith("("):
        return False
    surname = last.replace("-", "").isalpha() and not is_english(last.lower())  # not "Group"
    if len(speaker) < 3 or not surname or any(w.islower() for w in speaker[-2:]):
        return False
    run = len(speaker)
    while run > 0 and not speaker[run - 1].islower():
        run -= 1
    if run and core(speaker[run - 1]) in PREPOSITIONS - {"of"}:
        return False  # a place the speaker is at: "Geologists at ... in New Delhi"
    first = core(speaker[-2]).lower()
    return not last.endswith("s") or first in base_lexicon().first_names


def _without_articles(words: list[str], verb: int | None) -> tuple[list[str], int | None]:
    """Headline style: no leading article, none before a lowercase word or a number; the index
    of the verb moved along."""
    out: list[str] = []
    moved = verb
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = core(words[i - 1]).lower() if i else ""
        kept = core(nxt).lower() in _ARTICLE_KEPT_BEFORE or prev in _ARTICLE_KEPT_AFTER
        # "47 a month", "for the eighth time in a year": "a" that means "per" or "one"
        per = word.lower() in {"a", "an"} and core(nxt).lower() in _TIME_NOUNS
        kept = kept or (per and (prev[:1].isdigit() or prev in {"in", "within"}))
        if word.lower() not in ARTICLES or not nxt or kept:
            out.append(word)
        elif verb is not None and i < verb:
            moved = (moved or 0) - 1
    return out, moved


def derive_summary(lede: str, max_length: int = MAX_SUMMARY) -> str:
    """The lede, cut to `max_length` at a sentence end if one is near, else at a word."""
    lede = lede[: max_length * 4].strip()
    if len(lede) <= max_length:
        return lede
    cut_text = lede[: max_length + 1]
    ends = [m.end() for m in _SENTENCE_RULE.finditer(cut_text)]
    if ends and ends[-1] >= max_length // 2:
        return cut_text[: ends[-1]]
    return shorten(lede, max_length - 1) + "\u2026"


def shorten(text: str, max_length: int) -> str:
    """`text` cut to at most `max_length` characters after a whole word, never mid-word, and
    not after a function word ("... the")."""
    if len(text) <= max_length:
        return text
    window = text[: max_length + 1]
    space = window.rfind(" ")
    if space <= 0:
        return text[:max_length]
    words = window[:space].rstrip(" ,;:-").split(" ")
    while len(words) > len(window) // 20 and core(words[-1]).lower() in FUNCTION_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:-")


def _capitalise(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]
