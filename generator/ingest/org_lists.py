"""The packaged word lists of organisation detection: the starter list and the head words."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.ingest.lexicon import DATA_DIR, read_word_list
from generator.models import Organisation
from generator.urls import slugify

STARTER_FILE = DATA_DIR / "organisations.txt"
# Last words of abbreviated names that are things, not bodies ("Goods and Services Tax (GST)").
CONCEPTS = frozenset(
    """tax taxes product price prices control interface index rate rates act bill code scheme
    programme program policy radar satellite mission card number goals assets investment
    intelligence disease syndrome virus test system systems zone line area""".split()
)
# The wire agencies a dateline names, by their code: the story's author, never tagged.
AGENCY_NAMES = {
    "ap": "Associated Press",
    "afp": "Agence France-Presse",
    "pti": "Press Trust of India",
    "uni": "United News of India",
    "ians": "Indo-Asian News Service",
    "ani": "Asian News International",
    "reuters": "Reuters",
}
# Head words that also name a minister's portfolio: right before a title they are the title's.
PORTFOLIOS = frozenset(
    """energy resources power mining petroleum steel telecom infrastructure communications
    aviation shipping railways health media electronics""".split()
)
# Lowercase nouns that, right before a run of capitalised words, say an organisation's name
# follows ("chipmaker SK Hynix", "short seller Hindenburg Research", "ratings agency ICRA").
DESCRIPTORS = frozenset(
    """company firm startup start-up conglomerate group lender bank insurer brokerage broker
    carmaker automaker chipmaker miner retailer airline carrier operator developer maker
    manufacturer producer refiner utility fund investor seller platform outfit party club
    franchise agency regulator watchdog broadcaster newspaper daily channel network consultancy
    publisher studio label charity nonprofit ngo union association federation body
    think-tank""".split()
)


@functools.cache
def starter_list() -> Mapping[str, Organisation]:
    """The packaged starter list, slug -> organisation (reviewed: it is curated), read once."""
    entries: dict[str, Organisation] = {}
    for line in STARTER_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, *aliases = (part.strip() for part in line.split("|"))
        slug = slugify(name)
        entries.setdefault(slug, Organisation(slug, name, tuple(a for a in aliases if a)))
    return MappingProxyType(entries)


@dataclass(frozen=True, slots=True)
class HeadWords:
    """The words of `organisation_heads.txt`, lowercase."""

    heads: frozenset[str]
    """Words that end an organisation's name ("Industries", "Party")."""
    leading: frozenset[str]
    """Words that open one ("FC", "Grupo")."""
    excluded: frozenset[str]
    """Words that make a run a court, chamber, building or event instead."""
    of_heads: frozenset[str] = frozenset()
    """Words that end a name's first part only with "for" or "of" after them ("Centre for
    Climate Change")."""


@functools.cache
def head_words() -> HeadWords:
    """The head words, read once per process."""
    heads: set[str] = set()
    leading: set[str] = set()
    excluded: set[str] = set()
    of_heads: set[str] = set()
    for entry in read_word_list("organisation_heads.txt"):
        if entry.startswith("+"):
            of_heads.add(entry[1:])
        elif entry.startswith("!"):
            excluded.add(entry[1:])
        elif entry.startswith("^"):
            leading.add(entry[1:])
        else:
            heads.add(entry)
    return HeadWords(frozenset(heads), frozenset(leading), frozenset(excluded), frozenset(of_heads))
