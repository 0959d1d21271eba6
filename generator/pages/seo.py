"""schema.org JSON-LD for story, person and organisation pages, safe inside a `<script>` element.

Story text is untrusted. Inside `<script>` the HTML parser ends the element at the first
`</script` and treats `<!--` specially, whatever JSON thinks of it; so after `json.dumps` every
`<`, `>` and `&` becomes its JSON `\\u` escape, which is the same string to a JSON parser and plain
characters to the HTML one. Templates must insert the result unescaped (`|safe`): HTML-escaping
would turn the quotes into `&quot;` and break the JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping

from generator import urls
from generator.config import SiteConfig
from generator.models import Organisation, Person, Story, TermKind

# Characters XML 1.0 forbids, as in feeds.py: a lone surrogate cannot even be encoded as UTF-8,
# and the page text drops the same set, so the JSON-LD says what the page says.
_INVALID_TEXT = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# U+2028/2029 are valid JSON but ended string literals in JavaScript before ES2019.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _clean(value: object) -> object:
    """Drop invalid characters from every string of a JSON-able structure."""
    if isinstance(value, str):
        return _INVALID_TEXT.sub("", value)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_clean(item) for item in value]
    return value


def dump_json_ld(data: Mapping[str, object]) -> str:
    """Serialise `data` deterministically (sorted keys) as JSON that cannot end its `<script>`."""
    text = json.dumps(_clean(dict(data)), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.translate(_SCRIPT_SAFE)


def _organization(name: str) -> dict[str, object]:
    return {"@type": "Organization", "name": name}


_MENTIONED = ((TermKind.PEOPLE, "Person"), (TermKind.ORGANISATIONS, "Organization"))
"""The kinds a story `mentions`, with their schema.org types, in the order they are listed."""


Names = Mapping[TermKind, Mapping[str, str]]
"""kind ("people", "organisations", ...) -> slug -> display name."""


def story_json_ld(
    config: SiteConfig,
    story: Story,
    names: Names,
    unpublished: Collection[tuple[str, str]] = (),
) -> str:
    """Return a story page's NewsArticle JSON-LD, for `<script type="application/ld+json">`.

    Every person (`Person`) and organisation (`Organization`) the story names is a `mentions`
    entry linking to its page; topics are `about`, since a story is about its topics but only
    mentions its people. `names` gives display names by kind (a missing slug is shown as
    itself);
    `unpublished` holds the (kind, slug) of terms without a page, which are named without a URL.
    """
    url = urls.absolute_url(config.base_url, urls.story_url(story.date, story.slug))
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.title,
        # Wire stories have a date, no time: UTC midnight, as in the feeds, with an explicit
        # offset because a timestamp without one is read in the reader's own zone.
        "datePublished": f"{story.date:%Y-%m-%d}T00:00:00+00:00",
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "publisher": _organization(config.title),
        "inLanguage": config.language,
    }
    if story.summary:
        data["description"] = story.summary
    if story.dateline:
        data["dateline"] = story.dateline
        data["contentLocation"] = {"@type": "Place", "name": story.dateline}
    if story.agency:
        # The agency wrote the story (author) and supplied it (sourceOrganization).
        data["author"] = data["sourceOrganization"] = _organization(story.agency)
    blocked = frozenset(unpublished)
    mentions = [
        _thing(schema_type, config, kind, slug, names, blocked)
        for kind, schema_type in _MENTIONED
        for slug in story.terms(kind)
    ]
    if mentions:
        data["mentions"] = mentions
    if story.topics:
        data["about"] = [
            _thing("Thing", config, TermKind.TOPICS, slug, names, blocked) for slug in story.topics
        ]
    return dump_json_ld(data)


def _thing(
    schema_type: str,
    config: SiteConfig,
    kind: TermKind,
    slug: str,
    names: Names,
    unpublished: frozenset[tuple[str, str]],
) -> dict[str, object]:
    thing: dict[str, object] = {"@type": schema_type, "name": names.get(kind, {}).get(slug, slug)}
    if (kind, slug) not in unpublished:
        thing["url"] = urls.absolute_url(config.base_url, urls.term_url(kind, slug))
    return thing


def person_json_ld(config: SiteConfig, person: Person, story_count: int) -> str:
    """Return the ProfilePage JSON-LD of a person's landing page (see `profile_json_ld`)."""
    return profile_json_ld(config, person, story_count)


def organisation_json_ld(config: SiteConfig, organisation: Organisation, story_count: int) -> str:
    """Return the ProfilePage JSON-LD of an organisation's landing page, whose subject is an
    `Organization` (see `profile_json_ld`)."""
    return profile_json_ld(config, organisation, story_count)


def profile_json_ld(config: SiteConfig, entry: Person | Organisation, story_count: int) -> str:
    """Return the ProfilePage JSON-LD of a person's or organisation's landing page.

    The page's subject is the `Person` or `Organization` (name, page URL, description, aliases
    as alternateName); the stories naming it are an ItemList of `story_count` items that it is
    `subjectOf`.
    """
    kind, schema_type = (
        (TermKind.PEOPLE, "Person")
        if isinstance(entry, Person)
        else (TermKind.ORGANISATIONS, "Organization")
    )
    url = urls.absolute_url(config.base_url, urls.term_url(kind, entry.slug))
    entity: dict[str, object] = {"@type": schema_type, "name": entry.name, "url": url}
    if entry.description:
        entity["description"] = entry.description
    if entry.aliases:
        entity["alternateName"] = list(entry.aliases)
    entity["subjectOf"] = {"@type": "ItemList", "numberOfItems": story_count, "url": url}
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "inLanguage": config.language,
        "mainEntity": entity,
    }
    return dump_json_ld(data)
