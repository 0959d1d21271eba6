"""Today's plain-text wire format (`wire.py`) as an adapter: one file, one story."""

from __future__ import annotations

from generator.ingest.formats.base import ItemError, Read
from generator.ingest.wire import WireError, parse_wire


def read_plain(data: bytes, file_name: str) -> Read:
    """The one story of a plain-text wire file, or why it is none."""
    try:
        return [parse_wire(data, file_name)]
    except WireError as exc:
        return [ItemError("", str(exc))]
