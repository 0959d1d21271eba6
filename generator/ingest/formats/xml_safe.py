"""XML of untrusted origin, parsed with entity expansion and network access off.

defusedxml refuses entity declarations (the "billion laughs" bomb, external entities that would
read a local file or fetch a URL) and external references; ingest refuses any `<!ENTITY`
before a parser sees the file, and files past `MAX_STRUCTURED_BYTES`.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from generator.ingest.formats.base import MAX_STRUCTURED_BYTES


def parse_xml(data: bytes) -> Element | str:
    """The root element, or why the file is refused (one line)."""
    if len(data) > MAX_STRUCTURED_BYTES:
        return f"XML larger than {MAX_STRUCTURED_BYTES // 2**20} MiB"
    if b"<!ENTITY" in data or "<!ENTITY".encode("utf-16-le") in data:
        return "XML with entity declarations (an entity bomb or an external entity): refused"
    try:
        root: Element = fromstring(data, forbid_dtd=False, forbid_entities=True)
    except DefusedXmlException as exc:
        return f"unsafe XML refused: {type(exc).__name__}"
    except ParseError as exc:
        return f"not well-formed XML: {exc}"
    except (ValueError, RecursionError) as exc:
        return f"not well-formed XML: {type(exc).__name__}"
    return root


def local_name(element: Element) -> str:
    """An element's name without its namespace."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
