"""Publishing jobs: exact-time publishes, the minute tick, and token refresh."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from app.settings import get_settings
from models.connect import refresh_connection
from models.connections import ConnectionStatus, PlatformConnection
from models.publisher import publish_due as publish_batch
from models.publisher import publish_occurrence as publish
from models.schedules import PUBLISH_BATCH, materialize
from models.sessions import now


async def publish_occurrence(ctx: dict[str, Any], occurrence_id: int) -> str:
    return await publish(occurrence_id)


async def publish_due(ctx: dict[str, Any]) -> int:
    """Publish due occurrences in batches until none is left; a burst gets several of these
    jobs at its due time, and any number of workers share the work (claims skip locked)."""
    # Bounded so a job never nears arq's timeout: a cancelled job would strand its batch
    # until the lease runs out. Whatever is left goes to the other jobs and the tick.
    deadline = time.monotonic() + 60
    total = 0
    while time.monotonic() < deadline and (claimed := await publish_batch(PUBLISH_BATCH)):
        total += claimed
    return total


async def publish_tick(ctx: dict[str, Any]) -> int:
    """Materialize upcoming occurrences and publish whatever is due and not yet taken.

    The deferred jobs normally publish on time; this catches anything whose job was lost,
    and recovers occurrences whose worker died (expired lease).
    """
    await materialize()
    return await publish_due(ctx)


async def refresh_tokens(ctx: dict[str, Any]) -> int:
    window = timedelta(minutes=get_settings().token_refresh_window_minutes)
    due = await PlatformConnection.filter(
        status=ConnectionStatus.ACTIVE, token_expires_at__lte=now() + window
    ).exclude(refresh_token_encrypted="")
    refreshed = 0
    for conn in due:
        refreshed += await refresh_connection(conn)
    return refreshed
