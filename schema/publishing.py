"""GraphQL shapes for platform connections, schedules, occurrences, published posts,
notifications and publish events. Tokens and secrets never appear here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from models import connections as mc
from models import scheduling as ms
from models.recurrence import occurrences as compute_occurrences
from models.schedules import recurrence_of
from schema.common import Node, UserError, encode_id
from schema.content import ContentVersion, Platform

ConnectionStatus = mc.ConnectionStatus
strawberry.enum(ConnectionStatus)
Frequency = ms.Frequency
strawberry.enum(Frequency)
ScheduleStatus = ms.ScheduleStatus
strawberry.enum(ScheduleStatus)
OccurrenceStatus = ms.OccurrenceStatus
strawberry.enum(OccurrenceStatus)


@strawberry.type
class PlatformConnection(Node):
    _model: strawberry.Private[mc.PlatformConnection]
    platform: Platform
    account_id: str
    account_name: str
    avatar_url: str
    instance_url: str
    status: ConnectionStatus
    token_expires_at: datetime | None
    last_refreshed_at: datetime | None
    last_error: str
    limits: JSON
    created_at: datetime

    @classmethod
    def from_model(cls, conn: mc.PlatformConnection) -> PlatformConnection:
        return cls(
            id=encode_id("PlatformConnection", conn.id),
            _model=conn,
            platform=conn.platform,
            account_id=conn.account_id,
            account_name=conn.account_name,
            avatar_url=conn.avatar_url,
            instance_url=conn.instance_url,
            status=conn.status,
            token_expires_at=conn.token_expires_at,
            last_refreshed_at=conn.last_refreshed_at,
            last_error=conn.last_error,
            limits=cast(JSON, conn.limits),
            created_at=conn.created_at,
        )


@strawberry.type
class RecurrenceRule:
    frequency: Frequency
    interval: int
    by_weekday: list[str]
    cron: str
    ends_at: datetime | None
    count: int | None


@strawberry.type
class PublishedPost(Node):
    _model: strawberry.Private[ms.PublishedPost]
    channel: Platform
    platform_post_id: str
    url: str
    published_at: datetime

    @classmethod
    def from_model(cls, post: ms.PublishedPost) -> PublishedPost:
        return cls(
            id=encode_id("PublishedPost", post.id),
            _model=post,
            channel=post.channel,
            platform_post_id=post.platform_post_id,
            url=post.url,
            published_at=post.published_at,
        )

    @strawberry.field
    def content_request_id(self) -> strawberry.ID:
        return encode_id("ContentRequest", self._model.request_id)

    @strawberry.field
    def schedule_id(self) -> strawberry.ID:
        return encode_id("Schedule", self._model.schedule_id)

    @strawberry.field
    async def content_version(self, info: Info) -> ContentVersion | None:
        version = await info.context.loaders.content_version_by_id.load(self._model.version_id)
        return ContentVersion.from_model(version) if version else None

    @strawberry.field
    async def platform_connection(self, info: Info) -> PlatformConnection | None:
        conn = await info.context.loaders.connection_by_id.load(self._model.connection_id)
        return PlatformConnection.from_model(conn) if conn else None


@strawberry.type
class Occurrence(Node):
    _model: strawberry.Private[ms.Occurrence]
    due_at: datetime
    status: OccurrenceStatus
    attempts: int
    last_error: str
    started_at: datetime | None
    finished_at: datetime | None
    next_attempt_at: datetime | None

    @classmethod
    def from_model(cls, occ: ms.Occurrence) -> Occurrence:
        return cls(
            id=encode_id("Occurrence", occ.id),
            _model=occ,
            due_at=occ.due_at,
            status=occ.status,
            attempts=occ.attempts,
            last_error=occ.last_error,
            started_at=occ.started_at,
            finished_at=occ.finished_at,
            next_attempt_at=occ.next_attempt_at,
        )

    @strawberry.field
    async def published_post(self, info: Info) -> PublishedPost | None:
        post = await info.context.loaders.published_post_by_occurrence.load(self._model.id)
        return PublishedPost.from_model(post) if post else None


@strawberry.type
class Schedule(Node):
    _model: strawberry.Private[ms.Schedule]
    channel: Platform
    status: ScheduleStatus
    status_reason: str
    publish_at: datetime
    timezone: str
    max_retries: int
    next_occurrence_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, schedule: ms.Schedule) -> Schedule:
        return cls(
            id=encode_id("Schedule", schedule.id),
            _model=schedule,
            channel=schedule.channel,
            status=schedule.status,
            status_reason=schedule.status_reason,
            publish_at=schedule.first_at,
            timezone=schedule.timezone,
            max_retries=schedule.max_retries,
            next_occurrence_at=schedule.next_at,
            created_at=schedule.created_at,
        )

    @strawberry.field
    def recurrence(self) -> RecurrenceRule:
        s = self._model
        return RecurrenceRule(
            frequency=s.frequency,
            interval=s.interval,
            by_weekday=list(s.by_weekday),
            cron=s.cron,
            ends_at=s.ends_at,
            count=s.count,
        )

    @strawberry.field
    def content_request_id(self) -> strawberry.ID:
        return encode_id("ContentRequest", self._model.request_id)

    @strawberry.field
    async def content_version(self, info: Info) -> ContentVersion | None:
        version = await info.context.loaders.content_version_by_id.load(self._model.version_id)
        return ContentVersion.from_model(version) if version else None

    @strawberry.field
    async def platform_connection(self, info: Info) -> PlatformConnection | None:
        conn = await info.context.loaders.connection_by_id.load(self._model.connection_id)
        return PlatformConnection.from_model(conn) if conn else None

    @strawberry.field(description="Occurrences written so far (due, publishing or done).")
    async def occurrences(self, info: Info) -> list[Occurrence]:
        rows = await info.context.loaders.occurrences_by_schedule.load(self._model.id)
        return [Occurrence.from_model(o) for o in rows]

    @strawberry.field(description="Computed publish times in a range, for calendars (max 500).")
    def upcoming(self, start: datetime, end: datetime, first: int = 100) -> list[datetime]:
        s = self._model
        if s.status in (ms.ScheduleStatus.CANCELLED, ms.ScheduleStatus.COMPLETED):
            return []
        return compute_occurrences(
            s.first_at,
            s.timezone,
            recurrence_of(s),
            after=start - timedelta(microseconds=1),
            until=end,
            limit=max(0, min(first, 500)),
        )


@strawberry.type
class Notification(Node):
    kind: str
    message: str
    data: JSON
    read_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, note: ms.Notification) -> Notification:
        return cls(
            id=encode_id("Notification", note.id),
            kind=note.kind,
            message=note.message,
            data=cast(JSON, note.data),
            read_at=note.read_at,
            created_at=note.created_at,
        )


@strawberry.type
class PublishEvent:
    kind: str = strawberry.field(
        description="SCHEDULED, RESCHEDULED, SCHEDULE_PAUSED, SCHEDULE_ACTIVE, "
        "SCHEDULE_CANCELLED, OCCURRENCE_STATUS"
    )
    schedule_id: strawberry.ID | None
    occurrence_id: strawberry.ID | None
    content_request_id: strawberry.ID | None
    status: str
    attempts: int | None
    error: str | None
    post_id: str | None
    url: str | None
    at: datetime

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> PublishEvent:
        data = message["data"]

        def gid(type_name: str, key: str) -> strawberry.ID | None:
            return encode_id(type_name, data[key]) if data.get(key) else None

        return cls(
            kind=message["kind"],
            schedule_id=gid("Schedule", "scheduleId"),
            occurrence_id=gid("Occurrence", "occurrenceId"),
            content_request_id=gid("ContentRequest", "contentRequestId"),
            status=data.get("status", ""),
            attempts=data.get("attempts"),
            error=data.get("error") or None,
            post_id=data.get("postId"),
            url=data.get("url"),
            at=datetime.fromisoformat(message["at"]),
        )


# Inputs


@strawberry.input
class StartPlatformConnectionInput:
    organization_id: strawberry.ID
    platform: Platform
    redirect_uri: str
    instance_url: str | None = strawberry.field(default=None, description="Mastodon server.")


@strawberry.input
class CompletePlatformConnectionInput:
    state: str
    code: str


@strawberry.input
class ConnectBlueskyInput:
    organization_id: strawberry.ID
    handle: str
    app_password: str
    service_url: str = "https://bsky.social"


@strawberry.input
class ConnectWebhookInput:
    organization_id: strawberry.ID
    url: str
    name: str = ""


@strawberry.input
class PlatformConnectionIdInput:
    platform_connection_id: strawberry.ID


@strawberry.input
class RecurrenceInput:
    frequency: Frequency = Frequency.ONCE
    interval: int = 1
    by_weekday: list[str] | None = None
    cron: str | None = None
    ends_at: datetime | None = None
    count: int | None = None


@strawberry.input
class SchedulePostInput:
    content_request_id: strawberry.ID
    channel: Platform
    platform_connection_id: strawberry.ID
    publish_at: datetime
    timezone: str
    recurrence: RecurrenceInput | None = None
    max_retries: int = 3


@strawberry.input
class ReschedulePostInput:
    schedule_id: strawberry.ID
    publish_at: datetime
    timezone: str
    recurrence: RecurrenceInput | None = None
    max_retries: int = 3


@strawberry.input
class ScheduleIdInput:
    schedule_id: strawberry.ID


@strawberry.input
class ScheduleFilter:
    status: list[ScheduleStatus] | None = None
    platform: Platform | None = None
    start: datetime | None = strawberry.field(default=None, name="from")
    end: datetime | None = strawberry.field(default=None, name="to")


@strawberry.input
class PublishedPostFilter:
    platform: Platform | None = None
    platform_connection_id: strawberry.ID | None = None
    start: datetime | None = strawberry.field(default=None, name="from")
    end: datetime | None = strawberry.field(default=None, name="to")


@strawberry.input
class MarkNotificationReadInput:
    notification_id: strawberry.ID


# Payloads


@strawberry.type
class StartPlatformConnectionPayload:
    authorization_url: str | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ConnectionPayload:
    platform_connection: PlatformConnection | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompletePlatformConnectionPayload(ConnectionPayload):
    pass


@strawberry.type
class ConnectBlueskyPayload(ConnectionPayload):
    pass


@strawberry.type
class ConnectWebhookPayload(ConnectionPayload):
    signing_secret: str | None = strawberry.field(
        default=None, description="Shown once: verify X-Ezre-Signature with it."
    )


@strawberry.type
class DeactivatePlatformConnectionPayload(ConnectionPayload):
    pass


@strawberry.type
class ReactivatePlatformConnectionPayload(ConnectionPayload):
    pass


@strawberry.type
class DisconnectPlatformPayload(ConnectionPayload):
    pass


@strawberry.type
class SchedulePayload:
    schedule: Schedule | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SchedulePostPayload(SchedulePayload):
    pass


@strawberry.type
class ReschedulePostPayload(SchedulePayload):
    pass


@strawberry.type
class PauseSchedulePayload(SchedulePayload):
    pass


@strawberry.type
class ResumeSchedulePayload(SchedulePayload):
    pass


@strawberry.type
class CancelSchedulePayload(SchedulePayload):
    pass


@strawberry.type
class MarkNotificationReadPayload:
    notification: Notification | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
