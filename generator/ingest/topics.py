"""Topics a story is about, from keyword evidence in its paragraphs.

The text is cut into lowercase word tokens once; each token position is looked up in a table of
keyword phrases (longest phrase first), so the cost is linear in the text and does not grow with
the size of the vocabulary. Whole words come for free: "war" is one token and "warm" another.

A story is tagged with a topic only on evidence: at least two keyword hits and a weighted score
of at least `min_score`. A keyword weighs more when it is a phrase (more specific) and less when
several topics list it; a hit in the lede counts double, and repeats add less than new keywords.
A sub-topic implies its parent: a cricket story is listed under Sport too, as a newsroom expects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.models import Topic

MIN_SCORE = 2.0
"""Weighted evidence a topic needs: two distinct keywords, or one in the lede hit again."""
MAX_TOPICS = 5
"""At most this many topics per story, implied parents included."""

LEDE_FACTOR = 2.0
"""A hit in the first paragraph says what the story is about; one further down may be an aside."""
REPEAT_BONUS = 0.5
"""Each further hit of the same keyword adds half its weight, up to `MAX_REPEATS` hits."""
MAX_REPEATS = 4

_TOKEN = re.compile(r"[^\W_]+")  # letters and digits: "S&P 500" -> s, p, 500; "COP28" -> cop28


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _plural_forms(phrase: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase and its plurals on the last word (election -> elections, party -> parties)."""
    *head, last = phrase
    forms = [phrase]
    if not last.isalpha():
        return forms  # "500", "cop28": no plural
    forms += [(*head, last + "s"), (*head, last + "es")]
    if last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        forms.append((*head, last[:-1] + "ies"))
    return forms


@dataclass(frozen=True, slots=True)
class _Keyword:
    """A keyword after compilation: the topics that list it and what one hit is worth."""

    topics: tuple[str, ...]
    weight: float


@dataclass(slots=True)
class _Evidence:
    hits: int = 0
    score: float = 0.0


class TopicTagger:
    """A topics vocabulary compiled into a keyword table; build once, tag thousands of stories."""

    def __init__(
        self,
        topics: Mapping[str, Topic],
        min_score: float = MIN_SCORE,
        max_topics: int = MAX_TOPICS,
    ) -> None:
        """Compile the keywords of `topics`; an unknown `parent` is ignored, not an error."""
        self._min_score = min_score
        self._max_topics = max_topics
        listed_by: dict[tuple[str, ...], list[str]] = {}
        for slug in sorted(topics):
            for keyword in topics[slug].keywords:
                phrase = tuple(_tokens(keyword))
                if phrase and slug not in listed_by.setdefault(phrase, []):
                    listed_by[phrase].append(slug)
        keywords: list[_Keyword] = []
        self._keyword_of: dict[tuple[str, ...], int] = {}
        for phrase, slugs in sorted(listed_by.items()):
            # Specificity: 1 for a word, 1.5 for two words, 2 for three or more; shared by n
            # topics, each gets 1/n of it, so "militant" says less than "jihadist".
            weight = min(1.0 + 0.5 * (len(phrase) - 1), 2.0) / len(slugs)
            keywords.append(_Keyword(tuple(slugs), weight))
            for form in _plural_forms(phrase):
                # A keyword an editor wrote beats a plural generated from another one.
                if form == phrase or form not in listed_by:
                    self._keyword_of.setdefault(form, len(keywords) - 1)
        self._keywords = tuple(keywords)
        self._longest_from: dict[str, int] = {}
        for phrase in self._keyword_of:
            first = phrase[0]
            self._longest_from[first] = max(self._longest_from.get(first, 0), len(phrase))
        self._ancestors = {slug: self._chain(topics, slug) for slug in topics}

    @staticmethod
    def _chain(topics: Mapping[str, Topic], slug: str) -> tuple[str, ...]:
        """Parents of `slug`, nearest first; stops at an unknown slug or a cycle."""
        chain: list[str] = []
        parent = topics[slug].parent
        while parent in topics and parent != slug and parent not in chain:
            chain.append(parent)
            parent = topics[parent].parent
        return tuple(chain)

    def _keyword_hits(self, paragraphs: Sequence[str]) -> dict[int, tuple[int, bool]]:
        """Keyword index -> (hits, whether one was in the lede), longest phrase winning."""
        hits: dict[int, tuple[int, bool]] = {}
        keyword_of = self._keyword_of
        longest_from = self._longest_from
        for number, paragraph in enumerate(paragraphs):
            tokens = _tokens(paragraph)
            end = len(tokens)
            i = 0
            while i < end:
                longest = longest_from.get(tokens[i])
                if longest is None:
                    i += 1
                    continue
                for length in range(min(longest, end - i), 0, -1):
                    index = keyword_of.get(tuple(tokens[i : i + length]))
                    if index is not None:
                        count, in_lede = hits.get(index, (0, False))
                        hits[index] = (count + 1, in_lede or number == 0)
                        i += length
                        break
                else:
                    i += 1
        return hits

    def scores(self, paragraphs: Sequence[str]) -> dict[str, float]:
        """Weighted evidence of every topic that reaches the threshold, by slug (for debugging)."""
        evidence: dict[str, _Evidence] = {}
        for index, (count, in_lede) in self._keyword_hits(paragraphs).items():
            keyword = self._keywords[index]
            value = keyword.weight * (1.0 + REPEAT_BONUS * min(count - 1, MAX_REPEATS))
            if in_lede:
                value *= LEDE_FACTOR
            for slug in keyword.topics:
                found = evidence.setdefault(slug, _Evidence())
                found.hits += count
                found.score += value
        return {
            slug: round(found.score, 6)  # rounded so that float noise never reorders ties
            for slug, found in evidence.items()
            if found.hits >= 2 and found.score >= self._min_score
        }

    def tag(self, paragraphs: Sequence[str]) -> tuple[str, ...]:
        """Topic slugs, best evidence first, each sub-topic followed by its parent if untagged."""
        direct = self.scores(paragraphs)
        # A parent ranks with its best child; on a tie the narrower topic comes first.
        rank: dict[str, float] = dict(direct)
        for slug, score in direct.items():
            for parent in self._ancestors.get(slug, ()):
                rank[parent] = max(rank.get(parent, 0.0), score)
        order = sorted(rank, key=lambda s: (-rank[s], -len(self._ancestors.get(s, ())), s))
        chosen: list[str] = []
        for slug in order:
            if slug in chosen:
                continue
            # A sub-topic only comes in with its parents, so the cap never orphans one.
            needed = [slug] + [p for p in self._ancestors.get(slug, ()) if p not in chosen]
            if len(chosen) + len(needed) <= self._max_topics:
                chosen.extend(needed)
        position = {slug: index for index, slug in enumerate(order)}
        return tuple(sorted(chosen, key=position.__getitem__))
