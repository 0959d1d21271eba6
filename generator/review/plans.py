"""The review commands checked against a vocabulary: what they do to it and to the stories.

A command becomes a `Plan` (the vocabulary edits, the vocabulary expected after them, how the
stories' lists move) or a `Refusal` naming the slug at fault. A command whose change the
vocabulary already holds plans no edit but still moves the stories, so running it again
completes what an interrupted run left, and otherwise changes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from generator.content_text import SLUG
from generator.review.front_matter import Refusal
from generator.review.retag import Retag
from generator.review.vocabulary import AddAliases, Edit, RenameKey, SetKey, State


@dataclass(frozen=True, slots=True)
class Confirm:
    """`confirm SLUG...`: the entries are reviewed."""

    slugs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rename:
    """`rename SLUG NAME [--slug NEW]`: a new display name (the old one becomes an alias) and,
    with `new_slug`, a new slug for the entry and in every story."""

    slug: str
    name: str
    new_slug: str = ""


@dataclass(frozen=True, slots=True)
class Merge:
    """`merge FROM... INTO`: every story naming a FROM names INTO instead; FROM's names become
    INTO's aliases; FROM leaves the vocabulary (a tombstone remembers where it went)."""

    sources: tuple[str, ...]
    into: str


@dataclass(frozen=True, slots=True)
class Reject:
    """`reject SLUG...`: the tags leave every story; the entries become rejected tombstones, so
    that ingest never detects them again."""

    slugs: tuple[str, ...]


Command = Confirm | Rename | Merge | Reject


@dataclass(frozen=True, slots=True)
class Plan:
    """What one command does."""

    edits: tuple[Edit, ...]
    """Edits of the vocabulary (none when it already holds the change)."""
    expected: State
    """The vocabulary after the edits."""
    retag: Retag
    """How the stories' lists (and the ledger's) move."""
    done: str
    """What the edits do, in words ("merged a into b"), or ""."""
    already: str
    """What the vocabulary held already ("a already merged into b"), or ""."""


def make_plan(command: Command, state: State) -> Plan | Refusal:
    """The plan of `command` on the vocabulary `state`, or why it cannot be done."""
    if isinstance(command, Confirm):
        return _confirm(command, state)
    if isinstance(command, Rename):
        return _rename(command, state)
    if isinstance(command, Merge):
        return _merge(command, state)
    return _reject(command, state)


def _gone(slug: str, state: State) -> Refusal:
    """Why `slug`, not a live entry, cannot be used."""
    if slug not in state.tombstones:
        return Refusal(f"unknown slug {slug!r}")
    into = state.tombstones[slug]
    return Refusal(f"{slug} was rejected" if not into else f"{slug} was merged into {into}")


def _final(slug: str, state: State) -> str:
    """Where the tombstones lead from `slug` (itself when it is live or unknown)."""
    seen = {slug}
    while state.tombstones.get(slug):
        slug = state.tombstones[slug]
        if slug in seen:
            break
        seen.add(slug)
    return slug


def _listed(slugs: list[str]) -> str:
    return ", ".join(slugs)


def _confirm(command: Confirm, state: State) -> Plan | Refusal:
    entries = dict(state.entries)
    edits: list[Edit] = []
    done, already = [], []
    for slug in dict.fromkeys(command.slugs):
        if slug not in entries:
            return _gone(slug, state)
        if entries[slug].reviewed:
            already.append(slug)
            continue
        edits.append(SetKey(slug, "reviewed", True))
        entries[slug] = dataclasses.replace(entries[slug], reviewed=True)
        done.append(slug)
    return Plan(
        tuple(edits),
        State(entries, state.tombstones),
        Retag(),
        f"confirmed {_listed(done)}" if done else "",
        f"{_listed(already)} already confirmed" if already else "",
    )


