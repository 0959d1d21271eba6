"""Plain views of the gathered site for templates: dicts of text, numbers and links.

Templates never see a `GatheredSite` or a `Story`: each page gets a fresh dict computed here from
the site, so a template cannot reach (or change) anything its page does not depend on, and a
later incremental build can tell a page's inputs from its view. Every `href` is final: the site
URL from `urls.py` with the base path in front. Here: what every kind of page shares, and the
story page; the pages of terms are in terms.py, the date archives and the home page in archives.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator import urls
from generator.models import TermKind
from generator.pages.i18n import Language, language
from generator.pages.repeats import shown_summary
from generator.site.gather import GatheredSite, Term
from generator.site.sequences import story_neighbours

View = dict[str, Any]

TOP_TERMS = 12
"""People, organisations, topics or places listed as "appears with" on a term's page."""
LATEST_STORIES = 20
"""Stories on the home page."""
RECENT_DAYS = 30
"""Days with stories over which the home page counts its "most covered": the most recent ones,
counted back from the newest story (never from the build's date)."""


def href(site: GatheredSite, url: str) -> str:
    """A site URL as a link: the base path in front ("/2025/" -> "/archive/2025/")."""
    return site.config.base_path.rstrip("/") + url


def absolute(site: GatheredSite, url: str) -> str:
    """A site URL as an absolute URL, for canonical links and OpenGraph."""
    return urls.absolute_url(site.config.base_url, url)


def long_date(site: GatheredSite, day: dt.date) -> str:
    """ "March 18, 2025" (in the site's language: "18 de marzo de 2025")."""
    return language(site.config.language).long_date(day)


def credit(dateline: str, agency: str) -> str:
    """The wire credit line without its date, which lists and pages show once beside it:
    "MOSCOW (IANS)", "MOSCOW", "(IANS)" or ""."""
    text = dateline.upper()
    if agency:
        text = f"{text} ({agency})" if text else f"({agency})"
    return text


def plural(count: int, noun: str, lang: Language | None = None) -> str:
    """ "1 story", "2 stories", "0 stories" (and "1 person", "1,204 people"); `noun` may be
    given in the singular or the plural; in `lang` (default English)."""
    return (lang or language("en")).plural(count, noun)


def page_meta(
    site: GatheredSite, url: str, title: str, description: str, kind: str = "website"
) -> View:
    """What the base layout needs: <title>, meta description, canonical link, and the
    OpenGraph type of the page ("website", "article" for a story, "profile" for a person)."""
    return {
        "url": url,
        "title": title,
        "description": description or site.config.description or site.config.title,
        "canonical": absolute(site, url),
        "search_href": href(site, urls.SEARCH_URL) if site.config.search else "",
        "og_type": kind,
    }


@dataclass(slots=True)
class SiteReader:
    """The gathered site as one process's views read it, keeping what many pages repeat.

    A story's list entry is shown by dozens of pages, and its related stories are asked for by
    its page and again by the build (to save them for the next one): each render process keeps
    one reader for the site it renders, so each value is worked out once there.
    """

    site: GatheredSite
    """The gathered site (read-only)."""
    items: dict[int, View] = field(default_factory=dict)
    """Story index -> its list entry (`story_item`), read-only once made."""
    related_lists: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """Story index -> its related stories."""

    def story_item(self, index: int) -> View:
        """One story in a list: headline, link, date, credit, summary."""
        item = self.items.get(index)
        if item is None:
            item = self.items[index] = story_item(self.site, index)
        return item

    def related(self, index: int) -> tuple[int, ...]:
        """The stories related to story `index`, best first."""
        found = self.related_lists.get(index)
        if found is None:
            found = self.related_lists[index] = self.site.related(index)
        return found


