"""People detection: which people a story names, vocabulary people first, new people second.

No trained model can be downloaded here, so detection is rules over runs of capitalised words
(see DESIGN.md section 3). `mentions.py` cuts the story into candidate names and single-word
mentions; this module matches the vocabulary, scores the new candidates on evidence, asks a
small model trained on our own labelled stories for a second opinion on them (`person_model.py`:
nothing downloaded), resolves lone surnames within the story and assigns slugs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from generator.ingest.lexicon import (
    HONORIFICS,
    NameLexicon,
    is_english,
    is_roman,
    lexicon_with_places,
)
from generator.ingest.mentions import (
    RUN,
    Mention,
    Shape,
    fold,
    lone_role,
    name_evidence,
    portfolio_end,
    quoted,
    shape_run,
)
from generator.ingest.person_features import candidate_features
from generator.ingest.person_model import PersonModel, packaged_model
from generator.ingest.story_titles import story_titles
from generator.models import Person
from generator.urls import slugify

# "OpenAI", "GitHub", "YouTube": a word with a capital inside it is a brand ("McCain", "DeSantis"
# are not).
_CAMEL = re.compile(r"^(?!Mac)[A-Z][a-z]{2,}[A-Z]")
# Words that end a name as its generation: "Raila Odinga Junior" is not "Raila Odinga".
_GENERATIONS = frozenset("jr junior sr senior".split())
# A candidate needs this much evidence (see `Candidate.score`) to become a person.
MIN_SCORE = 2
# Distinct runs remembered per finder; past this the cache starts over (memory stays bounded).
RUN_CACHE_SIZE = 100_000


@dataclass(frozen=True, slots=True)
class PeopleFound:
    """The people one story names."""

    slugs: tuple[str, ...]
    """Every person the story names, in order of first mention, no repeats."""
    new: tuple[Person, ...]
    """Detected people not in the vocabulary (reviewed=False); their slugs are also in `slugs`."""


@dataclass(slots=True)
class Candidate:
    """A multi-word name seen in one story, with the evidence gathered over its mentions (or a
    one-word name, as the second opinion reads it)."""

    keys: tuple[str, ...]
    display: str
    position: int
    first_name: bool = False
    role: int = 0
    verb: bool = False
    who: bool = False
    particle: bool = False
    foreign: bool = False
    only_located: bool = True
    only_after_the: bool = True
    venue: bool = False
    positions: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    """(start, end) of each mention in the story's text."""

    def take(self, mention: Mention, end: int) -> None:
        """Take the evidence of one mention of this name, which ends at `end` in the text."""
        shape = mention.shape
        self.positions.append(mention.position)
        self.spans.append((mention.position, end))
        self.first_name |= shape.first_name
        self.role = max(self.role, mention.role)
        self.verb |= mention.verb
        self.who |= mention.who
        self.particle |= shape.particle
        self.venue |= shape.venue
        self.foreign |= shape.foreign
        self.only_located &= mention.located
        self.only_after_the &= mention.after_the

    def absorb(self, other: Candidate, cut: int) -> None:
        """Take the mentions and evidence of `other`, a longer form whose name starts `cut`
        characters before this one's ("Barrister Jane Doe" into "Jane Doe")."""
        self.positions += [position + cut for position in other.positions]
        self.spans += [(start + cut, end) for start, end in other.spans]
        self.verb |= other.verb
        self.who |= other.who
        self.particle |= other.particle
        self.venue |= other.venue
        self.only_located &= other.only_located
        self.only_after_the &= other.only_after_the

    def score(self, recurs: bool) -> int:
        """Evidence: first name 2, role before 1-2, ", who" 2, verb 1, particle 1, lone surname 2,
        words of no English, first name or place 2.

        A surname recurring alone is strong: wire copy names a person in full once, then by
        surname, while organisations shorten to their first word ("Reliance Industries").
        """
        if self.venue and not self.who:
            return 0  # "Diamond Harbour", "La Libertad Avanza"; but "Sunil Beach, a fisherman"
        if self.only_located and not (self.role or self.who or self.verb or recurs):
            return 0  # "in Hasan Abdal", "at Kerem Shalom": a place named like a person
        total = 2 * self.first_name + self.role + 2 * self.who + self.verb + self.particle
        # "at Jantar Mantar": a name from another language after "at" is most often a place.
        total += 2 * (self.foreign and not self.only_located)
        total += 2 * recurs
        # "the Santiago Bernabeu", "the Morgan Stanley report": people do not take an article.
        return total - 3 if self.only_after_the else total


