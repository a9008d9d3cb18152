"""arq worker: job functions, crons, and the per-process start-up they share."""

from __future__ import annotations

from typing import Any

from arq import cron

from app.db import close_db, init_db
from app.redis import close_redis, configure_redis, redis_settings
from app.settings import get_settings
from integrations.platforms.http import close_clients
from jobs.accounts import purge_expired_tokens
from jobs.content import generate_content
from jobs.knowledge import generate_image, process_knowledge_file
from jobs.mail import MAX_ATTEMPTS, send_email, sweep_outbox
from jobs.publishing import publish_due, publish_occurrence, publish_tick, refresh_tokens

FUNCTIONS: list[Any] = [
    send_email,
    generate_content,
    process_knowledge_file,
    generate_image,
    publish_occurrence,
    publish_due,
]
CRON_JOBS: list[Any] = [
    cron(sweep_outbox, minute=set(range(0, 60, 5)), run_at_startup=False),
    cron(purge_expired_tokens, hour={3}, minute={17}, run_at_startup=False),
    # Every minute: materialize upcoming occurrences, publish anything whose exact-time job was
    # lost, recover occurrences whose worker died mid-publish.
    cron(publish_tick, second={0}, run_at_startup=True),
    cron(refresh_tokens, minute=set(range(0, 60, 10)), run_at_startup=False),
]


async def startup(ctx: dict[str, Any], *, manage_db: bool = True) -> None:
    settings = get_settings()
    database_url, redis_url = settings.service_urls()
    configure_redis(redis_url)
    if manage_db:
        await init_db(database_url)
    ctx["manage_db"] = manage_db


async def shutdown(ctx: dict[str, Any]) -> None:
    await close_clients()
    await close_redis()
    if ctx.get("manage_db", True):
        await close_db()


def worker_settings(redis_url: str) -> dict[str, Any]:
    """Keyword arguments for `arq.Worker`; tests and `ezre worker` build workers the same way."""
    return {
        "functions": FUNCTIONS,
        "cron_jobs": CRON_JOBS,
        "redis_settings": redis_settings(redis_url),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "max_tries": MAX_ATTEMPTS + 1,
        # A burst of due posts is many short jobs waiting on the network: arq's defaults (10
        # at a time, polling every 0.5 s) cap a worker near 20 publishes a second.
        "max_jobs": 50,
        "poll_delay": 0.1,
        "job_timeout": 300,
        "keep_result": 3600,
    }
