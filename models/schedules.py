"""Scheduling approved content: validation, recurrence, pause/resume/cancel, and the
materialization of due occurrences (idempotent, safe under racing workers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from tortoise import connections
from tortoise.transactions import in_transaction

from models.base import DomainError, ErrorCode, Problem, invalid
from models.channels import violations
from models.connections import ConnectionStatus, PlatformConnection
from models.content import ContentRequest, ContentStatus, ContentVersion, Platform
from models.events import emit
from models.media_rules import version_media_problems
from models.membership import check_timezone
from models.recurrence import Recurrence, next_occurrence, validate
from models.review import move, status_changed
from models.scheduling import (
    Frequency,
    Occurrence,
    OccurrenceStatus,
    Schedule,
    ScheduleStatus,
)
from models.sessions import now

PUBLISH_TOPIC = "publish"
# Attachments are not handed to platforms yet (they need a signed public URL a platform can
# fetch): refuse, rather than publish the words without their pictures.
S = ContentStatus


@dataclass
class ScheduleSpec:
    publish_at: datetime
    timezone: str
    recurrence: Recurrence
    max_retries: int = 3


def _check_spec(spec: ScheduleSpec) -> None:
    problems: list[Problem] = []
    for check in (
        lambda: check_timezone(spec.timezone, "timezone"),
        lambda: validate(spec.recurrence),
    ):
        try:
            check()
        except DomainError as exc:
            problems += exc.problems
    if spec.publish_at.tzinfo is None:
        problems += invalid("Give publishAt with a time zone offset.", "publishAt").problems
    elif spec.publish_at < now() - timedelta(minutes=1):
        problems += invalid("publishAt is in the past.", "publishAt").problems
    if not 0 <= spec.max_retries <= 10:
        problems += invalid("maxRetries must be 0 to 10.", "maxRetries").problems
    if problems:
        raise DomainError(problems)


def content_problems(
    channel: Platform, version: ContentVersion, conn: PlatformConnection
) -> list[str]:
    """The channel's text rules again, with limits the connected account reported (e.g. a
    Mastodon server's own max_characters)."""
    found = violations(channel, version.text, version.hashtags)
    limit = conn.limits.get("max_characters") if conn.limits else None
    if isinstance(limit, int) and len(version.text) > limit:
        found.append(f"This {channel.value} account allows {limit} characters.")
    return found


async def schedule_post(
    request: ContentRequest,
    actor_id: int,
    channel: Platform,
    conn: PlatformConnection,
    spec: ScheduleSpec,
) -> Schedule:
    _check_spec(spec)
    if conn.platform != channel:
        raise DomainError.of(
            ErrorCode.PLATFORM_MISMATCH,
            f"This connection is a {conn.platform.value} account, not {channel.value}.",
            "platformConnectionId",
        )
    if conn.status != ConnectionStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.CONNECTION_UNAVAILABLE,
            f"The connection is {conn.status.value.lower()}.",
            "platformConnectionId",
        )
    async with in_transaction():
        locked = await ContentRequest.filter(id=request.id).select_for_update().get()
        if locked.status not in (S.APPROVED, S.SCHEDULED):
            raise DomainError.of(
                ErrorCode.NOT_APPROVED,
                "Only approved content can be scheduled.",
                "contentRequestId",
            )
        version = await ContentVersion.filter(
            request_id=locked.id, channel=channel, is_selected=True
        ).first()
        if version is None:
            raise DomainError.of(
                ErrorCode.NO_SELECTED_VERSION, f"No selected {channel.value} version.", "channel"
            )
        problems = content_problems(channel, version, conn)
        if problems:
            raise DomainError.of(ErrorCode.CONTENT_RULES, " ".join(problems), "channel")
        media = await version_media_problems(version)
        if media:
            raise DomainError.of(ErrorCode.MEDIA_RULES, " ".join(media), "media", channel.value)
        first = next_occurrence(spec.publish_at, spec.timezone, spec.recurrence, None)
        schedule = await Schedule.create(
            organization_id=locked.organization_id,
            request_id=locked.id,
            version_id=version.id,
            connection_id=conn.id,
            channel=channel,
            first_at=spec.publish_at,
            timezone=spec.timezone,
            frequency=spec.recurrence.frequency,
            interval=spec.recurrence.interval,
            by_weekday=spec.recurrence.by_weekday,
            cron=spec.recurrence.cron,
            ends_at=spec.recurrence.ends_at,
            count=spec.recurrence.count,
            max_retries=spec.max_retries,
            next_at=first,
            status=ScheduleStatus.ACTIVE if first else ScheduleStatus.COMPLETED,
            created_by_id=actor_id,
        )
        previous = None
        if locked.status == S.APPROVED:
            previous = await move(locked, S.SCHEDULED, actor_id, "scheduled")
    if previous is not None:
        await status_changed(locked, previous, actor_id, "scheduled")
    await schedule_event(schedule, "SCHEDULED", actor_id)
    await materialize(schedule.id)
    await schedule.refresh_from_db()
    return schedule


