"""The one rule that keeps a list from saying one sentence twice: a summary that repeats its
headline is not shown under it.

Wire headlines are often the lede's first words, and ingest takes the summary from the lede: then
a list item (or a search result) would show the headline, and under it the same words again. The
comparison ignores case, punctuation and spacing, and works word by word, so "Trump wins" never
matches a summary that starts "Trump winsome".
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    """The words of `text`, case folded, without punctuation or spacing."""
    return [word.casefold() for word in _WORD.findall(text)]


def repeats_headline(headline: str, summary: str) -> bool:
    """Whether `summary` says `headline` again: equal to it, or starting with all its words,
    once case, punctuation and whitespace are set aside."""
    title = _words(headline)
    return bool(title) and _words(summary)[: len(title)] == title


def shown_summary(headline: str, summary: str) -> str:
    """The summary a list shows under `headline`: `summary`, or "" when it repeats the headline."""
    return "" if repeats_headline(headline, summary) else summary
