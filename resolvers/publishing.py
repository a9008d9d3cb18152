"""Connections, scheduling and publishing: thin resolvers over models.connect / schedules."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry.types import Info

from models import connect, schedules
from models import connections as mc
from models import content as m
from models import scheduling as ms
from models.recurrence import Recurrence
from models.sessions import now
from resolvers.common import user_errors_as
from resolvers.events import organization_stream
from resolvers.pagination import paginate
from resolvers.permissions import (
    ADMINS,
    WRITERS,
    require_member,
    require_object,
    require_readable,
    require_user,
)
from schema.common import Connection, decode_id
from schema.publishing import (
    CancelSchedulePayload,
    CompletePlatformConnectionInput,
    CompletePlatformConnectionPayload,
    ConnectBlueskyInput,
    ConnectBlueskyPayload,
    ConnectWebhookInput,
    ConnectWebhookPayload,
    DeactivatePlatformConnectionPayload,
    DisconnectPlatformPayload,
    MarkNotificationReadInput,
    MarkNotificationReadPayload,
    Notification,
    PauseSchedulePayload,
    PlatformConnection,
    PlatformConnectionIdInput,
    PublishedPost,
    PublishedPostFilter,
    PublishEvent,
    ReactivatePlatformConnectionPayload,
    RecurrenceInput,
    ReschedulePostInput,
    ReschedulePostPayload,
    ResumeSchedulePayload,
    Schedule,
    ScheduleFilter,
    ScheduleIdInput,
    SchedulePostInput,
    SchedulePostPayload,
    StartPlatformConnectionInput,
    StartPlatformConnectionPayload,
)


def _spec(
    publish_at: object, timezone: str, rec: RecurrenceInput | None, max_retries: int
) -> schedules.ScheduleSpec:
    from datetime import datetime

    assert isinstance(publish_at, datetime)
    r = rec or RecurrenceInput()
    return schedules.ScheduleSpec(
        publish_at=publish_at,
        timezone=timezone,
        recurrence=Recurrence(
            frequency=r.frequency,
            interval=r.interval,
            by_weekday=list(r.by_weekday or []),
            cron=(r.cron or "").strip(),
            ends_at=r.ends_at,
            count=r.count,
        ),
        max_retries=max_retries,
    )


async def _connection(info: Info, global_id: str) -> mc.PlatformConnection:
    conn, _ = await require_object(
        info, mc.PlatformConnection, global_id, ADMINS, "platformConnectionId"
    )
    return conn


@strawberry.type
class PublishingQuery:
    @strawberry.field
    async def platform_connections(
        self,
        info: Info,
        organization_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PlatformConnection]:
        org = await require_readable(info, organization_id)
        qs = mc.PlatformConnection.filter(organization_id=org.id).exclude(
            status=mc.ConnectionStatus.DISCONNECTED
        )
        return await paginate(qs, first, after, PlatformConnection.from_model)

    @strawberry.field(description="Schedules; `from`/`to` keep those with a run in the range.")
    async def schedules(
        self,
        info: Info,
        organization_id: strawberry.ID,
        filter: ScheduleFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Schedule]:
        org = await require_readable(info, organization_id)
        qs = ms.Schedule.filter(organization_id=org.id)
        f = filter or ScheduleFilter()
        if f.status:
            qs = qs.filter(status__in=list(f.status))
        if f.platform is not None:
            qs = qs.filter(channel=f.platform)
        if f.end is not None:
            qs = qs.filter(first_at__lte=f.end)
        if f.start is not None:
            from tortoise.expressions import Q

            # A run at or after `from`: a one-time post at its time; a recurring one when it
            # has not ended, or finished, before `from`.
            once = ms.Frequency.ONCE
            qs = qs.filter(
                Q(frequency=once, first_at__gte=f.start)
                | (
                    ~Q(frequency=once)
                    & (Q(ends_at=None) | Q(ends_at__gte=f.start))
                    & ~Q(status=ms.ScheduleStatus.COMPLETED, updated_at__lt=f.start)
                )
            )
        return await paginate(qs, first, after, Schedule.from_model)

    @strawberry.field(description="Newest first.")
    async def published_posts(
        self,
        info: Info,
        organization_id: strawberry.ID,
        filter: PublishedPostFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[PublishedPost]:
        org = await require_readable(info, organization_id)
        qs = ms.PublishedPost.filter(organization_id=org.id)
        f = filter or PublishedPostFilter()
        if f.platform is not None:
            qs = qs.filter(channel=f.platform)
        if f.platform_connection_id is not None:
            pk = decode_id(f.platform_connection_id, "PlatformConnection") or 0
            qs = qs.filter(connection_id=pk)
        if f.start is not None:
            qs = qs.filter(published_at__gte=f.start)
        if f.end is not None:
            qs = qs.filter(published_at__lte=f.end)
        return await paginate(qs, first, after, PublishedPost.from_model, newest_first=True)

    @strawberry.field(description="The organization's notifications for the viewer, newest first.")
    async def notifications(
        self,
        info: Info,
        organization_id: strawberry.ID,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Notification]:
        from tortoise.expressions import Q

        org = await require_readable(info, organization_id)
        user = require_user(info)
        qs = ms.Notification.filter(Q(user_id=None) | Q(user_id=user.id), organization_id=org.id)
        if unread_only:
            qs = qs.filter(read_at=None)
        return await paginate(qs, first, after, Notification.from_model, newest_first=True)


@strawberry.type
class PublishingMutation:
    @strawberry.mutation(description="ADMIN. Returns the platform's authorization URL.")
    @user_errors_as(StartPlatformConnectionPayload)
    async def start_platform_connection(
        self, info: Info, input: StartPlatformConnectionInput
    ) -> StartPlatformConnectionPayload:
        org, _ = await require_member(info, input.organization_id, ADMINS)
        url = await connect.start_connection(
            org.id,
            require_user(info).id,
            input.platform,
            input.redirect_uri,
            input.instance_url or "",
        )
        return StartPlatformConnectionPayload(authorization_url=url)

    @strawberry.mutation(description="Finish with the `state` and `code` the platform sent back.")
    @user_errors_as(CompletePlatformConnectionPayload)
    async def complete_platform_connection(
        self, info: Info, input: CompletePlatformConnectionInput
    ) -> CompletePlatformConnectionPayload:
        conn = await connect.complete_connection(input.state, input.code, require_user(info).id)
        return CompletePlatformConnectionPayload(
            platform_connection=PlatformConnection.from_model(conn)
        )

    @strawberry.mutation(description="ADMIN. Bluesky connects with an app password.")
    @user_errors_as(ConnectBlueskyPayload)
    async def connect_bluesky(
        self, info: Info, input: ConnectBlueskyInput
    ) -> ConnectBlueskyPayload:
        org, _ = await require_member(info, input.organization_id, ADMINS)
        conn = await connect.connect_with_credentials(
            org.id,
            require_user(info).id,
            m.Platform.BLUESKY,
            input.handle.strip(),
            input.app_password,
            input.service_url.strip(),
        )
        return ConnectBlueskyPayload(platform_connection=PlatformConnection.from_model(conn))

    @strawberry.mutation(description="ADMIN. A custom destination receiving signed JSON posts.")
    @user_errors_as(ConnectWebhookPayload)
    async def connect_webhook(
        self, info: Info, input: ConnectWebhookInput
    ) -> ConnectWebhookPayload:
        org, _ = await require_member(info, input.organization_id, ADMINS)
        conn, secret = await connect.connect_webhook(
            org.id, require_user(info).id, input.url, input.name
        )
        return ConnectWebhookPayload(
            platform_connection=PlatformConnection.from_model(conn), signing_secret=secret
        )

    @strawberry.mutation
    @user_errors_as(DeactivatePlatformConnectionPayload)
    async def deactivate_platform_connection(
        self, info: Info, input: PlatformConnectionIdInput
    ) -> DeactivatePlatformConnectionPayload:
        conn = await connect.set_active(
            await _connection(info, input.platform_connection_id), False
        )
        return DeactivatePlatformConnectionPayload(
            platform_connection=PlatformConnection.from_model(conn)
        )

    @strawberry.mutation
    @user_errors_as(ReactivatePlatformConnectionPayload)
    async def reactivate_platform_connection(
        self, info: Info, input: PlatformConnectionIdInput
    ) -> ReactivatePlatformConnectionPayload:
        conn = await connect.set_active(await _connection(info, input.platform_connection_id), True)
        return ReactivatePlatformConnectionPayload(
            platform_connection=PlatformConnection.from_model(conn)
        )

    @strawberry.mutation(description="Revokes at the platform where it can, then forgets tokens.")
    @user_errors_as(DisconnectPlatformPayload)
    async def disconnect_platform(
        self, info: Info, input: PlatformConnectionIdInput
    ) -> DisconnectPlatformPayload:
        conn = await connect.disconnect(await _connection(info, input.platform_connection_id))
        return DisconnectPlatformPayload(platform_connection=PlatformConnection.from_model(conn))

    @strawberry.mutation(description="EDITOR/ADMIN. Approved content only.")
    @user_errors_as(SchedulePostPayload)
    async def schedule_post(self, info: Info, input: SchedulePostInput) -> SchedulePostPayload:
        request, _ = await require_object(
            info, m.ContentRequest, input.content_request_id, WRITERS, "contentRequestId"
        )
        pk = decode_id(input.platform_connection_id, "PlatformConnection")
        conn = (
            await mc.PlatformConnection.filter(id=pk or 0, organization_id=request.organization_id)
            .exclude(status=mc.ConnectionStatus.DISCONNECTED)
            .first()
        )
        if conn is None:
            from models.base import not_found

            raise not_found("Platform connection", "platformConnectionId")
        schedule = await schedules.schedule_post(
            request,
            require_user(info).id,
            input.channel,
            conn,
            _spec(input.publish_at, input.timezone, input.recurrence, input.max_retries),
        )
        return SchedulePostPayload(schedule=Schedule.from_model(schedule))

    @strawberry.mutation
    @user_errors_as(ReschedulePostPayload)
    async def reschedule_post(
        self, info: Info, input: ReschedulePostInput
    ) -> ReschedulePostPayload:
        schedule, _ = await require_object(
            info, ms.Schedule, input.schedule_id, WRITERS, "scheduleId"
        )
        schedule = await schedules.reschedule(
            schedule,
            require_user(info).id,
            _spec(input.publish_at, input.timezone, input.recurrence, input.max_retries),
        )
        return ReschedulePostPayload(schedule=Schedule.from_model(schedule))

    @strawberry.mutation
    @user_errors_as(PauseSchedulePayload)
    async def pause_schedule(self, info: Info, input: ScheduleIdInput) -> PauseSchedulePayload:
        schedule, _ = await require_object(
            info, ms.Schedule, input.schedule_id, WRITERS, "scheduleId"
        )
        schedule = await schedules.set_status(
            schedule, require_user(info).id, ms.ScheduleStatus.PAUSED, "paused"
        )
        return PauseSchedulePayload(schedule=Schedule.from_model(schedule))

    @strawberry.mutation
    @user_errors_as(ResumeSchedulePayload)
    async def resume_schedule(self, info: Info, input: ScheduleIdInput) -> ResumeSchedulePayload:
        schedule, _ = await require_object(
            info, ms.Schedule, input.schedule_id, WRITERS, "scheduleId"
        )
        schedule = await schedules.set_status(
            schedule, require_user(info).id, ms.ScheduleStatus.ACTIVE
        )
        return ResumeSchedulePayload(schedule=Schedule.from_model(schedule))

    @strawberry.mutation
    @user_errors_as(CancelSchedulePayload)
    async def cancel_schedule(self, info: Info, input: ScheduleIdInput) -> CancelSchedulePayload:
        schedule, _ = await require_object(
            info, ms.Schedule, input.schedule_id, WRITERS, "scheduleId"
        )
        schedule = await schedules.set_status(
            schedule, require_user(info).id, ms.ScheduleStatus.CANCELLED, "cancelled"
        )
        return CancelSchedulePayload(schedule=Schedule.from_model(schedule))

    @strawberry.mutation
    @user_errors_as(MarkNotificationReadPayload)
    async def mark_notification_read(
        self, info: Info, input: MarkNotificationReadInput
    ) -> MarkNotificationReadPayload:
        from models.organizations import Role

        note, _ = await require_object(
            info, ms.Notification, input.notification_id, frozenset(Role), "notificationId"
        )
        if note.user_id not in (None, require_user(info).id):
            from models.base import not_found

            raise not_found("Notification", "notificationId")
        if note.read_at is None:
            note.read_at = now()
            await note.save(update_fields=["read_at", "updated_at"])
        return MarkNotificationReadPayload(notification=Notification.from_model(note))


@strawberry.type
class PublishingSubscription:
    @strawberry.subscription(description="Every schedule and publish status change.")
    async def publish_events(
        self, info: Info, organization_id: strawberry.ID
    ) -> AsyncGenerator[PublishEvent, None]:
        async for event in organization_stream(
            info, organization_id, schedules.PUBLISH_TOPIC, PublishEvent.from_message
        ):
            yield event