def _rename(command: Rename, state: State) -> Plan | Refusal:
    slug, name = command.slug, " ".join(command.name.split())
    new = command.new_slug if command.new_slug != slug else ""
    if not name:
        return Refusal("the new name is empty")
    if new and not SLUG.match(new):
        return Refusal(f"{new!r} is not a slug (a-z, 0-9, -)")
    if slug not in state.entries:
        into = state.tombstones.get(slug)
        if new and into == new and new in state.entries and state.entries[new].name == name:
            moves: dict[str, str | None] = {slug: new}
            text = f'{slug} already renamed to "{name}" ({new})'
            return Plan((), state, Retag(moves), "", text)
        return _gone(slug, state)
    if new in state.entries:
        return Refusal(f"{new} is taken; to join two entries use merge")
    if new in state.tombstones:
        return Refusal(
            f"{new} is taken by a merged or rejected entry; delete its lines to reuse it"
        )
    entry = state.entries[slug]
    edits: list[Edit] = []
    aliases = entry.aliases
    if name != entry.name:
        edits.append(SetKey(slug, "name", name))
        if entry.name not in aliases and entry.name != name:
            edits.append(AddAliases(slug, (entry.name,)))
            aliases = (*aliases, entry.name)
    entries = dict(state.entries)
    tombstones = dict(state.tombstones)
    renamed = dataclasses.replace(entry, name=name, aliases=aliases)
    if new:
        edits.append(RenameKey(slug, new))
        del entries[slug]
        entries[new] = dataclasses.replace(renamed, slug=new)
        tombstones[slug] = new
    else:
        entries[slug] = renamed
    if not edits:
        return Plan((), state, Retag(), "", f'{slug} already named "{name}"')
    what = f'renamed {slug} to "{name}"' + (f" ({new})" if new else "")
    return Plan(
        tuple(edits),
        State(entries, tombstones),
        Retag({slug: new} if new else {}),
        what,
        "",
    )


def _merge(command: Merge, state: State) -> Plan | Refusal:
    into = command.into
    sources = list(dict.fromkeys(command.sources))
    if into in sources:
        return Refusal(f"cannot merge {into} into itself")
    if into not in state.entries:
        return _gone(into, state)
    target = state.entries[into]
    entries = dict(state.entries)
    tombstones = dict(state.tombstones)
    edits: list[Edit] = []
    names: list[str] = []
    taken = {target.name, *target.aliases}
    done, already = [], []
    for slug in sources:
        if slug not in state.entries:
            if not state.tombstones.get(slug):
                return _gone(slug, state)  # unknown, or rejected
            if _final(slug, state) != into:
                return Refusal(f"{_gone(slug, state).reason}, not into {into}")
            already.append(slug)
            continue
        source = state.entries[slug]
        for name in (source.name, *source.aliases):
            if name not in taken:
                taken.add(name)
                names.append(name)
        edits.append(SetKey(slug, "merged_into", into))
        del entries[slug]
        tombstones[slug] = into
        done.append(slug)
    if names:
        edits.append(AddAliases(into, tuple(names)))
        entries[into] = dataclasses.replace(target, aliases=(*target.aliases, *names))
    moves: dict[str, str | None] = dict.fromkeys(sources, into)
    return Plan(
        tuple(edits),
        State(entries, tombstones),
        Retag(moves),
        f"merged {_listed(done)} into {into}" if done else "",
        f"{_listed(already)} already merged into {into}" if already else "",
    )


def _reject(command: Reject, state: State) -> Plan | Refusal:
    entries = dict(state.entries)
    tombstones = dict(state.tombstones)
    edits: list[Edit] = []
    done, already = [], []
    slugs = list(dict.fromkeys(command.slugs))
    for slug in slugs:
        if slug in state.tombstones and state.tombstones[slug] == "":
            already.append(slug)
            continue
        if slug not in state.entries:
            return _gone(slug, state)
        edits.append(SetKey(slug, "rejected", True))
        del entries[slug]
        tombstones[slug] = ""
        done.append(slug)
    moves: dict[str, str | None] = dict.fromkeys(slugs)
    return Plan(
        tuple(edits),
        State(entries, tombstones),
        Retag(moves),
        f"rejected {_listed(done)}" if done else "",
        f"{_listed(already)} already rejected" if already else "",
    )
