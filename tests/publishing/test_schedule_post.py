"""schedulePost, reschedulePost, pause/resume/cancel and the schedules calendar query."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from models.connections import ConnectionStatus, PlatformConnection
from models.content import ContentStatus, ContentVersion, Platform
from models.scheduling import Occurrence, OccurrenceStatus, Schedule
from schema.common import encode_id
from tests.conftest import GraphQLClient, error_codes
from tests.content.helpers import gid, make_request, missing_id, move_to, org_pk
from tests.publishing.conftest import Team
from tests.publishing.helpers import (
    CANCEL,
    PAUSE,
    RESCHEDULE_POST,
    RESUME,
    SCHEDULES,
    approved,
    connect_webhook,
    iso,
    occurrences_of,
    request_status,
    schedule,
    soon,
    usage,
)
from tests.publishing.receiver import WebhookReceiver


async def _webhook(gql: GraphQLClient, team: Team, receiver: WebhookReceiver) -> str:
    conn_id: str = (await connect_webhook(gql, team.admin, team.org, receiver.url))[
        "platformConnection"
    ]["id"]
    return conn_id


async def _x_connection(org: str, **fields: Any) -> str:
    """An X account row (the OAuth flow has its own tests; scheduling only reads the row)."""
    conn = await PlatformConnection.create(
        organization_id=org_pk(org),
        platform=Platform.X,
        account_id="x-1",
        account_name="@acme",
        **fields,
    )
    return gid(conn)


def _codes(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]


async def test_schedule_post_makes_the_request_scheduled(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team)
    at = soon(3600).replace(microsecond=0)
    payload = await schedule(
        gql, team.editor, content.id, conn_id, at, timezone="Europe/Berlin", maxRetries=5
    )
    assert payload["userErrors"] == []
    s = payload["schedule"]
    assert s["status"] == "ACTIVE" and s["channel"] == "WEBHOOK"
    assert datetime.fromisoformat(s["publishAt"]) == at
    assert datetime.fromisoformat(s["nextOccurrenceAt"]) == at
    assert s["timezone"] == "Europe/Berlin" and s["maxRetries"] == 5
    assert s["platformConnection"]["id"] == conn_id
    assert s["contentVersion"]["id"] == content.version_id("WEBHOOK")
    assert s["contentRequestId"] == content.id
    assert s["recurrence"]["frequency"] == "ONCE"
    assert await request_status(content) == ContentStatus.SCHEDULED
    # An hour ahead is beyond the look-ahead: no occurrence written yet, nothing counted.
    assert await occurrences_of(s["id"]) == []
    assert await usage(team.org, "posts_scheduled") == 0


async def test_a_post_due_soon_is_materialized_and_counted_at_once(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team)
    at = soon(30)
    payload = await schedule(gql, team.admin, content.id, conn_id, at)
    [occ] = await occurrences_of(payload["schedule"]["id"])
    assert occ.status == OccurrenceStatus.SCHEDULED
    assert occ.due_at == at and occ.attempts == 0 and occ.max_retries == 3
    assert await usage(team.org, "posts_scheduled") == 1


@pytest.mark.parametrize("status", ["DRAFTED", "IN_REVIEW", "REJECTED"])
async def test_only_approved_content_is_scheduled(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, status: str
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await make_request(team.org, team.editor, channels=("WEBHOOK",), variants=1)
    if status != "DRAFTED":
        await move_to(gql, content.id, status, team.editor, team.reviewer)
    payload = await schedule(gql, team.editor, content.id, conn_id, soon(60))
    assert payload["schedule"] is None
    assert _codes(payload) == [("NOT_APPROVED", ["contentRequestId"])]
    assert await Schedule.all().count() == 0
    assert (await request_status(content)).value == status


async def test_the_channel_must_match_the_connections_platform(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team, channels=("X", "WEBHOOK"))
    payload = await schedule(gql, team.editor, content.id, conn_id, soon(60), channel="X")
    assert _codes(payload) == [("PLATFORM_MISMATCH", ["platformConnectionId"])]
    assert await Schedule.all().count() == 0


async def test_text_rules_are_checked_again_with_the_accounts_own_limits(
    gql: GraphQLClient, team: Team
) -> None:
    content = await approved(gql, team, channels=("X",))
    # Edited straight in the table, as if rules had changed since approval.
    await ContentVersion.filter(id=content.of("X")[0].id).update(text="word " * 80)
    conn_id = await _x_connection(team.org)
    payload = await schedule(gql, team.editor, content.id, conn_id, soon(60), channel="X")
    assert _codes(payload) == [("CONTENT_RULES", ["channel"])]
    assert "280" in payload["userErrors"][0]["message"]

    # A limit the account reported at connect time (e.g. a smaller server) is applied too.
    await ContentVersion.filter(id=content.of("X")[0].id).update(text="Short and sweet.")
    await PlatformConnection.filter(platform=Platform.X).update(limits={"max_characters": 10})
    payload = await schedule(gql, team.editor, content.id, conn_id, soon(60), channel="X")
    assert _codes(payload) == [("CONTENT_RULES", ["channel"])]
    assert "10 characters" in payload["userErrors"][0]["message"]
    assert await Schedule.all().count() == 0


async def test_an_unavailable_connection_cannot_be_scheduled_on(
    gql: GraphQLClient, team: Team
) -> None:
    content = await approved(gql, team, channels=("X",))
    conn_id = await _x_connection(team.org, status=ConnectionStatus.NEEDS_REAUTH)
    payload = await schedule(gql, team.editor, content.id, conn_id, soon(60), channel="X")
    assert _codes(payload) == [("CONNECTION_UNAVAILABLE", ["platformConnectionId"])]


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"publishAt": "2020-01-01T09:00:00+00:00"}, [("INVALID_INPUT", ["publishAt"])]),
        ({"timezone": "Mars/Olympus"}, [("INVALID_TIMEZONE", ["timezone"])]),
        (
            {"recurrence": {"frequency": "CRON", "cron": "every tuesday"}},
            [("INVALID_INPUT", ["recurrence", "cron"])],
        ),
        ({"maxRetries": 50}, [("INVALID_INPUT", ["maxRetries"])]),
    ],
)
async def test_invalid_times_are_user_errors(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    override: dict[str, Any],
    expected: list[tuple[str, list[str]]],
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team)
    from tests.publishing.helpers import SCHEDULE_POST

    payload = await SCHEDULE_POST.payload(
        gql,
        {
            "contentRequestId": content.id,
            "channel": "WEBHOOK",
            "platformConnectionId": conn_id,
            "publishAt": iso(soon(60)),
            "timezone": "UTC",
        }
        | override,
        team.editor.token,
    )
    assert _codes(payload) == expected
    assert await request_status(content) == ContentStatus.APPROVED


async def test_reviewers_cannot_schedule_and_other_tenants_see_nothing(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team)
    from tests.publishing.helpers import SCHEDULE_POST

    input = {
        "contentRequestId": content.id,
        "channel": "WEBHOOK",
        "platformConnectionId": conn_id,
        "publishAt": iso(soon(60)),
        "timezone": "UTC",
    }
    assert await SCHEDULE_POST.top_level_codes(gql, input, team.reviewer.token) == ["FORBIDDEN"]
    # Another organization's admin: our request does not exist for them.
    outsider = await SCHEDULE_POST.payload(gql, input, team.outsider.token)
    assert _codes(outsider) == [("NOT_FOUND", ["contentRequestId"])]
    # Our editor with another organization's connection: that connection does not exist.
    foreign = (await connect_webhook(gql, team.outsider, team.other_org, receiver.url))[
        "platformConnection"
    ]["id"]
    for candidate in (foreign, missing_id("PlatformConnection")):
        crossed = await SCHEDULE_POST.payload(
            gql, input | {"platformConnectionId": candidate}, team.editor.token
        )
        assert _codes(crossed) == [("NOT_FOUND", ["platformConnectionId"])]
    assert await Schedule.all().count() == 0
    assert await request_status(content) == ContentStatus.APPROVED


async def test_pause_resume_reschedule_and_cancel(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team)
    at = soon(120)
    schedule_id = (await schedule(gql, team.editor, content.id, conn_id, at))["schedule"]["id"]
    ids = {"scheduleId": schedule_id}
    [occ] = await occurrences_of(schedule_id)

    paused = await PAUSE.ok(gql, ids, team.editor.token)
    assert paused["schedule"]["status"] == "PAUSED"
    assert (await Occurrence.get(id=occ.id)).status == OccurrenceStatus.CANCELLED
    assert await PAUSE.codes(gql, ids, team.editor.token) == ["INVALID_TRANSITION"]

    # Resumed before its time: the same occurrence is due again (not a second row).
    resumed = await RESUME.ok(gql, ids, team.editor.token)
    assert resumed["schedule"]["status"] == "ACTIVE"
    [again] = await occurrences_of(schedule_id)
    assert again.id == occ.id and again.status == OccurrenceStatus.SCHEDULED
    assert again.idempotency_key == occ.idempotency_key

    later = at + timedelta(days=1)
    moved = await RESCHEDULE_POST.ok(
        gql,
        {"scheduleId": schedule_id, "publishAt": iso(later), "timezone": "Asia/Tokyo"},
        team.editor.token,
    )
    assert datetime.fromisoformat(moved["schedule"]["nextOccurrenceAt"]) == later
    assert moved["schedule"]["timezone"] == "Asia/Tokyo"
    [old] = await occurrences_of(schedule_id)
    assert old.status == OccurrenceStatus.CANCELLED  # the new time is beyond the look-ahead

    # Back to the first time: the cancelled occurrence comes back rather than being lost.
    back = await RESCHEDULE_POST.ok(
        gql, {"scheduleId": schedule_id, "publishAt": iso(at), "timezone": "UTC"}, team.editor.token
    )
    assert back["schedule"]["status"] == "ACTIVE"
    [revived] = await occurrences_of(schedule_id)
    assert revived.status == OccurrenceStatus.SCHEDULED and revived.due_at == at

    cancelled = await CANCEL.ok(gql, ids, team.editor.token)
    assert cancelled["schedule"]["status"] == "CANCELLED"
    assert (await Occurrence.get(id=occ.id)).status == OccurrenceStatus.CANCELLED
    # Nothing left to publish: the request is approved content again, ready for a new slot.
    assert await request_status(content) == ContentStatus.APPROVED
    for mutation in (PAUSE, RESUME, CANCEL):
        assert await mutation.codes(gql, ids, team.editor.token) == ["INVALID_TRANSITION"]


async def test_schedule_mutations_check_roles_and_tenancy(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = await _webhook(gql, team, receiver)
    content = await approved(gql, team)
    schedule_id = (await schedule(gql, team.editor, content.id, conn_id, soon(600)))["schedule"][
        "id"
    ]
    for mutation in (PAUSE, RESUME, CANCEL):
        ids = {"scheduleId": schedule_id}
        assert await mutation.top_level_codes(gql, ids, team.reviewer.token) == ["FORBIDDEN"]
        for candidate in (schedule_id, missing_id("Schedule")):
            payload = await mutation.payload(gql, {"scheduleId": candidate}, team.outsider.token)
            assert _codes(payload) == [("NOT_FOUND", ["scheduleId"])]
    moved = await RESCHEDULE_POST.payload(
        gql,
        {"scheduleId": schedule_id, "publishAt": iso(soon(900)), "timezone": "UTC"},
        team.outsider.token,
    )
    assert _codes(moved) == [("NOT_FOUND", ["scheduleId"])]
    [row] = await Schedule.all()
    assert row.status.value == "ACTIVE"


async def _calendar(
    gql: GraphQLClient, token: str, org: str, **filter: Any
) -> list[dict[str, Any]]:
    data = await gql.data(SCHEDULES, {"org": org, "filter": filter or None}, token)
    return [e["node"] for e in data["schedules"]["edges"]]


async def test_schedules_filter_as_a_calendar(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    hook = await _webhook(gql, team, receiver)
    x = await _x_connection(team.org)
    base = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
    made: dict[str, str] = {}
    for name, channel, conn, at, recurrence in [
        ("hook-day2", "WEBHOOK", hook, base, None),
        ("hook-day5", "WEBHOOK", hook, base + timedelta(days=3), None),
        ("x-day3", "X", x, base + timedelta(days=1), None),
        ("x-daily", "X", x, base, {"frequency": "DAILY", "endsAt": iso(base + timedelta(days=2))}),
    ]:
        content = await approved(gql, team, channels=(channel,))
        payload = await schedule(
            gql, team.editor, content.id, conn, at, channel=channel, recurrence=recurrence
        )
        assert payload["userErrors"] == []
        made[name] = payload["schedule"]["id"]
    await PAUSE.ok(gql, {"scheduleId": made["hook-day5"]}, team.editor.token)

    def names(nodes: list[dict[str, Any]]) -> set[str]:
        by_id = {v: k for k, v in made.items()}
        return {by_id[n["id"]] for n in nodes}

    token = team.reviewer.token  # reading is for every member
    assert names(await _calendar(gql, token, team.org)) == set(made)
    assert names(await _calendar(gql, token, team.org, platform="X")) == {"x-day3", "x-daily"}
    assert names(await _calendar(gql, token, team.org, status=["PAUSED"])) == {"hook-day5"}
    day3 = {"from": iso(base + timedelta(days=1)), "to": iso(base + timedelta(days=1, hours=1))}
    # Day 3 holds the one-time X post and a run of the daily schedule, nothing else.
    assert names(await _calendar(gql, token, team.org, **day3)) == {"x-day3", "x-daily"}
    week = {"from": iso(base - timedelta(hours=1)), "to": iso(base + timedelta(days=7))}
    assert names(await _calendar(gql, token, team.org, **week)) == set(made)
    later = {"from": iso(base + timedelta(days=2, hours=1)), "to": iso(base + timedelta(days=9))}
    assert names(await _calendar(gql, token, team.org, **later)) == {"hook-day5"}
    # Another organization's calendar is not readable; its own is empty.
    body = await gql.execute(SCHEDULES, {"org": team.org}, team.outsider.token)
    assert error_codes(body) == ["NOT_FOUND"]
    assert await _calendar(gql, team.outsider.token, team.other_org) == []

    # The calendar view of one recurring schedule: its runs in a range.
    data = await gql.data(
        "query($id: ID!, $s: DateTime!, $e: DateTime!) "
        "{ node(id: $id) { ... on Schedule { upcoming(start: $s, end: $e) } } }",
        {"id": made["x-daily"], "s": iso(base), "e": iso(base + timedelta(days=10))},
        token,
    )
    assert [datetime.fromisoformat(t) for t in data["node"]["upcoming"]] == [
        base + timedelta(days=i) for i in range(3)
    ]


async def test_schedules_page_through_with_cursors(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    hook = await _webhook(gql, team, receiver)
    for i in range(3):
        content = await approved(gql, team)
        await schedule(gql, team.editor, content.id, hook, soon(3600 + i))
    first = await gql.data(SCHEDULES, {"org": team.org, "first": 2}, team.editor.token)
    page = first["schedules"]
    assert page["totalCount"] == 3 and len(page["edges"]) == 2
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await gql.data(
        SCHEDULES,
        {"org": team.org, "first": 2, "after": page["pageInfo"]["endCursor"]},
        team.editor.token,
    )
    assert len(rest["schedules"]["edges"]) == 1
    seen = [e["node"]["id"] for e in page["edges"] + rest["schedules"]["edges"]]
    assert seen == [encode_id("Schedule", s.id) for s in await Schedule.all().order_by("id")]