def recurrence_of(schedule: Schedule) -> Recurrence:
    return Recurrence(
        frequency=schedule.frequency,
        interval=schedule.interval,
        by_weekday=list(schedule.by_weekday),
        cron=schedule.cron,
        ends_at=schedule.ends_at,
        count=schedule.count,
    )


async def schedule_event(
    schedule: Schedule, kind: str, actor_id: int | None, **data: object
) -> None:
    await emit(
        schedule.organization_id,
        kind,
        actor_id,
        topic=PUBLISH_TOPIC,
        scheduleId=schedule.id,
        contentRequestId=schedule.request_id,
        status=schedule.status.value,
        **data,
    )


async def _cancel_pending(schedule_id: int) -> None:
    await Occurrence.filter(schedule_id=schedule_id, status=OccurrenceStatus.SCHEDULED).update(
        status=OccurrenceStatus.CANCELLED, finished_at=now()
    )


async def set_status(
    schedule: Schedule, actor_id: int, target: ScheduleStatus, reason: str = ""
) -> Schedule:
    allowed = {
        ScheduleStatus.PAUSED: {ScheduleStatus.ACTIVE},
        ScheduleStatus.ACTIVE: {ScheduleStatus.PAUSED},
        ScheduleStatus.CANCELLED: {ScheduleStatus.ACTIVE, ScheduleStatus.PAUSED},
    }[target]
    async with in_transaction():
        locked = await Schedule.filter(id=schedule.id).select_for_update().get()
        if locked.status not in allowed:
            raise DomainError.of(
                ErrorCode.INVALID_TRANSITION,
                f"A {locked.status.value.lower()} schedule cannot become {target.value.lower()}.",
                "scheduleId",
            )
        if target == ScheduleStatus.ACTIVE:
            request = await ContentRequest.get(id=locked.request_id)
            if request.status not in (S.SCHEDULED, S.APPROVED, S.PUBLISHED):
                raise DomainError.of(
                    ErrorCode.NOT_APPROVED,
                    "The content changed since approval; get it approved again first.",
                    "scheduleId",
                )
            if request.status != S.SCHEDULED:
                await move(request, S.SCHEDULED, actor_id, "schedule resumed")
            # Occurrences missed while paused are skipped, not fired all at once; those still
            # ahead (cancelled by the pause) are written again by `materialize`.
            locked.next_at = next_occurrence(
                locked.first_at,
                locked.timezone,
                recurrence_of(locked),
                now() - timedelta(seconds=1),
            )
        if target != ScheduleStatus.ACTIVE:
            await _cancel_pending(locked.id)
        locked.status, locked.status_reason = target, reason
        await locked.save(update_fields=["status", "status_reason", "next_at", "updated_at"])
        await _settle_request(locked.request_id, actor_id)
    await schedule_event(locked, f"SCHEDULE_{target.value}", actor_id)
    if target == ScheduleStatus.ACTIVE:
        await materialize(locked.id)
        await complete_if_done(locked.id)
        await locked.refresh_from_db()
    return locked


async def reschedule(schedule: Schedule, actor_id: int, spec: ScheduleSpec) -> Schedule:
    _check_spec(spec)
    async with in_transaction():
        locked = await Schedule.filter(id=schedule.id).select_for_update().get()
        if locked.status not in (ScheduleStatus.ACTIVE, ScheduleStatus.PAUSED):
            raise DomainError.of(
                ErrorCode.INVALID_TRANSITION, "Only active or paused schedules move.", "scheduleId"
            )
        await _cancel_pending(locked.id)
        rec = spec.recurrence
        locked.first_at, locked.timezone = spec.publish_at, spec.timezone
        locked.frequency, locked.interval, locked.by_weekday = (
            rec.frequency,
            rec.interval,
            rec.by_weekday,
        )
        locked.cron, locked.ends_at, locked.count = rec.cron, rec.ends_at, rec.count
        locked.max_retries = spec.max_retries
        locked.materialized = 0
        locked.next_at = next_occurrence(spec.publish_at, spec.timezone, rec, None)
        await locked.save()
    await schedule_event(locked, "RESCHEDULED", actor_id)
    await materialize(locked.id)
    await locked.refresh_from_db()
    return locked


