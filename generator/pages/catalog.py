"""The theme's strings to translate, gathered from its templates and the page views.

`python -m generator.pages.catalog` rewrites `theme/locale/messages.pot`, the template of every
translation; a translator copies it to `<language>.po` (or updates one with Babel's
`pybabel update`). The tests check that each shipped catalog translates every string.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.pofile import write_po
from jinja2 import Environment

from generator.pages.theme import LOCALE_DIR, THEME_DIR

PAGES_DIR = Path(__file__).parent
VIEWS = ("archives.py", "terms.py", "views.py", "i18n.py")
"""The modules whose strings reach pages (through `Language.text`, `ngettext` and `plural`)."""

Message = str | tuple[str, str]


def _key(message: str | tuple[str | None, ...]) -> Message | None:
    """A message as found (a string, or a tuple of the literal arguments of a call with None
    for the others) as a catalog key; None when it holds no string."""
    if isinstance(message, str):
        return message or None
    texts = [part for part in message if part]
    if len(texts) == 1:
        return texts[0]
    return (texts[0], texts[1]) if len(texts) == 2 else None


def messages() -> dict[Message, list[str]]:
    """Every translatable string (a plural as its two forms) -> where it is used."""
    found: dict[Message, list[str]] = {}
    env = Environment(extensions=["jinja2.ext.i18n"])
    templates = THEME_DIR / "templates"
    for path in sorted([*templates.glob("*.html"), *templates.glob("*.xsl")]):
        source = path.read_text(encoding="utf-8")
        for line, _function, message in env.extract_translations(source):  # type: ignore[attr-defined]
            key = _key(message)
            if key is not None:
                found.setdefault(key, []).append(f"templates/{path.name}:{line}")
    for name in VIEWS:
        with (PAGES_DIR / name).open("rb") as file:
            keywords = {"text": None, "gettext": None, "ngettext": (1, 2), "plural_forms": (1, 2)}
            for line, message, _comments, _context in extract("python", file, keywords):
                key = _key(message)
                if key is not None:
                    found.setdefault(key, []).append(f"pages/{name}:{line}")
    return found


def template_catalog() -> bytes:
    """`messages.pot`: every string, untranslated, with where it is used."""
    catalog = Catalog(project="Morgue theme", version=None, fuzzy=False)
    for message, places in messages().items():
        locations = [(where.rsplit(":", 1)[0], int(where.rsplit(":", 1)[1])) for where in places]
        catalog.add(message, locations=locations)
    out = io.BytesIO()
    write_po(out, catalog, width=100, omit_header=True, sort_output=True)
    return out.getvalue()


if __name__ == "__main__":
    (LOCALE_DIR / "messages.pot").parent.mkdir(parents=True, exist_ok=True)
    (LOCALE_DIR / "messages.pot").write_bytes(template_catalog())
    print(f"wrote {LOCALE_DIR / 'messages.pot'}: {len(messages())} strings")
