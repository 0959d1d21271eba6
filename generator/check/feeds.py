"""Checks of a built site's Atom feeds, sitemaps and robots.txt: well-formed, complete, and
every URL they hold a file of the site."""

from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

from generator.check.links import FileCheck

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(slots=True)
class XmlNode:
    """An XML element with the line it starts on (ElementTree does not keep lines)."""

    tag: str
    attrs: dict[str, str]
    line: int
    children: list[XmlNode]
    text: str = ""

    def find(self, tag: str) -> XmlNode | None:
        """The first child named `tag` ("{namespace} local")."""
        return next((child for child in self.children if child.tag == tag), None)


def parse_xml(data: bytes) -> XmlNode:
    """Parse XML with expat (what ElementTree uses) into nodes that remember their lines."""
    parser = expat.ParserCreate(namespace_separator=" ")
    root = XmlNode("", {}, 0, [])
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = XmlNode(tag, attrs, parser.CurrentLineNumber, [])
        stack[-1].children.append(node)
        stack.append(node)

    def end(tag: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        stack[-1].text += data

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    parser.Parse(data, True)
    return root.children[0]


def _parse(check: FileCheck, group: str, data: bytes) -> XmlNode | None:
    try:
        return parse_xml(data)
    except expat.ExpatError as exc:
        check.report(group, exc.lineno, f"not well-formed XML: {expat.errors.messages[exc.code]}")
        return None


OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"


def check_opensearch(check: FileCheck, data: bytes) -> None:
    """The OpenSearch description: well-formed, with a ShortName and an HTML query URL whose
    page is a file of the site."""
    root = _parse(check, "feeds", data)
    if root is None:
        return
    if root.tag != f"{OPENSEARCH} OpenSearchDescription":
        check.report("feeds", root.line, "not an OpenSearch description")
        return
    if root.find(f"{OPENSEARCH} ShortName") is None:
        check.report("feeds", root.line, "the OpenSearch description has no <ShortName>")
    queries = [
        node
        for node in root.children
        if node.tag == f"{OPENSEARCH} Url" and node.attrs.get("type") == "text/html"
    ]
    if not queries:
        check.report("feeds", root.line, "the OpenSearch description has no text/html <Url>")
    for node in queries:
        check.link(node.attrs.get("template", "").split("?", 1)[0], node.line)


def check_feed(check: FileCheck, data: bytes) -> None:
    """An Atom feed: well-formed, a <feed> whose entries have title, link, id and updated."""
    feed = _parse(check, "feeds", data)
    if feed is None:
        return
    if feed.tag != f"{ATOM} feed":
        check.report("feeds", feed.line, "not an Atom feed (the root is not <feed>)")
        return
    for name in ("title", "id", "updated"):
        if feed.find(f"{ATOM} {name}") is None:
            check.report("feeds", feed.line, f"the feed has no <{name}>")
    for node in feed.children:
        if node.tag == f"{ATOM} entry":
            for name in ("title", "link", "id", "updated"):
                child = node.find(f"{ATOM} {name}")
                if child is None or not (child.text.strip() or child.attrs.get("href")):
                    check.report("feeds", node.line, f"an entry has no <{name}>")
        for link in (node, *node.children):
            if link.tag == f"{ATOM} link" and "href" in link.attrs:
                check.link(link.attrs["href"], link.line)


def check_sitemap(check: FileCheck, data: bytes) -> None:
    """A sitemap (or, for sitemap.xml, an index of them): every <loc> is a file of the site."""
    root = _parse(check, "sitemaps", data)
    if root is None:
        return
    kinds = {f"{SITEMAP_NS} urlset": "url", f"{SITEMAP_NS} sitemapindex": "sitemap"}
    item = kinds.get(root.tag)
    if item is None or (item == "sitemap" and check.path != "sitemap.xml"):
        check.report("sitemaps", root.line, f"unexpected root element {root.tag!r}")
        return
    if len(root.children) > 50_000:
        check.report("sitemaps", root.line, "more than 50,000 URLs (the sitemaps.org limit)")
    seen: set[str] = set()
    for node in root.children:
        loc = node.find(f"{SITEMAP_NS} loc")
        if loc is not None and loc.text in seen:
            check.report("sitemaps", loc.line, f"{loc.text.strip()!r} is listed twice")
        seen.add(loc.text if loc is not None else "")
        if node.tag != f"{SITEMAP_NS} {item}" or loc is None or not loc.text.strip():
            check.report("sitemaps", node.line, f"expected <{item}> with a <loc>")
        elif not loc.text.strip().startswith(check.site.base_url):
            check.report("sitemaps", loc.line, f"{loc.text.strip()!r} is not under the base URL")
        elif item == "sitemap" and not loc.text.strip().endswith(".xml"):
            check.report("sitemaps", loc.line, f"{loc.text.strip()!r} is not a sitemap")
        else:
            check.link(loc.text, loc.line, "sitemaps")


def check_robots(check: FileCheck, text: str) -> None:
    """robots.txt: each `Sitemap:` line must name a sitemap of the built site."""
    for number, line in enumerate(text.splitlines(), start=1):
        name, _, value = line.partition(":")
        if name.strip().lower() == "sitemap":
            check.link(value.strip(), number, "sitemaps")