async def pause_for_request(request_id: int, reason: str) -> None:
    """Called inside the editing transaction when approved words change."""
    ids: list[int] = await Schedule.filter(
        request_id=request_id, status=ScheduleStatus.ACTIVE
    ).values_list("id", flat=True)  # type: ignore[assignment]
    for schedule_id in ids:
        await Schedule.filter(id=schedule_id).update(
            status=ScheduleStatus.PAUSED, status_reason=reason
        )
        await _cancel_pending(schedule_id)


async def _settle_request(request_id: int, actor_id: int | None) -> None:
    """A scheduled request with nothing left to publish becomes PUBLISHED (if anything went
    out) or APPROVED again (if everything was cancelled)."""
    request = await ContentRequest.filter(id=request_id).select_for_update().first()
    if request is None or request.status != S.SCHEDULED:
        return
    live = await Schedule.filter(
        request_id=request_id, status__in=[ScheduleStatus.ACTIVE, ScheduleStatus.PAUSED]
    ).exists()
    if live:
        return
    from models.scheduling import PublishedPost

    # A post already on its way when its schedule was cancelled may still go out: the request
    # settles when that publish finishes (`complete_if_done` is called for it then).
    schedule_ids = await Schedule.filter(request_id=request_id).values_list("id", flat=True)
    if await Occurrence.filter(
        schedule_id__in=list(schedule_ids), status=OccurrenceStatus.PUBLISHING
    ).exists():
        return

    published = await PublishedPost.filter(request_id=request_id).exists()
    await move(request, S.PUBLISHED if published else S.APPROVED, actor_id, "schedules finished")


async def materialize(
    schedule_id: int | None = None, horizon: timedelta | None = None
) -> list[int]:
    """Write occurrence rows due within the horizon; returns ids of new rows.

    Each schedule row is locked (skip locked) while its next occurrences are written, and the
    (schedule, due_at) unique key makes a second writer a no-op.
    """
    from app.settings import get_settings

    horizon = horizon or timedelta(seconds=get_settings().publish_lookahead_seconds)
    limit_at = now() + horizon
    created: list[int] = []
    async with in_transaction():
        qs = Schedule.filter(status=ScheduleStatus.ACTIVE, next_at__lte=limit_at)
        if schedule_id is not None:
            qs = qs.filter(id=schedule_id)
        schedules = await qs.select_for_update(skip_locked=True).limit(500)
        rows: list[tuple[Any, ...]] = []
        for schedule in schedules:
            rec = recurrence_of(schedule)
            due = schedule.next_at
            while due is not None and due <= limit_at:
                rows.append(
                    (
                        schedule.organization_id,
                        schedule.id,
                        schedule.connection_id,
                        schedule.version_id,
                        schedule.channel.value,
                        due,
                        schedule.max_retries,
                        uuid4().hex,
                    )
                )
                schedule.materialized += 1
                due = next_occurrence(schedule.first_at, schedule.timezone, rec, due)
            # With nothing left to write the schedule stays ACTIVE until its last occurrence
            # is done (see `complete_if_done`), so it can still be paused or cancelled.
            schedule.next_at = due
        if rows:
            created = await _insert_occurrences(rows)
        if schedules:
            await connections.get("default").execute_query(
                'UPDATE "schedules" s SET "next_at" = v."next_at", '
                '"materialized" = v."materialized", "updated_at" = now() '
                "FROM unnest($1::bigint[], $2::timestamptz[], $3::int[]) "
                'AS v("id", "next_at", "materialized") WHERE s."id" = v."id"',
                [
                    [x.id for x in schedules],
                    [x.next_at for x in schedules],
                    [x.materialized for x in schedules],
                ],
            )
    if created:
        await increment_scheduled(created)
        await enqueue_due(created)
    return created


async def _insert_occurrences(rows: list[tuple[Any, ...]]) -> list[int]:
    """One statement for a whole batch (a burst of thousands of posts is written in seconds)."""
    columns = list(zip(*rows, strict=True))
    result = await connections.get("default").execute_query_dict(
        'INSERT INTO "occurrences" ("organization_id", "schedule_id", "connection_id", '
        '"version_id", "channel", "due_at", "status", "attempts", "max_retries", '
        '"idempotency_key", "last_error", "created_at", "updated_at") '
        "SELECT o, s, c, v, ch, d, 'SCHEDULED', 0, m, k, '', now(), now() FROM unnest("
        "$1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::varchar[], "
        "$6::timestamptz[], $7::int[], $8::varchar[]) AS t(o, s, c, v, ch, d, m, k) "
        # A time cancelled earlier (pause, reschedule) comes back to life; one already
        # publishing or done stays as it is. The idempotency key is kept, so a destination
        # that saw an earlier attempt can drop a repeat.
        'ON CONFLICT ("schedule_id", "due_at") DO UPDATE SET "status" = '
        '\'SCHEDULED\', "attempts" = 0, "next_attempt_at" = NULL, '
        '"lease_until" = NULL, "last_error" = \'\', "started_at" = NULL, '
        '"finished_at" = NULL, "max_retries" = EXCLUDED."max_retries", '
        '"connection_id" = EXCLUDED."connection_id", '
        '"version_id" = EXCLUDED."version_id", "updated_at" = now() '
        'WHERE "occurrences"."status" = \'CANCELLED\' RETURNING "id"',
        [list(column) for column in columns],
    )
    return [r["id"] for r in result]


