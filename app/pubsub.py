"""Events fanned out through Redis pub/sub, so any process can feed any subscriber."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from app.redis import get_redis


def organization_channel(organization_id: int, topic: str = "events") -> str:
    return f"ezre:org:{organization_id}:{topic}"


async def publish(channel: str, event: dict[str, Any]) -> None:
    redis = await get_redis()
    await redis.publish(channel, json.dumps(event, default=str))


async def listen(channel: str) -> AsyncIterator[dict[str, Any]]:
    """Yield events published on `channel` until the consumer stops iterating.

    The Redis subscription is dropped in `finally`, which also runs when the
    websocket task is cancelled, so a disconnect leaves nothing behind.
    """
    redis = await get_redis()
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(channel)
    try:
        while True:
            message = await pubsub.get_message(timeout=30.0)
            if message is None:
                continue
            yield json.loads(message["data"])
    finally:
        await pubsub.unsubscribe(channel)
        await pubsub.aclose()
