"""One list of a story's front matter (`people:`, `organisations:`) rewritten in the file's text.

Only that list changes: every other byte (other keys, their order, comments, the body, line
endings) stays as the editor left it. A flow list `[a, b]` is written anew as a flow list; in a
block list (`- a` lines) each item is renamed in place or its line removed, so comments on the
other items survive. YAML is never dumped again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.review.retag import Retag

_FRONT = re.compile(r"^\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a text cannot be edited safely."""

    reason: str
    """One line."""


@dataclass(frozen=True, slots=True)
class Splice:
    """Replace `text[start:end]` with `new`; splices at one point apply in `order`."""

    start: int
    end: int
    new: str
    order: int = 0


def splice(text: str, splices: list[Splice]) -> str:
    """`text` with `splices` (which must not overlap) applied."""
    out, position = [], 0
    for item in sorted(splices, key=lambda s: (s.start, s.order)):
        if item.start < position:
            raise ValueError("overlapping edits")
        out.append(text[position : item.start])
        out.append(item.new)
        position = max(position, item.end)
    out.append(text[position:])
    return "".join(out)


def flow_list(items: list[str]) -> str:
    """Slugs as a YAML flow list, the way ingest writes them: `[a, b]`."""
    return "[" + ", ".join(items) + "]"


def retag_front_matter(text: str, key: str, retag: Retag) -> str | Refusal:
    """`text` (a whole story file) with the list under `key` retagged; `text` itself when the
    list names nothing the retag moves."""
    match = _FRONT.match(text)
    if match is None:
        return Refusal("no front matter between --- lines")
    front, offset = match.group(1), match.start(1)
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return Refusal("its front matter is not valid YAML")
    if not isinstance(root, yaml.MappingNode):
        return Refusal("its front matter is not a mapping")
    for key_node, value in root.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            edits = _list_edits(front, key_node, value, retag)
            if isinstance(edits, Refusal):
                return edits
            if not edits:
                return text
            return text[:offset] + splice(front, edits) + text[match.end(1) :]
    return text


def _list_edits(
    front: str, key_node: yaml.Node, value: yaml.Node, retag: Retag
) -> list[Splice] | Refusal:
    """The splices that retag the list `value` of `key_node` in `front`."""
    if isinstance(value, yaml.ScalarNode):
        if value.tag == "tag:yaml.org,2002:null" or value.value == "":
            return []
        (after,) = retag.outcome([value.value])
        if after == value.value:
            return []
        new = after if after is not None else "[]"
        return [Splice(value.start_mark.index, value.end_mark.index, new)]
    if not isinstance(value, yaml.SequenceNode):
        return Refusal(f"{key_node.value} is not a list")
    items = value.value
    if not all(isinstance(item, yaml.ScalarNode) for item in items):
        return Refusal(f"{key_node.value} holds something other than slugs")
    slugs = [str(item.value) for item in items]
    outcome = retag.outcome(slugs)
    if outcome == slugs:
        return []
    if value.flow_style:
        kept = [slug for slug in outcome if slug is not None]
        return [Splice(value.start_mark.index, value.end_mark.index, flow_list(kept))]
    edits = []
    for item, after in zip(items, outcome, strict=True):
        if after is None:
            start = front.rfind("\n", 0, item.start_mark.index) + 1
            end = front.find("\n", item.end_mark.index)
            edits.append(Splice(start, len(front) if end < 0 else end + 1, ""))
        elif after != item.value:
            edits.append(Splice(item.start_mark.index, item.end_mark.index, after))
    if all(after is None for after in outcome):  # an empty block list would read as null
        colon = front.index(":", key_node.end_mark.index)
        edits.append(Splice(colon + 1, colon + 1, " []"))
    return edits
