"""Publishing jobs: exact-time publishes, the minute tick, and token refresh."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any
from uuid import uuid4

from app.settings import get_settings
from jobs.queue import enqueue
from models.connect import refresh_connection
from models.connections import ConnectionStatus, PlatformConnection
from models.publisher import busy
from models.publisher import publish_due as publish_batch
from models.publisher import publish_occurrence as publish
from models.schedules import PUBLISH_BATCH, materialize
from models.sessions import now


async def publish_occurrence(ctx: dict[str, Any], occurrence_id: int) -> str:
    return await publish(occurrence_id)


async def publish_due(ctx: dict[str, Any]) -> int:
    """One batch of due occurrences. A full batch hands the rest on to a new job before
    publishing, so the burst spreads over every worker that polls; a worker with its share
    in flight passes the job back to the queue for another one."""
    if busy():
        await enqueue("publish_due", job_id=f"publish-due:{uuid4().hex}", defer_by=PASS_ON)
        return 0

    async def hand_on() -> None:
        await enqueue("publish_due", job_id=f"publish-due:{uuid4().hex}")

    return await publish_batch(PUBLISH_BATCH, on_full_batch=hand_on)


# How long a passed-back job waits before a worker may take it again.
PASS_ON = timedelta(milliseconds=50)


async def drain(budget_seconds: float = 60) -> int:
    """Batches until nothing is due. Bounded so a job never nears arq's timeout: a cancelled
    job strands its batch until the lease runs out."""
    deadline = time.monotonic() + budget_seconds
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
    return await drain()


async def refresh_tokens(ctx: dict[str, Any]) -> int:
    window = timedelta(minutes=get_settings().token_refresh_window_minutes)
    due = await PlatformConnection.filter(
        status=ConnectionStatus.ACTIVE, token_expires_at__lte=now() + window
    ).exclude(refresh_token_encrypted="")
    refreshed = 0
    for conn in due:
        refreshed += await refresh_connection(conn)
    return refreshed
