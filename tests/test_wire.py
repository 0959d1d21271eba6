"""Raw wire files -> parsed stories: every case in tests/cases/wire is a file beside its expectation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest.wire import WireError, parse_wire
from tests.conftest import SAMPLES

CASES = Path(__file__).parent / "cases" / "wire"


def _cases() -> list[Path]:
    return sorted(CASES.glob("*.txt"))


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.stem)
def test_wire_case(case: Path) -> None:
    expected = yaml.safe_load(case.with_suffix(".expected.yaml").read_text(encoding="utf-8"))
    data = case.read_bytes()
    if "error" in expected:
        with pytest.raises(WireError) as caught:
            parse_wire(data, case.name)
        assert expected["error"] in str(caught.value)
        assert "\n" not in str(caught.value)
        return
    story = parse_wire(data, case.name)
    assert story.date == expected["date"]
    assert story.dateline == expected["dateline"]
    assert story.agency == expected["agency"]
    assert len(story.paragraphs) == expected["paragraphs"]
    assert story.paragraphs[0].startswith(expected["lede_starts"])
    if "note" in expected:
        assert story.source.note == expected["note"]
    else:
        assert story.source.note.startswith(expected["note_starts"])
    assert len(story.warnings) == len(expected["warnings"])
    for warning, fragment in zip(story.warnings, expected["warnings"], strict=True):
        assert fragment in warning
    text = "\n".join(story.paragraphs) + story.dateline + story.source.note
    for bad in ("\r", "\ufeff", "\ufffd", "\x00", "Ã"):
        assert bad not in text, f"{bad!r} in parsed text"
    assert not any(p.lower().startswith("disclaimer") for p in story.paragraphs)


def test_the_real_sample_parses_into_its_parts() -> None:
    sample = SAMPLES / "000_ec7a645d63049ad9.txt"
    story = parse_wire(sample.read_bytes(), sample.name)
    assert (story.id, story.date.isoformat(), story.dateline, story.agency) == (
        "ec7a645d63049ad9",
        "2025-03-18",
        "Moscow",
        "IANS",
    )
    assert story.paragraphs[0].startswith("Hours before the much-anticipated phone call")
    assert len(story.paragraphs) == 10
    assert story.source.note.startswith("This story has not been edited by the Sakshi Post team")
    assert story.warnings == ()


def test_the_same_text_under_two_names_has_one_text_hash_and_two_ids() -> None:
    data = (CASES / "delhi_multiword_dateline.txt").read_bytes()
    first = parse_wire(data, "001_00000000000000aa.txt")
    second = parse_wire(data.replace(b"\n", b"\r\n"), "copy of story.txt")
    assert first.text_hash == second.text_hash
    assert first.id == "00000000000000aa" and second.id == first.text_hash[:16]


def test_a_five_megabyte_story_parses_whole() -> None:
    paragraph = ("The committee met again on Thursday and heard from witnesses, " * 20).strip()
    body = "\n\n".join([paragraph] * 4100)
    data = f" date 2025-03-18 Moscow, March 18 (IANS) {body}".encode()
    assert len(data) > 5_000_000
    story = parse_wire(data, "big.txt")
    assert len(story.paragraphs) == 4100


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_story_or_a_one_line_reason(data: bytes) -> None:
    try:
        story = parse_wire(data, "fuzz.txt")
    except WireError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert story.paragraphs and all(p.strip() for p in story.paragraphs)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_after_a_header_never_crashes(text: str) -> None:
    data = f" date 2025-03-18 Moscow, March 18 (IANS) {text}".encode("utf-8", "surrogatepass")
    try:
        parse_wire(data, "fuzz.txt")
    except WireError as exc:
        assert "\n" not in str(exc)
