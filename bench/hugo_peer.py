"""The Hugo peer: a Hugo site that renders the same pages as Morgue from the same content/.

``bench/peers/hugo/`` holds the configuration and layouts. `prepare` copies it into the work
folder and appends module mounts: the Morgue site's ``content/stories`` becomes Hugo's content
root (stories at /YYYY/MM/DD/<file name>/, as Morgue's URLs), and a folder of ``_index.md`` stubs
turns each year, month and day folder into an archive page. Nothing is copied from content/, so
an edit made for Morgue is the edit Hugo sees.

People and organisations that no editor has confirmed (`reviewed: false`) get pages in Morgue only
once `unreviewed_min_stories` stories name them (generator/site/gather.py, `is_published`). `sync`
mirrors that: each such term gets a content file that tells Hugo to render nothing for it, and
``data/unpublished.json`` lists them so story pages name them as plain text.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

PEER_SITE = Path(__file__).resolve().parent / "peers" / "hugo"
VOCABULARIES = ("people.yaml", "organisations.yaml", "topics.yaml", "places.yaml")
# The kinds whose unconfirmed entries wait for enough stories (generator/site/gather.py,
# REVIEWED_KINDS), and Morgue's default for how many (generator/config.py).
REVIEWED_KINDS = ("people", "organisations")
UNREVIEWED_MIN_STORIES = 2
# Written for each unpublished person or organisation at content/<kind>/<slug>/_index.md: Hugo
# renders no page, numbered page or feed for the term, leaves it out of the sitemap, and gives it
# an empty RelPermalink (which taxonomy.html uses to leave it out of the A-Z index).
UNPUBLISHED_TERM = """---
title: "{slug}"
_build: {{render: never, list: never}}
---
"""
# A flow list, as `morgue ingest` writes it: `people: [a, b]` (slugs never need quotes).
_FLOW_LIST = re.compile(r"^(people|organisations):[ \t]*\[([^\]\n]*)\][ \t]*$", re.MULTILINE)
# Enough of a story file for its front matter (about 1 KB), read instead of the whole story.
_HEAD_BYTES = 16384
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY = re.compile(r"^(people|organisations)[ \t]*:", re.MULTILINE)
# /search/ and its JSON index; kept out of every list, feed and sitemap.
SEARCH_PAGE = """---
title: Search
url: /search/
layout: search
outputs: [HTML, SearchIndex]
_build: {list: never}
sitemap: {disable: true}
---
"""


def hugo_binary() -> str:
    """Path of `hugo`; install Debian's package with apt-get when it is missing."""
    found = shutil.which("hugo")
    if found:
        return found
    print("hugo not found: installing Debian's hugo package with apt-get", file=sys.stderr)
    attempts = (
        [["apt-get", "install", "-y", "hugo"]],
        [["apt-get", "update"], ["apt-get", "install", "-y", "hugo"]],
    )
    for commands in attempts:
        for command in commands:
            subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
        found = shutil.which("hugo")
        if found:
            return found
    raise RuntimeError("hugo is not installed and `apt-get install -y hugo` did not work")


def hugo_version(hugo: str) -> str:
    """First line of `hugo version`."""
    result = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False)
    return result.stdout.strip().splitlines()[0] if result.stdout.strip() else "unknown"


def _toml_string(path: Path) -> str:
    return '"' + str(path).replace("\\", "\\\\").replace('"', '\\"') + '"'


def prepare(hugo_dir: Path, content: Path) -> None:
    """Make a fresh Hugo site in `hugo_dir` reading the stories of the Morgue `content` folder."""
    if hugo_dir.exists():
        shutil.rmtree(hugo_dir)
    shutil.copytree(PEER_SITE, hugo_dir)
    mounts = f"""
[module]
[[module.mounts]]
source = {_toml_string(content.resolve() / "stories")}
target = "content"
[[module.mounts]]
source = "sections"
target = "content"
"""
    with open(hugo_dir / "hugo.toml", "a", encoding="utf-8") as config:
        config.write(mounts)
    sync(hugo_dir, content)


def sync(hugo_dir: Path, content: Path) -> None:
    """Bring the archive stubs and vocabularies in line with `content` (before each build).

    A stub exists exactly for each year, month and day folder that holds a story, so Hugo makes
    the same date archives as Morgue after stories are added or deleted.
    """
    stories = content / "stories"
    wanted: set[Path] = set()
    files = list(stories.rglob("*.md"))
    for story in files:
        relative = story.parent.relative_to(stories)
        parts = relative.parts
        for depth in range(1, len(parts) + 1):
            wanted.add(Path(*parts[:depth]))
    sections = hugo_dir / "sections"
    if sections.exists():
        shutil.rmtree(sections)
    for folder in sorted(wanted):
        (sections / folder).mkdir(parents=True, exist_ok=True)
        title = "/".join(folder.parts)
        (sections / folder / "_index.md").write_text(f'---\ntitle: "{title}"\n---\n')
    (sections / "search.md").write_text(SEARCH_PAGE)
    hidden = unpublished_terms(content, files)
    for kind, slugs in hidden.items():
        for slug in slugs:
            (sections / kind / slug).mkdir(parents=True, exist_ok=True)
            (sections / kind / slug / "_index.md").write_text(UNPUBLISHED_TERM.format(slug=slug))
    data = hugo_dir / "data"
    data.mkdir(exist_ok=True)
    for name in VOCABULARIES:
        if (content / name).exists():
            shutil.copyfile(content / name, data / name)
        elif (data / name).exists():
            (data / name).unlink()
    # kind -> slug -> true, for single.html's lookup; every kind present, so lookups never fail.
    flags = {kind: dict.fromkeys(slugs, True) for kind, slugs in hidden.items()}
    (data / "unpublished.json").write_text(json.dumps(flags, sort_keys=True), encoding="utf-8")


