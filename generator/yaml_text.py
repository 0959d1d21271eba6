"""YAML text -> data, strictly: every problem is one line of text and the line it is on.

Content files (story front matter, vocabularies) are edited by hand, so what a plain YAML loader
lets pass silently is an error here: a key given twice in one mapping (the later value would win
without a word) and an impossible date (PyYAML raises a bare `ValueError` without a line).
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, cast

import yaml

if TYPE_CHECKING:  # both loaders share SafeConstructor, which is all the overrides below use
    _Base = yaml.SafeLoader
else:  # libyaml's parser is several times faster; fall back where it is not built.
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class YamlTextError(Exception):
    """YAML that cannot be read: `line` is the file's line to look at, `message` says why."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice in one mapping: the problem mark is the second, `first` the first."""

    def __init__(self, key: object, first: yaml.Mark, second: yaml.Mark) -> None:
        super().__init__(None, None, f"duplicate key {key!r}", second)
        self.first = first


class _Loader(_Base):
    """Safe YAML that refuses a repeated key and an impossible date, each at its line."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Hashable, Any]:
        if not isinstance(node, yaml.MappingNode):  # "!!map" on a scalar: the base reports it
            return super().construct_mapping(cast(yaml.MappingNode, node), deep=deep)
        if any(key_node.tag == _MERGE for key_node, _ in node.value):
            self._refuse_duplicates(node)  # before "<<" mixes merged keys in with the others
            return super().construct_mapping(node, deep=deep)
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) < len(node.value):  # the cheap test; the search only when it fails
            self._refuse_duplicates(node)
        return mapping

    def _refuse_duplicates(self, node: yaml.MappingNode) -> None:
        seen: dict[object, yaml.Mark] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue  # keys merged in with "<<" may be overridden: that is their use
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark)
            except TypeError:
                continue  # an unhashable key: the base constructor reports it
            if first is not key_node.start_mark:
                raise _DuplicateKey(key, first, key_node.start_mark)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> datetime.date:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:  # 2025-13-01, 2025-02-30
            raise yaml.constructor.ConstructorError(
                None, None, f"impossible date {node.value} ({exc})", node.start_mark
            ) from None


# The base class's table holds its own function; the override must be registered to be used.
_Loader.add_constructor(_TIMESTAMP, _Loader.construct_yaml_timestamp)


def load_yaml(text: str, first_line: int = 1) -> object:
    """Parse `text`, which starts at line `first_line` of its file; raises `YamlTextError` with
    the file's line to look at and a one-line message."""
    try:
        return yaml.load(text, Loader=_Loader)
    except _DuplicateKey as exc:
        line = first_line + (exc.problem_mark.line if exc.problem_mark else 0)
        first = first_line + exc.first.line
        raise YamlTextError(line, f"{exc.problem} (first on line {first})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context", None) or ""
        if "quoted" in context or "flow" in context:
            # Where an unclosed quote or "[" began is where an editor must look; PyYAML gives up
            # a line or more later. Any other context (the block mapping a bad line sits in)
            # starts far above the fault: there the problem mark is the place.
            mark = getattr(exc, "context_mark", None) or mark
        # The mark may point one line past the end; the fault is then on the last line.
        last = text.rstrip("\n").count("\n")
        line = first_line + (min(mark.line, last) if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlTextError(line, f"broken YAML: {problem}") from None
    except (ValueError, RecursionError) as exc:  # what the YAML library does not foresee
        raise YamlTextError(first_line, f"broken YAML: {exc}") from None
