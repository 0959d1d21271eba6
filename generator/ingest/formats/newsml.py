"""IPTC NewsML-G2 -> one story per text `newsItem`.

A file is a `newsItem`, a `packageItem` or a `newsMessage` holding several of them. A package
lists items by reference and holds no text of its own: it is reported, not an error, and the
items it refers to are ingested from their own files (or from the same `newsMessage`).

Read from each news item: its guid and version, `firstCreated` (else `contentCreated`, else
`versionCreated`) for its date, the headline, `by` or the creators, the language, `located` and
`dateline`, the `subject`s (people, organisations and places by their concept type, the rest as
subject codes with their `broader` codes), a correction `signal`, and the body from `inlineXML`
(NITF or XHTML) or `inlineData`.
"""

from __future__ import annotations

import hashlib
from xml.etree.ElementTree import Element

from generator.ingest.formats.base import (
    MAX_ITEMS,
    Item,
    ItemError,
    NoStory,
    Parts,
    Read,
    item_name,
    make_story,
)
from generator.ingest.formats.dates import written_date
from generator.ingest.formats.html_text import text_paragraphs
from generator.ingest.formats.xml_safe import local_name, parse_xml
from generator.models import Subject

NAR = "{http://iptc.org/std/nar/2006-10-01/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BLOCKS = frozenset("p hl1 hl2 h1 h2 h3 h4 h5 h6 li blockquote pre".split())
_SKIPPED = frozenset("body.head body.end hedline byline dateline abstract head".split())
_PEOPLE = ("cpnat:person",)
_ORGANISATIONS = ("cpnat:organisation", "cpnat:organization")
_PLACES = ("cpnat:geoArea", "cpnat:poi")


def read_newsml(data: bytes, file_name: str) -> Read:
    """The stories of a NewsML-G2 file."""
    root = parse_xml(data)
    if isinstance(root, str):
        return [ItemError("", root)]
    kind = local_name(root)
    if kind == "newsItem":
        news = [root]
    elif kind == "newsMessage":
        news = [e for e in root.iter(f"{NAR}newsItem")]
    elif kind == "packageItem":
        refs = len(list(root.iter(f"{NAR}itemRef")))
        return NoStory(f"a NewsML-G2 package of {refs} items by reference, no text of its own")
    else:
        return [ItemError("", f"XML root <{kind[:40]}> is no NewsML-G2 item")]
    if not news:
        return NoStory("a NewsML-G2 message with no news items")
    sha256 = hashlib.sha256(data).hexdigest()
    items: list[Item] = [_story(e, i, file_name, sha256) for i, e in enumerate(news[:MAX_ITEMS], 1)]
    if len(news) > MAX_ITEMS:
        left = len(news) - MAX_ITEMS
        items.append(ItemError("", f"{left} items past the first {MAX_ITEMS} left unread"))
    return items


def _story(item: Element, index: int, file_name: str, sha256: str) -> Item:
    guid = item.get("guid", "")
    name = item_name(guid, index)
    meta, content = item.find(f"{NAR}itemMeta"), item.find(f"{NAR}contentMeta")
    if meta is None:
        return ItemError(name, "no itemMeta: not a NewsML-G2 news item")
    item_class = _qcode(meta, "itemClass")
    if item_class and item_class.split(":")[-1] not in ("text", "composite"):
        return ItemError(name, f"a {item_class[:30]} item, not a text story")
    status = _qcode(meta, "pubStatus").split(":")[-1]
    if status in ("withheld", "canceled"):
        return ItemError(name, f"withdrawn by the agency (pubStatus {status})")
    content = content if content is not None else Element(f"{NAR}contentMeta")
    parts = Parts(
        item=name,
        guid=guid,
        published=(
            written_date(_text(meta, "firstCreated"))
            or written_date(_text(content, "contentCreated"))
            or written_date(_text(meta, "versionCreated"))
        ),
        paragraphs=_body(item),
        version=item.get("version", "") or _text(meta, "versionCreated"),
        headline=_headline(content),
        summary=_text(content, "description"),
        byline=_text(content, "by") or ", ".join(_names(content, "creator")),
        language=_language(item, content),
        located=_located(content),
        agency=_provider(meta),
        correction=any(
            s.get("qcode", "").split(":")[-1] == "correction" for s in meta.iter(f"{NAR}signal")
        ),
    )
    for subject in content.findall(f"{NAR}subject"):
        kind, label = subject.get("type", ""), _name(subject)
        if kind in _PEOPLE and label:
            parts.people.append(label)
        elif kind in _ORGANISATIONS and label:
            parts.organisations.append(label)
        elif kind in _PLACES and label:
            parts.places.append(label)
        elif subject.get("qcode") or subject.get("uri") or label:
            broader = tuple(b.get("qcode", "") for b in subject.findall(f"{NAR}broader"))
            code = subject.get("qcode") or subject.get("uri") or label
            parts.subjects.append(Subject(code=code, name=label, broader=broader))
    return make_story(parts, file_name, sha256)


def _text(parent: Element, tag: str) -> str:
    found = parent.find(f"{NAR}{tag}")
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _qcode(parent: Element, tag: str) -> str:
    found = parent.find(f"{NAR}{tag}")
    return found.get("qcode", "") if found is not None else ""


def _name(element: Element) -> str:
    found = element.find(f"{NAR}name")
    if found is not None:
        return " ".join("".join(found.itertext()).split())
    return element.get("literal", "")


def _names(parent: Element, tag: str) -> list[str]:
    return [n for n in (_name(e) for e in parent.findall(f"{NAR}{tag}")) if n]


def _headline(content: Element) -> str:
    headlines = content.findall(f"{NAR}headline")
    main = [h for h in headlines if h.get("role", "hld:main") == "hld:main"] or headlines
    for headline in main:
        text = " ".join("".join(headline.itertext()).split())
        if text:
            return text
    return ""


def _language(item: Element, content: Element) -> str:
    found = content.find(f"{NAR}language")
    return (found.get("tag", "") if found is not None else "") or item.get(XML_LANG, "")


def _located(content: Element) -> str:
    located = content.find(f"{NAR}located")
    if located is not None and _name(located):
        return _name(located)
    return _text(content, "dateline").split(",")[0]


def _provider(meta: Element) -> str:
    provider = meta.find(f"{NAR}provider")
    if provider is None:
        return ""
    return _name(provider) or provider.get("qcode", "").split(":")[-1]


def _body(item: Element) -> list[str]:
    content_set = item.find(f"{NAR}contentSet")
    if content_set is None:
        return []
    for inline in content_set.findall(f"{NAR}inlineXML"):
        paragraphs = _blocks(inline)
        if paragraphs:
            return paragraphs
    for inline in content_set.findall(f"{NAR}inlineData"):
        paragraphs = text_paragraphs(inline.text or "")
        if paragraphs:
            return paragraphs
    return []


def _blocks(element: Element) -> list[str]:
    """The text of the block elements of a NITF or XHTML body, in order; its head (headline,
    byline, dateline) is metadata, not paragraphs."""
    found: list[str] = []
    for child in element:
        name = local_name(child)
        if name in _SKIPPED:
            continue
        if name in _BLOCKS:
            text = " ".join("".join(child.itertext()).split())
            if text:
                found.append(text)
        else:
            found.extend(_blocks(child))
    return found
