"""The grammar a headline needs: closed word classes, the main verb of a clause, news-style tense.

Headlines report a past event in the present tense ("The Reserve Bank of India cut the repo
rate" -> "Reserve Bank of India cuts repo rate"), drop the auxiliary of a passive or progressive
("X was arrested" -> "X arrested") and keep the future ("will"). Inflection comes from
`lemminflect` (dictionary lookups); the only word lists here are closed classes of grammar.
Every function works on a clause as a list of space-separated words, punctuation attached.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from generator.ingest.lexicon import base_lexicon, is_english

ARTICLES = frozenset({"a", "an", "the"})
PREPOSITIONS = frozenset(
    """about above across after against along amid amidst among around at before behind below
    beneath beside besides between beyond by despite down during except for from in inside into
    like near of off on onto out outside over past per since than through throughout till to
    toward towards under underneath unlike until up upon via with within without""".split()
)
CONJUNCTIONS = frozenset(
    """and or but nor yet so as while whereas although though because if unless whether when
    whenever where once""".split()
)
AUXILIARIES = frozenset(
    """be is are was were been being am has have had having do does did will would shall should
    can could may might must""".split()
)
PRONOUNS = frozenset(
    """i you he she it we they me him us them this these those who whom which that what""".split()
)
POSSESSIVES = frozenset("""my your his her its our their whose""".split())
FUNCTION_WORDS = ARTICLES | PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | PRONOUNS | POSSESSIVES
"""Words a headline never ends on."""
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January February March April May June July August September October November December"
).split()

_BE_PRESENT = {"was": "is", "were": "are", "is": "is", "are": "are"}
_BACKSHIFT = {"would": "will", "could": "can"}
_PLURAL_AUX = frozenset({"were", "are", "have"})
_SINGULAR_AUX = frozenset({"was", "is", "has"})
_NOUN_PHRASE_BEFORE = ARTICLES | POSSESSIVES | PREPOSITIONS | {"to", "and", "or"}
OPEN_RELATIVES = frozenset({"who", "which", "whose", "whom"})
"""Words that always open a relative clause."""
RELATIVES = OPEN_RELATIVES | {"that"}
"""Words that may open one ("that" may open a reported clause instead)."""
BE_FORMS = frozenset({"be", "am", "is", "are", "was", "were", "been", "being"})
_SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
_MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})
_PUNCT = ",;:.!?\"'()[]\u201c\u201d\u2018\u2019"
_PEOPLE_ENDINGS = ("ans", "ers", "ists", "ites")
"""How the name of a people ends ("Jamaicans"), which takes a plural verb."""
_SCAN = 24
"""How many words the search for a clause's main verb looks at."""


@lru_cache(maxsize=65536)
def core(word: str) -> str:
    """The word without the punctuation attached to it."""
    return word.strip(_PUNCT).removesuffix("'s").removesuffix("\u2019s")


def is_capitalised(word: str) -> bool:
    """Whether the word (its punctuation aside) starts with a capital letter."""
    bare = core(word)
    return bool(bare) and bare[0].isupper()


@lru_cache(maxsize=65536)
def _verb_lemmas(word: str) -> tuple[str, ...]:
    """The verbs the dictionary says `word` is a form of."""
    lemmas = getAllLemmas(word).get("VERB", ())
    return tuple(str(lemma) for lemma in lemmas)


@lru_cache(maxsize=65536)
def _forms(lemma: str, tag: str) -> tuple[str, ...]:
    """The `tag` forms of a lemma ("cut", "VBZ" -> ("cuts",))."""
    return tuple(str(form) for form in getInflection(lemma, tag))


@lru_cache(maxsize=65536)
def is_noun(word: str) -> bool:
    """Whether the dictionary knows `word` as a noun."""
    return "NOUN" in getAllLemmas(word)


@lru_cache(maxsize=65536)
def is_plural_noun(word: str) -> bool:
    """Whether the lowercase `word` is the usual plural of a noun: "leaders", "troops", "police",
    "people", "indices" (a plural the dictionary gives), not "court" or "staff"."""
    lemmas = [str(lemma) for lemma in getAllLemmas(word).get("NOUN", ())]
    if word in lemmas and word.endswith(_MASS_ENDINGS):
        return False  # a mass noun the dictionary gives as its own plural: "deforestation"
    return any(
        _forms(lemma, "NNS")[:1] == (word,) or (word != lemma and word in _forms(lemma, "NNS"))
        for lemma in lemmas
    )