@dataclass(frozen=True, slots=True)
class Judged:
    """One candidate as the rules see it, for training the second opinion."""

    display: str
    score: int
    """The rules' evidence (`Candidate.score`)."""
    listed: bool
    """Short of evidence, but listed beside an accepted name: the rules accept it too."""
    features: list[str]
    one_word: bool = False
    """A one-word name ("Siddaramaiah"), which names a person only as a whole."""

    @property
    def accepted(self) -> bool:
        """Whether the rules alone accept it."""
        return self.listed or self.score >= MIN_SCORE


@dataclass(slots=True)
class _Story:
    """What one pass over a story gathers: its text, candidates and one-word mentions."""

    text: str
    candidates: dict[tuple[str, ...], Candidate]
    lone: dict[str, list[int]]
    first_seen: dict[str, int]
    titled: dict[str, str]
    given: dict[str, str]
    who_named: dict[str, str]
    bodies: Collection[tuple[int, int]] = ()
    """(start, end) offsets of the organisations' names the story holds."""


class PeopleFinder:
    """Finds the people of stories against a vocabulary; build once, call `find` per story."""

    def __init__(
        self,
        vocabulary: Mapping[str, Person],
        place_names: Collection[str] = (),
        retired: Collection[str] = (),
        organisation_names: Collection[str] = (),
        model: PersonModel | Literal["packaged"] | None = "packaged",
    ) -> None:
        """Precompute the vocabulary's name index and the word lists (places extended).

        `retired` are slugs an editor deleted from the vocabulary: never detected as new again.
        `organisation_names` are names of known organisations, which are never people.
        `model` is the second opinion on weak candidates: the packaged one by default, None for
        the rules alone.
        """
        self._model = packaged_model() if model == "packaged" else model
        self._lexicon: NameLexicon = lexicon_with_places(place_names, organisation_names)
        self._one_word_bodies = frozenset(
            fold(name) for name in organisation_names if len(name.split()) == 1
        )
        """Known organisations' one-word names ("Barclays"): "Rival Barclays" is no person."""
        self._run_shapes: dict[str, tuple[Shape, ...]] = {}
        self._slugs: dict[str, str] = {}
        self._vocabulary = dict(vocabulary)
        self._retired = frozenset(retired) - self._vocabulary.keys()
        # Multi-word names and aliases, as folded word tuples, -> slug. Single-word aliases only
        # point back to a person named in full in the same story (a single word never creates a
        # person), so they go to a separate table.
        self._full_names: dict[tuple[str, ...], str] = {}
        self._pointers: dict[str, set[str]] = {}
        """slug -> single words (aliases, surnames) that point back to the person."""
        self._parts: dict[tuple[str, ...], set[str]] = {}
        """Shorter runs of words inside vocabulary names ("Tayyip Erdogan") -> slugs."""
        self._regnal: dict[str, set[str]] = {}
        """Given names of regnal names ("leo" of "Leo XIV") -> slugs: "Pope Leo" names him."""
        self._single: dict[str, str] = {}
        """Folded one-word names ("siddaramaiah") -> slug: people known by one name."""
        for slug in sorted(self._vocabulary):
            person = self._vocabulary[slug]
            pointers = self._pointers.setdefault(slug, set())
            for name in (person.name, *person.aliases):
                words = tuple(word for word in map(fold, name.split()) if word)
                if len(words) == 1:
                    pointers.add(words[0])
                    if name == person.name:
                        self._single.setdefault(words[0], slug)
                    continue
                if not words:
                    continue
                self._full_names.setdefault(words, slug)
                pointers.add(pointer_word(words))
                if len(words) == 2 and is_roman(words[1]):
                    self._regnal.setdefault(words[0], set()).add(slug)
                for part in parts_of(words):
                    self._parts.setdefault(part, set()).add(slug)
        # A person's slug names them too, after every real name and alias: an editor who renames
        # "Priya Sharma" keeps the slug priya-sharma, and her stories keep her.
        for slug in sorted(self._vocabulary):
            words = tuple(slug.split("-"))
            if len(words) > 1 and self._full_names.setdefault(words, slug) == slug:
                self._pointers[slug].add(pointer_word(words))
        self._longest_name = max((len(words) for words in self._full_names), default=0)

    @property
    def vocabulary(self) -> Mapping[str, Person]:
        """The vocabulary this finder matches (slug -> person), read-only."""
        return MappingProxyType(self._vocabulary)

    def find(
        self, paragraphs: Sequence[str], bodies: Collection[tuple[int, int]] = ()
    ) -> PeopleFound:
        """Return the people `paragraphs` (one story's body, lede first) name; `bodies` are
        (start, end) offsets, in the paragraphs joined by blank lines, of organisations' names:
        a name only ever written inside one, after its first word ("National Commission for
        Safai Karamcharis"), is nobody."""
        story = self._gather(paragraphs, bodies)
        accepted = self._accept(story, story.first_seen)
        model = self._model
        keep: Callable[[str, str], bool] | None = None
        if model is not None and model.one_word_below > 0:

            def keep(word: str, display: str) -> bool:
                features = self._one_word_features(word, display, story)
                return model.probability(features) >= model.one_word_below

        return self._resolve(
            accepted,
            story.first_seen,
            story.lone,
            story.titled,
            story.given,
            story.who_named,
            keep,
        )

    def judge(
        self, paragraphs: Sequence[str], bodies: Collection[tuple[int, int]] = ()
    ) -> list[Judged]:
        """Every multi-word candidate of the story with its features and the rules' verdict,
        before any second opinion, then every one-word name the rules make a new person: what
        the model is trained on."""
        story = self._gather(paragraphs, bodies)
        scores = self._scores(story.candidates, story.lone)
        accepted = [c for c in story.candidates.values() if scores[c.keys] >= MIN_SCORE]
        listed = {c.keys for c in _listed_beside(story.candidates.values(), accepted, story.text)}
        judged = [
            Judged(
                candidate.display,
                scores[candidate.keys],
                candidate.keys in listed,
                self._features(candidate, story, candidate.keys in listed),
            )
            for candidate in story.candidates.values()
        ]
        kept = self._accept(story, dict(story.first_seen))
        one_words: list[tuple[str, str]] = []

        def record(word: str, display: str) -> bool:
            one_words.append((word, display))
            return True

        lone = {word: list(positions) for word, positions in story.lone.items()}
        first_seen = dict(story.first_seen)
        self._resolve(kept, first_seen, lone, story.titled, story.given, story.who_named, record)
        judged += [
            Judged(display, MIN_SCORE, False, self._one_word_features(word, display, story), True)
            for word, display in one_words
        ]
        return judged

    def _one_word_features(self, word: str, display: str, story: _Story) -> list[str]:
        """The second opinion's features of a one-word name of `story` that the rules make a
        person ("Chief Minister Siddaramaiah", "coach Michel", "Sukirman, who")."""
        kind = (
            "titled"
            if word in story.titled
            else "given"
            if word in story.given
            else "who"
            if word in story.who_named
            else "other"
        )
        lexicon = self._lexicon
        size = len(display)
        positions = list(story.lone.get(word, ()))
        candidate = Candidate(
            keys=(word,),
            display=display,
            position=positions[0] if positions else 0,
            first_name=word in lexicon.first_names,
            role=2 if kind in ("titled", "given") else 0,
            who=kind == "who",
            foreign=not (is_english(word) or word in lexicon.first_names or word in lexicon.places),
            only_located=False,
            only_after_the=False,
            positions=positions,
            spans=[(start, start + size) for start in positions],
        )
        forms = sum(1 for keys in story.candidates if word in keys)
        features = candidate_features(
            candidate,
            story.text,
            lexicon,
            lone_mentions=len(candidate.spans),
            forms=forms,
            listed=False,
        )
        features.append(f"kind={kind}")
        return features

    def _gather(self, paragraphs: Sequence[str], bodies: Collection[tuple[int, int]]) -> _Story:
        """The candidates and one-word mentions of one story, with their evidence."""
        # One pass over the whole story: runs never cross a newline, and a character offset
        # in the joined text orders mentions as well as (paragraph, offset) would.
        text = _without_nicknames("\n\n".join(paragraphs))
        first_seen: dict[str, int] = {}
        candidates: dict[tuple[str, ...], Candidate] = {}
        lone: dict[str, list[int]] = {}
        titled: dict[str, str] = {}
        """One-word names after a title or role ("Chief Minister Siddaramaiah") -> as written."""
        given: dict[str, str] = {}
        """First names alone after a role ("coach Michel", "captain Rohit") -> as written."""
        who_named: dict[str, str] = {}
        """One-word names alone before ", who" ("Sukirman, who ...") -> as written."""
        titles: set[tuple[str, ...]] = set()
        """Names written alone in quotes once ("'Feminichi Fathima'"): a work's title throughout,
        unless ", who" or an apposition makes them a person elsewhere in the story."""
        cache = self._run_shapes
        for run in RUN.finditer(text):
            run_text = run.group()
            offset = run.start()
            cut = portfolio_end(run_text, text, offset, self._lexicon)
            run_text, offset = run_text[cut:], offset + cut
            shapes = cache.get(run_text)
            if shapes is None:
                if len(cache) >= RUN_CACHE_SIZE:
                    cache.clear()
                shapes = cache[run_text] = shape_run(run_text, self._lexicon)
            for shape in shapes:
                position = offset + shape.start
                if len(shape.run_keys) > 1 and self._match_vocabulary(shape, position, first_seen):
                    continue
                if len(shape.keys) == 1:
                    lone.setdefault(shape.keys[0], []).append(position)
                    if self._one_name(shape) and lone_role(shape, text, position):
                        titled.setdefault(shape.keys[0], shape.display)
                    elif self._one_name(shape) and _who_alone(shape, text, position):
                        who_named.setdefault(shape.keys[0], shape.display)
                    elif (
                        self._given_alone(shape)
                        and lone_role(shape, text, position)
                        and not _after_kin(text, position)
                    ):
                        given.setdefault(shape.keys[0], shape.display)
                elif shape.is_name:
                    if quoted(text, position, offset + shape.end):
                        titles.add(shape.keys)
                        continue
                    mention = name_evidence(shape, text, position, offset + shape.end)
                    if mention is not None:
                        self._add_candidate(candidates, mention, offset + shape.end)
        self._strip_story_titles(candidates, text, lone, titled)
        if bodies:
            for keys in [k for k, c in candidates.items() if _inside(c.spans, bodies)]:
                del candidates[keys]
        for keys in _series(candidates, text):
            del candidates[keys]  # "Artemis II" and "Artemis III": missions, not a king
        for keys in titles:
            # "'Feminichi Fathima'" later written bare is the film still; a name that ", who" or
            # a role in apposition makes a person elsewhere ("Butch Cassidy, a rancher") is one.
            candidate = candidates.get(keys)
            if candidate is not None and not candidate.who:
                del candidates[keys]
        return _Story(text, candidates, lone, first_seen, titled, given, who_named, bodies)

    def _one_name(self, shape: Shape) -> bool:
        """A word that may be a whole name: no English word, place or common word."""
        return self._one_word_name(shape.keys[0], shape.display)

    def _one_word_name(self, key: str, display: str) -> bool:
        """The word `key` (written `display`) may be a whole name."""
        lexicon = self._lexicon
        return (
            len(key) > 3
            and not display.isupper()
            and key not in lexicon.places
            and key not in lexicon.stopwords
            and key not in lexicon.titles
            and key not in lexicon.organisation_words
            and key not in lexicon.first_names
            and key not in lexicon.prefixes
            and key not in self._one_word_bodies
            and not _CAMEL.match(display)  # "OpenAI", "YouTube": brands
            and not is_english(key)
        )

    def _strip_story_titles(
        self,
        candidates: dict[tuple[str, ...], Candidate],
        text: str,
        lone: dict[str, list[int]],
        titled: dict[str, str],
    ) -> None:
        """Cut the titles the story shows the lists lack (`story_titles.py`) off the candidates:
        "Barrister Jane Doe" becomes "Jane Doe" after a title, "Yokozuna Hoshoryu" (with "the
        yokozuna" elsewhere) the one-word name "Hoshoryu" after a title."""
        titles = story_titles(candidates, text, self._lexicon, lone)
        if not titles:
            return
        for keys in [k for k in candidates if k[0] in titles]:
            candidate = candidates[keys]
            rest = keys[1:]
            head, display = candidate.display.split(" ", 1)
            cut = len(head) + 1
            if len(rest) == 1:
                if not (titles[keys[0]] and self._one_word_name(rest[0], display)):
                    continue
                del candidates[keys]
                lone.setdefault(rest[0], []).extend(p + cut for p in candidate.positions)
                titled.setdefault(rest[0], display)
                continue
            del candidates[keys]
            shorter = candidates.get(rest)
            if shorter is None:
                first_name = rest[0] in self._lexicon.first_names
                shorter = candidates[rest] = Candidate(
                    rest, display, candidate.position + cut, first_name, foreign=candidate.foreign
                )
            shorter.absorb(candidate, cut)
            shorter.role = 2

    def _given_alone(self, shape: Shape) -> bool:
        """A first name that may be a whole name after a role: no English or common word."""
        key = shape.keys[0]
        lexicon = self._lexicon
        return (
            len(key) > 2
            and shape.run_keys[-1] == key  # not "Dr. Shameer V.K.": initials follow
            and key in lexicon.first_names
            and not shape.display.isupper()
            and key not in lexicon.places
            and key not in lexicon.stopwords
            and key not in lexicon.titles
            and key not in lexicon.prefixes
            and not is_english(key)
        )

    def _match_vocabulary(self, shape: Shape, position: int, first_seen: dict[str, int]) -> bool:
        """Record vocabulary names within the shape's whole run; True when one of them covers
        a word of the shape's own name (the shape is then that person, not a candidate)."""
        words = shape.run_keys
        covered: set[int] = set()
        start = 0
        while start < len(words) and self._longest_name:
            for length in range(min(self._longest_name, len(words) - start), 1, -1):
                slug = self._full_names.get(words[start : start + length])
                if slug is not None:
                    first_seen.setdefault(slug, position)
                    covered.update(range(start, start + length))
                    start += length - 1
                    break
            start += 1
        if not covered:
            return False
        # "Atlas Mining CEO Sunita Joshi": a known "Atlas Mining" must not hide a new "Sunita
        # Joshi", or what a batch learns would depend on what earlier runs had learnt.
        own = _find_words(words, shape.keys)
        return own is None or not covered.isdisjoint(own)

    def _add_candidate(
        self, candidates: dict[tuple[str, ...], Candidate], mention: Mention, end: int
    ) -> None:
        """Merge one multi-word mention's evidence into its candidate."""
        shape = mention.shape
        candidate = candidates.get(shape.keys)
        if candidate is None:
            candidate = Candidate(shape.keys, shape.display, mention.position)
            candidates[shape.keys] = candidate
        candidate.take(mention, end)

    def _accept(self, story: _Story, first_seen: dict[str, int]) -> list[Candidate]:
        """The story's candidates with enough evidence, shorter forms of a longer name folded
        into it.

        A name listed beside an accepted one ("Billie Eilish and Lady Gaga performed") is
        accepted with it. A shorter form of a vocabulary name ("Tayyip Erdogan") goes to that
        person (into `first_seen`), or to nobody when several vocabulary names contain it.
        """
        text = story.text
        scores = self._scores(story.candidates, story.lone)
        accepted = [c for c in story.candidates.values() if scores[c.keys] >= MIN_SCORE]
        listed = _listed_beside(story.candidates.values(), accepted, text)
        accepted += listed
        if self._model is not None:
            accepted = self._second_opinion(self._model, story, scores, accepted, listed)
        accepted = _drop_employers(accepted, text)
        accepted = _drop_named_after(accepted)
        # Longest first, so "Lula da Silva" folds into "Luiz Inácio Lula da Silva".
        accepted.sort(key=lambda c: (-len(c.keys), c.position))
        kept: list[Candidate] = []
        kept_parts: dict[tuple[str, ...], Candidate] = {}
        for candidate in accepted:
            longer = kept_parts.get(candidate.keys)
            if longer is not None:
                longer.positions.extend(candidate.positions)
                continue
            owners = self._parts.get(candidate.keys)
            if owners is None:
                kept.append(candidate)
                # "Raila Odinga Junior" is the son of "Raila Odinga", not a longer form of him.
                generation = candidate.keys[-1] in _GENERATIONS or is_roman(candidate.keys[-1])
                for part in parts_of(candidate.keys):
                    if not (generation and part == candidate.keys[:-1]):
                        kept_parts.setdefault(part, candidate)
            elif len(owners) == 1:
                (slug,) = owners
                position = min(candidate.positions)
                first_seen[slug] = min(first_seen.get(slug, position), position)
        return kept

    def _scores(
        self, candidates: Mapping[tuple[str, ...], Candidate], lone: Mapping[str, list[int]]
    ) -> dict[tuple[str, ...], int]:
        """The rules' evidence of every candidate (a lone surname recurring counts)."""
        return {keys: c.score(pointer_word(keys) in lone) for keys, c in candidates.items()}

    def _features(self, candidate: Candidate, story: _Story, listed: bool) -> list[str]:
        """The second opinion's features of one candidate of `story`."""
        words = set(candidate.keys)
        forms = sum(1 for keys in story.candidates if not words.isdisjoint(keys))
        return candidate_features(
            candidate,
            story.text,
            self._lexicon,
            lone_mentions=len(story.lone.get(pointer_word(candidate.keys), ())),
            forms=forms,
            listed=listed,
            first_alone=len(story.lone.get(candidate.keys[0], ())),
            bodies=story.bodies,
        )

    def _second_opinion(
        self,
        model: PersonModel,
        story: _Story,
        scores: Mapping[tuple[str, ...], int],
        accepted: list[Candidate],
        listed: list[Candidate],
    ) -> list[Candidate]:
        """`accepted` less the weak candidates the model finds unlikely to be people, plus the
        rejected ones it is very sure of (when its policy rescues any).

        A name accepted for being listed beside people ("Rayssa Leal, Coco Yoshizawa and Tiger
        Woods") is the rules' to keep: its evidence is its neighbours', which the model's
        features do not weigh (the tuning set holds four such names to learn from).
        """
        listed_keys = {c.keys for c in listed}
        kept = []
        for candidate in accepted:
            doubted = candidate.keys not in listed_keys and model.weak(scores[candidate.keys])
            # A vocabulary person is the editors', not the model's to doubt.
            if doubted and not self._in_vocabulary(candidate.keys):
                features = self._features(candidate, story, False)
                if model.probability(features) < model.veto_below:
                    continue
            kept.append(candidate)
        taken = {c.keys for c in accepted}
        for keys, candidate in story.candidates.items():
            if keys not in taken and model.rescuable(scores[keys]):
                features = self._features(candidate, story, False)
                if model.probability(features) >= model.rescue_above:
                    kept.append(candidate)
        return kept

    def _in_vocabulary(self, keys: tuple[str, ...]) -> bool:
        """The words name a vocabulary person: a name, part of one, or an honorific and a
        regnal name's given name ("Pope Leo" of "Leo XIV")."""
        return (
            keys in self._full_names
            or keys in self._parts
            or (_honorific(keys) and keys[1] in self._regnal)
        )

    def _resolve(
        self,
        accepted: list[Candidate],
        first_seen: dict[str, int],
        lone: dict[str, list[int]],
        titled: Mapping[str, str],
        given: Mapping[str, str],
        who_named: Mapping[str, str] = MappingProxyType({}),
        keep: Callable[[str, str], bool] | None = None,
    ) -> PeopleFound:
        """Give slugs to new people, resolve lone surnames, order everyone by first mention.

        A one-word name after a title that nobody found owns is a person known by one name
        ("Siddaramaiah"): the vocabulary's, if it holds one, else a new one. So is a first name
        after a role ("coach Michel") when nobody the story names in full has that first name
        ("captain Rohit" beside "Rohit Sharma" is him). `keep` (word, as written), when given,
        has the last word on a new one-word person: the second opinion.
        """
        new: list[Person] = []
        surname_owners: dict[str, set[str]] = {}
        for slug in first_seen:
            for word in self._pointers.get(slug, ()):
                surname_owners.setdefault(word, set()).add(slug)
        taken = set(first_seen)
        given_owners: dict[str, set[str]] = {}
        """First words of full names -> slugs: "Sheikh Ahmed" is "Ahmed bin Saeed Al Maktoum"."""
        # "Pope Leo" after "Pope Leo XIV": honorific forms last, so they find the full name.
        for candidate in sorted(accepted, key=lambda c: (_honorific(c.keys), min(c.positions))):
            if _honorific(candidate.keys):
                owners = surname_owners.get(candidate.keys[1]) or self._regnal.get(
                    candidate.keys[1], set()
                )
                if not owners and candidate.keys[0] in _GIVEN_HONORIFICS:
                    owners = given_owners.get(candidate.keys[1], set())
                if len(owners) == 1:
                    (slug,) = owners
                    position = min(candidate.positions)
                    first_seen[slug] = min(first_seen.get(slug, position), position)
                    continue
            slug = self._new_slug(candidate.display)
            if slug in self._retired:
                continue
            if slug in taken or slug in self._vocabulary:
                # Another spelling of a person already found ("José" and "Jose"), or of a
                # vocabulary person that the name index missed.
                first_seen[slug] = min(first_seen.get(slug, 1 << 62), min(candidate.positions))
                continue
            taken.add(slug)
            first_seen[slug] = min(candidate.positions)
            new.append(Person(slug=slug, name=candidate.display, reviewed=False))
            surname_owners.setdefault(pointer_word(candidate.keys), set()).add(slug)
            given_owners.setdefault(candidate.keys[0], set()).add(slug)
        first_words = {c.keys[0] for c in accepted}
        for slug in first_seen:
            person = self._vocabulary.get(slug)
            names = (person.name, *person.aliases) if person else (slug,)
            first_words.update(fold(name.replace("-", " ").split()[0]) for name in names if name)
        named = first_words.union(*(c.keys for c in accepted))
        for word, positions in lone.items():
            owners = surname_owners.get(word, set())
            if not owners and word in given and word not in titled and word not in first_words:
                titled = {**titled, word: given[word]}
            if not owners and word in who_named and word not in titled and word not in named:
                titled = {**titled, word: who_named[word]}  # "Sukirman, who"; not "Purbaya"
                # after "Purbaya Yudhi Sadewa", nor "Tchiroma" after "Issa Tchiroma Bakary"
            if len(owners) == 1:  # two Gandhis: the lone "Gandhi" is nobody extra
                (slug,) = owners
                first_seen[slug] = min(first_seen[slug], *positions)
            elif not owners and (word in titled or word in self._single):
                slug = self._single.get(word) or self._new_slug(titled[word])
                if slug in self._retired:
                    continue
                if slug not in self._vocabulary and slug not in first_seen:
                    if keep is not None and not keep(word, titled[word]):
                        continue
                    new.append(Person(slug=slug, name=titled[word], reviewed=False))
                first_seen[slug] = min(first_seen.get(slug, 1 << 62), *positions)
        ordered = sorted(first_seen, key=lambda slug: (first_seen[slug], slug))
        return PeopleFound(slugs=tuple(ordered), new=tuple(new))

    def _new_slug(self, display: str) -> str:
        """Slug of a detected name; a vocabulary person holding it is that person (renamed)."""
        slug = self._slugs.get(display)
        if slug is None:
            if len(self._slugs) >= RUN_CACHE_SIZE:
                self._slugs.clear()
            slug = self._slugs[display] = slugify(display)
        return slug


