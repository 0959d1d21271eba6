"""Generate a synthetic archive of raw wire stories in the exact format of the real sample.

Usage: ``python bench/generate.py N OUT [--seed S] [--jobs J] [--manifest FILE]``

Every story is a pure function of (seed, index): the same N and seed give byte-identical files,
and story ``i`` is the same whatever N is, so ``bench/run.py`` can "add one story" by generating
index N. People come from pools of a few thousand with Zipf weights (a handful of people appear in
thousands of stories, most in a few), named the way a wire desk writes them: the first mention
with role and full name ("Russian President Dmitry Volkov"), later ones by surname or title.
Standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import hashlib
import itertools
import json
import os
import random
import string
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus_data as data

DEFAULT_SEED = 20250318
# Fixed, so that the corpus does not change with the day it is generated on.
LAST_DAY = dt.date(2025, 6, 30)
SPAN_DAYS = 3652
# u ** RECENCY with u uniform puts more stories in recent years (about 4 % in the first year,
# 14 % in the last).
RECENCY = 0.7
DUPLICATE_SHARE = 0.02
ZIPF_EXPONENT = 1.0
MIN_WORDS, MAX_WORDS = 300, 900
PEOPLE_COUNTS = (2, 3, 4, 5, 6, 7, 8)
PEOPLE_COUNT_WEIGHTS = (10, 20, 22, 18, 14, 9, 7)
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBERS = (2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 15, 18, 20, 24, 25, 30, 40, 45, 50, 60, 75, 90, 100,
           120, 150, 200, 250, 300, 400, 500, 750, 1000, 1200, 5000)  # fmt: skip
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "Ø": "O", "đ": "d", "ł": "l", "Ł": "L", "ı": "i", "œ": "oe"}
)


@dataclass(frozen=True)
class Person:
    """One person of the pool, with the fixed role a wire desk introduces them by."""

    slug: str
    """ASCII slug of the full name, as Morgue's ingest would make it."""
    name: str
    """Full name in wire order ("Priya Sharma", "Wang Wei")."""
    intro: str
    """First mention: role and name ("Indian Finance Minister Priya Sharma")."""
    surname: str
    """Later mention ("Sharma")."""
    title: str
    """Title used before the surname in later mentions ("President"), or ""."""


@dataclass(frozen=True)
class WireStory:
    """One generated raw story and the facts it was generated from (ground truth for tests)."""

    index: int
    """Position in the corpus; the file name starts with it."""
    file_name: str
    """``NNNNNN_<16 hex>.txt``."""
    text: str
    """The whole file, LF line endings, no trailing newline."""
    date: dt.date
    """Date on line 1."""
    dateline: str
    """Dateline city."""
    agency: str
    """Agency in the dateline."""
    people: tuple[Person, ...]
    """People named in the story, in order of first mention."""
    topics: tuple[str, ...]
    """Topic names whose keywords the story uses."""
    duplicate_of: int | None
    """Index of the story whose text this one copies, or None."""


@dataclass(frozen=True)
class _Corpus:
    """Everything shared by the stories of one seed: people pools and weighted lists."""

    pools: dict[str, tuple[Person, ...]]
    pool_cum: dict[str, tuple[float, ...]]
    cities: tuple[str, ...]
    city_cum: tuple[float, ...]
    common_cities: tuple[str, ...]
    countries: tuple[str, ...]
    beats: tuple[str, ...]
    beat_cum: tuple[float, ...]
    topics_by_beat: dict[str, tuple[str, ...]]


def slugify(text: str) -> str:
    """Return an ASCII, lowercase, hyphenated slug (the rule of Morgue's ``urls.slugify``)."""
    ascii_text = (
        unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
        .encode("ascii", "ignore")
        .decode("ascii")
        .lower()
        .replace("'", "")
    )
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def _cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(weights))


def _pick(rng: random.Random, items: Sequence[str], cum: Sequence[float]) -> str:
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _fill_role(template: str, rng: random.Random, culture: str) -> tuple[str, str]:
    """Fill a role template once for a person; return (role, title for later mentions)."""
    role, _, title_mark = template.partition("|")
    adj, country, *_ = data.CULTURES[culture]
    cities = data.CULTURES[culture][4]
    role = role.format(
        adj=adj,
        team=country.removeprefix("the "),
        state=rng.choice(data.STATES),
        party=rng.choice(data.PARTIES),
        org=rng.choice(data.COMPANIES),
        city=rng.choice(cities),
    )
    if title_mark == "T":
        title = template.partition("|")[0].rpartition("}")[2].strip()
    else:
        title = title_mark
    return role, title