_MASS_ENDINGS = ("tion", "ment", "ness", "ity", "ism")


def lemma_for(word: str, tag: str) -> str | None:
    """The one verb lemma of which `word` is the `tag` form (VBD, VBN, VBG), or None."""
    lemmas = {lemma for lemma in _verb_lemmas(word) if word in _forms(lemma, tag)}
    shortest = min(lemmas, key=len, default="")
    if len(lemmas) > 1 and all(lemma.startswith(shortest) for lemma in lemmas):
        return shortest  # "developed": "develop", not the misspelt "develope"
    return lemmas.pop() if len(lemmas) == 1 else None


def is_form(word: str, tag: str) -> bool:
    """Whether the lowercase `word` is the `tag` form of some verb."""
    return any(word in _forms(lemma, tag) for lemma in _verb_lemmas(word))


def is_past(word: str) -> bool:
    """Whether the lowercase `word` can be a verb's simple past: a past form ("seized"), or a
    participle that is also the base form ("forecast", which the dictionary spells
    "forecasted" in the past)."""
    return is_form(word, "VBD") or (is_form(word, "VBN") and is_form(word, "VB"))


def past_lemma(word: str) -> str | None:
    """The one verb of which `word` is the simple past (see `is_past`), or None."""
    return lemma_for(word, "VBD") or (lemma_for(word, "VBN") if is_form(word, "VB") else None)


def inflect(lemma: str, tag: str) -> str | None:
    """The `tag` form of a verb lemma (VBZ "cuts", VBP "cut", VBD "cut"), or None."""
    forms = _forms(lemma, tag)
    return forms[0] if forms else None


def find_verb(words: Sequence[str], start: int = 0) -> int | None:
    """The index of the finite main verb of the clause starting at `start`, or None.

    A finite verb is an auxiliary or a past-tense form; capitalised words are names, words
    inside brackets or quotes are skipped, and a past form that reads as part of a noun phrase
    ("the cut"), a participle ("backed by", "has eliminated") or a relative clause's own verb
    ("who was", "whose songs carried") is not it.
    """
    depth = 0
    relative = ""  # inside a relative clause: "comma" (to its end) or "verb" (to its verb)
    end = min(len(words), start + _SCAN)
    for i in range(start, end):
        word = words[i]
        opens = word.count("(") + word.count("\u201c") + (word.startswith('"') and 1)
        if depth or opens:
            closes = word.count(")") + word.count("\u201d") + (word.endswith('"') and 1)
            depth = max(0, depth + opens - closes)
            continue
        bare = core(word)
        if relative == "comma":
            if word.endswith(","):
                relative = ""
            continue
        if not bare or not bare.isalpha() or bare[0].isupper() or i == start:
            continue
        previous = core(words[i - 1])
        before = previous.lower()
        if bare in OPEN_RELATIVES or (bare == "that" and _noun_before_that(previous)):
            # "X, whose songs carried ..., has died": the clause runs to its comma, else its
            # verb is skipped ("the man who stole the painting was arrested").
            aside = any(w.rstrip('"\u201d').endswith(",") for w in words[start:i])  # "X, the"
            ends = any(w.endswith(",") for w in words[i:end])
            relative = "comma" if aside and ends and not word.endswith(",") else "verb"
            continue
        if before in RELATIVES:  # "the man who was ...": the relative clause's own verb
            if bare in AUXILIARIES or is_past(bare):
                relative = ""
            continue
        if before in AUXILIARIES and before not in _MODALS:
            continue  # "has eliminated", "was holding": the auxiliary is the verb, if any
        if bare in AUXILIARIES:
            if bare in {"be", "been", "being", "having"}:
                continue
            if relative:
                relative = ""
                continue
            return i
        if not is_past(bare) or before in _NOUN_PHRASE_BEFORE:
            continue
        if relative:
            relative = ""
            continue
        after = core(words[i + 1]).lower() if i + 1 < len(words) else ""
        if after == "by" and is_form(bare, "VBN"):
            continue  # "a plan backed by ..." is a participle
        if is_noun(bare) and (after in AUXILIARIES or (previous.islower() and is_past(after))):
            continue  # "the rate cut boosted ...", "the Shenzhou-20 crew will": a noun
        if after in PREPOSITIONS and is_form(bare, "VBN") and _later_finite(words, i + 1, end):
            continue  # "leaders invited to the summit said ...", "a jet bound for X crashed"
        if _adjectival(bare, previous) and _modifies_noun(words, i, end):
            continue  # "the M23 armed group signed ...": an adjective
        if _is_count(before) and is_form(bare, "VBN") and is_plural_noun(after):
            continue  # "and six blocked shots", "two injured soldiers": an adjective
        return i
    return None


NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())
"""Numbers written as words, as wire copy writes those under ten."""


def _is_count(word: str) -> bool:
    """Whether a lowercase word counts what follows it: "six", "14", "1,200", "dozens"."""
    return word in NUMBER_WORDS or word == "dozens" or word[:1].isdigit()


def _noun_before_that(word: str) -> bool:
    """Whether "that" after `word` opens a relative clause: after a common noun that is no verb
    ("the complex that OpenAI is building"), not after a verb ("said that")."""
    return (
        word.isalpha()
        and word.islower()
        and word not in FUNCTION_WORDS
        and is_noun(word)
        and not any(is_form(word, tag) for tag in ("VBD", "VBZ", "VBP", "VBN", "VB"))
    )


def _later_finite(words: Sequence[str], start: int, end: int) -> bool:
    """Whether an auxiliary, or a past form that opens no phrase of its own, follows before the
    clause's first comma: then an earlier participle belonged to the subject ("Jihadists linked
    to Al-Qaeda attacked ...", "leaders camped at Shambhu and Khanauri said ...")."""
    for at in range(start, end):
        word, bare = words[at], core(words[at])
        if bare in AUXILIARIES or bare in {"said", "says"}:
            return True
        if at > start and _finite_past(words, at):
            return True
        name_joiner = bare == "and" and 0 < at < len(words) - 1 and is_capitalised(words[at - 1])
        if name_joiner and is_capitalised(words[at + 1]):
            continue  # "Shambhu and Khanauri"
        if word.endswith((",", ";", ":")) or bare in _CLAUSE_OPENERS:
            return False
    return False


_CLAUSE_OPENERS = CONJUNCTIONS | RELATIVES | {"after", "before", "since", "until", "till"}
"""Words after which a verb is a new clause's, not the one a participle phrase waits for."""


_NATIONALITY = ("ese", "ian", "ish")
"""How a nationality ends ("Chinese", "Indian", "British")."""


def _adjectival(word: str, previous: str) -> bool:
    """Whether the participle `word` after `previous` may be an adjective: the dictionary says
    it is one ("armed"), or it follows a word that qualifies a noun ("Chinese animated",
    "newly restored"), not a name ("Karki said") or a noun ("Trump signed")."""
    if not is_form(word, "VBN"):
        return False
    lemmas = getAllLemmas(word)
    before = getAllLemmas(previous.lower())
    nationality = is_capitalised(previous) and not before and previous.endswith(_NATIONALITY)
    return "ADJ" in lemmas or "ADV" in before or "ADJ" in before or nationality


def _finite_past(words: Sequence[str], at: int) -> bool:
    """Whether the word at `at` reads as a clause's past-tense verb: a past form after a noun,
    not a participle opening a phrase ("troops stationed in ...", "a plan backed by ...")."""
    bare, before = core(words[at]), core(words[at - 1]).lower()
    after = core(words[at + 1]).lower() if at + 1 < len(words) else ""
    return (
        bare.isalpha()
        and bare.islower()
        and is_past(bare)
        and not is_noun(bare)
        and "ADJ" not in getAllLemmas(bare)
        and before not in FUNCTION_WORDS
        and not (is_form(bare, "VBN") and (after in PREPOSITIONS or not after))
    )