_LIST_GAP = re.compile(r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)")


def _listed_beside(
    candidates: Iterable[Candidate], accepted: list[Candidate], text: str
) -> list[Candidate]:
    """Candidates short of evidence written in a list with an accepted one: "X, Y and Z"."""
    ends = {end for c in accepted for _, end in c.spans}
    starts = {start for c in accepted for start, _ in c.spans}
    taken = {id(c) for c in accepted}
    listed = []
    for candidate in candidates:
        if id(candidate) in taken or candidate.only_after_the or candidate.venue:
            continue  # after "the", or a venue's name ("Shaheed Dweep and Swaraj Dweep")
        for start, end in candidate.spans:
            before = any(_LIST_GAP.fullmatch(text, e, start) for e in ends if 0 < start - e <= 6)
            after = any(_LIST_GAP.fullmatch(text, end, s) for s in starts if 0 < s - end <= 6)
            if before or after:
                listed.append(candidate)
                break
    return listed


# Kin before a first name ("his brother Wladimir", "whose son Matan", "his wife Saraswati"):
# the family's surname is left unsaid, and the full name is not the first name alone.
_KIN = re.compile(
    r"(?:brother|sister|son|daughter|wife|husband|father|mother|widow|nephew|niece|cousin|uncle|"
    r"aunt|grandson|granddaughter|grandmother|grandfather|fiance|fiancee|girlfriend|boyfriend|"
    r"parent|relative)[ \t,]+$",
    re.IGNORECASE,
)


