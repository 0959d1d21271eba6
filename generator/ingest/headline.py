"""A headline and a summary derived from a story's lede, since wire copy carries no headline.

Wire ledes follow a few patterns: an opening adverbial clause ("Hours before the call between ...,
the aide said ..."), reported speech ("X stated that Y"), and time phrases ("on Tuesday"). A
headline keeps the main claim: drop the opening clause, prefer what was said over who said it,
drop the weekday, and cut at a clause or word boundary.
"""

from __future__ import annotations

import re

MAX_HEADLINE = 110
MAX_SUMMARY = 300

# Words that open an adverbial clause, which a headline leaves out.
_OPENERS = frozenset(
    """after ahead amid as at before despite during even following for hours days weeks months in
    on over since speaking addressing with without while under within when until just barely
    moments minutes nearly almost a""".split()
)
_SENTENCE_END = re.compile(
    r"(?<![A-Z])(?<!\b(?:Mr|Dr|Ms|St|No|Jr|Sr|vs))(?<!\b[A-Z][a-z])[.!?](?=\s+[\"'\u201c]?[A-Z0-9])"
)
_REPORTED = re.compile(
    r"^(?P<who>.{3,80}?)\s+(?:on\s+\w+day\s+)?(?:has\s+|have\s+)?"
    r"(?:said|says|stated|states|told \w+|announced|claimed|asserted|warned|added|noted|"
    r"declared|confirmed|insisted|maintained|stressed|emphasised|emphasized|argued)"
    r"(?:\s+on\s+\w+day)?\s+that\s+(?P<claim>.{12,})$"
)
_WEEKDAY = re.compile(
    r"\s+(?:on|late on|early on|this|last)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?\b"
)
_WEAK_END = frozenset(
    """a an the of to in on at by for and or but with from as that which who whose its their his
    her""".split()
)
_PRONOUNS = frozenset("""he she they it we i his her their its this these those""".split())
_CLAUSE_BREAKS = (", ", "; ", " \u2013 ", " \u2014 ", " - ", " as ", " after ", " while ", " amid ")


def first_sentence(text: str) -> str:
    """The text up to its first full stop that ends a sentence (not "U.S." or "Mr.")."""
    match = _SENTENCE_END.search(text)
    return text[: match.start()] if match else text.rstrip(".")


def derive_headline(lede: str, max_length: int = MAX_HEADLINE) -> str:
    """A headline from the lede: main clause, the claim of reported speech, no weekday."""
    # A headline never needs more than the lede's opening; a runaway lede must not cost more.
    sentence = first_sentence(lede[: max_length * 6]).strip().rstrip(".")
    head, sep, tail = sentence.partition(", ")
    if sep and head.split(" ", 1)[0].lower() in _OPENERS and len(tail.split()) >= 5:
        sentence = tail
    sentence = _WEEKDAY.sub("", sentence).strip(" ,;:")
    reported = _REPORTED.match(sentence)
    if reported:
        sentence = _reported_speech(reported.group("who"), reported.group("claim"), max_length)
    return _capitalise(shorten(sentence, max_length, ellipsis=False))


def _reported_speech(who: str, claim: str, max_length: int) -> str:
    """ "X said that Y" -> "Y, says X" when X is a name or short title, else just "Y"."""
    named = len(who.split()) <= 5 and who[:1].isupper() and not who.lower().startswith("the ")
    if claim.split(" ", 1)[0].lower() in _PRONOUNS:
        # "Trump said that he ..." keeps its speaker, or the headline loses who "he" is.
        return f"{who} says {claim}" if named else f"{who} said that {claim}"
    with_speaker = f"{claim}, says {who}"
    return with_speaker if named and len(with_speaker) <= max_length else claim


def derive_summary(lede: str, max_length: int = MAX_SUMMARY) -> str:
    """The lede, cut to `max_length` at a sentence end if one is near, else at a word."""
    lede = lede[: max_length * 4].strip()
    if len(lede) <= max_length:
        return lede
    cut = lede[: max_length + 1]
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", cut)]
    if ends and ends[-1] >= max_length // 2:
        return cut[: ends[-1]]
    return shorten(lede, max_length - 1, ellipsis=True)


def shorten(text: str, max_length: int, *, ellipsis: bool) -> str:
    """Cut `text` to at most `max_length` characters at a clause break, else at a word."""
    if len(text) <= max_length:
        return text
    window = text[: max_length + 1]
    breaks = [window.rfind(b) for b in _CLAUSE_BREAKS]
    best = max(breaks)
    cut = window[:best] if best >= max_length * 0.6 else window[: window.rfind(" ")]
    if not cut.strip():
        cut = text[:max_length]
    words = cut.rstrip(" ,;:-").split(" ")
    while len(words) > 1 and words[-1].lower() in _WEAK_END:
        words.pop()
    cut = " ".join(words).rstrip(" ,;:-")
    return cut + "\u2026" if ellipsis else cut


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]
