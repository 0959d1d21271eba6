"""Which of two versions of one item is the newer: by version number, else by update time.

Formats say it differently: NewsML-G2 and ninjs number their versions ("3"), feeds give an
update time. Two versions compare only when both are numbers or both are times; otherwise (or
when either is unknown) neither is older, and the story is updated as a corrected wire file is.
"""

from __future__ import annotations

import datetime as dt


def is_older(version: str, than: str) -> bool:
    """Whether `version` is known to come before `than`."""
    if not version or not than:
        return False
    if version.isdigit() and than.isdigit():
        return int(version) < int(than)
    first, second = _time(version), _time(than)
    if first is None or second is None:
        return False
    return first < second


def _time(value: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