def _after_kin(text: str, start: int) -> bool:
    """A kin word right before `start`."""
    return _KIN.search(text, max(0, start - 16), start) is not None


# "analyst Gil Luria of D.A. Davidson", "Gurbhej Singh, 29, of Naushehra Dhalla".
_EMPLOYER_GAP = re.compile(r"(?:[ \t]+alias[ \t]+\w+)?(?:,[ \t]+\d{1,3},)?[ \t]+(?:of|at)[ \t]+")


def _drop_employers(accepted: list[Candidate], text: str) -> list[Candidate]:
    """Names only ever written right after a person's name and "of" or "at" ("analyst Gil Luria
    of D.A. Davidson", "Abhishek Pathak of Motilal Oswal"): the person's firm or town, not a
    second person."""
    ends = {end for c in accepted for _, end in c.spans}

    def employer(start: int) -> bool:
        return any(_EMPLOYER_GAP.fullmatch(text, e, start) for e in ends if 0 < start - e <= 30)

    return [c for c in accepted if not all(employer(start) for start, _ in c.spans)]


# Last words of a street or a square named after someone ("Celia Cruz Way"): written after a
# name the story gives alone too, they make a place, and the name stays the person's.
_STREET_WORDS = frozenset("way street road avenue boulevard drive lane square plaza".split())


