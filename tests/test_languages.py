"""Pages in the site's language (issue 13): the theme's strings from gettext catalogs, dates and
month names from Babel, `<html lang>`, `dir="rtl"`, feeds; Spanish shipped complete."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.pages.catalog import messages
from generator.pages.i18n import language
from generator.pages.theme import LOCALE_DIR, shipped_languages
from tests.golden import SITES, build_site


def _site(tmp_path: Path, tag: str) -> Path:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    toml = site / "site.toml"
    text = re.sub(r"(?m)^language = .*\n", "", toml.read_text(encoding="utf-8"))
    toml.write_text(text + f'language = "{tag}"\n', encoding="utf-8")
    build_site(site, tmp_path / "out")
    return tmp_path / "out"


def test_spanish_translates_every_string_of_the_theme() -> None:
    assert "es" in shipped_languages()
    spanish = language("es")
    for message in messages():
        if isinstance(message, tuple):
            one, many = spanish.ngettext(*message, 1), spanish.ngettext(*message, 5)
            assert one != message[0] and many != message[1], message
        else:
            assert spanish.gettext(message) != message, message


def test_the_template_catalog_is_up_to_date() -> None:
    from generator.pages.catalog import template_catalog

    assert (LOCALE_DIR / "messages.pot").read_bytes() == template_catalog(), (
        "run python -m generator.pages.catalog, then translate the new strings"
    )


@pytest.fixture(scope="module")
def spanish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("es"), "es")


def test_a_spanish_site_speaks_spanish(spanish: Path) -> None:
    home = (spanish / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in home
    for text in ("Últimas noticias", "Archivo", "Personas", "Lugares", "Saltar al contenido"):
        assert text in home, text
    story = next((spanish / "2025" / "03" / "18").glob("*/index.html")).read_text("utf-8")
    assert "18 de marzo de 2025" in story and "Citar esta noticia" in story
    month = (spanish / "2025" / "03" / "index.html").read_text(encoding="utf-8")
    assert "<h1>marzo de 2025</h1>" in month and ">lun</th>" in month
    feed = (spanish / "feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="es"' in feed


def test_no_english_is_left_in_the_spanish_interface(spanish: Path) -> None:
    # Every English string of the theme, as a whole, appears on no page (the stories are in
    # English: only the interface is checked).
    english = language("en")
    words = [m for m in messages() if isinstance(m, str) and "%(" not in m and "<" not in m]
    words = [w for w in words if len(w) > 4 and w != language("es").gettext(w)]
    # The pages, and the feeds' XSL page that a browser shows for a feed.
    files = [*spanish.rglob("*.html"), *spanish.rglob("*.xsl")]
    assert spanish / "assets" / "feed.xsl" in files
    pages = [p.read_text(encoding="utf-8") for p in files]
    for word in words:
        marked = [f">{english.gettext(word)}<", f'"{english.gettext(word)}"']
        found = [page for page in pages if any(m in page for m in marked)]
        assert not found, word
    for month in ("January", "February", "March", "June", "November"):
        assert not any(f">{month} " in page or f" {month} 20" in page for page in pages), month


@pytest.mark.parametrize(("tag", "rtl"), [("ar", True), ("ur", True), ("he", True), ("hi", False)])
def test_right_to_left_languages_set_dir(tmp_path: Path, tag: str, rtl: bool) -> None:
    home = (_site(tmp_path, tag) / "index.html").read_text(encoding="utf-8")
    expected = f'<html lang="{tag}" dir="rtl">' if rtl else f'<html lang="{tag}">'
    assert expected in home


def test_a_region_falls_back_to_its_language(tmp_path: Path) -> None:
    home = (_site(tmp_path, "es-MX") / "index.html").read_text(encoding="utf-8")
    assert '<html lang="es-MX">' in home and "Últimas noticias" in home


_MESSAGES = re.compile(r'<script type="application/json" id="morgue-messages">(.*?)</script>')


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def test_the_scripts_write_no_english_on_a_spanish_site(spanish: Path) -> None:
    # search.js and enhance.js write only what the page passes them (#morgue-messages).
    english: set[str] = set()
    for message in messages():
        english.update(message if isinstance(message, tuple) else (message,))
    pages = {
        "search": spanish / "search" / "index.html",
        "story": next((spanish / "2025" / "03" / "18").glob("*/index.html")),
        "people": spanish / "people" / "index.html",
    }
    said: dict[str, list[str]] = {}
    for name, path in pages.items():
        (block,) = _MESSAGES.findall(path.read_text(encoding="utf-8"))
        said[name] = _strings(json.loads(block))
        assert said[name], name
        for text in said[name]:
            assert text not in english, (name, text)
            assert not any(m in text for m in ("January", "March", "December")), text
    assert "Buscando…" in said["search"] and "%(day)s de marzo de %(year)s" in said["search"]
    assert "Enlace copiado." in said["story"]
    for script in ("search.js", "enhance.js"):
        source = (spanish / "assets" / script).read_text(encoding="utf-8")
        # No sentence of the interface is left in the scripts themselves.
        for text in ("Searching", "No stories found", "Link copied", "shown`", "January"):
            assert text not in source, (script, text)
    xsl = (spanish / "assets" / "feed.xsl").read_text(encoding="utf-8")
    assert "Últimas entradas" in xsl and "Canal Atom" in xsl and "Latest entries" not in xsl
