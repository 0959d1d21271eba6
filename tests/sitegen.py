"""Generate a synthetic Morgue site of N stories: deterministic, in code, never committed.

Used by the large-site tests; a seeded `random.Random` makes the same N give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

_FIRST = [
    "Anna",
    "Rahul",
    "Maria",
    "Chen",
    "Olga",
    "Kwame",
    "Fatima",
    "Diego",
    "Ingrid",
    "Arjun",
    "Sofia",
    "Yusuf",
    "Mei",
    "Pierre",
    "Aisha",
    "Ivan",
    "Lena",
    "Tariq",
    "Nora",
    "Kenji",
]
_LAST = [
    "Sharma",
    "Petrova",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Tanaka",
    "Singh",
    "Kowalski",
    "Mendes",
    "Novak",
    "Rahman",
    "Fischer",
    "Ibrahim",
    "Costa",
    "Volkov",
]
_TOPICS = [
    "politics",
    "economy",
    "diplomacy",
    "defence",
    "elections",
    "climate",
    "energy",
    "health",
    "technology",
    "trade",
    "courts",
    "sport",
    "culture",
    "migration",
    "space",
    "agriculture",
    "banking",
    "education",
    "transport",
    "labour",
]
_PLACES = [
    "new-delhi",
    "mumbai",
    "moscow",
    "washington",
    "london",
    "paris",
    "beijing",
    "tokyo",
    "kyiv",
    "brussels",
    "geneva",
    "berlin",
    "cairo",
    "nairobi",
    "brasilia",
    "canberra",
]
_VERBS = ["said", "told reporters", "announced", "warned", "insisted", "confirmed", "denied"]
_NOUNS = [
    "the talks",
    "the budget",
    "the agreement",
    "the inquiry",
    "the proposal",
    "the strike",
    "the election",
    "the summit",
    "the merger",
    "the ruling",
    "the ceasefire",
    "the reform",
]


def _sentence(rng: random.Random, people: list[tuple[str, str]]) -> str:
    name = rng.choice(people)[1]
    return (
        f"{name} {rng.choice(_VERBS)} on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that "
        f"{rng.choice(_NOUNS)} would go ahead despite objections from {rng.choice(_NOUNS)[4:]} "
        f"officials, who asked not to be named."
    )


def make_site(
    root: Path,
    stories: int,
    *,
    people: int = 300,
    topics: int = 40,
    seed: int = 7,
    years: int = 2,
    per_page: int = 20,
) -> Path:
    """Write a site with `stories` stories, `people` people and `topics` topics under `root`."""
    rng = random.Random(seed)
    content = root / "content"
    (content / "stories").mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(
        f'title = "Synthetic Wire"\nbase_url = "https://example.org/"\nper_page = {per_page}\n',
        encoding="utf-8",
    )
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < people:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if len(seen) >= len(_FIRST) * len(_LAST) - 1:
            name += f" {len(names)}"
        slug = name.lower().replace(" ", "-")
        if slug not in seen:
            seen.add(slug)
            names.append((slug, name))
    people_yaml = "".join(
        f"{slug}:\n  name: {name}\n  description: A person in the news\n" for slug, name in names
    )
    (content / "people.yaml").write_text(people_yaml, encoding="utf-8")
    topic_slugs = [
        _TOPICS[i % len(_TOPICS)] + (f"-{i // len(_TOPICS)}" if i >= len(_TOPICS) else "")
        for i in range(topics)
    ]
    topics_yaml = "".join(
        f"{slug}:\n  name: {slug.replace('-', ' ').title()}\n"
        + (f"  parent: {topic_slugs[i % 5]}\n" if i >= 5 else "")
        for i, slug in enumerate(topic_slugs)
    )
    (content / "topics.yaml").write_text(topics_yaml, encoding="utf-8")
    start = dt.date(2024, 1, 1)
    span = 365 * years
    # A few people and topics dominate, as in real wire copy.
    people_weights = [1 / (rank + 1) for rank in range(len(names))]
    topic_weights = [1 / (rank + 1) for rank in range(len(topic_slugs))]
    for number in range(stories):
        day = start + dt.timedelta(days=rng.randrange(span))
        story_people = sorted(
            {slug for slug, _ in rng.choices(names, people_weights, k=rng.randint(1, 5))}
        )
        story_topics = sorted(set(rng.choices(topic_slugs, topic_weights, k=rng.randint(1, 3))))
        story_places = sorted(set(rng.choices(_PLACES, k=rng.randint(1, 3))))
        cast = [pair for pair in names if pair[0] in story_people]
        paragraphs = [
            " ".join(_sentence(rng, cast) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(4, 9))
        ]
        title = f"{cast[0][1]} says {rng.choice(_NOUNS)} will go ahead ({number})"
        slug = f"story-{number:06d}"
        folder = content / "stories" / f"{day:%Y/%m/%d}"
        folder.mkdir(parents=True, exist_ok=True)
        front = (
            f"---\nid: {number:016x}\ntitle: {title}\ndate: {day.isoformat()}\n"
            f"dateline: {story_places[0].replace('-', ' ').title()}\nagency: IANS\n"
            f"summary: {paragraphs[0][:150]}\n"
            f"people: [{', '.join(story_people)}]\ntopics: [{', '.join(story_topics)}]\n"
            f"places: [{', '.join(story_places)}]\n"
            f"source:\n  file: {number:03d}_{number:016x}.txt\n  sha256: {'0' * 64}\n"
            f"  note: Auto-generated from a syndicated feed.\n---\n\n"
        )
        (folder / f"{slug}.md").write_text(front + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return root
