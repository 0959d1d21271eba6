"""Datelines as wire agencies write them: the city, the agency, and the date when there is one.

One grammar covers the styles of the agencies a newsroom receives:

- "New Delhi, March 18 (IANS)", "Mumbai, Mar 18 (PTI)", "LONDON, March 3 (Reuters) -";
- "WASHINGTON (Reuters) -", "Paris (AFP) -", "KYIV, Ukraine (AP) —" (no date: a dash must follow);
- "Belem, Brazil, Nov 22 (AFP) -", "Patna (Bihar) [India], November 20 (ANI):";
- "Madrid, 3 mar (EFE).-", "París, 19 mar (EFE)", "Paris, 3 mars 2025 (AFP) -".

Month names, full and abbreviated, in the languages agencies write in, come from the CLDR data
that Babel ships, never from lists of our own. The city is short and holds no sentence
punctuation, so a lede that merely contains a comma or a bracket is never taken for a dateline.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Languages of the agencies a newsroom receives (AFP, EFE, Lusa, ANSA, dpa, ANP, Antara,
# Bernama, Anadolu, PAP, TT, NTB, Ritzau...); their CLDR month names hold no clash.
MONTH_LOCALES = (
    "en",
    "en_GB",
    "en_IN",
    "es",
    "pt",
    "fr",
    "it",
    "de",
    "nl",
    "ca",
    "ro",
    "id",
    "ms",
    "tr",
    "pl",
    "sv",
    "nb",
    "da",
)

_CITY = r"[^\W\d_][^,;:()\[\]\"\n]{0,48}?"
_AREA = r"[^\W\d_][^,;:()\[\]\"\n\d]{0,30}?"
_WORD = r"[^\W\d_]{2,12}\.?"
_DATELINE = re.compile(
    rf"^(?P<city>{_CITY})"
    r"(?:[ \t]*\((?P<region>[^()\n]{1,30})\))?"  # ANI: "Patna (Bihar)"
    r"(?:[ \t]*\[(?P<bracket>[^\[\]\n]{1,30})\])?"  # ANI: "[India]"
    rf"(?:,[ \t]+(?P<area>{_AREA}))?"  # AP, AFP: ", Ukraine"
    rf"(?:,?[ \t]+(?P<date>(?P<day1>\d{{1,2}})\.?[ \t]+(?P<month1>{_WORD})"
    rf"|(?P<month2>{_WORD})[ \t]+(?P<day2>\d{{1,2}}))(?:,?[ \t]+(?P<year>\d{{4}}))?)?"
    r"[ \t]*\((?P<agency>[^()\n]{1,40})\)"
    r"(?P<end>\.-|\.?[ \t]*(?:--|[-\u2013\u2014:]))?[ \t]*",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"^(?:[^\W\d_][\w'’.-]*)(?:[ \t]+[^\W\d_][\w'’.-]*){0,3}$")


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at the start of a lede."""

    city: str
    """The city as written, wire capitals made title case ("Washington")."""
    agency: str
    """The agency in its brackets ("Reuters")."""
    month: int
    """1-12, or 0 when the dateline gives no date."""
    day: int
    """The day of the month, or 0."""
    written_date: str
    """The date as written ("March 3", "3 mar"), or ""."""
    end: int
    """Where the story text starts after it."""


@functools.cache
def month_numbers() -> dict[str, int]:
    """Lowercase month names and abbreviations, with and without accents -> 1-12."""
    from babel.dates import get_month_names  # its locale data loads once, when first needed

    names: dict[str, int] = {}
    for locale in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale).items():
                    word = name.lower().rstrip(".")
                    if " " in word or "’" in word or "'" in word:
                        continue  # Catalan's "de març": its stand-alone form is there too
                    names.setdefault(word, number)
                    names.setdefault(_fold(word), number)
    return names


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii") or word


def month_number(word: str) -> int:
    """The month a name or an abbreviation stands for ("Sept." -> 9, "mar" -> 3), else 0."""
    word = word.lower().rstrip(".")
    table = month_numbers()
    return table.get(word) or table.get(_fold(word)) or (9 if word == "sept" else 0)


def find_dateline(lede: str) -> Dateline | None:
    """The dateline that opens `lede`, or None."""
    found = _DATELINE.match(lede)
    if found is None:
        return None
    month = day = 0
    if found.group("date"):
        word = found.group("month1") or found.group("month2")
        month = month_number(word)
        day = int(found.group("day1") or found.group("day2"))
        if not month or not 1 <= day <= 31:
            return None
    elif not _undated_ok(found):
        return None
    return Dateline(
        city=title_case(found.group("city")),
        agency=_clean(found.group("agency")),
        month=month,
        day=day,
        written_date=_clean(found.group("date") or ""),
        end=found.end(),
    )


def _undated_ok(found: re.Match[str]) -> bool:
    """A dateline without a date ("WASHINGTON (Reuters) -") only with a dash after it and
    capitalised names: "The minister (BJP) said" is a lede, not a dateline."""
    if not found.group("end") or found.group("bracket"):
        return False
    names = [found.group("city"), found.group("region") or "", found.group("area") or ""]
    return all(not name or _CAPITALISED.match(name.strip()) for name in names) and all(
        word[0].isupper() for name in names for word in name.split()
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def title_case(raw: str) -> str:
    """A city as written, but "NEW DELHI" in wire capitals becomes "New Delhi"."""
    city = _clean(raw)
    if city.isupper() and len(city) > 3:
        city = " ".join(word.capitalize() for word in city.split(" "))
    return city
