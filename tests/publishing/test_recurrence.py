"""Occurrence times on the wall clock of the schedule's zone (pure functions)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.base import DomainError
from models.recurrence import Recurrence, occurrences, validate
from models.scheduling import Frequency

NY = ZoneInfo("America/New_York")


def local(times: list[datetime], zone: ZoneInfo = NY) -> list[str]:
    return [t.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z") for t in times]


@pytest.mark.parametrize(
    ("start", "change_day"),
    [(datetime(2026, 3, 5, 9, 0, tzinfo=NY), 8), (datetime(2026, 10, 29, 9, 0, tzinfo=NY), 1)],
)
def test_daily_at_nine_new_york_stays_at_nine_across_dst(start: datetime, change_day: int) -> None:
    times = occurrences(start, "America/New_York", Recurrence(Frequency.DAILY), limit=7)
    assert [t.astimezone(NY).hour for t in times] == [9] * 7
    assert all(t.astimezone(NY).minute == 0 for t in times)
    # The UTC instant moves by an hour at the change: never fixed 24-hour steps.
    gaps = {b - a for a, b in itertools.pairwise(times)}
    assert gaps == {timedelta(hours=24), timedelta(hours=23 if start.month == 3 else 25)}
    assert all(t.tzinfo == UTC for t in times)


def test_cron_with_count_stops() -> None:
    start = datetime(2026, 3, 6, 9, 0, tzinfo=NY)
    rec = Recurrence(Frequency.CRON, cron="0 9 * * 1-5", count=4)
    times = occurrences(start, "America/New_York", rec, limit=100)
    assert local(times) == [
        "2026-03-06 09:00 EST",
        "2026-03-09 09:00 EDT",
        "2026-03-10 09:00 EDT",
        "2026-03-11 09:00 EDT",
    ]


def test_weekly_on_chosen_days_with_interval_and_end() -> None:
    start = datetime(2026, 6, 1, 8, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # a Monday
    rec = Recurrence(
        Frequency.WEEKLY,
        interval=2,
        by_weekday=["MO", "TH"],
        ends_at=datetime(2026, 6, 30, tzinfo=UTC),
    )
    times = occurrences(start, "Europe/Berlin", rec)
    assert local(times, ZoneInfo("Europe/Berlin")) == [
        "2026-06-01 08:30 CEST",
        "2026-06-04 08:30 CEST",
        "2026-06-15 08:30 CEST",
        "2026-06-18 08:30 CEST",
        "2026-06-29 08:30 CEST",
    ]


def test_monthly_skips_months_without_the_day() -> None:
    start = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
    times = occurrences(start, "UTC", Recurrence(Frequency.MONTHLY), limit=3)
    assert [t.strftime("%m-%d") for t in times] == ["01-31", "03-31", "05-31"]


def test_after_and_until_select_a_calendar_window() -> None:
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    window = occurrences(
        start,
        "UTC",
        Recurrence(Frequency.DAILY),
        after=datetime(2026, 1, 10, 9, 0, tzinfo=UTC),
        until=datetime(2026, 1, 13, 9, 0, tzinfo=UTC),
    )
    assert [t.day for t in window] == [11, 12, 13]


def test_once_is_a_single_occurrence() -> None:
    start = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    assert occurrences(start, "UTC", Recurrence()) == [start]


@pytest.mark.parametrize(
    ("rec", "field"),
    [
        (Recurrence(Frequency.DAILY, interval=0), "interval"),
        (Recurrence(Frequency.WEEKLY, by_weekday=["XX"]), "byWeekday"),
        (Recurrence(Frequency.DAILY, by_weekday=["MO"]), "byWeekday"),
        (Recurrence(Frequency.CRON, cron="not a cron"), "cron"),
        (Recurrence(Frequency.CRON), "cron"),
        (Recurrence(Frequency.DAILY, cron="0 9 * * *"), "cron"),
        (Recurrence(Frequency.DAILY, count=0), "count"),
        (Recurrence(Frequency.DAILY, ends_at=datetime(2026, 1, 1)), "endsAt"),
    ],
)
def test_invalid_recurrences_name_the_field(rec: Recurrence, field: str) -> None:
    with pytest.raises(DomainError) as caught:
        validate(rec)
    assert [p.field for p in caught.value.problems] == [("recurrence", field)]
