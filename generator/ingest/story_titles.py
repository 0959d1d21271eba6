"""Titles the word lists lack, told by how one story uses them ("Barrister Jane Doe").

A capitalised word glued before a name reads as the name's first word unless a list says it is
a title. A story gives away a title the lists lack: it writes the word in lowercase elsewhere
("Yokozuna Hoshoryu ... the yokozuna"), or puts it, a common English word, before two different
names ("Barrister Jane Doe ... Barrister John Roe"). Such a word, when it is nobody's first name
and never stands alone as a name in the story, is read as a title: the name starts after it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from generator.ingest.lexicon import PARTICLES, NameLexicon, is_english


def written_lowercase(word: str, text: str) -> bool:
    """`text` writes the folded `word` in lowercase as a word of its own (or its plural)."""
    return word in text and re.search(rf"(?<![\w-]){re.escape(word)}s?(?![\w-])", text) is not None


def story_titles(
    names: Iterable[tuple[str, ...]],
    text: str,
    lexicon: NameLexicon,
    lone: Collection[str],
) -> dict[str, bool]:
    """First words of the multi-word `names` (folded words) that `text` shows to be titles ->
    whether the story also writes them in lowercase (which alone may cut a one-word name);
    `lone` are the words the story writes alone ("Park said": a surname, no title)."""
    rests: dict[str, set[tuple[str, ...]]] = {}
    for keys in names:
        if len(keys) > 1 and keys[1] not in PARTICLES:
            rests.setdefault(keys[0], set()).add(keys[1:])
    titles: dict[str, bool] = {}
    for word, after in rests.items():
        if (
            len(word) < 3
            or not word.isalpha()
            or word in lexicon.first_names
            or word in lexicon.common_first_names
            or word in lone
        ):
            continue
        lower = written_lowercase(word, text)
        repeated = (
            len(after) > 1
            and is_english(word)
            and all(len(rest) > 1 for rest in after)  # "Grand Prix", "Grand Theatre": no names
        )
        if lower or repeated:
            titles[word] = lower
    return titles
