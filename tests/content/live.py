"""A contentEvents subscriber over a real graphql-transport-ws websocket."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from app.pubsub import organization_channel
from app.redis import get_redis
from models.events import CONTENT_TOPIC
from tests.content.helpers import org_pk

CONTENT_EVENTS = """
subscription($org: ID!) {
  contentEvents(organizationId: $org) {
    kind contentRequestId previousStatus status versionId commentId channel reason
    progressDone progressTotal actor { email }
  }
}"""


class Subscriber:
    """One websocket with one contentEvents subscription on it."""

    def __init__(self, ws: ClientConnection, org_id: str) -> None:
        self.ws = ws
        self.org_id = org_id

    @classmethod
    async def open(cls, ws_url: str, token: str, org_id: str) -> Subscriber:
        ws = await connect(ws_url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}})
        )
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps(
                {
                    "id": "events",
                    "type": "subscribe",
                    "payload": {"query": CONTENT_EVENTS, "variables": {"org": org_id}},
                }
            )
        )
        return cls(ws, org_id)

    async def message(self, seconds: float = 10) -> dict[str, Any]:
        """The next protocol message, waiting at most `seconds`."""
        message: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), seconds))
        return message

    async def event(self) -> dict[str, Any]:
        message = await self.message()
        assert message["type"] == "next" and not message["payload"].get("errors"), message
        event: dict[str, Any] = message["payload"]["data"]["contentEvents"]
        return event

    async def events(self, count: int) -> list[dict[str, Any]]:
        return [await self.event() for _ in range(count)]

    async def close(self) -> None:
        await self.ws.close()


async def subscribers(org_id: str) -> int:
    """How many Redis subscriptions listen to the organization's content events."""
    channel = organization_channel(org_pk(org_id), CONTENT_TOPIC)
    [(_, count)] = await (await get_redis()).pubsub_numsub(channel)
    return int(count)


async def wait_for_subscribers(org_id: str, expected: int) -> None:
    """Events published before a server has subscribed in Redis are lost by design
    (pub/sub keeps nothing), so tests wait for the subscription to be in place."""
    for _ in range(200):
        if await subscribers(org_id) == expected:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {expected} subscribers, saw {await subscribers(org_id)}")