def _make_pool(beat: str, size: int, rng: random.Random, used: set[str]) -> tuple[Person, ...]:
    """Invent `size` people with unique names and a role of `beat`."""
    cultures = tuple(data.CULTURES)
    culture_cum = _cumulative(
        [data.CULTURE_WEIGHTS.get(c, data.DEFAULT_CULTURE_WEIGHT) for c in cultures]
    )
    people: list[Person] = []
    for _ in range(size * 50):
        if len(people) == size:
            break
        culture = _pick(rng, cultures, culture_cum)
        _, _, given_names, surnames, _, family_first = data.CULTURES[culture]
        given, family = rng.choice(given_names), rng.choice(surnames)
        name = f"{family} {given}" if family_first else f"{given} {family}"
        slug = slugify(name)
        if slug in used:
            continue
        used.add(slug)
        role, title = _fill_role(rng.choice(data.ROLES[beat]), rng, culture)
        intro = f"{role} {name}" if role[:1].isupper() else f"{name}, {role},"
        surname = family[0].upper() + family[1:] if family_first else family
        people.append(Person(slug, name, intro, surname, title))
    else:
        raise ValueError(f"not enough distinct names for {size} people of beat {beat!r}")
    return tuple(people)


@functools.lru_cache(maxsize=4)
def _corpus(seed: int) -> _Corpus:
    """Build the people pools and weighted lists of one seed (cached: once per process)."""
    rng = random.Random(seed)
    used: set[str] = set()
    pools: dict[str, tuple[Person, ...]] = {}
    pool_cum: dict[str, tuple[float, ...]] = {}
    for beat, (_, size, _) in data.BEATS.items():
        pools[beat] = _make_pool(beat, size, rng, used)
        pool_cum[beat] = _cumulative([1.0 / (r + 1) ** ZIPF_EXPONENT for r in range(size)])
    cities: list[str] = []
    weights: list[float] = []
    for culture, (_, _, _, _, culture_cities, _) in data.CULTURES.items():
        share = data.CULTURE_WEIGHTS.get(culture, data.DEFAULT_CULTURE_WEIGHT)
        for rank, city in enumerate(culture_cities):
            if city not in cities:
                cities.append(city)
                weights.append(share / (rank + 1))
    for city in data.EXTRA_CITIES:
        if city not in cities:
            cities.append(city)
            weights.append(0.15)
    topics_by_beat: dict[str, list[str]] = {beat: [] for beat in data.BEATS}
    for topic, (beat, _, _) in data.TOPICS.items():
        topics_by_beat[beat].append(topic)
    beats = tuple(data.BEATS)
    return _Corpus(
        pools=pools,
        pool_cum=pool_cum,
        cities=tuple(cities),
        city_cum=_cumulative(weights),
        common_cities=tuple(cities[:120]),
        countries=tuple(c[1] for c in data.CULTURES.values()),
        beats=beats,
        beat_cum=_cumulative([data.BEATS[b][0] for b in beats]),
        topics_by_beat={b: tuple(t) for b, t in topics_by_beat.items()},
    )


def _digest(seed: int, index: int, purpose: bytes) -> bytes:
    return hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=8, person=purpose).digest()


def story_file_name(index: int, seed: int = DEFAULT_SEED) -> str:
    """File name of story `index`: ``NNNNNN_<16 hex>.txt``, hex derived from seed and index."""
    return f"{index:06d}_{_digest(seed, index, b'morgue-name').hex()}.txt"


def _fields(template: str) -> tuple[str, ...]:
    # A tuple in template order, not a set: set order changes with PYTHONHASHSEED, and the
    # order of the random draws must not.
    return tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(template) if f))


_FIELDS: dict[str, tuple[str, ...]] = {}


def _template_fields(template: str) -> tuple[str, ...]:
    fields = _FIELDS.get(template)
    if fields is None:
        fields = _FIELDS[template] = _fields(template)
    return fields


