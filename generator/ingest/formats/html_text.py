"""An HTML or plain-text body of a feed or an agency item -> paragraphs of plain text.

Story text is untrusted: nothing of its markup survives. Scripts, styles and their contents are
dropped, every other tag is reduced to the text it holds, block elements and line breaks end a
paragraph, and entities are decoded once, so "&lt;script&gt;" stays those eight characters of
text that the story file then escapes.
"""

from __future__ import annotations

import html.parser
import re

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header footer"
    " figure figcaption dd dt hr".split()
)
_DROPPED = frozenset(
    "script style noscript template iframe object embed svg math head title".split()
)
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


class _Paragraphs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._dropped = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._dropped += 1
        elif tag in _BLOCKS:
            self._end()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._end()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._dropped = max(0, self._dropped - 1)
        elif tag in _BLOCKS:
            self._end()

    def handle_data(self, data: str) -> None:
        if not self._dropped:
            self._current.append(data)

    def _end(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.paragraphs.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._end()


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment, as text."""
    parser = _Paragraphs()
    parser.feed(markup)
    parser.close()
    return parser.paragraphs


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of plain text: blank lines separate them."""
    return [" ".join(part.split()) for part in _BLANK_LINES.split(text) if part.strip()]


def looks_like_html(text: str) -> bool:
    """Whether a body given without a type holds markup."""
    return bool(re.search(r"<(?:p|br|div|b|i|em|strong|a|span|ul|ol|li|h\d)\b[^>]*>", text, re.I))


def inline_text(markup: str) -> str:
    """A title or a name that may hold markup, as one line of text."""
    return " ".join(html_paragraphs(markup)) if "<" in markup or "&" in markup else markup
