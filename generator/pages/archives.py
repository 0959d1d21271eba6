"""Plain views of the date archives, the home page, search and 404 (see views.py)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from generator import urls
from generator.models import TermKind
from generator.pages.i18n import language
from generator.pages.views import (
    LATEST_STORIES,
    RECENT_DAYS,
    SiteReader,
    View,
    href,
    newest_first,
    page_meta,
    top_terms,
)
from generator.site import sequences
from generator.site.gather import GatheredSite

MIN_COVERED = 2
"""Stories that must name a person, organisation or topic before the home page lists it as
"most covered" over its window."""


def _day_stories(reader: SiteReader, days: Iterable[dt.date]) -> list[View]:
    site = reader.site
    lang = language(site.config.language)
    return [
        {
            "date": day.isoformat(),
            "text": lang.long_date(day),
            "href": href(site, urls.day_url(day)),
            "stories": [reader.story_item(i) for i in site.days[day]],
        }
        for day in days
    ]


def year_view(site: GatheredSite, year: int) -> View:
    """A year: its months with story counts and their busiest people."""
    lang = language(site.config.language)
    months = site.years()[year]
    url = urls.year_url(year)
    items = []
    for month, days in months.items():
        indices = [i for day in days for i in site.days[day]]
        items.append(
            {
                "name": lang.month_name(year, month),
                "href": href(site, urls.month_url(year, month)),
                "count": len(indices),
                "count_text": lang.plural(len(indices), "story"),
                "days": len(days),
                "days_text": lang.plural(len(days), "day"),
                "on_days_text": lang.text(
                    "%(stories)s on %(days)s",
                    stories=lang.plural(len(indices), "story"),
                    days=lang.plural(len(days), "day"),
                ),
                "people": top_terms(site, indices, TermKind.PEOPLE)[:5],
            }
        )
    total = sum(len(site.days[day]) for days in months.values() for day in days)
    before, after = sequences.around(sequences.years(site), year)
    return {
        "meta": page_meta(
            site,
            url,
            str(year),
            lang.text("%(stories)s from %(when)s.", stories=lang.plural(total, "story"), when=year),
        ),
        "year": year,
        "months": items,
        "total": total,
        "total_text": lang.plural(total, "story"),
        "archive_href": href(site, urls.ARCHIVE_URL),
        "previous": _link(site, urls.year_url(before), str(before)) if before else None,
        "next": _link(site, urls.year_url(after), str(after)) if after else None,
    }


def _link(site: GatheredSite, url: str, text: str) -> View:
    """A link to another page: its text and href."""
    return {"text": text, "href": href(site, url)}


def month_view(reader: SiteReader, year: int, month: int) -> View:
    """A month: a calendar of stories per day, then the headlines day by day."""
    site = reader.site
    lang = language(site.config.language)
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
                    "label": f"{lang.long_date(day)}: {lang.plural(count, 'story')}" if day else "",
                }
            )
        weeks.append(cells)
    total = sum(len(site.days[day]) for day in days)
    url = urls.month_url(year, month)
    name = lang.month_name(year, month)
    before, after = sequences.around(sequences.months(site), (year, month))
    stories = lang.plural(total, "story")
    return {
        "meta": page_meta(
            site, url, name, lang.text("%(stories)s from %(when)s.", stories=stories, when=name)
        ),
        "name": name,
        "year": year,
        "year_href": href(site, urls.year_url(year)),
        "weeks": weeks,
        "weekdays": lang.weekdays(),
        "total": total,
        "total_text": stories,
        "days": _day_stories(reader, days),
        "previous": (
            _link(site, urls.month_url(*before), lang.month_name(*before)) if before else None
        ),
        "next": _link(site, urls.month_url(*after), lang.month_name(*after)) if after else None,
    }


def day_view(reader: SiteReader, day: dt.date) -> View:
    """A day: every story of the day, oldest first as the wire sent them."""
    site = reader.site
    lang = language(site.config.language)
    url = urls.day_url(day)
    stories = [reader.story_item(i) for i in site.days[day]]
    count = lang.plural(len(stories), "story")
    before, after = sequences.around(list(site.days), day)
    name = lang.long_date(day)
    return {
        "meta": page_meta(
            site, url, name, lang.text("%(stories)s from %(when)s.", stories=count, when=name)
        ),
        "name": name,
        "stories": stories,
        "count_text": count,
        "month_href": href(site, urls.month_url(day.year, day.month)),
        "month_name": lang.month_name(day.year, day.month),
        "on_this_day_href": href(site, urls.on_this_day_url(day.month, day.day)),
        "on_this_day_text": lang.text(
            "%(day)s in every year", day=lang.day_of_month(day.month, day.day)
        ),
        "previous": _link(site, urls.day_url(before), lang.long_date(before)) if before else None,
        "next": _link(site, urls.day_url(after), lang.long_date(after)) if after else None,
    }


def archive_years(site: GatheredSite) -> list[View]:
    """Every year and month with stories, newest first, for the home page."""
    lang = language(site.config.language)
    result = []
    for year, months in sorted(site.years().items(), reverse=True):
        result.append(
            {
                "year": year,
                "href": href(site, urls.year_url(year)),
                "months": [
                    {
                        "name": lang.short_month(month),
                        "href": href(site, urls.month_url(year, month)),
                        "count": sum(len(site.days[d]) for d in days),
                        "label": f"{lang.month_name(year, month)}: "
                        + lang.plural(sum(len(site.days[d]) for d in days), "story"),
                    }
                    for month, days in months.items()
                ],
            }
        )
    return result


def recent_window(site: GatheredSite) -> tuple[list[int], str]:
    """The stories the home page's "most covered" lists count, and a sentence saying which: those
    of the `RECENT_DAYS` most recent days that hold stories (counted back from the newest story,
    never from the build's date), or every story while the archive holds stories on no more
    days than that (a young archive's "last 30 days" would be all of it, or nearly nothing)."""
    if not site.stories:
        return [], ""
    lang = language(site.config.language)
    days = list(site.days)
    if len(days) <= RECENT_DAYS:
        first, last = days[0], days[-1]
        span = lang.long_date(first)
        if first != last:
            span = f"{lang.long_date(first)} – {lang.long_date(last)}"
        return list(range(len(site.stories))), lang.text(
            "All %(stories)s of the archive, %(span)s.",
            stories=lang.plural(len(site.stories), "story"),
            span=span,
        )
    window = days[-RECENT_DAYS:]
    indices = [i for day in window for i in site.days[day]]
    span = f"{lang.long_date(window[0])} – {lang.long_date(window[-1])}"
    return indices, lang.text(
        "The %(days)s most recent days with stories, %(span)s.",
        days=lang.number(RECENT_DAYS),
        span=span,
    )


def _most_covered(site: GatheredSite, indices: list[int], kind: TermKind) -> list[View]:
    """The ten terms of `kind` most named in `indices`, each named in at least two of them (one
    story makes nobody "most covered")."""
    return [term for term in top_terms(site, indices, kind)[:10] if term["count"] >= MIN_COVERED]


def home_view(reader: SiteReader) -> View:
    """The front page: latest stories and where older ones go on, who and what was covered
    lately (and over which stories), "On this day", the date archives."""
    site = reader.site
    lang = language(site.config.language)
    latest = newest_first(range(max(0, len(site.stories) - LATEST_STORIES), len(site.stories)))
    recent, window = recent_window(site)
    meta = page_meta(site, urls.HOME_URL, site.config.title, site.config.description)
    older = None
    if len(site.stories) > LATEST_STORIES:
        # Older stories go on on the day page of the newest story the home page leaves out:
        # a stable URL, whose previous-day links lead on back in time.
        day = site.stories[len(site.stories) - LATEST_STORIES - 1].date
        older = {"href": href(site, urls.day_url(day)), "text": lang.long_date(day)}
    on_this_day = None
    if site.stories:
        newest = site.stories[-1].date
        earlier = [
            i
            for day in sequences.calendar_days(site)[newest.month, newest.day]
            if day.year < newest.year
            for i in site.days[day]
        ]
        on_this_day = {
            "href": href(site, urls.on_this_day_url(newest.month, newest.day)),
            "day": lang.day_of_month(newest.month, newest.day),
            "earlier": lang.plural(len(earlier), "story") if earlier else "",
        }
    return {
        "meta": meta,
        "latest": [reader.story_item(i) for i in latest],
        "older": older,
        "on_this_day": on_this_day,
        "recent_people": _most_covered(site, recent, TermKind.PEOPLE),
        "recent_organisations": _most_covered(site, recent, TermKind.ORGANISATIONS),
        "recent_topics": _most_covered(site, recent, TermKind.TOPICS),
        "recent_range": window,
        "years": archive_years(site),
        "story_count": len(site.stories),
        "story_count_text": lang.plural(len(site.stories), "story"),
        "archive_href": href(site, urls.ARCHIVE_URL),
        "feed_href": href(site, urls.FEED_URL),
    }


def archive_view(site: GatheredSite) -> View:
    """The archive: every year and month with its count of stories (the menu's "Archive")."""
    lang = language(site.config.language)
    total = len(site.stories)
    span = ""
    if site.stories:
        first, last = site.stories[0].date, site.stories[-1].date
        span = (
            f"{lang.month_name(first.year, first.month)} – {lang.month_name(last.year, last.month)}"
        )
    description = f"{lang.plural(total, 'story')}" + (f", {span}." if span else ".")
    return {
        "meta": page_meta(site, urls.ARCHIVE_URL, lang.text("Archive"), description),
        "years": archive_years(site),
        "total_text": lang.plural(total, "story"),
        "span": span,
    }


def on_this_day_view(reader: SiteReader, month: int, day: int) -> View:
    """A calendar day's stories in every year, newest year first, with the calendar days
    before and after that hold stories."""
    site = reader.site
    lang = language(site.config.language)
    calendar = sequences.calendar_days(site)
    dates = calendar[month, day]
    name = lang.day_of_month(month, day)
    years = [
        {
            "year": date.year,
            "href": href(site, urls.day_url(date)),
            "text": lang.long_date(date),
            "date": date.isoformat(),
            "stories": [reader.story_item(i) for i in site.days[date]],
        }
        for date in reversed(dates)
    ]
    count = sum(len(site.days[date]) for date in dates)
    in_years = lang.plural(len(dates), "year")
    before, after = sequences.around(list(calendar), (month, day))
    url = urls.on_this_day_url(month, day)

    def link(key: sequences.CalendarDay | None) -> View | None:
        return _link(site, urls.on_this_day_url(*key), lang.day_of_month(*key)) if key else None

    return {
        "meta": page_meta(
            site,
            url,
            lang.text("On this day: %(day)s", day=name),
            lang.text(
                "%(stories)s from %(day)s in %(years)s.",
                stories=lang.plural(count, "story"),
                day=name,
                years=in_years,
            ),
        ),
        "name": name,
        "years": years,
        "count_text": lang.plural(count, "story"),
        "years_text": in_years,
        "previous": link(before),
        "next": link(after),
    }


def search_view(site: GatheredSite) -> View:
    """The search page: a form and a script that read the search indexes in the browser.

    It depends on the configuration only, never on the stories, so a build need not render it
    again when stories change: the indexes it searches come from the index's `index.json`.
    """
    lang = language(site.config.language)
    meta = page_meta(
        site,
        urls.SEARCH_URL,
        lang.text("Search"),
        lang.text("Search the stories of %(site)s.", site=site.config.title),
    )
    return {
        "meta": meta,
        "action": href(site, urls.SEARCH_URL),
        "index_href": href(site, urls.SEARCH_INDEX_URL),
        "script_href": href(site, "/assets/search.js"),
        "stylesheet_href": href(site, "/assets/search.css"),
    }


def not_found_view(site: GatheredSite) -> View:
    """The 404 page."""
    lang = language(site.config.language)
    meta = page_meta(
        site,
        urls.NOT_FOUND_URL,
        lang.text("Page not found"),
        lang.text("This page is not in the archive."),
    )
    return {
        "meta": meta,
        "years": archive_years(site),
        "archive_href": href(site, urls.ARCHIVE_URL),
    }