def unpublished_terms(content: Path, stories: list[Path] | None = None) -> dict[str, list[str]]:
    """kind -> sorted slugs of the people and organisations Morgue gives no page: named by a
    story, not confirmed (`reviewed: false` in the vocabulary) and named by fewer than
    `unreviewed_min_stories` stories (site.toml). As generator/site/gather.py: a slug missing
    from its vocabulary, or left there only as a tombstone (rejected, merged), counts as
    confirmed; each story counts once per slug. `stories`: the story files, when already
    listed."""
    minimum = _min_stories(content.parent / "site.toml")
    counts = {kind: Counter[str]() for kind in REVIEWED_KINDS}
    if stories is None:
        stories = list((content / "stories").rglob("*.md"))
    for story in stories:
        for kind, slugs in _story_terms(story).items():
            counts[kind].update(set(slugs))
    hidden: dict[str, list[str]] = {}
    for kind in REVIEWED_KINDS:
        unconfirmed = _unconfirmed(content / f"{kind}.yaml")
        hidden[kind] = sorted(
            slug for slug, n in counts[kind].items() if slug in unconfirmed and n < minimum
        )
    return hidden


def _min_stories(site_toml: Path) -> int:
    """`unreviewed_min_stories` of the site (Morgue's default when unset or unreadable)."""
    try:
        with open(site_toml, "rb") as file:
            value = tomllib.load(file).get("unreviewed_min_stories", UNREVIEWED_MIN_STORIES)
    except (OSError, tomllib.TOMLDecodeError):
        return UNREVIEWED_MIN_STORIES
    return value if isinstance(value, int) else UNREVIEWED_MIN_STORIES


def _unconfirmed(path: Path) -> set[str]:
    """Slugs of the live entries of a people or organisations vocabulary with `reviewed: false`."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError):
        return set()
    if not isinstance(data, dict):
        return set()
    return {
        str(slug)
        for slug, entry in data.items()
        if isinstance(entry, dict)
        and entry.get("reviewed", True) is False
        and entry.get("merged_into") is None
        and entry.get("rejected", False) is not True
    }


def _story_terms(story: Path) -> dict[str, list[str]]:
    """The people and organisations slugs of one story's front matter. The flow lists that
    `morgue ingest` writes are read with a regular expression; any other form with YAML."""
    try:
        with open(story, "rb") as file:
            head = file.read(_HEAD_BYTES)
            end = head.find(b"\n---", 3)
            if end < 0:  # a front matter longer than usual
                head += file.read()
                end = head.find(b"\n---", 3)
        front = head[3:end].decode("utf-8") if head.startswith(b"---") and end >= 0 else ""
    except (OSError, UnicodeDecodeError):
        return {}
    found = {m.group(1): m.group(2) for m in _FLOW_LIST.finditer(front)}
    if len(found) == len(_KEY.findall(front)):
        return {
            kind: [s for s in (item.strip().strip("'\"") for item in value.split(",")) if s]
            for kind, value in found.items()
        }
    try:
        data: Any = yaml.load(front, Loader=_LOADER)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict):
        return {}
    terms: dict[str, list[str]] = {}
    for kind in REVIEWED_KINDS:
        value = data.get(kind) or []
        value = [value] if isinstance(value, str) else value
        if isinstance(value, list):
            terms[kind] = [item for item in value if isinstance(item, str)]
    return terms


def build_command(hugo: str, hugo_dir: Path, out: Path) -> list[str]:
    """The measured Hugo build: the whole site into `out`."""
    return [hugo, "--source", str(hugo_dir), "--destination", str(out), "--quiet"]


def server_command(hugo: str, hugo_dir: Path, port: int) -> list[str]:
    """Hugo's preview server, with its default (in-memory, fast render) settings."""
    return [
        hugo, "server", "--source", str(hugo_dir), "--port", str(port), "--bind", "127.0.0.1",
        "--disableLiveReload",
    ]  # fmt: skip


def clean(hugo_dir: Path, out: Path) -> None:
    """Remove Hugo's output and resource cache, for a cold build."""
    for folder in (out, hugo_dir / "resources"):
        if folder.exists():
            shutil.rmtree(folder)
