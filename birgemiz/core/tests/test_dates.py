import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import translation

from birgemiz.core.dates import format_day, human_datetime, human_day

TODAY = dt.date(2025, 12, 21)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ru", "20 декабря"), ("kk", "20 желтоқсан"), ("en", "20 December")],
)
def test_day_in_the_words_of_each_language(language, expected):
    with translation.override(language):
        assert format_day(dt.date(2025, 12, 20), today=TODAY) == expected


def test_another_year_is_spelled_out():
    with translation.override("ru"):
        assert format_day(dt.date(2024, 12, 20), today=TODAY) == "20 декабря 2024"


@pytest.mark.parametrize(
    ("language", "today_word", "yesterday_word"),
    [("ru", "Сегодня", "Вчера"), ("kk", "Бүгін", "Кеше"), ("en", "Today", "Yesterday")],
)
def test_human_days(language, today_word, yesterday_word):
    with translation.override(language):
        assert human_day(TODAY, today=TODAY) == today_word
        assert human_day(TODAY - dt.timedelta(days=1), today=TODAY) == yesterday_word
        two_days_ago = format_day(dt.date(2025, 12, 19), today=TODAY)
        assert human_day(TODAY - dt.timedelta(days=2), today=TODAY) == two_days_ago


def test_datetimes_are_shown_in_almaty_time():
    # 19:30 UTC on the 20th is already 00:30 (or 01:30) on the 21st in Almaty: "today", not "yesterday".
    late_utc = dt.datetime(2025, 12, 20, 19, 30, tzinfo=dt.UTC)
    noon = dt.datetime(2025, 12, 21, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Almaty"))
    with time_machine.travel(noon), translation.override("ru"):
        assert human_day(late_utc) == "Сегодня"
        assert human_datetime(late_utc).startswith("Сегодня, 0")
