"""End to end over a real websocket: a subscriber on a server process watches a post go from
SCHEDULED through PUBLISHING to PUBLISHED while a worker publishes it to the destination."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from app.pubsub import organization_channel
from app.redis import get_redis
from models.schedules import PUBLISH_TOPIC
from schema.common import decode_id
from tests.conftest import GraphQLClient, LiveServer
from tests.content.helpers import RunWorker
from tests.publishing.conftest import Team
from tests.publishing.helpers import approved, connect_webhook, schedule, soon
from tests.publishing.receiver import WebhookReceiver

SUBSCRIBE = """
subscription($org: ID!) {
  publishEvents(organizationId: $org) {
    kind scheduleId occurrenceId contentRequestId status attempts error postId url at
  }
}"""


async def _subscribe(url: str, token: str, org: str) -> ClientConnection:
    ws = await connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": token}}))
    assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "connection_ack"
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"org": org}},
            }
        )
    )
    channel = organization_channel(decode_id(org, "Organization") or 0, PUBLISH_TOPIC)
    redis = await get_redis()
    for _ in range(200):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count:
            return ws
        await asyncio.sleep(0.05)
    raise AssertionError("the subscription never reached Redis")


async def _events(ws: ClientConnection, until: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 15))
        assert message["type"] == "next", message
        event = message["payload"]["data"]["publishEvents"]
        events.append(event)
        if event["status"] == until and event["kind"] == "OCCURRENCE_STATUS":
            return events


async def test_subscribers_watch_a_post_being_published(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    run_worker: RunWorker,
    live_server: LiveServer,
) -> None:
    conn = await connect_webhook(gql, team.admin, team.org, receiver.url)
    content = await approved(gql, team)
    ws = await _subscribe(live_server.ws_url, f"Bearer {team.reviewer.token}", team.org)
    outsider = await _subscribe(live_server.ws_url, f"Bearer {team.outsider.token}", team.org)
    try:
        # The outsider's subscription to our organization is refused, not silently empty.
        refused = json.loads(await asyncio.wait_for(outsider.recv(), 10))
        assert refused["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"

        payload = await schedule(
            gql, team.editor, content.id, conn["platformConnection"]["id"], soon(1.5)
        )
        schedule_id = payload["schedule"]["id"]

        async def work() -> int:
            return await run_worker()

        worker = asyncio.create_task(work())
        events = await _events(ws, until="PUBLISHED")
        await worker
    finally:
        await ws.close()
        await outsider.close()

    assert [(e["kind"], e["status"]) for e in events] == [
        ("SCHEDULED", "ACTIVE"),
        ("OCCURRENCE_STATUS", "PUBLISHING"),
        ("OCCURRENCE_STATUS", "PUBLISHED"),
    ]
    scheduled, publishing, published = events
    assert scheduled["scheduleId"] == schedule_id
    assert scheduled["contentRequestId"] == content.id
    assert publishing["scheduleId"] == published["scheduleId"] == schedule_id
    assert publishing["occurrenceId"] == published["occurrenceId"]
    assert publishing["attempts"] == published["attempts"] == 1
    [delivery] = receiver.deliveries
    assert published["postId"] == receiver.posts[delivery.key]
    assert published["url"] == f"https://hooks.example/{published['postId']}"
    assert published["error"] is None
