"""English counts for the command line: "1 story", "2 stories", "1,204 files".

The pages speak the site's language (`pages/i18n.py`); the commands speak English.
"""

from __future__ import annotations


def counted(number: int, singular: str, plural: str = "") -> str:
    """ "1 story", "0 stories", "1,484 files": the number (with thousands separators) and the
    noun it takes; `plural` defaults to `singular` + "s"."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"