class _Writer:
    """Writes one story: tracks who has been introduced so later mentions use the surname."""

    def __init__(
        self,
        rng: random.Random,
        corpus: _Corpus,
        people: Sequence[Person],
        topics: Sequence[str],
        weekday: str,
        agency: str,
    ) -> None:
        self.rng = rng
        self.corpus = corpus
        self.people = people
        self.introduced = [False] * len(people)
        self.keywords = [k for t in topics for k in data.TOPICS[t][1]]
        self.clauses = tuple(c for t in topics for c in data.TOPICS[t][2]) + data.GENERIC_CLAUSES
        self.decks: dict[int, list[str]] = {}
        self.weekday = weekday
        self.agency = agency

    def mention(self, i: int, first: bool) -> str:
        """Name person `i`: full intro the first time, else surname (or title and surname)."""
        person = self.people[i]
        if not self.introduced[i]:
            self.introduced[i] = True
            return person.intro
        if first and person.title and self.rng.random() < 0.4:
            return f"{person.title} {person.surname}"
        return person.surname

    def draw(self, items: Sequence[str]) -> str:
        """Draw from `items` without repeats until all have been used (a shuffled deck)."""
        deck = self.decks.get(id(items))
        if not deck:
            deck = self.decks[id(items)] = self.rng.sample(items, len(items))
        return deck.pop()

    def speaker(self) -> int:
        """Who the next sentence is about: people not yet introduced first, then the lead."""
        for i, done in enumerate(self.introduced):
            if not done and self.rng.random() < 0.7:
                return i
        return min(int(self.rng.expovariate(1.2)), len(self.people) - 1)

    def fill(self, template: str, who: int) -> str:
        """Format `template`, computing only the slots it uses."""
        rng = self.rng
        values: dict[str, str] = {}
        for field in _template_fields(template):
            if field == "P":
                values[field] = self.mention(who, first=True)
            elif field == "S":
                values[field] = self.mention(who, first=False)
            elif field == "S2":
                other = (who + 1 + rng.randrange(len(self.people) - 1)) % len(self.people)
                values[field] = self.mention(other, first=False)
            elif field == "c":
                values[field] = self.fill(self.draw(self.clauses), who)
            elif field == "say":
                values[field] = rng.choice(data.SAY_VERBS).replace("{agency}", self.agency)
            elif field in ("k", "k2"):
                values[field] = rng.choice(self.keywords)
            elif field == "num":
                values[field] = str(rng.choice(NUMBERS))
            elif field == "pct":
                values[field] = f"{rng.randint(12, 95) / 10:.1f}"
            elif field == "month":
                values[field] = rng.choice(MONTHS)
            elif field == "city":
                values[field] = rng.choice(self.corpus.common_cities)
            elif field == "country":
                values[field] = rng.choice(self.corpus.countries)
            elif field == "weekday":
                values[field] = self.weekday
            elif field == "agency":
                values[field] = self.agency
            else:
                raise KeyError(f"unknown template slot {{{field}}} in {template!r}")
        return template.format_map(values)

    def sentence(self, template: str, who: int) -> str:
        """A sentence of `template` starting with a capital letter ("De la Fuente said ...")."""
        text = self.fill(template, who)
        return text[0].upper() + text[1:]

    def quote_paragraph(self, who: int) -> str:
        """A quote paragraph: '"Sentence. Sentence," Role Name told reporters.'"""
        rng = self.rng
        quotes = [self.fill(self.draw(data.QUOTES), who) for _ in range(rng.randint(1, 3))]
        body = " ".join(quotes)
        if body.endswith("."):
            body = body[:-1] + ","
        return f'"{body}" {self.fill(rng.choice(data.QUOTE_TAILS), who)}'


def _draw_people(rng: random.Random, corpus: _Corpus, beat: str) -> tuple[Person, ...]:
    """Draw 2 to 8 distinct people, Zipf-weighted, mostly from the story's beat."""
    count = rng.choices(PEOPLE_COUNTS, PEOPLE_COUNT_WEIGHTS)[0]
    chosen: dict[str, Person] = {}
    while len(chosen) < count:
        pool_beat = "politics" if beat != "politics" and rng.random() < 0.15 else beat
        pool, cum = corpus.pools[pool_beat], corpus.pool_cum[pool_beat]
        person = pool[bisect.bisect(cum, rng.random() * cum[-1])]
        chosen.setdefault(person.slug, person)
    return tuple(chosen.values())


def _draw_topics(rng: random.Random, corpus: _Corpus, beat: str) -> tuple[str, ...]:
    """Draw 1 to 3 topics: the first from the beat, others from it or a related beat."""
    count = rng.choices((1, 2, 3), (45, 35, 20))[0]
    topics = [rng.choice(corpus.topics_by_beat[beat])]
    candidates = list(corpus.topics_by_beat[beat])
    for related in data.BEATS[beat][2]:
        candidates.extend(corpus.topics_by_beat[related])
    count = min(count, len(set(candidates)))
    while len(topics) < count:
        topic = rng.choice(candidates)
        if topic not in topics:
            topics.append(topic)
    return tuple(topics)


def _story_rng(seed: int, index: int) -> random.Random:
    return random.Random(int.from_bytes(_digest(seed, index, b"morgue-story"), "big"))