def _drop_named_after(accepted: list[Candidate]) -> list[Candidate]:
    """Without the streets named after a person the story also names ("Celia Cruz Way" beside
    "Celia Cruz"), which would otherwise swallow the person as a longer form of the name."""
    names = {c.keys for c in accepted}
    return [
        c
        for c in accepted
        if not (len(c.keys) > 2 and c.keys[-1] in _STREET_WORDS and c.keys[:-1] in names)
    ]


# Honorifics that go with a person's given name, the first of their full name ("Sheikh Ahmed"
# after "Sheikh Ahmed bin Saeed Al Maktoum"), not with the surname.
_GIVEN_HONORIFICS = frozenset(("sheikh", "sheikha"))
# A word alone followed by ", who": a person known by one name ("Sukirman, who like many
# Indonesians uses one name"); bodies take "which".
_WHO = re.compile(r",[ \t]+who\b")


def _who_alone(shape: Shape, text: str, start: int) -> bool:
    """A word alone in its run, opening a sentence or a clause after a comma, followed by ",
    who": "..., Sukirman, who"; not "in Patiala, who", "the Lakers, who", "R-Alaska, who"."""
    if len(shape.run_keys) != 1 or not shape.display.isalpha():
        return False
    if not _WHO.match(text, start + shape.end - shape.start):
        return False
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return not before or before[-1] in '\n.,;:!?"“”'


