"""Checks of a built site: internal links, HTML structure, Atom feeds and sitemaps.

One pass per file, no network: a link is internal when it is relative, starts with the base URL's
path, or starts with the base URL itself, and then it must name a file of the built site. Each
problem is a plain `(group, file, line, message)` tuple, cheap to send back from a worker process;
`check.py` turns them into `Problem`s.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.parsers import expat

from generator.workers import worker_pool

Found = tuple[str, str, int, str]
"""(group, file relative to the built site, 1-based line or 0, message)."""

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
LINK_ATTRS = frozenset(("href", "src", "poster", "action"))
# Schemes a browser would run: a page must never link to them (DESIGN.md §8). "data:" is unsafe
# only as a link (an href), where it can carry a whole page; an image may be inline data.
UNSAFE_SCHEMES = frozenset(("javascript", "vbscript"))
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
FILES_PER_TASK = 200
"""Files per task sent to a worker: pages are small, so a task must hold many to be worth it."""
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S)")


@dataclass(frozen=True, slots=True)
class Site:
    """What every file check needs to know about the built site."""

    base_url: str
    """The site's absolute base URL, ending with "/"."""
    base_path: str
    """Its path part ("/" or "/archive/")."""
    files: frozenset[str]
    """Every file of the built site, relative, with forward slashes."""
    scheme: str = ""
    """The base URL's scheme ("https")."""
    netloc: str = ""
    """The base URL's host (and port), lowercase."""


def page_url(site: Site, path: str) -> str:
    """The URL path a file is served at: "a/index.html" -> "/base/a/"."""
    folder, name = posixpath.split(path)
    if name == "index.html":
        return site.base_path + (folder + "/" if folder else "")
    return site.base_path + path