def story_item(site: GatheredSite, index: int) -> View:
    """One story in a list: headline, link, date, credit, summary (`SiteReader` keeps them).

    The summary is "" when it only repeats the headline (`repeats.shown_summary`): a list never
    shows one sentence twice.
    """
    story = site.stories[index]
    return {
        "title": story.title,
        "href": href(site, urls.story_url(story.date, story.slug)),
        "date": story.date.isoformat(),
        "date_text": long_date(site, story.date),
        "credit": credit(story.dateline, story.agency),
        "summary": shown_summary(story.title, story.summary),
    }


def term_link(site: GatheredSite, term: Term, count: int | None = None) -> View:
    """A person, organisation, topic or place as a link, with an optional story count; `href`
    is "" for a term without a page (not published), which templates show as plain text."""
    return {
        "name": term.name,
        "href": href(site, urls.term_url(term.kind, term.slug)) if term.published else "",
        "count": len(term.stories) if count is None else count,
        "known": term.known,
    }


def newest_first(indices: Iterable[int]) -> list[int]:
    """Story indices newest first (indices follow the stories' order, oldest first)."""
    return sorted(indices, reverse=True)


def citation(site: GatheredSite, index: int) -> str:
    """A story cited in plain text: agency, headline, dateline and date, the archive, the
    permalink ("IANS. “Moscow has not lost hope.” Moscow, March 18, 2025. The Archive,
    https://example.org/2025/03/18/moscow/")."""
    story = site.stories[index]
    title = story.title.rstrip()
    quoted = f"“{title}”" if title[-1:] in ".?!" else f"“{title}.”"
    when = long_date(site, story.date)
    where = f"{story.dateline}, {when}" if story.dateline else when
    parts = [f"{story.agency}." if story.agency else "", quoted, f"{where}."]
    permalink = absolute(site, urls.story_url(story.date, story.slug))
    parts.append(f"{site.config.title}, {permalink}")
    return " ".join(part for part in parts if part)


def story_view(reader: SiteReader, index: int) -> View:
    """A story page, without its body (render.py turns the Markdown into HTML)."""
    site = reader.site
    story = site.stories[index]
    url = urls.story_url(story.date, story.slug)
    before, after = story_neighbours(site, index)
    tags = {
        kind: [term_link(site, site.terms[kind][slug]) for slug in story.terms(kind)]
        for kind in TermKind
    }
    return {
        **reader.story_item(index),
        "meta": page_meta(site, url, story.title, story.summary, "article"),
        "id": story.id,
        "dateline": story.dateline,
        "agency": story.agency,
        "people": tags[TermKind.PEOPLE],
        "organisations": tags[TermKind.ORGANISATIONS],
        "topics": tags[TermKind.TOPICS],
        "places": tags[TermKind.PLACES],
        "note": story.source.note if story.source else "",
        "source_file": story.source.file if story.source else "",
        "content_path": story.path,
        "related": [reader.story_item(other) for other in reader.related(index)],
        # The stories before and after in date order, across days (site/sequences.py).
        "previous": reader.story_item(before) if before is not None else None,
        "next": reader.story_item(after) if after is not None else None,
        "day_href": href(site, urls.day_url(story.date)),
        "published": absolute(site, url),
        "permalink": absolute(site, url),
        "citation": citation(site, index),
    }


def top_terms(
    site: GatheredSite, indices: Sequence[int], kind: TermKind, exclude: str = ""
) -> list[View]:
    """The published terms of `kind` most often named in the stories `indices`, with their
    counts (a term without a page is never among the "most covered")."""
    counts: Counter[str] = Counter()
    for index in indices:
        counts.update(site.stories[index].terms(kind))
    counts.pop(exclude, None)
    terms = site.terms[kind]
    for slug in [slug for slug in counts if not terms[slug].published]:
        del counts[slug]
    # Ties broken by name, then slug: Counter.most_common would keep insertion order, which
    # depends on the stories' order and is not something a reader could predict.
    best = sorted(counts, key=lambda slug: (-counts[slug], terms[slug].name, slug))[:TOP_TERMS]
    return [term_link(site, terms[slug], counts[slug]) for slug in best]
