"""The calendar: a month view, an event's ``.ics`` and an iCalendar feed per region."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar
from icalendar import Event as IcsEvent

from birgemiz.core.i18n import current_language
from birgemiz.events import forms, selectors
from birgemiz.events.choices import EventStatus
from birgemiz.events.views import event_or_404
from birgemiz.geo import selectors as geo

MONTH_LIMIT = 300


def _month_from(request: HttpRequest) -> dt.date:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        return dt.date(year, month, 1)
    except (TypeError, ValueError):
        return timezone.localdate().replace(day=1)


@require_safe
def month(request: HttpRequest) -> HttpResponse:
    """A month grid (weeks from Monday); each day lists its events."""
    first = _month_from(request)
    query = request.GET.copy()
    query["month"] = f"{first:%Y-%m}"
    form = forms.EventFilterForm(query)
    filters = form.filters()
    filters.when = "all"
    # A month of a national calendar can be long: the grid shows the first MONTH_LIMIT.
    events = list(selectors.event_list(filters)[:MONTH_LIMIT])
    by_day: dict[dt.date, list] = {}
    for event in events:
        start = timezone.localtime(event.starts_at).date()
        end = timezone.localtime(event.ends_at).date()
        day = start
        while day <= end and day.month == first.month:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = [
        [(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    from babel.dates import format_date, get_day_names

    day_names = get_day_names("abbreviated", locale=current_language())
    return render(
        request,
        "events/event_month.html",
        {
            "form": form,
            "weeks": weeks,
            "events": events,
            "month_label": format_date(first, "LLLL y", locale=current_language()),
            "weekdays": [day_names[i] for i in range(7)],
            "prev": f"{prev_month:%Y-%m}",
            "next": f"{next_month:%Y-%m}",
            "filters": filters,
        },
    )


def _ics_event(event, site: str) -> IcsEvent:
    item = IcsEvent()
    item.add("uid", f"event-{event.pk}@birgemiz")
    item.add("summary", event.full_title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", event.updated_at or timezone.now())
    place = ", ".join(x for x in (event.venue, event.address, event.city.name if event.city_id else "") if x)
    if place:
        item.add("location", place)
    url = site + event.get_absolute_url()
    item.add("url", url)
    description = "\n\n".join(x for x in (event.theme, url) if x)
    item.add("description", description)
    if event.status == EventStatus.CANCELLED:
        item.add("status", "CANCELLED")
    else:
        item.add("status", "CONFIRMED")
    return item


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Birgemiz//events//RU")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _ics_response(cal: Calendar, filename: str) -> HttpResponse:
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    cal = _calendar(event.full_title)
    cal.add_component(_ics_event(event, settings.SITE_URL.rstrip("/")))
    return _ics_response(cal, f"{event.slug}.ics")


@require_safe
def region_feed(request: HttpRequest, region: str) -> HttpResponse:
    """Subscribe in a calendar app: the region's events from a month ago on (at most 200)."""
    region_obj = geo.region_get(region)
    site = settings.SITE_URL.rstrip("/")
    events = (
        selectors.event_list(selectors.EventFilters(region=region_obj.slug, when="all"))
        .filter(starts_at__gte=timezone.now() - dt.timedelta(days=31))
        .order_by("starts_at")[:200]
    )
    cal = _calendar(f"Birgemiz — {region_obj.name}")
    for event in events:
        cal.add_component(_ics_event(event, site))
    return _ics_response(cal, f"birgemiz-{region_obj.slug}.ics")


@require_safe
def home_fragment(request: HttpRequest) -> HttpResponse:
    """The upcoming events of the home page, loaded after it."""
    return render(request, "events/sections/home_events_list.html", {"events": selectors.upcoming(limit=4)})
