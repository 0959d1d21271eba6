"""The Hugo peer of the benchmark (bench/hugo_peer.py) gives pages to the same people and
organisations as Morgue: an unconfirmed one only once enough stories name it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bench import hugo_peer

PEOPLE = """\
confirmed:
  name: Confirmed Person
lonely:
  name: Lonely Person
  reviewed: false
busy:
  name: Busy Person
  reviewed: false
gone:
  name: Gone Person
  reviewed: false
  rejected: true
"""
ORGANISATIONS = """\
acme:
  name: Acme
  reviewed: false
bigco:
  name: BigCo
  reviewed: false
"""


def _story(content: Path, day: str, slug: str, people: str, organisations: str) -> None:
    folder = content / "stories" / day.replace("-", "/")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.md").write_text(
        f'---\ntitle: "{slug}"\ndate: {day}\n{people}\n{organisations}\n---\n\nBody of {slug}.\n',
        encoding="utf-8",
    )


def _site(root: Path, min_stories: int | None = None) -> Path:
    """A Morgue site: two stories name `busy` and `bigco`, one names `lonely` and `acme`."""
    content = root / "content"
    content.mkdir(parents=True)
    (content / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (content / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    if min_stories is not None:
        (root / "site.toml").write_text(f"unreviewed_min_stories = {min_stories}\n")
    # Flow lists as ingest writes them, and block lists as an editor may.
    _story(
        content,
        "2024-05-01",
        "first",
        "people: [confirmed, lonely, busy, gone, stranger]",
        "organisations: [acme, bigco]",
    )
    _story(
        content,
        "2024-05-02",
        "second",
        "people:\n  - busy\n  - busy",
        "organisations:\n- bigco",
    )
    return content


def test_unpublished_terms_follow_morgue_rules(tmp_path: Path) -> None:
    content = _site(tmp_path / "site")
    # A slug missing from the vocabulary (stranger) or left as a tombstone (gone) counts as
    # confirmed; `busy` is named twice by one story, which counts once.
    assert hugo_peer.unpublished_terms(content) == {
        "people": ["lonely"],
        "organisations": ["acme"],
    }


def test_unreviewed_min_stories_comes_from_site_toml(tmp_path: Path) -> None:
    assert hugo_peer.unpublished_terms(_site(tmp_path / "a", min_stories=3)) == {
        "people": ["busy", "lonely"],
        "organisations": ["acme", "bigco"],
    }
    assert hugo_peer.unpublished_terms(_site(tmp_path / "b", min_stories=0)) == {
        "people": [],
        "organisations": [],
    }


def test_sync_hides_unpublished_terms(tmp_path: Path) -> None:
    content = _site(tmp_path / "site")
    hugo_dir = tmp_path / "hugo"
    hugo_peer.prepare(hugo_dir, content)
    stub = hugo_dir / "sections" / "people" / "lonely" / "_index.md"
    assert "render: never" in stub.read_text()
    assert (hugo_dir / "sections" / "organisations" / "acme" / "_index.md").exists()
    assert not (hugo_dir / "sections" / "people" / "busy").exists()
    flags = json.loads((hugo_dir / "data" / "unpublished.json").read_text())
    assert flags == {"people": {"lonely": True}, "organisations": {"acme": True}}
    assert (hugo_dir / "data" / "organisations.yaml").read_text() == ORGANISATIONS
    # A third story naming them publishes them at the next sync.
    _story(content, "2024-05-03", "third", "people: [lonely]", "organisations: [acme]")
    hugo_peer.sync(hugo_dir, content)
    assert not (hugo_dir / "sections" / "people").exists()
    assert json.loads((hugo_dir / "data" / "unpublished.json").read_text()) == {
        "people": {},
        "organisations": {},
    }


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_renders_no_page_for_unpublished_terms(tmp_path: Path) -> None:
    content = _site(tmp_path / "site")
    hugo_dir, out = tmp_path / "hugo", tmp_path / "public"
    hugo_peer.prepare(hugo_dir, content)
    hugo = shutil.which("hugo")
    assert hugo is not None
    subprocess.run(hugo_peer.build_command(hugo, hugo_dir, out), check=True, timeout=120)
    for kind, shown, hidden in (("people", "busy", "lonely"), ("organisations", "bigco", "acme")):
        assert (out / kind / shown / "index.html").exists()
        assert (out / kind / shown / "feed.xml").exists()
        assert not (out / kind / hidden).exists()
        index = (out / kind / "index.html").read_text()
        assert f'href="/{kind}/{shown}/"' in index and f"/{kind}/{hidden}/" not in index
        assert f"/{kind}/{hidden}/" not in (out / "sitemap.xml").read_text()
    story = (out / "2024" / "05" / "01" / "first" / "index.html").read_text()
    assert '<span class="unlinked">Lonely Person</span>' in story
    assert '<span class="unlinked">Acme</span>' in story
    assert '<a href="/people/busy/">Busy Person</a>' in story
    assert '<a href="/people/stranger/">stranger</a>' in story
    assert '<a href="/organisations/bigco/">BigCo</a>' in story
