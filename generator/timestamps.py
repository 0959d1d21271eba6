"""Timestamps of feeds and sitemaps in the site's time zone (`timezone` of `site.toml`).

A story's date is a calendar date: the day its wire service dated it, as the dateline gives it,
with no time of day. Feeds and sitemaps need an instant, so a story's date stands for the start
of that day in the site's time zone: "2025-03-18T00:00:00+05:30" for `Asia/Kolkata`,
"2025-03-18T00:00:00Z" for UTC. The date in the timestamp is always the story's own date, and
the offset is the zone's on that day (daylight saving time included), from the time zone
database, never the machine's clock or zone, so builds stay byte-identical. UTC needs no
database; other zones need the system's (or the `tzdata` package, where the system has none).
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "UTC"


def valid_timezone(name: str) -> bool:
    """Whether `name` is an IANA time zone name the time zone database knows."""
    if name == DEFAULT_TIMEZONE:
        return True  # needs no database: a machine without one still builds
    try:
        _zone(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


@functools.cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


@functools.cache
def day_start(day: dt.date, zone: str = DEFAULT_TIMEZONE) -> str:
    """The start of `day` in `zone` as an RFC 3339 timestamp with the zone's offset that day."""
    if zone == DEFAULT_TIMEZONE:
        return f"{day:%Y-%m-%d}T00:00:00Z"
    offset = dt.datetime(day.year, day.month, day.day, tzinfo=_zone(zone)).utcoffset()
    seconds = int(offset.total_seconds()) if offset else 0
    if seconds == 0:
        return f"{day:%Y-%m-%d}T00:00:00Z"
    sign = "+" if seconds > 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{day:%Y-%m-%d}T00:00:00{sign}{hours:02d}:{minutes:02d}"
