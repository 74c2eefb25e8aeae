"""Dates in the words of the page's language: «20 декабря», «20 желтоқсан», "20 December".

``human_day`` says "Сегодня" / "Вчера" for the last two days and the date otherwise; news
feeds, comments and timelines group by it.
"""

from __future__ import annotations

import datetime as dt
import functools

from babel.dates import format_date, format_time
from django.utils import timezone
from django.utils.translation import gettext as _

from birgemiz.core.i18n import current_language


def _as_local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


@functools.lru_cache(maxsize=8192)
def _format_date(day: dt.date, pattern: str, language: str) -> str:
    # Babel parses the pattern and the locale's data on every call (0.2 ms); a list page shows
    # the same few days many times, and a formatted day never changes.
    return format_date(day, pattern, locale=language)


def format_day(value: dt.date | dt.datetime, *, today: dt.date | None = None) -> str:
    """«20 декабря», with the year when it is not the current one: «20 декабря 2024»."""
    day = _as_local_date(value)
    today = today or timezone.localdate()
    pattern = "d MMMM" if day.year == today.year else "d MMMM y"
    return _format_date(day, pattern, current_language())


def human_day(value: dt.date | dt.datetime, *, today: dt.date | None = None) -> str:
    day = _as_local_date(value)
    today = today or timezone.localdate()
    if day == today:
        return _("Today")
    if day == today - dt.timedelta(days=1):
        return _("Yesterday")
    return format_day(day, today=today)


def human_datetime(value: dt.datetime, *, today: dt.date | None = None) -> str:
    """«Вчера, 17:11» / «20 декабря, 09:30»."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{human_day(local, today=today)}, {format_time(local.time(), 'HH:mm', locale=current_language())}"


def weekday(value: dt.date | dt.datetime) -> str:
    """«понедельник», «дүйсенбі», "Monday"."""
    return _format_date(_as_local_date(value), "EEEE", current_language())
