"""The pages' language: the theme's translated strings, dates, month and day names, numbers.

`language` of `site.toml` (a BCP 47 tag, `config.language_tag`) chooses everything here. The
theme's strings are English in the templates and views, marked for translation (`_()` and
`ngettext()` in templates through Jinja2's i18n extension, `gettext` and `ngettext` of a
`Language` in Python); their translations are gettext catalogs, `theme/locale/<language>.po`,
read with Babel and compiled in memory (no `.mo` file to keep in step). Dates and names of
months and weekdays come from Babel's CLDR data, never from the machine's locale, so one archive
builds to the same bytes everywhere. A tag without a catalog ("fr") falls back to its base
language's ("es-MX" -> "es"), then to English; dates follow the tag whenever CLDR knows it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from gettext import NullTranslations

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, get_day_names, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from generator.pages.theme import LOCALE_DIR

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug"})
RTL_LANGUAGES |= {"ur", "yi", "syr", "nqo", "az-Arab", "pa-Arab"}
"""Languages written right to left (their pages get `dir="rtl"`); a script subtag decides
when there is one (`az-Arab`, `uz-Arab`, `sr-Latn`)."""
_RTL_SCRIPTS = frozenset({"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"})


_SINGULARS = {
    "stories": "story",
    "people": "person",
    "organisations": "organisation",
    "topics": "topic",
    "places": "place",
    "days": "day",
    "pages": "page",
    "years": "year",
    "months": "month",
}


def _candidates(tag: str) -> list[str]:
    """ "pt-BR" -> ["pt-BR", "pt_BR", "pt"]: the names a catalog or locale of `tag` may have."""
    parts = tag.split("-")
    found = []
    for n in range(len(parts), 0, -1):
        found += ["-".join(parts[:n]), "_".join(parts[:n])]
    return list(dict.fromkeys(found))


def _translations(tag: str) -> NullTranslations:
    for name in _candidates(tag):
        path = LOCALE_DIR / f"{name}.po"
        if path.is_file():
            with path.open("rb") as file:
                catalog = read_po(file, locale=name.replace("-", "_"))
            compiled = io.BytesIO()
            write_mo(compiled, catalog)
            compiled.seek(0)
            return Translations(compiled)
    return NullTranslations()  # English: the strings as written


def _locale(tag: str) -> Locale:
    for name in _candidates(tag):
        try:
            return Locale.parse(name.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def _remembered(method: Callable[..., str]) -> Callable[..., str]:
    """`method` of a `Language`, each answer kept in the language's `answers` (its arguments are a
    few thousand dates and numbers at most, and Babel's formatting is most of a list page's)."""
    name = method.__name__

    @functools.wraps(method)
    def remembered(self: Language, *args: object) -> str:
        key = (name, *args)
        found = self.answers.get(key)
        if found is None:
            found = self.answers[key] = method(self, *args)
        return found

    return remembered


def is_rtl(tag: str) -> bool:
    """Whether `tag` names a language (or script) written right to left."""
    subtags = tag.split("-")
    scripts = [part for part in subtags[1:] if len(part) == 4 and part.isalpha()]
    if scripts:
        return scripts[0].title() in _RTL_SCRIPTS
    return subtags[0].lower() in RTL_LANGUAGES


@dataclass(frozen=True, slots=True)
class Language:
    """Everything the pages say, in one language (`language()` makes one per tag)."""

    tag: str
    """The site's language tag, as `<html lang>` and feeds carry it."""
    translations: NullTranslations
    """The theme's strings."""
    locale: Locale
    """Dates, names of months and days, numbers."""
    answers: dict[tuple[object, ...], str] = field(default_factory=dict, compare=False, repr=False)
    """What the formatting methods said, by method and arguments (each is a pure function)."""

    @property
    def direction(self) -> str:
        """ "rtl" or "ltr": the pages' `dir`."""
        return "rtl" if is_rtl(self.tag) else "ltr"

    def gettext(self, message: str) -> str:
        """`message` translated."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of `singular`/`plural` that `count` takes, translated."""
        return self.translations.ngettext(singular, plural, count)

    def text(self, message: str, **values: object) -> str:
        """`message` translated, its `%(name)s` placeholders filled from `values`."""
        translated = self.translations.gettext(message)
        return translated % values if values else translated

    @_remembered
    def plural(self, count: int, noun: str) -> str:
        """ "1 story", "2 stories", "1,204 people" (`noun` in the singular or plural), in the
        site's language."""
        num = self.number(count)
        match _SINGULARS.get(noun, noun):
            case "story":
                form = self.ngettext("%(num)s story", "%(num)s stories", count)
            case "person":
                form = self.ngettext("%(num)s person", "%(num)s people", count)
            case "organisation":
                form = self.ngettext("%(num)s organisation", "%(num)s organisations", count)
            case "topic":
                form = self.ngettext("%(num)s topic", "%(num)s topics", count)
            case "place":
                form = self.ngettext("%(num)s place", "%(num)s places", count)
            case "day":
                form = self.ngettext("%(num)s day", "%(num)s days", count)
            case "page":
                form = self.ngettext("%(num)s page", "%(num)s pages", count)
            case "year":
                form = self.ngettext("%(num)s year", "%(num)s years", count)
            case "month":
                form = self.ngettext("%(num)s month", "%(num)s months", count)
            case other:
                raise ValueError(f"no plural of {other!r}")
        return form % {"num": num}

    @_remembered
    def number(self, value: int) -> str:
        """ "1,204" in English, "1204" and "12.345" in Spanish."""
        return format_decimal(value, locale=self.locale)

    @_remembered
    def long_date(self, day: dt.date) -> str:
        """ "March 18, 2025", "18 de marzo de 2025"."""
        return format_date(day, format="long", locale=self.locale)

    @_remembered
    def month_name(self, year: int, month: int) -> str:
        """ "March 2025", "marzo de 2025"."""
        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)

    @_remembered
    def day_of_month(self, month: int, day: int) -> str:
        """ "March 18", "18 de marzo": a calendar day of no year (2000 knows February 29)."""
        return format_skeleton("MMMMd", dt.date(2000, month, day), locale=self.locale)

    @_remembered
    def short_month(self, month: int) -> str:
        """ "Mar", "mar": a month's name in a list of months."""
        names = get_month_names("abbreviated", context="stand-alone", locale=self.locale)
        return str(names[month]).rstrip(".")

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """CLDR plural category ("one", "few", "other", ...) -> the translated form for it, for
        a script that picks the form with `Intl.PluralRules` (`%(num)s` left to fill in)."""
        forms: dict[str, str] = {}
        for count in range(201):  # the first number of each category names its form
            forms.setdefault(self.locale.plural_form(count), self.ngettext(singular, plural, count))
        forms.setdefault("other", self.ngettext(singular, plural, 5))
        return forms

    def script_messages(self) -> dict[str, dict[str, object]]:
        """What the theme's scripts write, in this language: "search" (search.js) and
        "enhance" (enhance.js); templates pass them as JSON (`<script type="application/json"
        id="morgue-messages">`). `%(name)s` placeholders are filled in by the scripts."""
        search: dict[str, object] = {
            "prompt": self.gettext(
                "Type words to search, or choose a person, organisation, topic, place, agency"
                " or year."
            ),
            "searching": self.gettext("Searching…"),
            "failed": self.gettext("The search failed. Try again."),
            "foundByDate": self.plural_forms(
                "%(num)s story found, newest first.", "%(num)s stories found, newest first."
            ),
            "foundByRelevance": self.plural_forms(
                "%(num)s story found, most relevant first.",
                "%(num)s stories found, most relevant first.",
            ),
            "none": self.gettext("No stories found."),
            "more": self.plural_forms("More stories (%(num)s left)", "More stories (%(num)s left)"),
            "loading": self.gettext("Loading the search index…"),
            "loadFailed": self.gettext("The search index could not be loaded."),
            "empty": self.gettext("There are no stories to search yet."),
            "dates": self.date_patterns(),
        }
        enhance: dict[str, object] = {
            "shown": self.gettext("%(shown)s of %(total)s shown"),
            "linkCopied": self.gettext("Link copied."),
            "citationCopied": self.gettext("Citation copied."),
            "copyByHand": self.gettext("Select the text and copy it with your keyboard."),
        }
        return {"search": search, "enhance": enhance}

    def date_patterns(self) -> list[str]:
        """Per month, its long date with `%(day)s` and `%(year)s` to fill in ("%(day)s de marzo
        de %(year)s"), for dates a script writes; "" where CLDR's digits are not plain ASCII
        (the script then writes the ISO date)."""
        patterns = []
        for month in range(1, 13):
            text = self.long_date(dt.date(2001, month, 22))
            if text.count("2001") != 1 or text.replace("2001", "").count("22") != 1:
                patterns.append("")
                continue
            patterns.append(text.replace("2001", "%(year)s").replace("22", "%(day)s"))
        return patterns

    def weekdays(self) -> list[str]:
        """Monday to Sunday, abbreviated: "Mon" ... "Sun"."""
        names = get_day_names("abbreviated", context="stand-alone", locale=self.locale)
        return [str(names[index]).rstrip(".") for index in range(7)]


@functools.cache
def language(tag: str) -> Language:
    """The `Language` of a tag, made once per process (a cache: each value is a pure function
    of the tag and the installed catalogs)."""
    return Language(tag, _translations(tag), _locale(tag))
