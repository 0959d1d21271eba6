"""Timestamps of feeds and agency formats -> the story's date, as written in its own time zone.

A story filed at 23:30 in New York on March 18 is a story of March 18, not of March 19 in UTC:
the date is read from the timestamp as written (ISO 8601 / RFC 3339 in Atom, ninjs and NewsML-G2,
RFC 822 in RSS), never converted.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ]|\s*$)")


def written_date(value: object) -> dt.date | None:
    """The calendar date a timestamp was written for, or None when it is none."""
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    iso = _ISO.match(value)
    try:
        if iso:
            return dt.date(*(int(part) for part in iso.groups()))
        parsed = email.utils.parsedate_tz(value.strip())
        if parsed is None:
            return None
        return dt.date(parsed[0], parsed[1], parsed[2])
    except (ValueError, OverflowError, TypeError):
        return None
