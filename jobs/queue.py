"""The one way product code enqueues jobs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.redis import get_redis


async def enqueue(
    function: str, *args: Any, job_id: str | None = None, defer_by: timedelta | None = None
) -> None:
    """Enqueue `function(*args)`; call only after the transaction that made the work commits.

    `job_id` deduplicates: arq ignores a second enqueue while the first is queued or kept.
    """
    redis = await get_redis()
    await redis.enqueue_job(function, *args, _job_id=job_id, _defer_by=defer_by)
