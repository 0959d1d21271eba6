"""Plain views of the date archives, the home page, search and 404 (see views.py)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from generator import urls
from generator.models import TermKind
from generator.pages.views import (
    LATEST_STORIES,
    MONTHS,
    RECENT_DAYS,
    WEEKDAYS,
    SiteReader,
    View,
    href,
    long_date,
    month_name,
    newest_first,
    page_meta,
    top_terms,
)
from generator.site.gather import GatheredSite


def _day_stories(reader: SiteReader, days: Iterable[dt.date]) -> list[View]:
    site = reader.site
    return [
        {
            "date": day.isoformat(),
            "text": long_date(day),
            "href": href(site, urls.day_url(day)),
            "stories": [reader.story_item(i) for i in site.days[day]],
        }
        for day in days
    ]


def year_view(site: GatheredSite, year: int) -> View:
    """A year: its months with story counts and their busiest people."""
    months = site.years()[year]
    url = urls.year_url(year)
    items = []
    for month, days in months.items():
        indices = [i for day in days for i in site.days[day]]
        items.append(
            {
                "name": month_name(year, month),
                "href": href(site, urls.month_url(year, month)),
                "count": len(indices),
                "days": len(days),
                "people": top_terms(site, indices, TermKind.PEOPLE)[:5],
            }
        )
    total = sum(len(site.days[day]) for days in months.values() for day in days)
    return {
        "meta": page_meta(site, url, str(year), f"{total} stories from {year}."),
        "year": year,
        "months": items,
        "total": total,
    }


def month_view(reader: SiteReader, year: int, month: int) -> View:
    """A month: a calendar of stories per day, then the headlines day by day."""
    site = reader.site
    days = site.years()[year][month]
    weeks = []
    # Day numbers (0 outside the month), never dates: the weeks around December 9999 would hold
    # days that no date can.
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        cells = []
        for number in week:
            day = dt.date(year, month, number) if number else None
            count = len(site.days.get(day, ())) if day else 0
            cells.append(
                {
                    "day": number,
                    "count": count,
                    "href": href(site, urls.day_url(day)) if day and count else "",
                    "label": long_date(day) if day else "",
                }
            )
        weeks.append(cells)
    total = sum(len(site.days[day]) for day in days)
    url = urls.month_url(year, month)
    name = month_name(year, month)
    return {
        "meta": page_meta(site, url, name, f"{total} stories from {name}."),
        "name": name,
        "year": year,
        "year_href": href(site, urls.year_url(year)),
        "weeks": weeks,
        "weekdays": list(WEEKDAYS),
        "total": total,
        "days": _day_stories(reader, days),
    }


def day_view(reader: SiteReader, day: dt.date) -> View:
    """A day: every story of the day, oldest first as the wire sent them."""
    site = reader.site
    url = urls.day_url(day)
    stories = [reader.story_item(i) for i in site.days[day]]
    return {
        "meta": page_meta(
            site, url, long_date(day), f"{len(stories)} stories from {long_date(day)}."
        ),
        "name": long_date(day),
        "stories": stories,
        "month_href": href(site, urls.month_url(day.year, day.month)),
        "month_name": month_name(day.year, day.month),
    }


def archive_years(site: GatheredSite) -> list[View]:
    """Every year and month with stories, newest first, for the home page."""
    result = []
    for year, months in sorted(site.years().items(), reverse=True):
        result.append(
            {
                "year": year,
                "href": href(site, urls.year_url(year)),
                "months": [
                    {
                        "name": MONTHS[month][:3],
                        "href": href(site, urls.month_url(year, month)),
                        "count": sum(len(site.days[d]) for d in days),
                    }
                    for month, days in months.items()
                ],
            }
        )
    return result


def home_view(reader: SiteReader) -> View:
    """The front page: latest stories, who and what was covered lately, the date archives."""
    site = reader.site
    latest = newest_first(range(max(0, len(site.stories) - LATEST_STORIES), len(site.stories)))
    recent: list[int] = []
    since = ""
    if site.stories:
        newest = site.stories[-1].date
        start = newest - dt.timedelta(days=RECENT_DAYS - 1)
        recent = [i for day, indices in site.days.items() if day >= start for i in indices]
        since = f"{long_date(start)} – {long_date(newest)}"
    meta = page_meta(site, urls.HOME_URL, site.config.title, site.config.description)
    return {
        "meta": meta,
        "latest": [reader.story_item(i) for i in latest],
        "recent_people": top_terms(site, recent, TermKind.PEOPLE)[:10],
        "recent_organisations": top_terms(site, recent, TermKind.ORGANISATIONS)[:10],
        "recent_topics": top_terms(site, recent, TermKind.TOPICS)[:10],
        "recent_range": since,
        "years": archive_years(site),
        "story_count": len(site.stories),
        "feed_href": href(site, urls.FEED_URL),
    }


def search_view(site: GatheredSite) -> View:
    """The search page: a form and a script that read the search indexes in the browser.

    It depends on the configuration only, never on the stories, so a build need not render it
    again when stories change: the indexes it searches come from the index's `index.json`.
    """
    meta = page_meta(site, urls.SEARCH_URL, "Search", f"Search the stories of {site.config.title}.")
    return {
        "meta": meta,
        "action": href(site, urls.SEARCH_URL),
        "index_href": href(site, urls.SEARCH_INDEX_URL),
        "script_href": href(site, "/assets/search.js"),
        "stylesheet_href": href(site, "/assets/search.css"),
    }


def not_found_view(site: GatheredSite) -> View:
    """The 404 page."""
    meta = page_meta(site, urls.NOT_FOUND_URL, "Page not found", "This page is not in the archive.")
    return {"meta": meta, "years": archive_years(site)}
