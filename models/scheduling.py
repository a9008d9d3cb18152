"""Schedules, their occurrences (one row per publish attempt target and time), published
posts and notifications."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.content import Platform


class Frequency(StrEnum):
    ONCE = "ONCE"
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    CRON = "CRON"


class ScheduleStatus(StrEnum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    CANCELLED = "CANCELLED"
    COMPLETED = "COMPLETED"


class OccurrenceStatus(StrEnum):
    SCHEDULED = "SCHEDULED"
    PUBLISHING = "PUBLISHING"
    PUBLISHED = "PUBLISHED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


class Schedule(TimestampedModel):
    organization_id = fields.BigIntField()
    request_id = fields.BigIntField(db_index=True)
    version_id = fields.BigIntField()
    connection_id = fields.BigIntField(db_index=True)
    channel = fields.CharEnumField(Platform, max_length=16)
    first_at = fields.DatetimeField()
    timezone = fields.CharField(max_length=64)
    frequency = fields.CharEnumField(Frequency, max_length=8, default=Frequency.ONCE)
    interval = fields.IntField(default=1)
    by_weekday: list[str] = fields.JSONField(default=list)
    cron = fields.CharField(max_length=120, default="")
    ends_at = fields.DatetimeField(null=True)
    count = fields.IntField(null=True)
    status = fields.CharEnumField(ScheduleStatus, max_length=12, default=ScheduleStatus.ACTIVE)
    status_reason = fields.TextField(default="")
    max_retries = fields.IntField(default=3)
    # The next occurrence not yet materialized, and how many have been.
    next_at = fields.DatetimeField(null=True)
    materialized = fields.IntField(default=0)
    created_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "schedules"
        indexes = (("organization_id", "id"), ("status", "next_at"))


class Occurrence(TimestampedModel):
    """One due publication. Unique on (schedule, time): it can exist, and publish, once."""

    organization_id = fields.BigIntField()
    schedule_id = fields.BigIntField()
    connection_id = fields.BigIntField()
    version_id = fields.BigIntField()
    channel = fields.CharEnumField(Platform, max_length=16)
    due_at = fields.DatetimeField()
    status = fields.CharEnumField(
        OccurrenceStatus, max_length=12, default=OccurrenceStatus.SCHEDULED
    )
    attempts = fields.IntField(default=0)
    max_retries = fields.IntField(default=3)
    next_attempt_at = fields.DatetimeField(null=True)
    # While PUBLISHING: until when the claiming worker owns it; past that it is recovered.
    lease_until = fields.DatetimeField(null=True)
    idempotency_key = fields.CharField(max_length=64)
    last_error = fields.TextField(default="")
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "occurrences"
        unique_together = (("schedule_id", "due_at"),)
        indexes = (("status", "due_at"), ("organization_id", "due_at"))


class PublishedPost(TimestampedModel):
    organization_id = fields.BigIntField()
    occurrence_id = fields.BigIntField(unique=True)
    schedule_id = fields.BigIntField()
    connection_id = fields.BigIntField()
    version_id = fields.BigIntField()
    request_id = fields.BigIntField()
    channel = fields.CharEnumField(Platform, max_length=16)
    platform_post_id = fields.CharField(max_length=300)
    url = fields.CharField(max_length=2000, default="")
    published_at = fields.DatetimeField()

    class Meta:
        table = "published_posts"
        indexes = (("organization_id", "id"),)


class Notification(TimestampedModel):
    organization_id = fields.BigIntField()
    user_id = fields.BigIntField(null=True)  # null: for every admin of the organization
    kind = fields.CharField(max_length=48)
    message = fields.TextField()
    data: dict = fields.JSONField(default=dict)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        indexes = (("organization_id", "id"),)
