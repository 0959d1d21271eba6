"""Checks of one built file: its internal links, and a page's HTML structure.

One pass per file, no network: a link is internal when it is relative, starts with the base URL's
path, or starts with the base URL itself, and then it must name a file of the built site. Each
problem is a `Problem` whose kind is the check group ("html", "links", ...) and whose file is
relative to the built site. Feeds and sitemaps are checked in `feeds.py`; `output.py` runs the
checks over every file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from generator.models import Problem

VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
LINK_ATTRS = frozenset(("href", "src", "poster", "action"))
# Schemes a browser would run: a page must never link to them (DESIGN.md §8). "data:" is unsafe
# only as a link (an href), where it can carry a whole page; an image may be inline data.
UNSAFE_SCHEMES = frozenset(("javascript", "vbscript"))
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
        self.found: list[Problem] = []
        self.links = 0

    def report(self, group: str, line: int, message: str) -> None:
        """Note a problem of this file."""
        self.found.append(Problem(self.path, line, group, message))

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
