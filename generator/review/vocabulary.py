"""A people or organisations vocabulary, read for review and edited in its text.

An edit changes the few lines of the entries it concerns (a value replaced, a key or an alias
added, a key renamed, a tombstone inserted) and keeps every other line, comments and order
included. Only when the file has a shape those edits cannot handle (one flow mapping for the whole
file, say) is it written anew from its data. Either way the result must read back, with the
loaders the build uses, as exactly the vocabulary the command means, or nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.content import ContentFileError, load_organisations, load_people, load_tombstones
from generator.content_text import decode_text
from generator.ingest.story_file import yaml_scalar
from generator.models import Organisation, Person, TermKind
from generator.review.front_matter import Refusal, Splice, splice

Entry = Person | Organisation
"""A reviewable vocabulary entry: both kinds have slug, name, aliases, description, reviewed."""
_REPLACE = 1 << 30
"""Order of a replacing splice: after every insertion at the same point."""


@dataclass(frozen=True, slots=True)
class State:
    """What a vocabulary holds: its live entries and its tombstones."""

    entries: Mapping[str, Entry]
    """Slug -> entry, tombstones left out (what the build and ingest see)."""
    tombstones: Mapping[str, str]
    """Slug -> the slug it was merged into, or "" when it was rejected."""


@dataclass(frozen=True, slots=True)
class SetKey:
    """Give `key` of the entry `slug` the value `value` (text, a flag or a list of text)."""

    slug: str
    key: str
    value: str | bool


@dataclass(frozen=True, slots=True)
class AddAliases:
    """Append `names` to the aliases of the entry `slug`."""

    slug: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RenameKey:
    """The entry `slug` moves to the key `new`, where it stands; a tombstone `slug` merged into
    `new` follows it."""

    slug: str
    new: str


Edit = SetKey | AddAliases | RenameKey


def load_state(kind: TermKind, path: Path) -> State:
    """The vocabulary of `kind` at `path`; raises `ContentFileError` naming the file and line."""
    loader: Callable[[Path], Mapping[str, Entry]] = (
        load_people if kind == TermKind.PEOPLE else load_organisations
    )
    return State(dict(loader(path)), load_tombstones(path))


def edited_text(
    kind: TermKind, path: Path, edits: Sequence[Edit], expected: State
) -> str | Refusal:
    """The text of the vocabulary at `path` after `edits`, checked to read back as `expected`."""
    try:
        text = decode_text(path.read_bytes(), path, "vocabulary") if path.exists() else ""
    except (OSError, ContentFileError) as exc:
        return Refusal(f"cannot read: {exc}")
    try:
        candidate = _edit_in_place(text, edits)
        if candidate is not None and reads_back(kind, path, candidate, expected):
            return candidate
        rewritten = _rewrite(text, edits)
        if rewritten is not None and reads_back(kind, path, rewritten, expected):
            return rewritten
    except OSError as exc:
        return Refusal(f"cannot write beside it: {exc.strerror or exc}")
    return Refusal("the change would not read back as meant; nothing was written")


def reads_back(kind: TermKind, path: Path, text: str, expected: State) -> bool:
    """Whether `text`, saved beside `path`, loads as `expected` (a scratch file, then removed)."""
    fd, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        return matches(kind, Path(scratch), expected)
    finally:
        Path(scratch).unlink(missing_ok=True)


def matches(kind: TermKind, path: Path, expected: State) -> bool:
    """Whether the vocabulary file at `path` holds exactly `expected`."""
    try:
        state = load_state(kind, path)
    except ContentFileError:
        return False
    return state == expected


# --- edits in the text --------------------------------------------------------------------------


def _edit_in_place(text: str, edits: Sequence[Edit]) -> str | None:
    """`text` with `edits` made line by line, or None when its shape is not one they handle."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader) if text.strip() else None
    except yaml.YAMLError:
        return None
    if root is None:
        return None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    nodes = {str(k.value): (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    splices: list[Splice] = []
    for order, edit in enumerate(edits):
        if edit.slug not in nodes:
            return None
        key, value = nodes[edit.slug]
        made = _splices(text, key, value, edit, order)
        if made is None:
            return None
        splices.extend(made)
    try:
        return splice(text, splices)
    except ValueError:
        return None


def _splices(
    text: str, key: yaml.Node, entry: yaml.Node, edit: Edit, order: int
) -> list[Splice] | None:
    if isinstance(edit, RenameKey):
        at = _content_end(text, entry)
        tombstone = f"{edit.slug}:\n  merged_into: {edit.new}\n"
        return [
            Splice(key.start_mark.index, key.end_mark.index, edit.new, _REPLACE),
            Splice(at, at, _line_at(text, at, tombstone), order + _REPLACE // 2),
        ]
    if not isinstance(entry, yaml.MappingNode):
        return None
    found = next((v for k, v in entry.value if getattr(k, "value", None) == _key(edit)), None)
    if isinstance(edit, SetKey):
        rendered = _render(edit.value)
        if found is None:
            return _add_key(text, entry, edit.key, rendered, order)
        if not isinstance(found, yaml.ScalarNode):
            return None
        start, end = found.start_mark.index, found.end_mark.index
        if start == end and text[start - 1 : start] == ":":
            rendered = " " + rendered
        return [Splice(start, end, rendered, _REPLACE)]
    names = ", ".join(yaml_scalar(name) for name in edit.names)
    if found is None:
        return _add_key(text, entry, "aliases", f"[{names}]", order)
    if not isinstance(found, yaml.SequenceNode):
        return None
    if found.flow_style:
        close = found.end_mark.index - 1
        if text[close : close + 1] != "]":
            return None
        return [Splice(close, close, f", {names}" if found.value else names, order)]
    first = found.value[0]
    prefix = text[text.rfind("\n", 0, first.start_mark.index) + 1 : first.start_mark.index]
    if prefix.strip() != "-":
        return None
    at = _content_end(text, found)
    lines = "".join(f"{prefix}{yaml_scalar(name)}\n" for name in edit.names)
    return [Splice(at, at, _line_at(text, at, lines), order)]


def _key(edit: SetKey | AddAliases) -> str:
    return edit.key if isinstance(edit, SetKey) else "aliases"


def _add_key(
    text: str, entry: yaml.MappingNode, key: str, rendered: str, order: int
) -> list[Splice] | None:
    """A new `key: rendered` at the end of the mapping `entry`."""
    if entry.flow_style:
        close = entry.end_mark.index - 1
        if text[close : close + 1] != "}":
            return None
        separator = ", " if entry.value else ""
        return [Splice(close, close, f"{separator}{key}: {rendered}", order)]
    indent = " " * entry.value[0][0].start_mark.column
    at = _content_end(text, entry)
    return [Splice(at, at, _line_at(text, at, f"{indent}{key}: {rendered}\n"), order)]


def _content_end(text: str, node: yaml.Node) -> int:
    """Where the line holding the last character of `node` ends (past its newline).

    Not `node.end_mark`: a block collection's end mark reaches over the comments after it,
    which belong to what follows."""
    last = node
    while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and not last.flow_style:
        if not last.value:
            break
        tail = last.value[-1]
        last = tail[1] if isinstance(tail, tuple) else tail
    end = last.end_mark.index
    if end > 0 and text[end - 1] == "\n":
        return end
    newline = text.find("\n", end)
    return len(text) if newline < 0 else newline + 1


def _line_at(text: str, at: int, lines: str) -> str:
    """`lines` to insert at `at`: after a newline when the file's last line has none."""
    return "\n" + lines if at == len(text) and text and not text.endswith("\n") else lines


def _render(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return yaml_scalar(value)


# --- the file written anew ----------------------------------------------------------------------


def _rewrite(text: str, edits: Sequence[Edit]) -> str | None:
    """The vocabulary's data with `edits`, dumped anew (comments are lost: a last resort)."""
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    for edit in edits:
        entry = data.get(edit.slug)
        if entry is None:
            entry = data[edit.slug] = {}
        if not isinstance(entry, dict):
            return None
        if isinstance(edit, SetKey):
            entry[edit.key] = edit.value
        elif isinstance(edit, AddAliases):
            aliases = entry.get("aliases") or []
            entry["aliases"] = [*([aliases] if isinstance(aliases, str) else aliases), *edit.names]
    for edit in edits:
        if isinstance(edit, RenameKey):
            data = _renamed(data, edit)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _renamed(data: dict[Any, Any], edit: RenameKey) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for slug, entry in data.items():
        if slug == edit.slug:
            out[edit.new] = entry
            out[edit.slug] = {"merged_into": edit.new}
        else:
            out[slug] = entry
    return out
