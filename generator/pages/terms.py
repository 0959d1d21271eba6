"""Plain views of the pages of people, organisations, topics and places (see views.py)."""

from __future__ import annotations

from collections import Counter

from generator import urls
from generator.models import TermKind
from generator.pages.i18n import Language, language
from generator.pages.sorting import filing_name, initial, sort_key
from generator.pages.views import (
    SiteReader,
    View,
    href,
    newest_first,
    page_meta,
    term_link,
    top_terms,
)
from generator.site.gather import GatheredSite, Term, fallback_name

FILTER_SCRIPT_URL = "/assets/enhance.js"
"""The small script of the A–Z filter box and the story's "copy link" (the pages work without
it)."""


def index_title(lang: Language, kind: TermKind) -> str:
    """The title of the index of `kind`: "People A–Z", "Topics"."""
    match kind:
        case TermKind.PEOPLE:
            return lang.text("People A–Z")
        case TermKind.ORGANISATIONS:
            return lang.text("Organisations A–Z")
        case TermKind.TOPICS:
            return lang.text("Topics")
    return lang.text("Places A–Z")


def filter_label(lang: Language, kind: TermKind) -> str:
    """The label of the A–Z filter box of `kind`: "Filter the people"."""
    match kind:
        case TermKind.PEOPLE:
            return lang.text("Filter the people")
        case TermKind.ORGANISATIONS:
            return lang.text("Filter the organisations")
        case TermKind.TOPICS:
            return lang.text("Filter the topics")
    return lang.text("Filter the places")


def kind_name(lang: Language, kind: TermKind) -> str:
    """ "People", "Organisations", "Topics", "Places": a kind as the menu names it."""
    match kind:
        case TermKind.PEOPLE:
            return lang.text("People")
        case TermKind.ORGANISATIONS:
            return lang.text("Organisations")
        case TermKind.TOPICS:
            return lang.text("Topics")
    return lang.text("Places")


