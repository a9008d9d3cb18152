"""Publishing due occurrences exactly once.

Claiming is one UPDATE … WHERE status = 'SCHEDULED' (or an expired lease) … RETURNING: of
two racing workers one gets the row. The lease lets a sweeper recover an occurrence whose
worker died mid-publish; recovery first asks the platform whether the post exists, re-posts
only where the platform de-duplicates by idempotency key, and otherwise fails loudly rather
than risk a second post.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from tortoise import connections

from app.settings import get_settings
from integrations.platforms import adapter_for
from integrations.platforms.base import AUTH, TRANSIENT, PlatformError, PostContent, PublishedRef
from models.channels import compose
from models.connect import mark_needs_reauth, refresh_connection, to_adapter
from models.connections import ConnectionStatus, PlatformConnection
from models.content import ContentVersion
from models.events import emit
from models.media import MediaAttachment
from models.media_links import attachments_by_version, media_items
from models.media_rules import media_problems
from models.notifications import notify
from models.schedules import (
    DUE_MARGIN,
    PUBLISH_TOPIC,
    complete_if_done,
    content_problems,
)
from models.scheduling import Occurrence, OccurrenceStatus, Schedule, ScheduleStatus
from models.sessions import now
from models.usage import increment

OS = OccurrenceStatus
UNAVAILABLE = {
    ConnectionStatus.INACTIVE: "The connection is deactivated; reactivate it to publish.",
    ConnectionStatus.NEEDS_REAUTH: "The account must be connected again.",
    ConnectionStatus.DISCONNECTED: "The account was disconnected.",
}


_CLAIM = (
    'UPDATE "occurrences" o SET "status" = \'PUBLISHING\', "attempts" = o."attempts" + 1, '
    '"lease_until" = $1, "started_at" = now(), "updated_at" = now() '
    'FROM (SELECT "id", "status" AS "was" FROM "occurrences" WHERE {where} FOR UPDATE{skip}) old '
    'WHERE o."id" = old."id" RETURNING o.*, old."was"'
)
# Due and free: time has come (and any retry delay passed), or the claiming worker's lease
# ran out (it died mid-publish).
_TAKEABLE = (
    '(("status" = \'SCHEDULED\' AND "due_at" <= now() '
    'AND ("next_attempt_at" IS NULL OR "next_attempt_at" <= now())) '
    'OR ("status" = \'PUBLISHING\' AND "lease_until" < now()))'
)


def _claimed(rows: list[dict[str, Any]]) -> list[tuple[Occurrence, bool]]:
    out = []
    for row in rows:
        row = dict(row)
        was = row.pop("was")
        out.append((Occurrence._init_from_db(**row), was == OS.PUBLISHING.value))
    return out


def _lease_end() -> Any:
    return now() + timedelta(seconds=get_settings().publish_lease_seconds)


async def _claim(occurrence_id: int) -> tuple[Occurrence, bool] | None:
    """Take the occurrence for this worker; returns it and whether it is a recovery. One
    UPDATE over a row lock: of two racing workers, the second finds it taken."""
    sql = _CLAIM.format(where=f'"id" = $2 AND {_TAKEABLE}', skip="")
    rows = await connections.get("default").execute_query_dict(sql, [_lease_end(), occurrence_id])
    claimed = _claimed(rows)
    return claimed[0] if claimed else None


async def claim_due(limit: int) -> list[tuple[Occurrence, bool]]:
    """Take up to `limit` due occurrences, oldest first. SKIP LOCKED lets any number of
    workers claim disjoint batches of the same burst at once."""
    sql = _CLAIM.format(where=f'{_TAKEABLE} ORDER BY "due_at" LIMIT $2', skip=" SKIP LOCKED")
    rows = await connections.get("default").execute_query_dict(sql, [_lease_end(), limit])
    return _claimed(rows)


async def _event(occ: Occurrence, **data: Any) -> None:
    await emit(
        occ.organization_id,
        "OCCURRENCE_STATUS",
        None,
        topic=PUBLISH_TOPIC,
        occurrenceId=occ.id,
        scheduleId=occ.schedule_id,
        status=occ.status.value,
        attempts=occ.attempts,
        error=occ.last_error,
        **data,
    )


async def publish_occurrence(occurrence_id: int) -> str:
    claimed = await _claim(occurrence_id)
    if claimed is None:
        return "not-due-or-taken"
    occ, recovering = claimed
    schedule, conn, version, media = await asyncio.gather(
        Schedule.get(id=occ.schedule_id),
        PlatformConnection.get(id=occ.connection_id),
        ContentVersion.get(id=occ.version_id),
        attachments_by_version([occ.version_id]),
    )
    result = await _publish_claimed(
        occ, recovering, schedule, conn, version, media.get(occ.version_id, [])
    )
    await _settle([(occ, result)])
    return result


async def _settle(results: list[tuple[Occurrence, str]]) -> None:
    """Usage and schedule completion for finished publishes, a few statements per batch."""
    published: dict[int, int] = {}
    for occ, result in results:
        if result == "published":
            published[occ.organization_id] = published.get(occ.organization_id, 0) + 1
    for org_id, amount in published.items():
        await increment(org_id, "posts_published", amount)
    await complete_if_done(
        *(occ.schedule_id for occ, result in results if result not in ("retrying", "lost-lease"))
    )


# Publishes in flight per worker process, across its batch jobs: a burst must not open
# thousands of sockets or queue hundreds of tasks on a 10-connection database pool.
PUBLISH_CONCURRENCY = 50
_gates: dict[int, asyncio.Semaphore] = {}


def _gate() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    gate = _gates.get(id(loop))
    if gate is None:
        gate = _gates[id(loop)] = asyncio.Semaphore(PUBLISH_CONCURRENCY)
    return gate


def busy() -> bool:
    """True while this process already has its share of batches in flight."""
    return _in_flight.get(id(asyncio.get_running_loop()), 0) >= MAX_BATCHES_IN_FLIGHT


# Batches one worker process publishes at once; more waiting work is left for other workers.
MAX_BATCHES_IN_FLIGHT = 2
_in_flight: dict[int, int] = {}


async def publish_due(
    limit: int = 50, on_full_batch: Callable[[], Awaitable[None]] | None = None
) -> int:
    """Claim one batch of due occurrences and publish them concurrently; returns how many
    were claimed (0: nothing is due). What they need is read in three queries per batch.

    `on_full_batch` runs right after a full claim, before publishing: the burst job hands
    the rest of the work on there, so another worker can take the next batch meanwhile.
    """
    loop = id(asyncio.get_running_loop())
    _in_flight[loop] = _in_flight.get(loop, 0) + 1
    try:
        return await _publish_batch(limit, on_full_batch)
    finally:
        _in_flight[loop] -= 1


async def _publish_batch(limit: int, on_full_batch: Callable[[], Awaitable[None]] | None) -> int:
    claimed = await claim_due(limit)
    if not claimed:
        return 0
    if on_full_batch is not None and len(claimed) == limit:
        await on_full_batch()
    occs = [occ for occ, _ in claimed]
    schedules = {s.id: s for s in await Schedule.filter(id__in={o.schedule_id for o in occs})}
    conns = {
        c.id: c for c in await PlatformConnection.filter(id__in={o.connection_id for o in occs})
    }
    versions = {v.id: v for v in await ContentVersion.filter(id__in={o.version_id for o in occs})}
    media = await attachments_by_version(list(versions))
    gate = _gate()

    async def one(occ: Occurrence, recovering: bool) -> str:
        async with gate:
            return await _publish_claimed(
                occ,
                recovering,
                schedules[occ.schedule_id],
                conns[occ.connection_id],
                versions[occ.version_id],
                media.get(occ.version_id, []),
            )

    results = await asyncio.gather(
        *(one(occ, recovering) for occ, recovering in claimed), return_exceptions=True
    )
    # One unexpected error must not cost the rest of the batch its bookkeeping; its own
    # occurrence stays PUBLISHING and is recovered when the lease runs out.
    await _settle([(o, r) for o, r in zip(occs, results, strict=True) if isinstance(r, str)])
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return len(claimed)


async def _publish_claimed(
    occ: Occurrence,
    recovering: bool,
    schedule: Schedule,
    conn: PlatformConnection,
    version: ContentVersion,
    media: list[MediaAttachment],
) -> str:
    await _event(occ)
    if schedule.status not in (ScheduleStatus.ACTIVE, ScheduleStatus.COMPLETED):
        return await _finish_failed(
            occ, f"The schedule is {schedule.status.value.lower()}.", OS.CANCELLED
        )
    if conn.status != ConnectionStatus.ACTIVE:
        return await _finish_failed(occ, UNAVAILABLE[conn.status])
    problems = content_problems(occ.channel, version, conn)
    # Media may have changed since scheduling; the platform's rules are checked on what goes.
    problems += media_problems(occ.channel, media)
    if problems:
        return await _finish_failed(occ, " ".join(problems))
    adapter = adapter_for(occ.channel)
    soon = now() + timedelta(minutes=1)
    expiring = conn.token_expires_at is not None and conn.token_expires_at <= soon
    if expiring and not await refresh_connection(conn, due_by=soon):
        if conn.status != ConnectionStatus.ACTIVE:
            return await _finish_failed(occ, UNAVAILABLE[conn.status])
        if conn.token_expires_at is not None and conn.token_expires_at <= now():
            # The refresh failed for now and the token is dead: try again later rather than
            # publish with it and have the platform call the account unauthorized.
            failure = PlatformError(conn.last_error or "Token refresh failed.", kind=TRANSIENT)
            return await _handle_error(occ, conn, failure)
    try:
        if recovering:
            found = await adapter.find_post(to_adapter(conn), occ.idempotency_key)
            if found is not None:
                return await _finish_published(occ, schedule, found)
            if not getattr(adapter, "idempotent_publish", False):
                return await _finish_failed(
                    occ,
                    "Publishing was interrupted and the platform cannot tell whether the post "
                    "went out; not retried to avoid a duplicate. Check the account.",
                )
        ref = await adapter.publish(
            to_adapter(conn),
            PostContent(
                text=compose(version.text, version.hashtags),
                media=media_items(media),
                idempotency_key=occ.idempotency_key,
            ),
        )
    except PlatformError as exc:
        return await _handle_error(occ, conn, exc)
    return await _finish_published(occ, schedule, ref)


def _mine(occ: Occurrence) -> Any:
    """This worker's claim: still PUBLISHING at the attempt it claimed. A worker whose lease
    expired and was taken over finds no row and changes nothing (attempts is the fence)."""
    return Occurrence.filter(id=occ.id, status=OS.PUBLISHING, attempts=occ.attempts)


async def _finish_published(occ: Occurrence, schedule: Schedule, ref: PublishedRef) -> str:
    if not ref.post_id:
        return await _finish_failed(occ, "The platform answered without a post id.")
    # One statement: the occurrence becomes PUBLISHED (if still this worker's claim) together
    # with its PublishedPost, atomically and in one round trip.
    rows = await connections.get("default").execute_query_dict(
        'WITH done AS (UPDATE "occurrences" SET "status" = \'PUBLISHED\', "finished_at" = now(), '
        '"lease_until" = NULL, "last_error" = \'\', "updated_at" = now() '
        'WHERE "id" = $1 AND "status" = \'PUBLISHING\' AND "attempts" = $2 '
        'RETURNING "id", "organization_id", "schedule_id", "connection_id", "version_id", '
        '"channel") '
        'INSERT INTO "published_posts" ("organization_id", "occurrence_id", "schedule_id", '
        '"connection_id", "version_id", "request_id", "channel", "platform_post_id", "url", '
        '"published_at", "created_at", "updated_at") '
        'SELECT "organization_id", "id", "schedule_id", "connection_id", "version_id", $3, '
        '"channel", $4, $5, now(), now(), now() FROM done RETURNING "id"',
        [occ.id, occ.attempts, schedule.request_id, ref.post_id[:300], ref.url[:2000]],
    )
    if not rows:
        return "lost-lease"
    # The caller counts usage and completes the schedule after this commits (for a batch, in
    # one statement each: the counter row is per organization and would serialize a burst).
    occ.status = OS.PUBLISHED
    await _event(occ, postId=ref.post_id, url=ref.url)
    return "published"


async def _finish_failed(
    occ: Occurrence, message: str, status: OccurrenceStatus = OS.FAILED
) -> str:
    updated = await _mine(occ).update(
        status=status, finished_at=now(), lease_until=None, last_error=message[:2000]
    )
    if not updated:
        return "lost-lease"
    occ.status, occ.last_error = status, message
    await _event(occ)
    if status == OS.FAILED:
        await notify(
            occ.organization_id,
            "PUBLISH_FAILED",
            f"A {occ.channel.value} post could not be published: {message}",
            occurrenceId=occ.id,
            scheduleId=occ.schedule_id,
        )
    return status.value.lower()


def retry_delay(attempt: int, retry_after: float | None) -> float:
    settings = get_settings()
    if retry_after is not None:
        return min(retry_after, settings.publish_retry_max_seconds)
    base: float = settings.publish_retry_base_seconds * 2 ** (attempt - 1)
    return min(base * (0.5 + random.random() / 2), settings.publish_retry_max_seconds)  # noqa: S311


async def _handle_error(occ: Occurrence, conn: PlatformConnection, exc: PlatformError) -> str:
    if exc.kind == AUTH:
        await mark_needs_reauth(conn, str(exc))
        return await _finish_failed(occ, f"The platform refused the account's authorization: {exc}")
    if exc.kind == TRANSIENT and occ.attempts <= occ.max_retries:
        delay = retry_delay(occ.attempts, exc.retry_after)
        updated = await _mine(occ).update(
            status=OS.SCHEDULED,
            lease_until=None,
            next_attempt_at=now() + timedelta(seconds=delay),
            last_error=str(exc)[:2000],
        )
        if not updated:
            return "lost-lease"
        occ.status, occ.last_error = OS.SCHEDULED, str(exc)
        await _event(occ, retryInSeconds=round(delay, 3))
        from jobs.queue import enqueue

        await enqueue(
            "publish_occurrence",
            occ.id,
            job_id=f"publish:{occ.id}:{occ.attempts}",
            defer_by=timedelta(seconds=delay) + DUE_MARGIN,
        )
        return "retrying"
    return await _finish_failed(occ, str(exc))
