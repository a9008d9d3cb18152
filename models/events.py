"""Organization events: published after commit, delivered to subscribers in any process."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from app.pubsub import organization_channel, publish

ORGANIZATION_TOPIC = "events"
CONTENT_TOPIC = "content"


async def emit(
    organization_id: int,
    kind: str,
    actor_id: int | None,
    *,
    topic: str = ORGANIZATION_TOPIC,
    **data: Any,
) -> None:
    await publish(
        organization_channel(organization_id, topic),
        {
            "kind": kind,
            "organization_id": organization_id,
            "actor_id": actor_id,
            "at": datetime.now(UTC).isoformat(),
            "data": data,
        },
    )