def _years_chart(site: GatheredSite, term: Term) -> View | None:
    """Stories per year, each year with its stories per month as bar heights (0-100) and the
    numbered page its first story is on; None when every story falls in one month (a chart of
    one bar says nothing the facts do not)."""
    lang = language(site.config.language)
    counts: Counter[tuple[int, int]] = Counter()
    first_page: dict[int, int] = {}
    for position, index in enumerate(term.stories):
        day = site.stories[index].date
        counts[(day.year, day.month)] += 1
        first_page.setdefault(day.year, position // site.per_page + 1)
    if len(counts) < 2:
        return None
    peak = max(counts.values())
    first, last = min(counts)[0], max(counts)[0]
    rows = []
    for year in range(first, last + 1):
        months = [counts.get((year, month), 0) for month in range(1, 13)]
        total = sum(months)
        page = first_page.get(year)
        rows.append(
            {
                "year": year,
                "count": total,
                "count_number": lang.number(total),
                "count_text": lang.plural(total, "story"),
                "bars": [
                    {
                        "x": (month - 1) * 10,
                        "height": round(24 * count / peak) if count else 0,
                        "label": f"{lang.month_name(year, month)}: {lang.plural(count, 'story')}",
                    }
                    for month, count in enumerate(months, start=1)
                ],
                "page": page,
                "page_href": href(site, urls.term_url(term.kind, term.slug, page)) if page else "",
            }
        )
    return {"years": rows, "peak": peak, "peak_text": lang.plural(peak, "story")}


def _page_range(site: GatheredSite, term: Term, page: int) -> View:
    lang = language(site.config.language)
    stories = site.term_page(term, page)
    first, last = site.stories[stories[0]].date, site.stories[stories[-1]].date
    label = lang.long_date(first)
    if first != last:
        label = f"{lang.long_date(first)} – {lang.long_date(last)}"
    return {
        "number": page,
        "href": href(site, urls.term_url(term.kind, term.slug, page)),
        "label": label,
    }


def term_view(reader: SiteReader, kind: TermKind, slug: str) -> View:
    """A term's landing page: facts, timeline, companions, newest stories, numbered pages."""
    site = reader.site
    lang = language(site.config.language)
    term = site.terms[kind][slug]
    url = urls.term_url(kind, slug)
    first, last = site.stories[term.stories[0]].date, site.stories[term.stories[-1]].date
    count = len(term.stories)
    description = term.description or lang.text(
        "%(stories)s about %(name)s in %(site)s.",
        stories=lang.plural(count, "story"),
        name=term.name,
        site=site.config.title,
    )
    return {
        "meta": page_meta(
            site, url, term.name, description, "profile" if kind == TermKind.PEOPLE else "website"
        ),
        "kind": kind,
        "kind_name": kind_name(lang, kind),
        "singular": kind.singular,
        "slug": slug,
        "name": term.name,
        "description": term.description,
        "known": term.known,
        "count": count,
        "count_number": lang.number(count),
        "count_text": lang.plural(count, "story"),
        "first": {"date": first.isoformat(), "text": lang.long_date(first)},
        "last": {"date": last.isoformat(), "text": lang.long_date(last)},
        "chart": _years_chart(site, term),
        **{
            other: top_terms(site, term.stories, other, slug if other == kind else "")
            for other in TermKind
        },
        "stories": [reader.story_item(i) for i in newest_first(term.stories[-site.per_page :])],
        "pages": [_page_range(site, term, page) for page in range(1, site.page_count(term) + 1)],
        "feed_href": href(site, urls.term_feed_url(kind, slug)),
        "json_feed_href": href(site, urls.term_json_feed_url(kind, slug)),
        "index_href": href(site, urls.term_index_url(kind)),
        # The search page's filter of this kind ("person", "organisation", "topic", "place") set
        # to this name.
        "search_href": href(site, urls.SEARCH_URL) if site.config.search else "",
    }


def term_page_view(reader: SiteReader, kind: TermKind, slug: str, page: int) -> View:
    """A numbered page: only what stays true when newer stories arrive (no counts, no totals)."""
    site = reader.site
    lang = language(site.config.language)
    term = site.terms[kind][slug]
    url = urls.term_url(kind, slug, page)
    items = [reader.story_item(i) for i in newest_first(site.term_page(term, page))]
    pages = site.page_count(term)
    dates = _page_range(site, term, page)["label"]
    label = lang.text(
        "%(name)s: stories %(first)s to %(last)s",
        name=term.name,
        first=items[-1]["date_text"],
        last=items[0]["date_text"],
    )
    if items[-1]["date"] == items[0]["date"]:
        label = lang.text("%(name)s: stories of %(day)s", name=term.name, day=items[0]["date_text"])
    title = lang.text(
        "%(name)s – page %(page)s of %(pages)s",
        name=term.name,
        page=lang.number(page),
        pages=lang.number(pages),
    )
    return {
        "meta": page_meta(site, url, title, label),
        "kind": kind,
        "singular": kind.singular,
        "name": term.name,
        "number": page,
        "pages": pages,
        "dates": dates,
        "stories": items,
        "landing_href": href(site, urls.term_url(kind, slug)),
        "older_href": href(site, urls.term_url(kind, slug, page - 1)) if page > 1 else "",
        "newer_href": (
            href(site, urls.term_url(kind, slug, page + 1)) if page < site.page_count(term) else ""
        ),
        "feed_href": href(site, urls.term_feed_url(kind, slug)),
    }


def term_index_view(site: GatheredSite, kind: TermKind) -> View:
    """People, organisations or places A-Z (grouped by initial), or topics grouped by their parent
    topic; only terms with a page (published) are listed."""
    published = [term for term in site.terms[kind].values() if term.published]
    # People file by surname ("Modi, Narendra"), everything else by its whole name (sorting.py).
    shown = {
        term.slug: filing_name(term.name) if kind == TermKind.PEOPLE else term.name
        for term in published
    }
    keys = {slug: sort_key(name) for slug, name in shown.items()}
    terms = sorted(published, key=lambda term: (keys[term.slug], shown[term.slug], term.slug))
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
            by_letter.setdefault(initial(keys[term.slug]), []).append(term)
        for letter in sorted(by_letter, key=lambda letter: (letter == "#", letter)):
            groups.append(
                {
                    "id": f"letter-{letter if letter != '#' else 'other'}",
                    "heading": letter,
                    "head": None,
                    "terms": [
                        {**term_link(site, t), "name": shown[t.slug]} for t in by_letter[letter]
                    ],
                }
            )
    lang = language(site.config.language)
    title = index_title(lang, kind)
    url = urls.term_index_url(kind)
    total = lang.plural(len(terms), kind.singular)
    return {
        "meta": page_meta(
            site,
            url,
            title,
            lang.text("%(total)s in %(site)s.", total=total, site=site.config.title),
        ),
        "kind": kind,
        "singular": kind.singular,
        "filter_label": filter_label(lang, kind),
        "groups": groups,
        "total": len(terms),
        "total_text": total,
        "script_href": href(site, FILTER_SCRIPT_URL),
    }


def _topic_name(site: GatheredSite, slug: str) -> str:
    term = site.terms[TermKind.TOPICS].get(slug)
    return term.name if term else fallback_name(slug)
