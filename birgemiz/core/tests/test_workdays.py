"""Kazakhstan's working days: the count behind every "answer due" date."""

import datetime as dt

import pytest
from django.utils import translation

from birgemiz.core import workdays
from birgemiz.core.models import CalendarOverride

pytestmark = pytest.mark.django_db

D = dt.date


def test_weekends_are_not_working_days():
    assert workdays.is_working_day(D(2026, 11, 20))  # Friday
    assert not workdays.is_working_day(D(2026, 11, 21))  # Saturday
    assert not workdays.is_working_day(D(2026, 11, 22))  # Sunday


def test_statutory_holidays_and_the_days_off_they_move():
    assert not workdays.is_working_day(D(2026, 12, 16))  # Independence Day, a Wednesday
    assert not workdays.is_working_day(D(2026, 3, 9))  # 8 March fell on a Sunday
    # Nauryz 2026: 21-23 March, with the weekend's two days moved to Tuesday and Wednesday
    assert [workdays.is_working_day(D(2026, 3, d)) for d in range(20, 27)] == [
        True, False, False, False, False, False, True,
    ]  # fmt: skip


def test_fifteen_working_days_skip_weekends():
    # Received on Monday 2 November 2026: 15 working days later is Monday 23 November.
    assert workdays.add_working_days(D(2026, 11, 2), 15) == D(2026, 11, 23)


def test_fifteen_working_days_skip_holidays():
    # Received on Friday 13 March 2026: Nauryz takes 23-25 March, so the answer is due 8 April
    # (16-20 and 26-27 March are 7 working days; 30 March - 8 April are the other 8).
    assert workdays.add_working_days(D(2026, 3, 13), 15) == D(2026, 4, 8)


def test_counting_between_dates_is_the_inverse():
    start = D(2026, 3, 13)
    for count in (0, 1, 5, 15, 40):
        assert workdays.working_days_between(start, workdays.add_working_days(start, count)) == count
    assert workdays.working_days_between(D(2026, 5, 1), D(2026, 4, 1)) == 0


def test_negative_count_is_refused():
    with pytest.raises(ValueError):
        workdays.add_working_days(D(2026, 1, 1), -1)


def test_a_staff_correction_wins_and_every_reader_sees_it_at_once():
    saturday, monday = D(2026, 11, 28), D(2026, 11, 30)
    assert workdays.add_working_days(D(2026, 11, 27), 1) == monday
    CalendarOverride.objects.create(date=saturday, kind="working_day", reason="Decree No. 1")
    assert workdays.is_working_day(saturday)
    assert workdays.add_working_days(D(2026, 11, 27), 1) == saturday
    CalendarOverride.objects.filter(date=saturday).delete()
    # a queryset delete sends no signal per row; the admin and services delete instances
    workdays.overrides.invalidate()
    assert not workdays.is_working_day(saturday)
    override = CalendarOverride.objects.create(date=monday, kind="day_off", reason="Decree No. 2")
    assert not workdays.is_working_day(monday)
    override.delete()
    assert workdays.is_working_day(monday)


def test_year_exceptions_name_holidays_in_the_page_language():
    with translation.override("ru"):
        days = {d.date: d for d in workdays.year_exceptions(2026)}
    assert days[D(2026, 12, 16)].name == "День Независимости"
    assert not days[D(2026, 12, 16)].working
    assert "перенесён" in days[D(2026, 3, 9)].name
    with translation.override("kk"):
        days = {d.date: d for d in workdays.year_exceptions(2026)}
    assert days[D(2026, 12, 16)].name == "Тәуелсіздік күні"
    # a plain weekend is not listed
    assert D(2026, 11, 21) not in days


def test_calendar_page(client):
    response = client.get("/ru/working-days/2026/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "День Независимости" in html and "16 декабря" in html
    assert not response.cookies  # anonymous and cacheable


@pytest.mark.parametrize("year", [1990, 2100])
def test_calendar_page_far_years_are_not_found(client, year):
    assert client.get(f"/ru/working-days/{year}/").status_code == 404