def make_story(index: int, seed: int = DEFAULT_SEED) -> WireStory:
    """Generate story `index` of the corpus of `seed` (a pure function of both)."""
    rng = _story_rng(seed, index)
    file_name = story_file_name(index, seed)
    if index >= 10 and rng.random() < DUPLICATE_SHARE:
        original = make_story(rng.randrange(index), seed)
        return WireStory(
            index=index,
            file_name=file_name,
            text=original.text,
            date=original.date,
            dateline=original.dateline,
            agency=original.agency,
            people=original.people,
            topics=original.topics,
            duplicate_of=original.duplicate_of
            if original.duplicate_of is not None
            else original.index,
        )
    corpus = _corpus(seed)
    date = LAST_DAY - dt.timedelta(days=SPAN_DAYS - int(rng.random() ** RECENCY * SPAN_DAYS))
    beat = _pick(rng, corpus.beats, corpus.beat_cum)
    topics = _draw_topics(rng, corpus, beat)
    people = _draw_people(rng, corpus, beat)
    city = _pick(rng, corpus.cities, corpus.city_cum)
    agency = rng.choices([a for a, _ in data.AGENCIES], [w for _, w in data.AGENCIES])[0]
    outlet = rng.choices([o for o, _ in data.OUTLETS], [w for _, w in data.OUTLETS])[0]
    writer = _Writer(rng, corpus, people, topics, WEEKDAYS[date.weekday()], agency)

    lede = writer.sentence(rng.choice(data.LEDES), 0)
    paragraphs = [
        f" date {date.isoformat()} {city}, {MONTHS[date.month - 1]} {date.day} ({agency}) {lede}"
    ]
    # Leave room for the paragraph that crosses the target, the closer and the disclaimer.
    target = rng.randint(MIN_WORDS, MAX_WORDS - 110)
    words = lede.count(" ") + 1
    while words < target or not all(writer.introduced):
        who = writer.speaker()
        if rng.random() < 0.35:
            paragraph = writer.quote_paragraph(who)
        else:
            paragraph = " ".join(
                writer.sentence(writer.draw(data.BODY), who) for _ in range(rng.randint(1, 3))
            )
        paragraphs.append(paragraph)
        words += paragraph.count(" ") + 1
    last = writer.sentence(rng.choice(data.CLOSERS), 0)
    if rng.random() < 0.05:  # real copy sometimes loses its last full stop, as in the sample
        last = last.rstrip(".")
    paragraphs.append(last)
    paragraphs.append(
        f"Disclaimer: This story has not been edited by the {outlet} team and is "
        "auto-generated from syndicated feed."
    )
    return WireStory(
        index=index,
        file_name=file_name,
        text="\n\n".join(paragraphs),
        date=date,
        dateline=city,
        agency=agency,
        people=people,
        topics=topics,
        duplicate_of=None,
    )


def iter_stories(start: int, stop: int, seed: int = DEFAULT_SEED) -> Iterator[WireStory]:
    """Yield stories `start` .. `stop - 1` of the corpus of `seed`."""
    for index in range(start, stop):
        yield make_story(index, seed)


def write_story(story: WireStory, out: Path) -> Path:
    """Write one story's bytes (UTF-8, LF, no trailing newline) into folder `out`."""
    path = out / story.file_name
    path.write_bytes(story.text.encode("utf-8"))
    return path


def _write_range(start: int, stop: int, out: str, seed: int) -> int:
    folder = Path(out)
    for story in iter_stories(start, stop, seed):
        write_story(story, folder)
    return stop - start


def generate(n: int, out: str | os.PathLike[str], seed: int = DEFAULT_SEED, jobs: int = 1) -> Path:
    """Write stories 0 .. n-1 of the corpus of `seed` into folder `out`; return the folder.

    With ``jobs > 1`` ranges of stories are written by a process pool; the bytes are the same.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    if jobs <= 1 or n < 2000:
        _write_range(0, n, str(folder), seed)
        return folder
    chunk = max(500, n // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(_write_range, start, min(start + chunk, n), str(folder), seed)
            for start in range(0, n, chunk)
        ]
        for future in futures:
            future.result()
    return folder


def write_manifest(n: int, path: str | os.PathLike[str], seed: int = DEFAULT_SEED) -> None:
    """Write one JSON line per story with the facts it was generated from."""
    with open(path, "w", encoding="utf-8") as manifest:
        for story in iter_stories(0, n, seed):
            record = {
                "file": story.file_name,
                "date": story.date.isoformat(),
                "dateline": story.dateline,
                "agency": story.agency,
                "people": [p.slug for p in story.people],
                "names": [p.name for p in story.people],
                "topics": list(story.topics),
                "duplicate_of": story.duplicate_of,
            }
            manifest.write(json.dumps(record, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``generate.py N OUT [--seed S] [--jobs J] [--manifest FILE]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of stories")
    parser.add_argument("out", type=Path, help="folder to write the .txt files into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help="processes (output is identical)"
    )
    parser.add_argument("--manifest", type=Path, help="also write ground truth as JSON lines")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.n, args.out, args.seed, args.jobs)
    if args.manifest:
        write_manifest(args.n, args.manifest, args.seed)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.n} stories to {args.out} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
