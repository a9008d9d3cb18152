"""Publishing due occurrences with a real arq worker to a real webhook destination: success
records, retries with backoff and Retry-After, AUTH and REJECTED stops, notifications."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from app.settings import get_settings
from models.channels import compose
from models.connections import ConnectionStatus, PlatformConnection
from models.content import ContentStatus
from models.scheduling import Notification, Occurrence, OccurrenceStatus, PublishedPost
from models.sessions import now
from schema.common import decode_id
from tests.conftest import GraphQLClient
from tests.content.helpers import Drafted, RunWorker
from tests.publishing.conftest import Team
from tests.publishing.helpers import (
    NOTIFICATIONS,
    PUBLISHED_POSTS,
    approved,
    connect_webhook,
    occurrences_of,
    request_status,
    schedule,
    schedule_node,
    soon,
    usage,
)
from tests.publishing.receiver import WebhookReceiver


async def _due_post(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    *,
    max_retries: int = 3,
    conn: dict[str, Any] | None = None,
    delay: float = 0.2,
) -> tuple[Drafted, dict[str, Any], str]:
    """Approved content scheduled a moment from now on a webhook connection: the content, the
    connectWebhook payload and the schedule id."""
    conn = conn or await connect_webhook(gql, team.admin, team.org, receiver.url)
    content = await approved(gql, team)
    payload = await schedule(
        gql,
        team.editor,
        content.id,
        conn["platformConnection"]["id"],
        soon(delay),
        maxRetries=max_retries,
    )
    assert payload["userErrors"] == []
    return content, conn, payload["schedule"]["id"]


async def _notifications(gql: GraphQLClient, token: str, org: str) -> list[dict[str, Any]]:
    data = await gql.data(NOTIFICATIONS, {"org": org}, token)
    return [e["node"] for e in data["notifications"]["edges"]]


async def test_a_due_post_is_published_with_its_record(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    content, conn, schedule_id = await _due_post(gql, team, receiver)
    [occ] = await occurrences_of(schedule_id)
    await run_worker()

    [delivery] = receiver.deliveries
    version = content.of("WEBHOOK")[0]
    assert delivery.key == occ.idempotency_key
    assert delivery.body["text"] == compose(version.text, version.hashtags)
    assert delivery.body["destination"] == receiver.url
    assert delivery.signed_with(conn["signingSecret"])
    assert not delivery.signed_with("whsec_someone-else")

    node = await schedule_node(gql, team.reviewer.token, schedule_id)
    assert node["status"] == "COMPLETED"
    [published] = node["occurrences"]
    assert published["status"] == "PUBLISHED" and published["attempts"] == 1
    assert published["lastError"] == "" and published["nextAttemptAt"] is None
    assert published["startedAt"] <= published["finishedAt"]
    post = published["publishedPost"]
    assert post["platformPostId"] == "post-1"
    assert post["url"] == "https://hooks.example/post-1"
    assert post["contentRequestId"] == content.id
    assert post["contentVersion"]["id"] == content.version_id("WEBHOOK")
    assert post["platformConnection"]["id"] == conn["platformConnection"]["id"]

    data = await gql.data(PUBLISHED_POSTS, {"org": team.org}, team.reviewer.token)
    assert data["publishedPosts"]["totalCount"] == 1
    assert data["publishedPosts"]["edges"][0]["node"]["id"] == post["id"]
    other = await gql.data(PUBLISHED_POSTS, {"org": team.other_org}, team.outsider.token)
    assert other["publishedPosts"]["totalCount"] == 0
    x_only = await gql.data(
        PUBLISHED_POSTS, {"org": team.org, "filter": {"platform": "X"}}, team.reviewer.token
    )
    assert x_only["publishedPosts"]["totalCount"] == 0

    assert await request_status(content) == ContentStatus.PUBLISHED
    assert await usage(team.org, "posts_scheduled") == 1
    assert await usage(team.org, "posts_published") == 1
    assert await _notifications(gql, team.admin.token, team.org) == []


async def test_transient_failures_retry_honouring_retry_after(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    receiver.answer(500)
    receiver.answer(429, headers={"Retry-After": "1"})
    _, _, schedule_id = await _due_post(gql, team, receiver)
    await run_worker()

    first, second, third = receiver.deliveries
    assert [d.status for d in (first, second, third)] == [500, 429, 200]
    assert first.key == second.key == third.key
    # Exponential backoff after the 500 is short here (base 0.05 s); the 429 asked for 1 s.
    assert third.at - second.at >= 1.0
    [occ] = await occurrences_of(schedule_id)
    assert occ.status == OccurrenceStatus.PUBLISHED and occ.attempts == 3
    assert occ.last_error == ""
    assert await PublishedPost.all().count() == 1
    assert len(receiver.created()) == 1


async def test_transient_failures_stop_after_max_retries_with_a_notification(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    receiver.answer(503, times=5, body={"error": "Destination is down for maintenance"})
    content, _, schedule_id = await _due_post(gql, team, receiver, max_retries=2)
    await run_worker()

    assert [d.status for d in receiver.deliveries] == [503, 503, 503]  # 1 try + 2 retries
    node = await schedule_node(gql, team.editor.token, schedule_id)
    [occ] = node["occurrences"]
    assert occ["status"] == "FAILED" and occ["attempts"] == 3
    assert occ["lastError"] == "Destination is down for maintenance"
    assert occ["publishedPost"] is None
    assert node["status"] == "COMPLETED"
    # Nothing went out: the content is approved again, ready for another slot.
    assert await request_status(content) == ContentStatus.APPROVED
    [note] = await _notifications(gql, team.admin.token, team.org)
    assert note["kind"] == "PUBLISH_FAILED"
    assert "Destination is down for maintenance" in note["message"]
    assert await usage(team.org, "posts_published") == 0


async def test_backoff_grows_between_attempts(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "publish_retry_base_seconds", 0.4)
    receiver.answer(502, times=2)
    _, _, schedule_id = await _due_post(gql, team, receiver)
    await run_worker()
    first, second, third = receiver.deliveries
    # Jittered exponential backoff: 0.2 to 0.4 s, then 0.4 to 0.8 s.
    assert second.at - first.at >= 0.2
    assert third.at - second.at >= 0.4
    [occ] = await occurrences_of(schedule_id)
    assert occ.status == OccurrenceStatus.PUBLISHED and occ.attempts == 3


async def test_a_timeout_is_retried_with_the_same_idempotency_key(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "platform_http_timeout_seconds", 0.5)
    receiver.hang()
    _, _, schedule_id = await _due_post(gql, team, receiver)
    await run_worker()
    receiver.release()
    hung, answered = receiver.deliveries
    assert hung.key == answered.key and answered.status == 200
    [occ] = await occurrences_of(schedule_id)
    assert occ.status == OccurrenceStatus.PUBLISHED and occ.attempts == 2
    assert len(receiver.created()) == 1


async def test_an_auth_failure_stops_at_once_and_marks_the_connection(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    receiver.answer(401, body={"error": "Signature rejected"}, times=3)
    _, conn, first_id = await _due_post(gql, team, receiver)
    _, _, second_id = await _due_post(gql, team, receiver, conn=conn, delay=1.5)
    await run_worker()

    # One delivery: the 401 stopped the first post; the second, due later, never went out.
    assert len(receiver.deliveries) == 1
    [first] = await occurrences_of(first_id)
    [second] = await occurrences_of(second_id)
    failures = sorted([first, second], key=lambda o: o.started_at or o.due_at)
    assert [o.status for o in failures] == [OccurrenceStatus.FAILED] * 2
    assert [o.attempts for o in failures] == [1, 1]
    assert "Signature rejected" in failures[0].last_error
    assert failures[1].last_error == "The account must be connected again."

    row = await PlatformConnection.get(
        id=decode_id(conn["platformConnection"]["id"], "PlatformConnection")
    )
    assert row.status == ConnectionStatus.NEEDS_REAUTH
    assert "Signature rejected" in row.last_error
    notes = await _notifications(gql, team.admin.token, team.org)
    kinds = sorted(n["kind"] for n in notes)
    assert kinds == ["CONNECTION_NEEDS_REAUTH", "PUBLISH_FAILED", "PUBLISH_FAILED"]
    [reauth] = [n for n in notes if n["kind"] == "CONNECTION_NEEDS_REAUTH"]
    assert reauth["data"]["connectionId"] == row.id
    assert "whsec_" not in json.dumps(notes)

    # Connecting the destination again clears the state; publishing works again.
    again = await connect_webhook(gql, team.admin, team.org, receiver.url)
    assert again["platformConnection"]["status"] == "ACTIVE"


async def test_content_the_platform_rejects_stops_with_its_message(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    receiver.answer(422, body={"error": "Posts may not mention competitors"})
    _, conn, schedule_id = await _due_post(gql, team, receiver)
    await run_worker()
    assert len(receiver.deliveries) == 1
    [occ] = await occurrences_of(schedule_id)
    assert occ.status == OccurrenceStatus.FAILED and occ.attempts == 1
    assert occ.last_error == "Posts may not mention competitors"
    [note] = await Notification.all()
    assert note.kind == "PUBLISH_FAILED" and "competitors" in note.message
    row = await PlatformConnection.get(
        id=decode_id(conn["platformConnection"]["id"], "PlatformConnection")
    )
    assert row.status == ConnectionStatus.ACTIVE


async def test_a_deactivated_connection_fails_the_post_without_delivering(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    _, conn, schedule_id = await _due_post(gql, team, receiver)
    await PlatformConnection.filter(
        id=decode_id(conn["platformConnection"]["id"], "PlatformConnection")
    ).update(status=ConnectionStatus.INACTIVE)
    await run_worker()
    assert receiver.deliveries == []
    [occ] = await occurrences_of(schedule_id)
    assert occ.status == OccurrenceStatus.FAILED
    assert "deactivated" in occ.last_error


async def test_a_paused_schedule_publishes_nothing(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    from tests.publishing.helpers import PAUSE

    _, _, schedule_id = await _due_post(gql, team, receiver)
    await PAUSE.ok(gql, {"scheduleId": schedule_id}, team.editor.token)
    await run_worker()
    assert receiver.deliveries == []
    [occ] = await occurrences_of(schedule_id)
    assert occ.status == OccurrenceStatus.CANCELLED and occ.attempts == 0


async def test_occurrences_not_yet_due_are_left_alone(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    from models.publisher import publish_occurrence

    conn = await connect_webhook(gql, team.admin, team.org, receiver.url)
    content = await approved(gql, team)
    payload = await schedule(
        gql, team.editor, content.id, conn["platformConnection"]["id"], soon(120)
    )
    [occ] = await occurrences_of(payload["schedule"]["id"])
    assert await publish_occurrence(occ.id) == "not-due-or-taken"
    assert receiver.deliveries == []
    assert (await Occurrence.get(id=occ.id)).due_at - occ.due_at == timedelta(0)


async def test_a_post_already_going_out_when_cancelled_leaves_its_request_published(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    import asyncio

    from models.publisher import publish_occurrence
    from tests.publishing.helpers import CANCEL

    receiver.hold()
    content, _, schedule_id = await _due_post(gql, team, receiver)
    [occ] = await occurrences_of(schedule_id)
    await asyncio.sleep(max(0.0, (occ.due_at - now()).total_seconds()) + 0.05)
    in_flight = asyncio.create_task(publish_occurrence(occ.id))
    await receiver.wait_for(1)
    await CANCEL.ok(gql, {"scheduleId": schedule_id}, team.editor.token)
    # The post is on its way: the request does not claim nothing went out.
    assert await request_status(content) == ContentStatus.SCHEDULED
    receiver.release()
    assert await in_flight == "published"
    assert len(receiver.created()) == 1
    assert await request_status(content) == ContentStatus.PUBLISHED
