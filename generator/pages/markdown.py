"""Story bodies: Markdown to HTML, safely (no raw HTML, only web and mail links), fast for prose."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

_SAFE_SCHEME = re.compile(r"^(?:https?:|mailto:|[^:]*$)", re.I)
# Text that CommonMark renders as plain paragraphs and nothing else: no inline markup, entity,
# escape or HTML character, no line that could open a block (list, heading, quote, rule, code),
# no hard break (trailing spaces). For such text, escaping and wrapping paragraphs gives exactly
# markdown-it's output at a fraction of the cost; wire copy is almost always like this.
_MARKUP_CHARS = re.compile(r"[\\`*_\[\]<>!&#~|\t\r\x00]")
_BLOCK_START = re.compile(r"^(?:[ \-+=>]|\d{1,9}[.)](?:\s|$))|[ ]$", re.M)


def _validate_link(url: str) -> bool:
    # Allow-list rather than markdown-it's deny-list: only web and mail links, or relative ones.
    return bool(_SAFE_SCHEME.match(url.strip()))


def create_markdown() -> MarkdownIt:
    """CommonMark with raw HTML off and only http(s), mailto and relative links."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = _validate_link  # type: ignore[method-assign]
    return md


def render_markdown(md: MarkdownIt, text: str) -> str:
    """A story body as HTML; plain prose takes a fast path with markdown-it's exact output."""
    if _MARKUP_CHARS.search(text) is None and _BLOCK_START.search(text) is None:
        paragraphs = (p.strip("\n") for p in re.split(r"\n[ \t]*\n", text))
        return "".join(f"<p>{escapeHtml(p)}</p>\n" for p in paragraphs if p.strip())
    html: str = md.render(text)
    return html
