"""Atom 1.0 feeds (RFC 4287): the site feed and one per person, organisation, topic or place.

A build writes thousands of term feeds, so a feed is joined from escaped strings rather than
built as an element tree: the escaping is done by `xml.sax.saxutils` on every piece of text,
and nothing is set up per call beyond a few URL joins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from generator import urls
from generator.config import SiteConfig
from generator.models import Story, TermKind
from generator.site.gather import GatheredSite
from generator.site.plan import TermKey
from generator.timestamps import day_start

# Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): one of
# them in a wire story would make the whole feed unparseable, so they are dropped.
_INVALID_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# A feed with no entries still needs an <updated>; the epoch is valid and never changes.
_EMPTY_UPDATED = "1970-01-01T00:00:00Z"
# Taxonomies whose terms become <category> elements, each with its A-Z index as the scheme.
_CATEGORY_KINDS = (TermKind.PEOPLE, TermKind.ORGANISATIONS, TermKind.TOPICS)


def _text(value: str) -> str:
    """Element content: invalid characters dropped, `& < >` escaped (so `]]>` is harmless)."""
    return escape(_INVALID_XML.sub("", value))


def _attr(value: str) -> str:
    """A double-quoted attribute value; whitespace is kept as character references."""
    # Plain replaces: escape()'s entities argument costs a Python loop per call, and this runs
    # for every link of every feed.
    text = escape(_INVALID_XML.sub("", value)).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _timestamp(story: Story, zone: str) -> str:
    # Wire stories carry a date but no time: the start of that day in the site's time zone,
    # with the zone's offset that day (generator/timestamps.py). The date in the timestamp is
    # the story's own date, and nothing depends on the build machine's clock or zone.
    return day_start(story.date, zone)


def _entry_id(host: str, story: Story) -> str:
    # A tag: URI (RFC 4151) of the story id, not the story URL: an editor may retitle a story (its
    # slug changes) or the site may move to another path, and readers must not see a new entry.
    # Moving to another domain does change it; the story's year dates the tag so it needs no
    # clock. The id is percent-encoded because the tag grammar allows only URI characters.
    return f"tag:{host},{story.date:%Y}:{quote(story.id, safe='')}"


Names = Mapping[TermKind, Mapping[str, str]]
"""kind ("people", "organisations", "topics") -> slug -> display name, for categories."""


def _category(scheme: str, slug: str, names: Mapping[str, str]) -> str:
    label = _attr(names.get(slug, slug))
    return f'<category term="{_attr(slug)}" scheme="{scheme}" label="{label}"/>'


def _render_entry(
    config: SiteConfig,
    host: str,
    schemes: Sequence[tuple[TermKind, str]],
    categories: dict[tuple[str, str], str],
    story: Story,
    names: Names,
    bodies: Mapping[str, str] | None = None,
) -> str:
    when = _timestamp(story, config.timezone)
    link = urls.absolute_url(config.base_url, urls.story_url(story.date, story.slug))
    parts = [
        "<entry>",
        f'<title type="text">{_text(story.title)}</title>',
        f'<link rel="alternate" type="text/html" href="{_attr(link)}"/>',
        f"<id>{_text(_entry_id(host, story))}</id>",
        f"<published>{when}</published>",
        f"<updated>{when}</updated>",
        f"<author><name>{_text(story.agency or config.title)}</name></author>",
        f'<summary type="text">{_text(story.summary)}</summary>',
    ]
    if bodies is not None and story.id in bodies:
        # HTML as escaped text (type="html"): the feed stays well-formed whatever the story holds.
        parts.append(f'<content type="html">{_text(bodies[story.id])}</content>')
    for kind, scheme in schemes:
        for slug in story.terms(kind):
            element = categories.get((kind, slug))
            if element is None:
                element = categories[kind, slug] = _category(scheme, slug, names.get(kind, {}))
            parts.append(element)
    parts.append("</entry>")
    return "".join(parts)


def render_feed(
    config: SiteConfig,
    *,
    title: str,
    page_url: str,
    feed_url: str,
    stories: Sequence[Story],
    names: Names,
    bodies: Mapping[str, str] | None = None,
    entries: dict[str, str] | None = None,
) -> bytes:
    """Return the UTF-8 bytes of an Atom feed of `stories`, in the order given.

    `page_url` is the site URL of the HTML page the feed mirrors and `feed_url` the feed's own;
    both become absolute with the base URL. The caller sorts and cuts the stories (newest first,
    `config.feed_entries` at most). `names` maps each kind's slugs to display names for the
    entries' categories (people, organisations and topics); a missing slug is shown as itself. The output depends on nothing but the
    arguments: no build time, so an unchanged feed stays byte-identical. With `bodies` (story
    id -> body HTML), each entry also carries its story in full (`<content type="html">`).
    `entries` (story id -> entry), when given, keeps each story's entry for the next feed that
    lists it: a story is in the feeds of all its people, topics and places, and its entry is the
    same in each within one build (the same `names` and `bodies`).

    The feed names the theme's XSL stylesheet (`urls.FEED_STYLESHEET_URL`), so that a browser
    shows it as a page that says what a feed is and how to subscribe; feed readers ignore it.
    """
    page = urls.absolute_url(config.base_url, page_url)
    # Tag URIs name a DNS authority: the host alone, without port or user.
    host = urlsplit(config.base_url).hostname or "localhost"
    # The newest date, not stories[0]'s, so a caller's tie order or a mistake cannot move it back.
    newest = max(stories, key=lambda s: s.date) if stories else None
    updated = _timestamp(newest, config.timezone) if newest else _EMPTY_UPDATED
    stylesheet = config.base_path.rstrip("/") + urls.FEED_STYLESHEET_URL
    head = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<?xml-stylesheet type="text/xsl" href="{_attr(stylesheet)}"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_attr(config.language)}">'
        f'<title type="text">{_text(title)}</title>'
        f'<link rel="alternate" type="text/html" href="{_attr(page)}"/>'
        f'<link rel="self" type="application/atom+xml"'
        f' href="{_attr(urls.absolute_url(config.base_url, feed_url))}"/>'
        # The page URL identifies the feed: it is what a reader subscribes to in spirit, and it
        # is stable as long as the page is.
        f"<id>{_text(page)}</id>"
        f"<updated>{updated}</updated>"
        "<generator>Morgue</generator>"
    )
    schemes = [
        (kind, _attr(urls.absolute_url(config.base_url, urls.term_index_url(kind))))
        for kind in _CATEGORY_KINDS
    ]
    # The same terms recur in entry after entry (a person's feed names them in every one), so
    # each <category> is escaped once per feed; the memo lives and dies with this call.
    categories: dict[tuple[str, str], str] = {}
    kept = {} if entries is None else entries
    texts = []
    for story in stories:
        text = kept.get(story.id)
        if text is None:
            text = kept[story.id] = _render_entry(
                config, host, schemes, categories, story, names, bodies
            )
        texts.append(text)
    return "\n".join([head, *texts, "</feed>\n"]).encode("utf-8")


def render_json_feed(
    config: SiteConfig,
    *,
    title: str,
    page_url: str,
    feed_url: str,
    stories: Sequence[Story],
    names: Names,
    bodies: Mapping[str, str] | None = None,
) -> bytes:
    """Return the UTF-8 bytes of a JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of
    `stories`: the same entries, ids and dates as `render_feed` gives for the same arguments.
    Story text goes through `json.dumps`, so whatever it holds stays a JSON string."""
    host = urlsplit(config.base_url).hostname or "localhost"
    items = []
    for story in stories:
        link = urls.absolute_url(config.base_url, urls.story_url(story.date, story.slug))
        item: dict[str, object] = {
            "id": _entry_id(host, story),
            "url": link,
            "title": story.title,
            "summary": story.summary,
            "date_published": _timestamp(story, config.timezone),
            "authors": [{"name": story.agency or config.title}],
        }
        if bodies is not None and story.id in bodies:
            item["content_html"] = bodies[story.id]
        else:
            item["content_text"] = story.summary
        tags = [
            names.get(kind, {}).get(slug, slug)
            for kind in _CATEGORY_KINDS
            for slug in story.terms(kind)
        ]
        if tags:
            item["tags"] = tags
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": urls.absolute_url(config.base_url, page_url),
        "feed_url": urls.absolute_url(config.base_url, feed_url),
        "language": config.language,
        "items": items,
    }
    # ensure_ascii keeps the file plain ASCII whatever the stories hold; sorted keys and fixed
    # separators keep it byte-identical from build to build.
    text = json.dumps(document, ensure_ascii=True, indent=1, separators=(",", ": "))
    return (text + "\n").encode("utf-8")


def feed_story_indices(site: GatheredSite, term: TermKey | None) -> Sequence[int]:
    """Indices of the stories of the site's feed (`term` None) or a term's, oldest first."""
    count = site.config.feed_entries
    if term is None:
        return range(max(0, len(site.stories) - count), len(site.stories))
    return site.terms[term.kind][term.slug].stories[-count:]


def page_feed(
    site: GatheredSite,
    term: TermKey | None,
    names: Names,
    bodies: Mapping[str, str] | None = None,
    entries: dict[str, str] | None = None,
) -> bytes:
    """The site's feed (`term` None) or a term's: its newest `feed_entries` stories, newest
    first, beside the page it mirrors. `names`, `bodies` (story id -> body HTML, for feeds with
    full content) and `entries` as for `render_feed`."""
    stories = [site.stories[i] for i in feed_story_indices(site, term)]
    if term is None:
        title, page_url, feed_url = site.config.title, urls.HOME_URL, urls.FEED_URL
    else:
        found = site.terms[term.kind][term.slug]
        title = f"{found.name} – {site.config.title}"
        page_url, feed_url = (
            urls.term_url(term.kind, term.slug),
            urls.term_feed_url(term.kind, term.slug),
        )
    return render_feed(
        site.config, title=title, page_url=page_url, feed_url=feed_url,
        stories=list(reversed(stories)), names=names, bodies=bodies, entries=entries,
    )  # fmt: skip


def page_json_feed(
    site: GatheredSite,
    term: TermKey | None,
    names: Names,
    bodies: Mapping[str, str] | None = None,
) -> bytes:
    """The JSON Feed beside `page_feed`'s Atom feed: the same stories in the same order."""
    stories = [site.stories[i] for i in feed_story_indices(site, term)]
    if term is None:
        title, page_url, feed_url = site.config.title, urls.HOME_URL, urls.JSON_FEED_URL
    else:
        found = site.terms[term.kind][term.slug]
        title = f"{found.name} – {site.config.title}"
        page_url = urls.term_url(term.kind, term.slug)
        feed_url = urls.term_json_feed_url(term.kind, term.slug)
    return render_json_feed(
        site.config, title=title, page_url=page_url, feed_url=feed_url,
        stories=list(reversed(stories)), names=names, bodies=bodies,
    )  # fmt: skip