async def increment_scheduled(occurrence_ids: list[int]) -> None:
    from models.usage import increment

    per_org: dict[int, int] = {}
    for occ in await Occurrence.filter(id__in=occurrence_ids).only("id", "organization_id"):
        per_org[occ.organization_id] = per_org.get(occ.organization_id, 0) + 1
    for org_id, amount in per_org.items():
        await increment(org_id, "posts_scheduled", amount)


# Deferred jobs run a hair after the due time: the claim compares with the database clock, and
# a job a millisecond early would leave the occurrence to the next minute's tick.
DUE_MARGIN = timedelta(milliseconds=20)


# Occurrences a publish_due job claims at a time, and at most how many such jobs one due time
# gets: enough for several workers to share a burst, few enough not to swamp one of them.
PUBLISH_BATCH = 50
MAX_JOBS_PER_DUE_TIME = 8


async def enqueue_due(occurrence_ids: list[int]) -> None:
    """Exact-time jobs for new occurrences: per due time, a few `publish_due` jobs, each of
    which claims due occurrences in batches until none is left. Ids are unique per call (a
    revived occurrence needs a fresh job); the claim makes any surplus job a no-op."""
    from jobs.queue import enqueue

    batch = uuid4().hex[:8]
    per_due: dict[datetime, int] = {}
    for occ in await Occurrence.filter(id__in=occurrence_ids).only("id", "due_at"):
        per_due[occ.due_at] = per_due.get(occ.due_at, 0) + 1
    for due_at, count in per_due.items():
        jobs = min(-(-count // PUBLISH_BATCH), MAX_JOBS_PER_DUE_TIME)
        stamp = int(due_at.timestamp() * 1000)
        for n in range(jobs):
            await enqueue(
                "publish_due",
                job_id=f"publish-due:{stamp}:{batch}:{n}",
                defer_by=max(timedelta(0), due_at - now()) + DUE_MARGIN,
            )


async def complete_if_done(*schedule_ids: int) -> None:
    """ACTIVE schedules with nothing left to write or publish become COMPLETED, and their
    requests PUBLISHED (or APPROVED again when nothing went out).

    One statement for any number of schedules, run after the callers' own status changes
    have committed: of two occurrences finishing at once, whichever checks last sees the
    other done.
    """
    if not schedule_ids:
        return
    rows = await connections.get("default").execute_query_dict(
        'UPDATE "schedules" s SET "status" = \'COMPLETED\', "updated_at" = now() '
        'WHERE s."id" = ANY($1::bigint[]) AND s."status" = \'ACTIVE\' AND s."next_at" IS NULL '
        'AND NOT EXISTS (SELECT 1 FROM "occurrences" o WHERE o."schedule_id" = s."id" '
        "AND o.\"status\" IN ('SCHEDULED', 'PUBLISHING')) RETURNING s.*",
        [sorted(set(schedule_ids))],
    )
    completed = [Schedule._init_from_db(**row) for row in rows]
    # A publish that finished after its schedule was cancelled settles its request too.
    cancelled: list[int] = await Schedule.filter(
        id__in=list(schedule_ids), status=ScheduleStatus.CANCELLED
    ).values_list("request_id", flat=True)  # type: ignore[assignment]
    # Cheap look first: requests with other schedules still running (several channels, a
    # burst of posts) are not locked by every occurrence that finishes.
    request_ids = {schedule.request_id for schedule in completed} | set(cancelled)
    if not request_ids:
        return
    live = set(
        await Schedule.filter(
            request_id__in=request_ids,
            status__in=[ScheduleStatus.ACTIVE, ScheduleStatus.PAUSED],
        ).values_list("request_id", flat=True)
    )
    for request_id in sorted(request_ids - live):
        async with in_transaction():
            await _settle_request(request_id, None)
    for schedule in completed:
        await schedule_event(schedule, "SCHEDULE_COMPLETED", None)


def frequency_once() -> Recurrence:
    return Recurrence(Frequency.ONCE)
