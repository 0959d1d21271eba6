"""Plain views of the gathered site for templates: dicts of text, numbers and links.

Templates never see a `GatheredSite` or a `Story`: each page gets a fresh dict computed here from
the site, so a template cannot reach (or change) anything its page does not depend on, and a
later incremental build can tell a page's inputs from its view. Every `href` is final: the site
URL from `urls.py` with the base path in front.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from generator import urls
from generator.site.gather import KINDS, GatheredSite, Term, fallback_name, singular

View = dict[str, Any]

TOP_TERMS = 12
"""People, topics or places listed as "appears with" on a term's page."""
LATEST_STORIES = 20
"""Stories on the home page."""
RECENT_DAYS = 30
"""The home page's "last 30 days", counted back from the newest story (never from today)."""
# English names, not calendar.month_name: that follows the locale, and the same archive must
# build to the same bytes on every machine.
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def href(site: GatheredSite, url: str) -> str:
    """A site URL as a link: the base path in front ("/2025/" -> "/archive/2025/")."""
    return site.config.base_path.rstrip("/") + url


def absolute(site: GatheredSite, url: str) -> str:
    """A site URL as an absolute URL, for canonical links and OpenGraph."""
    return urls.absolute_url(site.config.base_url, url)


def long_date(day: dt.date) -> str:
    """ "March 18, 2025": the wire's own style, without locale surprises."""
    return f"{MONTHS[day.month]} {day.day}, {day.year}"


def month_name(year: int, month: int) -> str:
    """ "March 2025"."""
    return f"{MONTHS[month]} {year}"


def credit(dateline: str, agency: str, day: dt.date) -> str:
    """The wire credit line: "MOSCOW, March 18 (IANS)"."""
    when = f"{MONTHS[day.month]} {day.day}"
    text = f"{dateline.upper()}, {when}" if dateline else when
    return f"{text} ({agency})" if agency else text


def page_meta(site: GatheredSite, url: str, title: str, description: str) -> View:
    """What the base layout needs: <title>, meta description, canonical link."""
    return {
        "url": url,
        "title": title,
        "description": description or site.config.description or site.config.title,
        "canonical": absolute(site, url),
        "search_href": href(site, urls.SEARCH_URL) if site.config.search else "",
    }


def story_item(site: GatheredSite, index: int) -> View:
    """One story in a list: headline, link, date, credit, summary (memoised: read-only)."""
    key = ("story_item", index)
    item = site.memo.get(key)
    if item is None:
        item = site.memo[key] = _story_item(site, index)
    return item  # type: ignore[return-value]


def _story_item(site: GatheredSite, index: int) -> View:
    story = site.stories[index]
    return {
        "title": story.title,
        "href": href(site, urls.story_url(story.date, story.slug)),
        "date": story.date.isoformat(),
        "date_text": long_date(story.date),
        "credit": credit(story.dateline, story.agency, story.date),
        "summary": story.summary,
    }


def term_link(site: GatheredSite, term: Term, count: int | None = None) -> View:
    """A person, topic or place as a link, with an optional story count."""
    return {
        "name": term.name,
        "href": href(site, urls.term_url(term.kind, term.slug)),
        "count": len(term.stories) if count is None else count,
        "known": term.known,
    }


def newest_first(indices: Iterable[int]) -> list[int]:
    return sorted(indices, reverse=True)


def story_view(site: GatheredSite, index: int) -> View:
    """A story page, without its body (render.py turns the Markdown into HTML)."""
    story = site.stories[index]
    url = urls.story_url(story.date, story.slug)
    day = site.days[story.date]
    position = day.index(index)
    tags = {
        kind: [term_link(site, site.terms[kind][slug]) for slug in getattr(story, kind)]
        for kind in KINDS
    }
    return {
        **story_item(site, index),
        "meta": page_meta(site, url, story.title, story.summary),
        "id": story.id,
        "dateline": story.dateline,
        "agency": story.agency,
        "people": tags["people"],
        "topics": tags["topics"],
        "places": tags["places"],
        "note": story.source.note if story.source else "",
        "source_file": story.source.file if story.source else "",
        "content_path": story.path,
        "related": [story_item(site, other) for other in site.related(index)],
        "previous": story_item(site, day[position - 1]) if position > 0 else None,
        "next": story_item(site, day[position + 1]) if position + 1 < len(day) else None,
        "day_href": href(site, urls.day_url(story.date)),
        "published": absolute(site, url),
    }


