"""Occurrence times of a schedule, computed in its IANA time zone on the wall clock.

Daily at 09:00 America/New_York stays 09:00 local across daylight-saving changes (the UTC
instant moves); we never step by fixed 24-hour periods and never keep naive datetimes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from croniter import CroniterBadCronError, croniter
from dateutil import rrule

from models.base import DomainError, Problem, invalid
from models.scheduling import Frequency

WEEKDAYS = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}
MAX_INTERVAL = 365


@dataclass(frozen=True)
class Recurrence:
    frequency: Frequency = Frequency.ONCE
    interval: int = 1
    by_weekday: list[str] = field(default_factory=list)
    cron: str = ""
    ends_at: datetime | None = None
    count: int | None = None


def validate(rec: Recurrence) -> Recurrence:
    problems: list[Problem] = []

    def fail(message: str, name: str) -> None:
        problems.extend(invalid(message, "recurrence", name).problems)

    if not 1 <= rec.interval <= MAX_INTERVAL:
        fail(f"Interval must be 1 to {MAX_INTERVAL}.", "interval")
    if any(d not in WEEKDAYS for d in rec.by_weekday):
        fail("Weekdays are MO, TU, WE, TH, FR, SA, SU.", "byWeekday")
    if rec.by_weekday and rec.frequency != Frequency.WEEKLY:
        fail("byWeekday only applies to WEEKLY.", "byWeekday")
    if rec.frequency == Frequency.CRON:
        if not rec.cron.strip():
            fail("Give a cron expression.", "cron")
        else:
            try:
                croniter(rec.cron)
            except (CroniterBadCronError, ValueError, KeyError):
                fail(f"{rec.cron!r} is not a valid cron expression.", "cron")
    elif rec.cron:
        fail("A cron expression needs frequency CRON.", "cron")
    if rec.count is not None and not 1 <= rec.count <= 10_000:
        fail("count must be 1 to 10000.", "count")
    if rec.ends_at is not None and rec.ends_at.tzinfo is None:
        fail("Give endsAt with a time zone offset.", "endsAt")
    if problems:
        raise DomainError(problems)
    return rec


def _local_times(first_at: datetime, tz: ZoneInfo, rec: Recurrence) -> Iterator[datetime]:
    """Aware local datetimes from the first occurrence on, in order, without end checks."""
    start_local = first_at.astimezone(tz)
    if rec.frequency == Frequency.ONCE:
        yield start_local
        return
    if rec.frequency == Frequency.CRON:
        # croniter walks wall-clock times in the zone of its start.
        it = croniter(rec.cron, start_local, ret_type=datetime)
        if it.match(rec.cron, start_local):
            yield start_local
        while True:
            yield it.get_next(datetime)
    freq = {
        Frequency.DAILY: rrule.DAILY,
        Frequency.WEEKLY: rrule.WEEKLY,
        Frequency.MONTHLY: rrule.MONTHLY,
    }[rec.frequency]
    rule = rrule.rrule(
        freq,  # type: ignore[arg-type]
        dtstart=start_local.replace(tzinfo=None),
        interval=rec.interval,
        byweekday=[WEEKDAYS[d] for d in rec.by_weekday] or None,
    )
    for naive in rule:
        yield naive.replace(tzinfo=tz)


def occurrences(
    first_at: datetime,
    timezone: str,
    rec: Recurrence,
    *,
    after: datetime | None = None,
    until: datetime | None = None,
    limit: int = 1000,
) -> list[datetime]:
    """UTC instants of the schedule's occurrences, strictly after `after` and up to `until`
    (inclusive), honouring `count` and `ends_at`, at most `limit`."""
    tz = ZoneInfo(timezone)
    found: list[datetime] = []
    for index, local in enumerate(_local_times(first_at, tz, rec)):
        if rec.count is not None and index >= rec.count:
            break
        instant = local.astimezone(UTC)
        if rec.ends_at is not None and instant > rec.ends_at:
            break
        if until is not None and instant > until:
            break
        if after is not None and instant <= after:
            continue
        found.append(instant)
        if len(found) >= limit:
            break
    return found


def next_occurrence(
    first_at: datetime, timezone: str, rec: Recurrence, after: datetime | None
) -> datetime | None:
    upcoming = occurrences(first_at, timezone, rec, after=after, limit=1)
    return upcoming[0] if upcoming else None