def _modifies_noun(words: Sequence[str], i: int, end: int) -> bool:
    """Whether the participle at `i` modifies the noun after it ("the M23 armed group signed",
    "Chinese animated blockbuster "Ne Zha 2" has become"): a noun follows it, and then, within
    a few words of the same noun phrase, the clause's own verb."""
    nxt = core(words[i + 1]) if i + 1 < end else ""
    if not (nxt.isalpha() and nxt.islower() and is_noun(nxt) and nxt not in FUNCTION_WORDS):
        return False
    depth = 0
    for at in range(i + 2, min(end, i + 12)):
        word, bare = words[at], core(words[at])
        opens = word.count("\u201c") + (word.startswith('"') and 1)
        if depth or opens:
            closes = word.count("\u201d") + (word.endswith('"') and 1)
            depth = max(0, depth + opens - closes)
            continue
        if bare in AUXILIARIES - {"be", "been", "being"} or _finite_past(words, at):
            return True
        if word[-1:] in ",;:" or (bare.lower() in FUNCTION_WORDS and bare not in {"and", "of"}):
            return False
    return False


def is_plural(subject: Sequence[str], verb: str) -> bool | None:
    """Whether the subject takes a plural verb: its auxiliary says so, or its head noun is a
    plural, or it joins two names ("Rohit Sharma and Suryakumar Yadav"), not one title ("Commerce
    and Industry Minister Piyush Goyal"). None when a name may be either ("Gujarat Titans",
    "Jamaicans", "United States")."""
    if verb in _PLURAL_AUX:
        return True
    if verb in _SINGULAR_AUX:
        return False
    subject = list(subject)
    while subject and core(subject[-1]).islower() and _is_adverb(core(subject[-1])):
        subject.pop()  # "justices sharply questioned"
    span = head_span(subject)
    acronym = subject and subject[-1].startswith("(") and subject[-1].rstrip(",;").endswith(")")
    if acronym and len(span) > 1 and is_capitalised(span[-1]):
        return False  # a body named with its acronym: "Securities and Exchange Board ... (SEBI)"
    joined = [core(w).lower() for w in span]
    if "and" in joined[1:] and not any(w.endswith(",") for w in span[:-1]):
        return _joined_is_plural(span, len(joined) - joined[::-1].index("and"))
    head: list[str] = []
    for word in span:
        head.append(word)
        if word.endswith(","):
            break
    if not head:
        return False
    last = core(head[-1])
    if len(head) == 1 and len(subject) > 1 and core(subject[1]) == "of" and _counts(last):
        return True  # a count: "Tens of thousands", "Lakhs of devotees"
    people = last.lower().endswith(("ists", "ers"))  # "Jihadists linked to ..."
    if len(head) == 1 and (is_noun(last.lower()) or (people and _unknown_plural(last.lower()))):
        last = last.lower()  # "Shares of ...": a noun that opens the sentence
    if last.islower():
        return is_plural_noun(last) or _unknown_plural(last)
    if len(head) == 1 and is_form(last.lower(), "VBG"):
        return False  # "Fighting between the army and rebels flared"
    if head[-1].startswith("(") and head[-1].rstrip(",;").endswith(")"):
        return False  # one name and its acronym: "Adani Ports and Special Economic Zone (APSEZ)"
    joined = [core(w).lower() for w in subject]
    if "and" in joined:
        at = len(joined) - joined[::-1].index("and")
        tail = subject[at:]
        if len(tail) >= 3 and all(is_capitalised(w) for w in tail):
            return False  # one title: "Commerce and Industry Minister Piyush Goyal"
        roles = at >= 2 and not is_capitalised(subject[at - 2]) and not is_capitalised(tail[0])
        return not roles  # not one person's roles: "folk singer and composer Nilutpal Baruah"
    return _name_is_plural(head)


def head_span(subject: Sequence[str]) -> list[str]:
    """The subject up to the phrase after its head: a preposition, a relative pronoun, a
    participle ("leaders meeting in ...", "Floods triggered by ...")."""
    span: list[str] = []
    for i, word in enumerate(subject):
        bare = core(word).lower()
        nxt = core(subject[i + 1]).lower() if i + 1 < len(subject) else ""
        participle = word.islower() and is_form(bare, "VBN") and nxt in PREPOSITIONS
        if i and (bare in PREPOSITIONS or bare in RELATIVES or is_form(bare, "VBG") or participle):
            break
        span.append(word)
    return span