def top_terms(
    site: GatheredSite, indices: Sequence[int], kind: str, exclude: str = ""
) -> list[View]:
    """The terms of `kind` most often named in the stories `indices`, with their counts."""
    counts: Counter[str] = Counter()
    for index in indices:
        counts.update(getattr(site.stories[index], kind))
    counts.pop(exclude, None)
    terms = site.terms[kind]
    # Ties broken by name, then slug: Counter.most_common would keep insertion order, which
    # depends on the stories' order and is not something a reader could predict.
    best = sorted(counts, key=lambda slug: (-counts[slug], terms[slug].name, slug))[:TOP_TERMS]
    return [term_link(site, terms[slug], counts[slug]) for slug in best]


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


def term_view(site: GatheredSite, kind: str, slug: str) -> View:
    """A term's landing page: facts, timeline, companions, newest stories, numbered pages."""
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
        "singular": singular(kind),
        "slug": slug,
        "name": term.name,
        "description": term.description,
        "known": term.known,
        "count": count,
        "first": {"date": first.isoformat(), "text": long_date(first)},
        "last": {"date": last.isoformat(), "text": long_date(last)},
        "timeline": _timeline(site, term.stories),
        "people": top_terms(site, term.stories, "people", slug if kind == "people" else ""),
        "topics": top_terms(site, term.stories, "topics", slug if kind == "topics" else ""),
        "places": top_terms(site, term.stories, "places", slug if kind == "places" else ""),
        "stories": [story_item(site, i) for i in newest_first(term.stories[-site.per_page :])],
        "pages": [_page_range(site, term, page) for page in range(1, site.page_count(term) + 1)],
        "feed_href": href(site, urls.term_feed_url(kind, slug)),
        "index_href": href(site, urls.term_index_url(kind)),
        # The search page's filter of this kind ("person", "topic", "place") set to this name.
        "search_href": href(site, urls.SEARCH_URL) if site.config.search else "",
    }


def term_page_view(site: GatheredSite, kind: str, slug: str, page: int) -> View:
    """A numbered page: only what stays true when newer stories arrive (no counts, no totals)."""
    term = site.terms[kind][slug]
    url = urls.term_url(kind, slug, page)
    items = [story_item(site, i) for i in newest_first(site.term_page(term, page))]
    label = f"{term.name}: stories {items[-1]['date_text']} to {items[0]['date_text']}"
    return {
        "meta": page_meta(site, url, f"{term.name} – page {page}", label),
        "kind": kind,
        "singular": singular(kind),
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


def term_index_view(site: GatheredSite, kind: str) -> View:
    """People or places A-Z (grouped by initial), or topics grouped by their parent topic."""
    terms = sorted(site.terms[kind].values(), key=lambda term: (term.name.casefold(), term.slug))
    groups: list[View] = []
    if kind == "topics":
        by_parent: dict[str, list[Term]] = {}
        for term in terms:
            by_parent.setdefault(term.parent or term.slug, []).append(term)
        for key in sorted(by_parent, key=lambda key: (_topic_name(site, key).casefold(), key)):
            head = site.terms["topics"].get(key)
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
    title = {"people": "People A–Z", "topics": "Topics", "places": "Places A–Z"}[kind]
    url = urls.term_index_url(kind)
    description = f"{len(terms)} {kind} in {site.config.title}."
    return {
        "meta": page_meta(site, url, title, description),
        "kind": kind,
        "groups": groups,
        "total": len(terms),
    }


def _topic_name(site: GatheredSite, slug: str) -> str:
    term = site.terms["topics"].get(slug)
    return term.name if term else fallback_name(slug)
