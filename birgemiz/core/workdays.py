"""Kazakhstan's working-day calendar, for legal deadlines counted in working days.

An answer to an appeal is due in 15 working days (Administrative Procedural Code, art. 76).
Weekends, statutory holidays and the days off they move come from the ``holidays`` package
(Labour Code rules, kept up to date upstream); staff correct single dates in the admin
(``CalendarOverride``: a decree's transfer, the year's date of Kurban Ait), and a correction
wins over the package.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from birgemiz.core.memo import VersionedMemo
from birgemiz.core.models import CalendarOverride

#: The names the package gives (in English), for the translation catalogues.
HOLIDAY_NAMES = (
    gettext_noop("New Year's Day"),
    gettext_noop("Orthodox Christmas"),
    gettext_noop("International Women's Day"),
    gettext_noop("Nowruz Holiday"),
    gettext_noop("Kazakhstan's People Solidarity Holiday"),
    gettext_noop("Defender of the Fatherland Day"),
    gettext_noop("Victory Day"),
    gettext_noop("Eid al-Adha"),
    gettext_noop("Capital Day"),
    gettext_noop("Constitution Day"),
    gettext_noop("Republic Day"),
    gettext_noop("Independence Day"),
)
_SUFFIX = re.compile(r"\s*\((observed|estimated)\)$")


@dataclass(frozen=True)
class CalendarDay:
    date: dt.date
    working: bool
    name: str


def _load_overrides() -> dict[dt.date, CalendarOverride]:
    return {o.date: o for o in CalendarOverride.objects.all()}


overrides = VersionedMemo("core:calendar-overrides", _load_overrides)


@lru_cache(maxsize=16)
def _statutory(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("KZ", years=year, language="en_US")


def is_working_day(day: dt.date) -> bool:
    override = overrides.get().get(day)
    if override is not None:
        return override.kind == CalendarOverride.Kind.WORKING_DAY
    return _statutory(day.year).is_working_day(day)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        days += is_working_day(day)
    return days


def _holiday_name(name: str) -> str:
    if name.startswith("Day off (substituted"):
        return _("Day off moved by the government")
    base = _SUFFIX.sub("", name)
    label = ", ".join(_(part) for part in base.split("; "))
    if name.endswith("(observed)"):
        return _("%(holiday)s: day off moved from a weekend") % {"holiday": label}
    return label


def year_exceptions(year: int) -> list[CalendarDay]:
    """The days of ``year`` that break the Monday-to-Friday rule: holidays and moved days off
    on weekdays, weekend days made working, and every staff correction."""
    statutory = _statutory(year)
    days: dict[dt.date, CalendarDay] = {}
    for date, name in statutory.items():
        days[date] = CalendarDay(date, False, _holiday_name(name))
    for date in getattr(statutory, "weekend_workdays", ()):
        if date.year == year:  # the package lists the moved working days of every year it knows
            days[date] = CalendarDay(date, True, _("Working day moved by the government"))
    for date, override in overrides.get().items():
        if date.year == year:
            working = override.kind == CalendarOverride.Kind.WORKING_DAY
            days[date] = CalendarDay(date, working, override.reason)
    weekend = statutory.weekend
    return sorted(
        (d for d in days.values() if d.working or d.date.weekday() not in weekend or d.date in statutory),
        key=lambda d: d.date,
    )
