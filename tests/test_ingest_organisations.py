"""Ingest tags organisations and records the new ones in `organisations.yaml`, not reviewed."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.content import load_organisations, load_people, load_stories
from tests.conftest import SAMPLES

LABELLED = Path(__file__).resolve().parent / "cases" / "people"
BANKING = "047_74e1afde0da96b56.txt"  # RBI, Bank of Baroda, Kotak Mahindra Bank


def ingest(site: Path, *files: Path) -> str:
    inbox = site.parent / "inbox"
    inbox.mkdir(exist_ok=True)
    for file in files:
        shutil.copy(file, inbox / file.name)
    result = CliRunner().invoke(main, ["ingest", "--site", str(site), str(inbox)])
    assert result.exit_code == 0, result.output
    return result.output


def test_stories_name_organisations_and_the_vocabulary_learns_them(site: Path) -> None:
    """A story's organisations are in its front matter; each is in organisations.yaml, not
    reviewed, and the summary line lists them for review."""
    output = ingest(site, LABELLED / BANKING)
    [story], errors = load_stories(site / "content")
    assert errors == []
    assert "reserve-bank-of-india" in story.organisations
    vocabulary = load_organisations(site / "content" / "organisations.yaml")
    assert set(story.organisations) <= set(vocabulary)
    assert vocabulary["reserve-bank-of-india"].name == "Reserve Bank of India"
    assert not any(entry.reviewed for entry in vocabulary.values())
    assert "new organisations to review" in output and "Reserve Bank of India" in output
    # Organisations never enter people.yaml.
    people = load_people(site / "content" / "people.yaml")
    assert not set(people) & set(vocabulary)


def test_an_editor_keeps_the_organisations_vocabulary(site: Path) -> None:
    """Re-ingest adds nothing twice and never rewrites an editor's entry."""
    ingest(site, LABELLED / BANKING)
    path = site / "content" / "organisations.yaml"
    edited = path.read_text(encoding="utf-8").replace(
        "reserve-bank-of-india:\n  name: Reserve Bank of India\n  reviewed: false",
        "reserve-bank-of-india:\n  name: RBI (central bank)\n  reviewed: true",
    )
    path.write_text(edited, encoding="utf-8")
    output = ingest(site, LABELLED / BANKING, *sorted(SAMPLES.glob("*.txt")))
    assert "1 unchanged" in output  # renaming an organisation changes no story
    after = path.read_text(encoding="utf-8")
    assert after.startswith(edited)
    assert after.count("\nreserve-bank-of-india:") == 1
