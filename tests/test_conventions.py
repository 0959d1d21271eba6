"""Issue 13: the conventions of a well-behaved Python command, each through the real `morgue`
command: -v and -q after the command's name, environment variables, the site found from a folder
inside it, "did you mean", where a bad value came from, language tags, short help lines, counts
named the same way, `morgue theme`, plurals, `python -m generator`, slugs of any script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import langcodes
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.init import init_site
from generator.content import read_story
from generator.pages.theme import theme_languages
from generator.urls import slugify
from tests.conftest import SAMPLE

MORGUE = Path(sys.executable).with_name("morgue")


def morgue(*args: str, cwd: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as a user runs it (no terminal), with `env` added."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("MORGUE_")}
    return subprocess.run(
        [str(MORGUE), *args],
        cwd=cwd,
        env={**environment, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def built(site: Path) -> Path:
    """A site with the sample story ingested."""
    assert morgue("ingest", "--site", str(site), str(SAMPLE)).returncode == 0
    return site


def test_verbose_and_quiet_go_before_or_after_the_command(built: Path) -> None:
    after = morgue("build", "--site", str(built), "-v")
    assert after.returncode == 0, after.stderr
    assert "1 story, " in after.stdout and "Rendering pages" in after.stderr
    quiet = morgue("build", "--site", str(built), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == "", quiet
    assert morgue("-q", "build", "--site", str(built)).stdout == ""
    checked = morgue("check", "--site", str(built), "-q")
    assert (checked.returncode, checked.stdout) == (0, ""), checked.stderr
    both = morgue("build", "--site", str(built), "-v", "-q")
    assert both.returncode == 2 and "cannot go together" in both.stderr
    for command in (["people", "list"], ["people"], ["organisations", "list"], ["theme", "list"]):
        result = morgue(*command, "-q", cwd=built)
        assert result.returncode == 0 and result.stdout == "", (command, result)


def test_every_command_takes_verbose_and_quiet() -> None:
    def walk(command: object, path: list[str]) -> list[list[str]]:
        found = [path]
        for name, sub in getattr(command, "commands", {}).items():
            found += walk(sub, [*path, name])
        return found

    for path in walk(main, [])[1:]:
        text = CliRunner().invoke(main, [*path, "--help"]).output
        assert "-v, --verbose" in text and "-q, --quiet" in text, path


def test_commands_find_the_site_from_a_folder_inside_it(built: Path) -> None:
    result = morgue("build", cwd=built / "content" / "stories")
    assert result.returncode == 0, result.stderr
    assert (built / "public" / "index.html").is_file()
    listed = morgue("people", "list", cwd=built / "content")
    assert listed.returncode == 0 and "yuri-ushakov" in listed.stdout


def test_no_site_anywhere_above_is_one_line(tmp_path: Path) -> None:
    result = morgue("build", cwd=tmp_path)
    assert result.returncode == 2
    assert "site.toml: not found here or in any folder above" in result.stderr


def test_environment_variables_give_options(built: Path, tmp_path: Path) -> None:
    result = morgue("build", cwd=tmp_path, MORGUE_SITE=str(built), MORGUE_BUILD_STRICT="1")
    assert result.returncode == 0, result.stderr
    home = (built / "public" / "index.html").read_text(encoding="utf-8")
    result = morgue(
        "build", cwd=tmp_path, MORGUE_SITE=str(built), MORGUE_BUILD_BASE_URL="https://e.org/a/"
    )
    assert result.returncode == 0, result.stderr
    moved = (built / "public" / "index.html").read_text(encoding="utf-8")
    assert "https://e.org/a/" in moved and home != moved
    quiet = morgue("build", cwd=tmp_path, MORGUE_SITE=str(built), MORGUE_QUIET="1")
    assert quiet.stdout == ""


def test_a_bad_value_is_blamed_on_where_it_came_from(built: Path) -> None:
    typed = morgue("build", "--site", str(built), "--base-url", "example.org")
    assert typed.returncode == 2
    assert typed.stderr.startswith("error: --base-url: base_url must be an absolute http(s) URL")
    from_env = morgue("build", "--site", str(built), MORGUE_BUILD_BASE_URL="ftp://example.org/")
    assert from_env.returncode == 2
    assert "error: environment variable MORGUE_BUILD_BASE_URL: base_url must be" in from_env.stderr
    toml = built / "site.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('base_url = "', 'base_url = "x'), encoding="utf-8"
    )
    in_file = morgue("build", "--site", str(built))
    assert in_file.returncode == 2 and f"error: {toml}:" in in_file.stderr


def test_an_unknown_setting_suggests_the_nearest(site: Path) -> None:
    toml = site / "site.toml"
    text = toml.read_text(encoding="utf-8").replace("base_url =", "baseurl =")
    toml.write_text(text, encoding="utf-8")
    result = morgue("build", "--site", str(site))
    assert result.returncode == 2
    assert "unknown setting 'baseurl' (did you mean base_url?)" in result.stderr
    toml.write_text(text.replace("baseurl =", "colour_scheme ="), encoding="utf-8")
    far = morgue("build", "--site", str(site))
    assert "unknown setting 'colour_scheme'" in far.stderr and "did you mean" not in far.stderr


@pytest.mark.parametrize("tag", ["xx-not a tag!!", "english", "en-", "12"])
def test_language_must_be_a_language_tag(site: Path, tag: str) -> None:
    toml = site / "site.toml"
    text = toml.read_text(encoding="utf-8").replace('language = "en"', f'language = "{tag}"')
    toml.write_text(text, encoding="utf-8")
    result = morgue("build", "--site", str(site))
    assert result.returncode == 2
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("language"))
    assert f"site.toml:{line}: language must be a BCP 47 language tag" in result.stderr


def test_the_themes_own_languages_are_valid_tags_in_standard_form() -> None:
    # They are taken as they are, without asking langcodes: it must agree with each of them.
    assert {"en", "es"} <= theme_languages()
    for tag in theme_languages():
        assert langcodes.tag_is_valid(tag) and str(langcodes.standardize_tag(tag)) == tag


def test_help_summaries_are_whole() -> None:
    text = CliRunner().invoke(main, ["--help"]).output
    commands = text.split("Commands:")[1]
    assert "..." not in commands and "…" not in commands, commands
    assert "theme" in commands


def test_build_and_check_name_what_they_count(built: Path) -> None:
    build = morgue("build", "--site", str(built))
    assert "1 story, " in build.stdout and " files (pages, feeds, sitemaps), " in build.stdout
    assert "0 warnings, 0 errors" in build.stdout
    check = morgue("check", "--site", str(built))
    assert check.stdout.startswith("No problems: 1 story, ") and " HTML pages, " in check.stdout


def test_theme_copy_never_overwrites(site: Path) -> None:
    mine = site / "templates" / "story.html"
    mine.write_text("{# mine #}\n", encoding="utf-8")
    result = morgue("theme", "copy", "story.html", "base.html", "assets/style.css", cwd=site)
    assert result.returncode == 0, result.stderr
    assert mine.read_text(encoding="utf-8") == "{# mine #}\n"
    assert "kept templates/story.html" in result.stderr
    assert "created templates/base.html" in result.stdout
    assert "created static/assets/style.css" in result.stdout
    assert "2 files copied, 1 file kept" in result.stdout
    theme = Path(__file__).parents[1] / "generator" / "theme"
    assert (site / "templates" / "base.html").read_bytes() == (
        theme / "templates" / "base.html"
    ).read_bytes()
    again = morgue("theme", "copy", cwd=site)  # the whole theme: only what is missing
    assert again.returncode == 0 and "kept templates/base.html" in again.stderr
    assert (site / "static" / "assets" / "search.js").is_file()
    assert morgue("build", "--site", str(site)).returncode == 0  # the copies build
    unknown = morgue("theme", "copy", "nope.html", cwd=site)
    assert unknown.returncode == 2 and "'nope.html' is no file of the theme" in unknown.stderr
    listed = morgue("theme", "list").stdout.splitlines()
    assert "templates/story.html" in listed and "static/assets/style.css" in listed


def test_python_dash_m_generator_is_the_command(site: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stdout.startswith("morgue, version ")


# Slugs Morgue wrote before python-slugify, by its own table: they must not move.
LATIN_SLUGS = {
    "Don't stop the RBI’s 25-basis-point cut": "dont-stop-the-rbis-25-basis-point-cut",
    "Sensex jumps 1,000 points; Nifty at 22,500": "sensex-jumps-1-000-points-nifty-at-22-500",
    "Straße & Øre: Łódź, Þingvellir, Œuvre, Æsir": "strasse-and-ore-lodz-thingvellir-oeuvre-aesir",
    "Crème brûlée — “quoted” ½": "creme-brulee-quoted-12",
    "M&M, J&K Police": "m-and-m-j-and-k-police",
    "São Paulo: Brazil’s Lula meets Erdoğan in Ankara": (
        "sao-paulo-brazils-lula-meets-erdogan-in-ankara"
    ),
    "A very long headline that goes on and on well past the eighty characters allowed for a "
    "slug here": "a-very-long-headline-that-goes-on-and-on-well-past-the-eighty-characters-allowed",
    "Αλέξης Τσίπρας": "alexis-tsipras",
}


def test_latin_slugs_do_not_move() -> None:
    for text, slug in LATIN_SLUGS.items():
        assert slugify(text) == slug, text


def test_the_archives_story_files_keep_their_names(tmp_path: Path) -> None:
    # The repository's own archive and the fixture sites were written with the old slugs: each
    # story whose file name is its title's slug still gets that name.
    root = Path(__file__).parents[1]
    sites = [root / "content", *sorted((root / "tests" / "sites").glob("*/content"))]
    from generator.content import load_stories

    checked = 0
    for content in sites:
        stories, _ = load_stories(content)
        for story in stories:
            checked += 1
            assert story.slug == slugify(story.slug), story.path
    assert checked >= 10


def test_a_hindi_headline_gets_a_readable_slug(tmp_path: Path) -> None:
    assert slugify("भारत ने 18 रन से जीता मैच") == "bhart-ne-18-rn-se-jita-maic"
    site = tmp_path / "site"
    init_site(site)
    wire = tmp_path / "hindi.txt"
    wire.write_text(
        " date 2025-03-18 नई दिल्ली, 18 मार्च (आईएएनएस) भारत ने रविवार को ऑस्ट्रेलिया को 18 रन से "
        "हराकर श्रृंखला जीत ली। कप्तान ने टीम की तारीफ की।\n",
        encoding="utf-8",
    )
    result = morgue("ingest", "--site", str(site), str(wire))
    assert result.returncode == 0, result.stdout + result.stderr
    (story,) = (site / "content" / "stories").rglob("*.md")
    # Its name transliterates its Hindi headline (letters, not a lone number such as "18").
    title = read_story(story, site / "content").title
    assert story.stem == slugify(title) and any(c.isalpha() for c in story.stem), story.name
    again = morgue("ingest", "--site", str(site), str(wire))  # never renamed
    assert "1 unchanged" in again.stdout or "unchanged" in again.stdout
    assert [p.name for p in (site / "content" / "stories").rglob("*.md")] == [story.name]
