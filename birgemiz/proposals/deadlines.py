"""Legal deadlines for a first answer (FACTS.md, Administrative Procedural Code art. 76).

The first answer is due in 15 working days after the day of receipt (Kazakhstan's working-day
calendar, ``core.workdays``); a reasoned decision may extend that once, before it passes, to
2 months from receipt (moved to the next working day when that falls on a day off);
forwarding to another body starts the clock again on the day of forwarding.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta

from birgemiz.core.workdays import add_working_days, is_working_day, working_days_between

ANSWER_WORKING_DAYS = 15
EXTENDED_MONTHS = 2


def first_answer_due(clock_started_on: dt.date) -> dt.date:
    return add_working_days(clock_started_on, ANSWER_WORKING_DAYS)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def extended_due(clock_started_on: dt.date) -> dt.date:
    return next_working_day(clock_started_on + relativedelta(months=EXTENDED_MONTHS))


def working_days_to_answer(received: dt.date, answered: dt.date) -> int:
    return working_days_between(received, answered)