def _joined_is_plural(span: Sequence[str], at: int) -> bool:
    """Whether a subject that joins two phrases with "and" (at `at`, the word after it) is
    plural: two parties are ("Boeing and the union", "President X and Prime Minister Y"); one
    title is not ("Commerce and Industry Minister Piyush Goyal"), nor one person's two roles
    ("folk singer and composer X", "Chief Minister and JD(U) president Nitish Kumar")."""
    before, tail = span[: at - 1], span[at:]
    if not before or not tail:
        return True
    if len(before) <= 2 and len(tail) >= 3 and all(is_capitalised(w) for w in [*before, *tail]):
        return False  # one title: "Commerce and Industry Minister Piyush Goyal"
    if tail[-1].startswith("(") and tail[-1].rstrip(",;").endswith(")"):
        return False  # one name and its acronym: "Adani Ports and Special Economic Zone (APSEZ)"
    last, first = core(tail[-1]), core(tail[0]).lower()
    if last.islower() and len(tail) >= 2 and tail[0].islower() and first not in _DETERMINERS:
        return is_plural_noun(last) or _unknown_plural(last)  # "drone and missile attack"
    role = core(before[-1]).lower()
    named = is_capitalised(last) and not is_english(last.lower())
    titled = any(w.islower() for w in [*before[-1:], *tail])  # "poet and ... award winner X"
    return not (
        named and titled and is_noun(role) and is_english(role) and not is_plural_noun(role)
    )


_DETERMINERS = ARTICLES | POSSESSIVES | {"this", "that", "these", "those"}


def _counts(word: str) -> bool:
    """Whether a word before "of" is a plural count ("Tens", "Lakhs", "Thousands"), not a
    singular noun ending in "s" ("Series")."""
    word = word.lower()
    return word.endswith("s") and (is_plural_noun(word) or not getAllLemmas(word))


def _unknown_plural(word: str) -> bool:
    """Whether a lowercase word the dictionary does not know reads as a plural ("airstrikes",
    "chipmakers"): it ends in a single "s"."""
    return (
        word.isalpha()
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is"))
        and not getAllLemmas(word)
    )


def _name_is_plural(head: Sequence[str]) -> bool | None:
    """Whether a subject ending in a capitalised word is plural: a person's name is not
    ("Rachel Reeves", "Jason Cummings": a first name before the last word), nor a name the
    dictionary does not make a plural ("Infosys", "Hamas"); a team or a people may be
    ("Gujarat Titans", "Jamaicans"), which says None."""
    last = core(head[-1]).lower()
    if not last.endswith("s"):
        return False
    before = [core(w).lower() for w in head[-3:-1] if is_capitalised(w)]
    if any(word in base_lexicon().first_names for word in before):
        return False
    if is_plural_noun(last):
        return None
    if is_english(last):
        return False
    return None if before or last.endswith(_PEOPLE_ENDINGS) else False


@lru_cache(maxsize=65536)
def _is_adverb(word: str) -> bool:
    """Whether the dictionary knows `word` as an adverb and not as a noun ("sharply")."""
    lemmas = getAllLemmas(word)
    return "ADV" in lemmas and "NOUN" not in lemmas


