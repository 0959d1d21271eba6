"""Plain views of the pages of people, organisations, topics and places (see views.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from generator import urls
from generator.models import TermKind
from generator.pages.views import (
    SiteReader,
    View,
    href,
    long_date,
    month_name,
    newest_first,
    page_meta,
    term_link,
    top_terms,
)
from generator.site.gather import GatheredSite, Term, fallback_name

_INDEX_TITLES = {
    TermKind.PEOPLE: "People A–Z",
    TermKind.ORGANISATIONS: "Organisations A–Z",
    TermKind.TOPICS: "Topics",
    TermKind.PLACES: "Places A–Z",
}


def _timeline(site: GatheredSite, indices: Sequence[int]) -> View:
    """Stories per month from the first to the last appearance, as bar geometry for an SVG."""
    counts: Counter[tuple[int, int]] = Counter()
    for index in indices:
        day = site.stories[index].date
        counts[(day.year, day.month)] += 1
    first, last = min(counts), max(counts)
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    height, width = 60, max(3, min(24, 720 // len(months)))
    peak = max(counts.values())
    bars = []
    for position, (year, month) in enumerate(months):
        count = counts.get((year, month), 0)
        bar = round(height * count / peak) if count else 0
        bars.append(
            {
                "x": position * width,
                "y": height - bar,
                "width": max(1, width - 1),
                "height": bar,
                "count": count,
                "label": f"{month_name(year, month)}: {count} {'story' if count == 1 else 'stories'}",
                "href": href(site, urls.month_url(year, month)) if count else "",
                "year_label": str(year) if month == 1 or position == 0 else "",
            }
        )
    return {"bars": bars, "width": len(months) * width, "height": height, "peak": peak}


def _page_range(site: GatheredSite, term: Term, page: int) -> View:
    stories = site.term_page(term, page)
    first, last = site.stories[stories[0]].date, site.stories[stories[-1]].date
    return {
        "number": page,
        "href": href(site, urls.term_url(term.kind, term.slug, page)),
        "label": long_date(first) if first == last else f"{long_date(first)} – {long_date(last)}",
    }


def term_view(reader: SiteReader, kind: TermKind, slug: str) -> View:
    """A term's landing page: facts, timeline, companions, newest stories, numbered pages."""
    site = reader.site
    term = site.terms[kind][slug]
    url = urls.term_url(kind, slug)
    first, last = site.stories[term.stories[0]].date, site.stories[term.stories[-1]].date
    count = len(term.stories)
    stories_word = "story" if count == 1 else "stories"
    description = (
        term.description or f"{count} {stories_word} about {term.name} in {site.config.title}."
    )
    return {
        "meta": page_meta(site, url, term.name, description),
        "kind": kind,
        "singular": kind.singular,
        "slug": slug,
        "name": term.name,
        "description": term.description,
        "known": term.known,
        "count": count,
        "first": {"date": first.isoformat(), "text": long_date(first)},
        "last": {"date": last.isoformat(), "text": long_date(last)},
        "timeline": _timeline(site, term.stories),
        **{
            other: top_terms(site, term.stories, other, slug if other == kind else "")
            for other in TermKind
        },
        "stories": [reader.story_item(i) for i in newest_first(term.stories[-site.per_page :])],
        "pages": [_page_range(site, term, page) for page in range(1, site.page_count(term) + 1)],
        "feed_href": href(site, urls.term_feed_url(kind, slug)),
        "index_href": href(site, urls.term_index_url(kind)),
        # The search page's filter of this kind ("person", "organisation", "topic", "place") set
        # to this name.
        "search_href": href(site, urls.SEARCH_URL) if site.config.search else "",
    }


def term_page_view(reader: SiteReader, kind: TermKind, slug: str, page: int) -> View:
    """A numbered page: only what stays true when newer stories arrive (no counts, no totals)."""
    site = reader.site
    term = site.terms[kind][slug]
    url = urls.term_url(kind, slug, page)
    items = [reader.story_item(i) for i in newest_first(site.term_page(term, page))]
    label = f"{term.name}: stories {items[-1]['date_text']} to {items[0]['date_text']}"
    return {
        "meta": page_meta(site, url, f"{term.name} – page {page}", label),
        "kind": kind,
        "singular": kind.singular,
        "name": term.name,
        "number": page,
        "stories": items,
        "landing_href": href(site, urls.term_url(kind, slug)),
        "older_href": href(site, urls.term_url(kind, slug, page - 1)) if page > 1 else "",
        "newer_href": (
            href(site, urls.term_url(kind, slug, page + 1)) if page < site.page_count(term) else ""
        ),
        "feed_href": href(site, urls.term_feed_url(kind, slug)),
    }


def _letter(name: str) -> str:
    initial = name[:1].upper()
    return initial if "A" <= initial <= "Z" else "#"


def term_index_view(site: GatheredSite, kind: TermKind) -> View:
    """People, organisations or places A-Z (grouped by initial), or topics grouped by their parent
    topic; only terms with a page (published) are listed."""
    published = (term for term in site.terms[kind].values() if term.published)
    terms = sorted(published, key=lambda term: (term.name.casefold(), term.slug))
    groups: list[View] = []
    if kind == TermKind.TOPICS:
        by_parent: dict[str, list[Term]] = {}
        for term in terms:
            by_parent.setdefault(term.parent or term.slug, []).append(term)
        for key in sorted(by_parent, key=lambda key: (_topic_name(site, key).casefold(), key)):
            head = site.terms[TermKind.TOPICS].get(key)
            groups.append(
                {
                    "id": f"group-{key}",
                    "heading": _topic_name(site, key),
                    "head": term_link(site, head) if head else None,
                    "terms": [term_link(site, t) for t in by_parent[key] if t.slug != key],
                }
            )
    else:
        by_letter: dict[str, list[Term]] = {}
        for term in terms:
            by_letter.setdefault(_letter(term.name), []).append(term)
        for letter in sorted(by_letter, key=lambda letter: (letter == "#", letter)):
            groups.append(
                {
                    "id": f"letter-{letter if letter != '#' else 'other'}",
                    "heading": letter,
                    "head": None,
                    "terms": [term_link(site, t) for t in by_letter[letter]],
                }
            )
    title = _INDEX_TITLES[kind]
    url = urls.term_index_url(kind)
    description = f"{len(terms)} {kind} in {site.config.title}."
    return {
        "meta": page_meta(site, url, title, description),
        "kind": kind,
        "groups": groups,
        "total": len(terms),
    }


def _topic_name(site: GatheredSite, slug: str) -> str:
    term = site.terms[TermKind.TOPICS].get(slug)
    return term.name if term else fallback_name(slug)