def resolve(site: Site, url: str, here: str) -> str | None:
    """Check one URL found in the file served at URL path `here`.

    Returns None for a link that is not checked (another host, mailto:, tel:, a bare fragment),
    "" for an internal link that names a file of the built site, else what is wrong with it.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in UNSAFE_SCHEMES:
        return f"unsafe {scheme}: link {url[:60]!r}"
    if parts.netloc:
        # Internal only under the base URL itself: the rest of the host is someone else's.
        same_host = parts.netloc.lower() == site.netloc and scheme in ("", site.scheme)
        if not same_host or not (parts.path + "/").startswith(site.base_path):
            return None
        target = parts.path or "/"
    elif scheme or not parts.path:
        return None
    else:
        folder = here if here.endswith("/") else posixpath.dirname(here) + "/"
        target = posixpath.join(folder, parts.path)
    tail = target.rsplit("/", 1)[-1]
    trailing = target.endswith("/") or tail in (".", "..")
    target = posixpath.normpath(unquote(target)) + ("/" if trailing else "")
    target = target.replace("//", "/")
    if target + "/" == site.base_path:
        return f"link {url!r} names a folder: it needs a trailing /"
    if not target.startswith(site.base_path):
        return f"link {url!r} is outside the site's base path {site.base_path}"
    file = target[len(site.base_path) :]
    if file == "" or file.endswith("/"):
        file += "index.html"
    if file in site.files:
        return ""
    if not trailing and file + "/index.html" in site.files:
        return f"link {url!r} names a folder: it needs a trailing /"
    return f"broken link {url!r}: no {file} in the built site"


class FileCheck:
    """The problems of one built file, and how many internal links it holds."""

    def __init__(self, site: Site, path: str) -> None:
        self.site, self.path, self.here = site, path, page_url(site, path)
        self.found: list[Found] = []
        self.links = 0

    def report(self, group: str, line: int, message: str) -> None:
        """Note a problem of this file."""
        self.found.append((group, self.path, line, message))

    def link(self, url: str, line: int, group: str = "links") -> None:
        """Check one URL of this file; an internal one counts, whether it resolves or not."""
        problem = resolve(self.site, url, self.here)
        self.links += problem is not None
        if problem:
            self.report(group, line, problem)


class PageParser(HTMLParser):
    """One pass over a page: element nesting, one <h1>, one non-empty <title>, `<html lang>`,
    the canonical URL and every link, reported into a `FileCheck` as they are met."""

    def __init__(self, check: FileCheck) -> None:
        super().__init__(convert_charrefs=True)
        self.check = check
        self.ids: set[str] = set()
        self.fragments: list[tuple[str, int]] = []
        self.first: dict[str, int] = {}  # line of the first <!doctype html>, <html>, <h1>, <title>
        self.stack: list[tuple[str, int]] = []
        self.nested_badly = False
        self.title: list[str] | None = None
        self.svg = 0  # inside <svg>, a <title> is a tooltip, not the page's

    def handle_decl(self, decl: str) -> None:
        if decl.lower().startswith("doctype html"):
            self.first.setdefault("!doctype html", self.getpos()[0])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        self.handle_startendtag(tag, attrs)
        values = dict(attrs)
        if tag == "html" and not (values.get("lang") or "").strip():
            self.check.report("html", line, "<html> has no lang attribute")
        elif tag == "link" and "canonical" in (values.get("rel") or "").split():
            # A page that claims another's URL: two stories with one id, or at one URL.
            own = self.check.site.base_url + self.check.here[len(self.check.site.base_path) :]
            if values.get("href") != own:
                message = f"canonical URL {values.get('href')!r} is not this page's URL {own!r}"
                self.check.report("html", line, message)
        elif tag in ("h1", "title") and not self.svg:
            if tag in self.first:
                message = f"a second <{tag}> (the first is on line {self.first[tag]})"
                self.check.report("html", line, message)
            elif tag == "title":
                self.title = []
        if tag in ("html", "h1", "title") and not self.svg:
            self.first.setdefault(tag, line)
        self.svg += tag == "svg"
        if tag not in VOID:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name in LINK_ATTRS:
                if name == "href" and value.strip().lower().startswith("data:"):
                    self.check.report("links", line, f"unsafe data: link {value[:60]!r}")
                elif value.startswith("#"):
                    self.fragments.append((value[1:], line))
                else:
                    self.check.link(value, line)
            elif name == "srcset":
                for candidate in _SRCSET_SPLIT.split(value.strip()):
                    if candidate.strip():
                        self.check.link(candidate.split()[0], line)
            elif name == "id":
                self.ids.add(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            if not "".join(self.title).strip():
                self.check.report("html", self.first["title"], "<title> is empty")
            self.title = None
        self.svg -= tag == "svg" and self.svg > 0
        if tag in VOID:
            return
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()
            return
        if not self.nested_badly:  # the first mistake only: the rest follow from it
            self.nested_badly = True
            opened = (
                f"<{self.stack[-1][0]}> opened on line {self.stack[-1][1]}" if self.stack else ""
            )
            self.check.report("html", self.getpos()[0], f"</{tag}> closes {opened or 'nothing'}")
        # Drop back to the matching element, if any, so that one mistake is reported once.
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.title is not None:
            self.title.append(data)

    def close(self) -> None:
        """Finish the page: report what it lacks, an unclosed element, fragments with no id."""
        super().close()
        for tag in ("!doctype html", "html", "title", "h1"):
            if tag not in self.first:
                self.check.report("html", 0, f"no <{tag}>")
        if self.stack and not self.nested_badly:
            tag, line = self.stack[-1]
            self.check.report("html", line, f"<{tag}> is never closed")
        for fragment, line in self.fragments:
            self.check.links += 1
            if fragment and unquote(fragment) not in self.ids:
                self.check.report("links", line, f"broken link '#{fragment}': no such id here")


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


def check_file(site: Site, root: Path, path: str) -> FileCheck:
    """Check one built file by its kind: page, sitemap, feed or robots.txt."""
    check = FileCheck(site, path)
    data = (root / path).read_bytes()
    if path == "robots.txt":
        check_robots(check, data.decode("utf-8", errors="replace"))
    elif path.endswith(".html"):
        try:
            parser = PageParser(check)
            parser.feed(data.decode("utf-8"))
            parser.close()
        except UnicodeDecodeError as exc:
            check.report("html", 0, f"not UTF-8 ({exc.reason})")
    elif path == "sitemap.xml" or path.startswith("sitemaps/"):
        check_sitemap(check, data)
    else:
        check_feed(check, data)
    return check


# Set in each worker by the pool's initializer (with fork, inherited rather than pickled for each
# task: the set of files is large), read by its tasks; the one module-level state, as in build.py.
_WORKER: tuple[Site, Path] | None = None


def _init_worker(site: Site, root: Path) -> None:
    global _WORKER
    _WORKER = (site, root)


def _check_batch(paths: Sequence[str]) -> tuple[list[Found], int, int]:
    assert _WORKER is not None, "worker not initialised"
    return check_files(*_WORKER, paths)


def check_files(site: Site, root: Path, paths: Sequence[str]) -> tuple[list[Found], int, int]:
    """Check a batch of files; return their problems, internal links and HTML pages."""
    found: list[Found] = []
    links = pages = 0
    for path in paths:
        check = check_file(site, root, path)
        found += check.found
        links += check.links
        pages += path.endswith(".html")
    return found, links, pages


def check_output(
    root: Path, base_url: str, base_path: str, *, jobs: int | None = None
) -> tuple[list[Found], int, int]:
    """Check every page, feed and sitemap of the built site in `root`, in `jobs` processes;
    return the problems, the internal links checked and the HTML pages checked."""
    files = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    parts = urlsplit(base_url)
    site = Site(base_url, base_path, files, parts.scheme.lower(), parts.netloc.lower())
    paths = sorted(p for p in files if p.endswith((".html", ".xml")) or p == "robots.txt")
    size = FILES_PER_TASK
    batches = [paths[start : start + size] for start in range(0, len(paths), size)]
    jobs = max(1, jobs or os.cpu_count() or 1)
    if jobs == 1 or len(batches) <= 1:
        results = [check_files(site, root, batch) for batch in batches]
    else:
        with worker_pool(min(jobs, len(batches)), _init_worker, (site, root)) as pool:
            results = list(pool.map(_check_batch, batches))
    found = [item for batch_found, _, _ in results for item in batch_found]
    return found, sum(r[1] for r in results), sum(r[2] for r in results)