# A nickname in quotes inside a name ("Orlando \"El Sonero\" Betancourt Ruiz", "Dwayne 'The Rock'
# Johnson"): blanked out, so the name reads whole.
_NICKNAME = re.compile(
    r"(?<=[A-Za-z] )([\"“‘'])((?:[A-Z][\w’'.-]*)(?: [A-Z][\w’'.-]*){0,2})([\"”’'])(?= [A-Z])"
)
_NICKNAME_CLOSE = {'"': '"', "“": "”", "‘": "’", "'": "'"}


def _without_nicknames(text: str) -> str:
    """`text` with nicknames in quotes between a given name and a surname blanked out (the
    offsets unchanged)."""

    def blank(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip().rsplit(None, 1)[-1:]
        if (
            not before
            or not before[0][:1].isupper()
            or match.group(3) != _NICKNAME_CLOSE.get(match.group(1))
        ):
            return match.group()
        return " " * len(match.group())

    return _NICKNAME.sub(blank, text) if any(q in text for q in _NICKNAME_CLOSE) else text


def _inside(spans: Iterable[tuple[int, int]], bodies: Collection[tuple[int, int]]) -> bool:
    """Every span lies within one of `bodies`, after its first word ("National Commission for
    Safai Karamcharis"; but "Dipankar Bhattacharya and Vikassheel Insaan Party" may be two)."""
    return all(any(a < start and end <= b for a, b in bodies) for start, end in spans)


def _series(candidates: Mapping[tuple[str, ...], Candidate], text: str) -> list[tuple[str, ...]]:
    """Names with a roman number whose first words the story writes with two numbers or more
    ("Artemis II", "Artemis III"): a series of missions or machines, not a regnal name."""
    series = []
    for keys, candidate in candidates.items():
        if len(keys) < 2 or not is_roman(keys[-1]):
            continue
        base = re.escape(candidate.display.rsplit(" ", 1)[0])
        found = list(
            re.finditer(rf"(\w*)[ \t]+{base}[ \t]+([IVX]+)\b|\b{base}[ \t]+([IVX]+)\b", text)
        )
        numbers = {m.group(2) or m.group(3) for m in found}
        # "Pope Leo XIV" and "Leo XIII": popes and kings are numbered too.
        titled = any(fold(m.group(1) or "") in HONORIFICS for m in found)
        if len(numbers) > 1 and not titled:
            series.append(keys)
    return series


def pointer_word(words: tuple[str, ...]) -> str:
    """The word that alone points back to a full name: the surname, or the given name of a
    regnal name ("Leo" of "Leo XIV")."""
    return words[-2] if len(words) > 1 and is_roman(words[-1]) else words[-1]


def _honorific(keys: tuple[str, ...]) -> bool:
    """An honorific and one name ("Pope Leo", "Sheikh Hasina")."""
    return len(keys) == 2 and keys[0] in HONORIFICS


def _find_words(words: tuple[str, ...], part: tuple[str, ...]) -> range | None:
    """Indices of the first run of `part` inside `words`, or None."""
    for start in range(len(words) - len(part) + 1):
        if words[start : start + len(part)] == part:
            return range(start, start + len(part))
    return None


def parts_of(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every shorter run of two or more consecutive words of `words`."""
    for size in range(2, len(words)):
        for i in range(len(words) - size + 1):
            yield words[i : i + size]