def present_tense(
    words: Sequence[str], verb: int, *, reported: bool = False, subject: int = 0
) -> list[str]:
    """The clause with its main verb (at index `verb`) in news style, or unchanged when that
    cannot be done safely.

    Past tense -> present ("cut" -> "cuts", "seized" -> "seize" after a plural); "has announced"
    -> "announces"; "was arrested" -> "arrested", "were holding" -> "holding"; "will" stays. In
    reported speech (`reported`) the tense shifted back by "said" is shifted forward instead:
    "would" -> "will", "had found" -> "found", "was" -> "is". The subject starts at `subject`.
    """
    out = list(words)
    word = core(words[verb])
    if words[verb] == word + ",":  # "Lecornu resigned, less than a month after ..."
        out = present_tense([*words[:verb], word, *words[verb + 1 :]], verb, subject=subject)
        out[verb] += ","
        return out
    if words[verb] != word:  # punctuation attached to the verb: leave the clause alone
        return out
    following = [core(w).lower() for w in words[verb + 1 : verb + 4]] + ["", "", ""]
    plural = is_plural(words[subject:verb], word)
    if plural is None and verb > subject and not reported:
        # A name that may be either: a people is plural ("Jamaicans emerge"), an organisation or
        # a team singular, as a wire writes it ("Samsung Electronics posts", "Boca Juniors fires").
        plural = core(words[verb - 1]).lower().endswith(_PEOPLE_ENDINGS)
    if reported:
        return _forward_shift(out, verb, word, following)
    if word in {"was", "were", "is", "are"}:
        return _copula(out, verb, following)
    if word in {"has", "have", "had"}:
        return _perfect(out, verb, following, plural)
    if word in AUXILIARIES - {"did"} or plural is None:
        return out  # modals and present auxiliaries stay; so does a verb of unknown number
    if word == "did":
        out[verb] = "do" if plural else "does"
        return out
    lemma = past_lemma(word)
    form = lemma and inflect(lemma, "VBP" if plural else "VBZ")
    if form:
        out[verb] = form
    return out


def _copula(out: list[str], verb: int, following: list[str]) -> list[str]:
    """'was arrested' -> 'arrested', 'was holding' -> 'holding', 'was likely' -> 'likely';
    'was not' -> 'is not'; 'was the first' -> 'is the first'."""
    nxt = following[0]
    if nxt == "being" and is_form(following[1], "VBN"):
        del out[verb : verb + 2]
    elif nxt == "not" or nxt in ARTICLES or nxt in POSSESSIVES or not nxt.isalpha():
        out[verb] = _BE_PRESENT[out[verb]]
    else:
        del out[verb]
    return out


def _perfect(out: list[str], verb: int, following: list[str], plural: bool | None) -> list[str]:
    """'has announced' -> 'announces', 'has been arrested' -> 'arrested', 'has not' stays."""
    nxt = following[0]
    if plural is None:
        return out
    if nxt == "been":
        if is_form(following[1], "VBN") or following[1].endswith("ing"):
            del out[verb : verb + 2]
        else:
            out[verb : verb + 2] = ["are" if plural else "is"]
        return out
    lemma = lemma_for(nxt, "VBN") if nxt.isalpha() else None
    form = lemma and inflect(lemma, "VBP" if plural else "VBZ")
    if form and core(out[verb + 1]) == out[verb + 1]:
        out[verb : verb + 2] = [form]
    elif out[verb] == "had" and not is_form(nxt, "VBN"):
        out[verb] = "have" if plural else "has"
    return out


def _forward_shift(out: list[str], verb: int, word: str, following: list[str]) -> list[str]:
    """Reported speech told as it was said: 'would' -> 'will', 'had found' -> 'found'."""
    if word == "had" and is_form(following[0], "VBN"):
        lemma = lemma_for(following[0], "VBN")
        form = lemma and inflect(lemma, "VBD")
        if form and core(out[verb + 1]) == out[verb + 1]:
            out[verb : verb + 2] = [form]
        return out
    if word in {"was", "were"}:
        pronoun = core(out[verb - 1]).lower() if verb else ""
        if pronoun in _SUBJECT_PRONOUNS:
            # "it was ending" -> "it is ending", not "it ending"; "I was" -> "I am"
            out[verb] = "am" if pronoun == "i" else _BE_PRESENT[word]
            return out
        return _copula(out, verb, following)  # "was holding up" -> "holding up"
    if word in _BACKSHIFT:
        out[verb] = _BACKSHIFT[word]
    return out


def _load_dictionaries() -> None:
    """Load lemminflect's dictionaries (about 50 MB, a third of a second) and the first names
    (which people detection loads anyway) now, on import: an
    ingest imports this module before it forks its workers, which then share them instead of
    each loading its own copy, and no story pays for the load."""
    getAllLemmas("said")
    getInflection("say", "VBZ")
    base_lexicon()


_load_dictionaries()
