"""Publishing jobs: exact-time publishes, the minute tick, and token refresh."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.settings import get_settings
from models.connect import refresh_connection
from models.connections import ConnectionStatus, PlatformConnection
from models.publisher import due_occurrence_ids
from models.publisher import publish_occurrence as publish
from models.schedules import materialize
from models.sessions import now


async def publish_occurrence(ctx: dict[str, Any], occurrence_id: int) -> str:
    return await publish(occurrence_id)


async def publish_tick(ctx: dict[str, Any]) -> int:
    """Materialize upcoming occurrences and publish whatever is due and not yet taken.

    The deferred per-occurrence jobs normally publish on time; this catches anything whose
    job was lost, and recovers occurrences whose worker died (expired lease).
    """
    await materialize()
    done = 0
    for occurrence_id in await due_occurrence_ids():
        if await publish(occurrence_id) in ("published", "failed", "retrying", "cancelled"):
            done += 1
    return done


async def refresh_tokens(ctx: dict[str, Any]) -> int:
    window = timedelta(minutes=get_settings().token_refresh_window_minutes)
    due = await PlatformConnection.filter(
        status=ConnectionStatus.ACTIVE, token_expires_at__lte=now() + window
    ).exclude(refresh_token_encrypted="")
    refreshed = 0
    for conn in due:
        refreshed += await refresh_connection(conn)
    return refreshed
