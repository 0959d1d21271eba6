"""Raw wire bytes -> `RawStory`: decoding, header, dateline, paragraphs, provenance.

The format (see DESIGN.md section 2): line 1 is ` date YYYY-MM-DD City, Month D (AGENCY) lede...`
(or any dateline style of `datelines.py`: "WASHINGTON (Reuters) -", "Madrid, 3 mar (EFE)"),
paragraphs are separated by blank lines, and a trailing `Disclaimer: ...` paragraph is provenance.
Real feeds add mess: a BOM, CRLF, Windows-1252 bytes, missing parts, binary junk. Every problem
that stops a story raises `WireError` with a one-line reason; lesser ones become warnings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from generator.ingest.datelines import find_dateline
from generator.models import RawStory, Source
from generator.urls import date_problem

_FILE_ID = re.compile(r"^\d+_([0-9a-fA-F]{16})\.txt$")
_HEADER = re.compile(r"^[ \t]*date[ \t]+(\S+)[ \t]*(.*)$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DISCLAIMER = re.compile(r"^disclaimer\s*:\s*", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# C0/C1 controls other than tab and newline, zero-width marks and stray BOMs: never story text.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ufffe]")


# Control characters that text never holds; many of them mean the file is binary.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffe\uffff]"
)


class WireError(Exception):
    """A raw file that cannot become a story; the message is the one-line reason."""


def decode(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            raise WireError("binary data: a UTF-16 mark but not UTF-16 text") from None
    if b"\x00" in data:
        raise WireError("binary data: NUL bytes")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as exc:
        position = exc.start
    # Wire systems still emit Windows-1252 ("S\xe3o Paulo", curly quotes as \x93 \x94). Its five
    # unassigned bytes map to C1 controls, which `_INVISIBLE` then removes.
    text = data.decode("cp1252", errors="ignore")
    return text, (f"not UTF-8 (byte {position}): read as Windows-1252",)


def _check_text(text: str) -> None:
    if not text.strip():
        raise WireError("empty file")
    sample = text[:4096]
    if len(_CONTROL.findall(sample)) > max(8, len(sample) // 50):
        raise WireError("binary data: control characters, not text")


def _clean(paragraph: str) -> str:
    return _SPACES.sub(" ", paragraph.replace("\n", " ")).strip()


def _date(value: str) -> dt.date:
    match = _ISO_DATE.match(value)
    if match is None:
        raise WireError(f"date header {value[:40]!r} is not YYYY-MM-DD")
    try:
        date = dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise WireError(f"impossible date {value}") from None
    problem = date_problem(date)
    if problem:
        raise WireError(f"date {value}: {problem}")
    return date


def parse_wire(data: bytes, file_name: str) -> RawStory:
    """Parse one raw wire file; raises `WireError` with the reason when it is no story."""
    text, warnings = decode(data)
    _check_text(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", text).replace("\t", " ")
    first, _, rest = text.lstrip("\n ").partition("\n")
    header = _HEADER.match(first)
    if header is None:
        raise WireError("no 'date YYYY-MM-DD' header on the first line")
    date = _date(header.group(1))
    lede_line = header.group(2)
    dateline = agency = ""
    found = find_dateline(lede_line)
    if found:
        dateline, agency = found.city, found.agency
        lede_line = lede_line[found.end :]
        if found.month and (found.month, found.day) != (date.month, date.day):
            warnings += (f"dateline says {found.written_date}, header says {date.isoformat()}",)
    else:
        warnings += ("no dateline 'City, Month Day (AGENCY)': city and agency left empty",)
    paragraphs = [
        p for p in (_clean(p) for p in _PARAGRAPH_BREAK.split(lede_line + "\n" + rest)) if p
    ]
    note = ""
    if paragraphs and _DISCLAIMER.match(paragraphs[-1]):
        note = _DISCLAIMER.sub("", paragraphs.pop())
    if not any(ch.isalnum() for p in paragraphs for ch in p[:200]):
        raise WireError("no story text after the header")
    text_hash = story_hash(date, dateline, agency, paragraphs)
    id_match = _FILE_ID.match(file_name)
    story_id = id_match.group(1).lower() if id_match else text_hash[:16]
    return RawStory(
        id=story_id,
        date=date,
        dateline=dateline,
        agency=agency,
        paragraphs=tuple(paragraphs),
        source=Source(file=file_name, sha256=hashlib.sha256(data).hexdigest(), note=note),
        text_hash=text_hash,
        warnings=warnings,
    )


def story_hash(date: dt.date, dateline: str, agency: str, paragraphs: list[str]) -> str:
    """Hash of a story's normalised text: the same for the same story in any file or format."""
    normalised = "\n\n".join([f"{date} {dateline} {agency}", *paragraphs])
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def clean_text(text: str) -> str:
    """Text of any source as story text: NFC, no control or invisible characters, one space."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _clean(_INVISIBLE.sub("", text).replace("\t", " "))
