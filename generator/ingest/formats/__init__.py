"""Wire formats: each adapter reads a file's bytes and gives its stories (`base.py`).

Which adapter reads a file is decided by its content, never by a flag or its name: a JSON object
or array is ninjs, XML is a feed (root `rss`, `RDF` or `feed`) or NewsML-G2 (`newsItem`,
`packageItem`, `newsMessage`), anything else is the plain-text wire format.
"""

from __future__ import annotations

import re

from generator.ingest.formats.base import Adapter, ItemError, NoStory, Read
from generator.ingest.formats.feed import read_feed
from generator.ingest.formats.newsml import read_newsml
from generator.ingest.formats.ninjs import read_ninjs
from generator.ingest.formats.plain import read_plain

__all__ = ["ItemError", "NoStory", "Read", "format_of", "read_items"]

ADAPTERS: dict[str, Adapter] = {
    "plain text": read_plain,
    "feed": read_feed,
    "ninjs": read_ninjs,
    "NewsML-G2": read_newsml,
}
# The root element: the first tag that is not a declaration, a comment or a DOCTYPE.
_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_FEEDS = frozenset({b"rss", b"RDF", b"feed"})
_NEWSML = frozenset({b"newsItem", b"packageItem", b"newsMessage"})


def format_of(data: bytes) -> str:
    """The name of the format the bytes are in (a key of `ADAPTERS`), or "XML" for other XML."""
    head = _utf8_head(data)
    if head[:1] in (b"{", b"["):
        return "ninjs"
    if head[:1] == b"<":
        root = _ROOT.search(_without_comments(head))
        name = root.group(1) if root else b""
        if name in _FEEDS:
            return "feed"
        if name in _NEWSML:
            return "NewsML-G2"
        return "XML"
    return "plain text"


def read_items(data: bytes, file_name: str) -> Read:
    """The stories of one raw file, in whatever format it is."""
    kind = format_of(data)
    if kind == "XML":
        root = _ROOT.search(_without_comments(_utf8_head(data)))
        name = root.group(1).decode("ascii", "replace")[:40] if root else "?"
        return [ItemError("", f"XML with root <{name}>: not a feed, ninjs or NewsML-G2 item")]
    return ADAPTERS[kind](data, file_name)


def _utf8_head(data: bytes) -> bytes:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


def _without_comments(head: bytes) -> bytes:
    return re.sub(rb"<!--.*?-->", b"", head, flags=re.S)
