"""Recurring schedules through the API: occurrences are written at wall-clock times in the
schedule's zone across daylight-saving changes, and a counted CRON schedule stops."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from models.schedules import materialize
from models.scheduling import Schedule, ScheduleStatus
from models.sessions import now
from schema.common import decode_id
from tests.conftest import GraphQLClient
from tests.publishing.conftest import Team
from tests.publishing.helpers import approved, connect_webhook, schedule, schedule_node
from tests.publishing.receiver import WebhookReceiver

NY = ZoneInfo("America/New_York")


async def _recurring(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    first: datetime,
    timezone: str,
    recurrence: dict[str, Any],
) -> str:
    conn = await connect_webhook(gql, team.admin, team.org, receiver.url)
    content = await approved(gql, team)
    payload = await schedule(
        gql,
        team.editor,
        content.id,
        conn["platformConnection"]["id"],
        first,
        timezone=timezone,
        recurrence=recurrence,
    )
    assert payload["userErrors"] == []
    schedule_id: str = payload["schedule"]["id"]
    return schedule_id


def _next_year(month: int, day: int) -> int:
    """The first year whose `month`/`day` is still ahead."""
    today = now()
    return today.year if (month, day) > (today.month, today.day) else today.year + 1


@pytest.mark.parametrize(
    ("month", "day"),
    # Daily runs starting a few days before the March and the November change.
    [(3, 5), (10, 29)],
)
async def test_daily_nine_new_york_is_materialized_at_nine_local_across_dst(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, month: int, day: int
) -> None:
    year = _next_year(month, day)
    first = datetime(year, month, day, 9, 0, tzinfo=NY)
    schedule_id = await _recurring(
        gql, team, receiver, first, "America/New_York", {"frequency": "DAILY", "count": 14}
    )
    # The look-ahead runs to the end of the series: time is under the test's control.
    await materialize(horizon=first + timedelta(days=20) - now())

    node = await schedule_node(gql, team.editor.token, schedule_id)
    due = [datetime.fromisoformat(o["dueAt"]) for o in node["occurrences"]]
    assert len(due) == 14
    assert [d.astimezone(NY).strftime("%H:%M") for d in due] == ["09:00"] * 14
    assert [d.astimezone(NY).date() for d in due] == [
        first.date() + timedelta(days=i) for i in range(14)
    ]
    # The UTC hour moves once, on the day of the change: never fixed 24-hour steps.
    utc_hours = [d.astimezone(UTC).hour for d in due]
    assert len(set(utc_hours)) == 2
    assert utc_hours == sorted(utc_hours, reverse=(month == 3))
    assert node["nextOccurrenceAt"] is None  # all fourteen written, none left
    assert node["status"] == "ACTIVE"  # until they are published


async def test_a_cron_recurrence_with_count_stops_after_count(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    start = (now() + timedelta(days=1)).astimezone(ZoneInfo("Europe/Berlin"))
    first = start.replace(hour=8, minute=30, second=0, microsecond=0)
    schedule_id = await _recurring(
        gql,
        team,
        receiver,
        first,
        "Europe/Berlin",
        {"frequency": "CRON", "cron": "30 8 * * 1,3,5", "count": 3},
    )
    await materialize(horizon=timedelta(days=60))
    node = await schedule_node(gql, team.editor.token, schedule_id)
    due = [datetime.fromisoformat(o["dueAt"]) for o in node["occurrences"]]
    local = [d.astimezone(ZoneInfo("Europe/Berlin")) for d in due]
    assert len(local) == 3
    assert all(t.strftime("%H:%M") == "08:30" for t in local)
    assert all(t.isoweekday() in (1, 3, 5) for t in local)
    assert node["nextOccurrenceAt"] is None
    assert node["recurrence"] == {
        "frequency": "CRON",
        "interval": 1,
        "byWeekday": [],
        "cron": "30 8 * * 1,3,5",
        "endsAt": None,
        "count": 3,
    }
    # Materializing again adds nothing: (schedule, time) is unique.
    assert await materialize(horizon=timedelta(days=60)) == []
    row = await Schedule.get(id=decode_id(schedule_id, "Schedule"))
    assert row.status == ScheduleStatus.ACTIVE and row.next_at is None
