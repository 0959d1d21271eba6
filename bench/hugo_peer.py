"""The Hugo peer: a Hugo site that renders the same pages as Morgue from the same content/.

``bench/peers/hugo/`` holds the configuration and layouts. `prepare` copies it into the work
folder and appends module mounts: the Morgue site's ``content/stories`` becomes Hugo's content
root (stories at /YYYY/MM/DD/<file name>/, as Morgue's URLs), and a folder of ``_index.md`` stubs
turns each year, month and day folder into an archive page. Nothing is copied from content/, so
an edit made for Morgue is the edit Hugo sees.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

PEER_SITE = Path(__file__).resolve().parent / "peers" / "hugo"
VOCABULARIES = ("people.yaml", "topics.yaml", "places.yaml")
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
    for story in stories.rglob("*.md"):
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
    data = hugo_dir / "data"
    data.mkdir(exist_ok=True)
    for name in VOCABULARIES:
        if (content / name).exists():
            shutil.copyfile(content / name, data / name)
        elif (data / name).exists():
            (data / name).unlink()


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
