"""Briefs, content requests, versions, edits, comments, transitions and generation logs."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel


class Platform(StrEnum):
    X = "X"
    LINKEDIN = "LINKEDIN"
    FACEBOOK = "FACEBOOK"
    INSTAGRAM = "INSTAGRAM"
    THREADS = "THREADS"
    BLUESKY = "BLUESKY"
    MASTODON = "MASTODON"
    WEBHOOK = "WEBHOOK"


class BriefStatus(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class ContentStatus(StrEnum):
    QUEUED = "QUEUED"
    GENERATING = "GENERATING"
    GENERATION_FAILED = "GENERATION_FAILED"
    DRAFTED = "DRAFTED"
    IN_REVIEW = "IN_REVIEW"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    SCHEDULED = "SCHEDULED"
    PUBLISHED = "PUBLISHED"


class VersionSource(StrEnum):
    AI = "AI"
    HUMAN = "HUMAN"


class Brief(TimestampedModel):
    organization: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Organization", related_name="briefs", on_delete=fields.CASCADE
    )
    organization_id: int
    title = fields.CharField(max_length=200)
    objective = fields.TextField(default="")
    key_messages: list[str] = fields.JSONField(default=list)
    audience = fields.TextField(default="")
    tone = fields.CharField(max_length=200, default="")
    channels: list[str] = fields.JSONField(default=list)
    call_to_action = fields.CharField(max_length=300, default="")
    link = fields.CharField(max_length=2000, default="")
    due_at = fields.DatetimeField(null=True)
    status = fields.CharEnumField(BriefStatus, max_length=16, default=BriefStatus.ACTIVE)
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="briefs", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None

    class Meta:
        table = "briefs"
        indexes = (("organization_id", "id"),)


class ContentRequest(TimestampedModel):
    organization: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Organization", related_name="content_requests", on_delete=fields.CASCADE
    )
    organization_id: int
    brief: fields.ForeignKeyRelation[Brief] = fields.ForeignKeyField(
        "models.Brief", related_name="content_requests", on_delete=fields.CASCADE, db_index=True
    )
    brief_id: int
    status = fields.CharEnumField(ContentStatus, max_length=24, default=ContentStatus.QUEUED)
    variants_per_channel = fields.IntField(default=1)
    instructions = fields.TextField(default="")
    # What the next generation run should produce; `generation_seq` names the run so a
    # retried or duplicated job recognises work that is already done.
    pending_channels: list[str] = fields.JSONField(default=list)
    pending_instructions = fields.TextField(default="")
    generation_seq = fields.IntField(default=0)
    failure_reason = fields.TextField(default="")
    created_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="content_requests", null=True, on_delete=fields.SET_NULL
    )
    created_by_id: int | None
    submitted_by_id = fields.BigIntField(null=True)
    submitted_at = fields.DatetimeField(null=True)
    decided_by_id = fields.BigIntField(null=True)
    decided_at = fields.DatetimeField(null=True)
    rejection_reason = fields.TextField(default="")

    class Meta:
        table = "content_requests"
        indexes = (("organization_id", "id"),)


class ContentTransition(TimestampedModel):
    """Who moved a request from one status to another, when, and why."""

    request: fields.ForeignKeyRelation[ContentRequest] = fields.ForeignKeyField(
        "models.ContentRequest", related_name="transitions", on_delete=fields.CASCADE, db_index=True
    )
    request_id: int
    from_status = fields.CharEnumField(ContentStatus, max_length=24, null=True)
    to_status = fields.CharEnumField(ContentStatus, max_length=24)
    actor_id = fields.BigIntField(null=True)
    reason = fields.TextField(default="")

    class Meta:
        table = "content_transitions"


class ContentVersion(TimestampedModel):
    organization_id = fields.BigIntField(db_index=True)
    request: fields.ForeignKeyRelation[ContentRequest] = fields.ForeignKeyField(
        "models.ContentRequest", related_name="versions", on_delete=fields.CASCADE, db_index=True
    )
    request_id: int
    channel = fields.CharEnumField(Platform, max_length=16)
    text = fields.TextField()
    hashtags: list[str] = fields.JSONField(default=list)
    suggested_image_prompt = fields.TextField(default="")
    source = fields.CharEnumField(VersionSource, max_length=8)
    is_selected = fields.BooleanField(default=False)
    violations: list[str] = fields.JSONField(default=list)
    generation_seq = fields.IntField(default=0)
    created_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "content_versions"


class ContentEdit(TimestampedModel):
    organization_id = fields.BigIntField()
    version: fields.ForeignKeyRelation[ContentVersion] = fields.ForeignKeyField(
        "models.ContentVersion", related_name="edits", on_delete=fields.CASCADE, db_index=True
    )
    version_id: int
    editor_id = fields.BigIntField(null=True)
    previous_text = fields.TextField()
    new_text = fields.TextField()
    previous_hashtags: list[str] = fields.JSONField(default=list)
    new_hashtags: list[str] = fields.JSONField(default=list)
    reason = fields.TextField(default="")
    reverts_edit_id = fields.BigIntField(null=True)

    class Meta:
        table = "content_edits"


class Comment(TimestampedModel):
    organization_id = fields.BigIntField(db_index=True)
    version: fields.ForeignKeyRelation[ContentVersion] = fields.ForeignKeyField(
        "models.ContentVersion", related_name="comments", on_delete=fields.CASCADE, db_index=True
    )
    version_id: int
    parent_id = fields.BigIntField(null=True)
    author_id = fields.BigIntField(null=True)
    body = fields.TextField()
    edited_at = fields.DatetimeField(null=True)
    deleted_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    resolved_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "comments"


class GenerationLog(TimestampedModel):
    organization_id = fields.BigIntField(db_index=True)
    request_id = fields.BigIntField(db_index=True)
    channel = fields.CharEnumField(Platform, max_length=16)
    model = fields.CharField(max_length=100)
    attempt = fields.IntField(default=1)
    prompt_tokens = fields.IntField(default=0)
    completion_tokens = fields.IntField(default=0)
    latency_ms = fields.IntField(default=0)
    outcome = fields.CharField(max_length=32)
    error = fields.TextField(default="")

    class Meta:
        table = "generation_logs"


class UsageCounter(TimestampedModel):
    """Per organization, per month, per metric; incremented with an upsert."""

    organization_id = fields.BigIntField()
    period = fields.CharField(max_length=7)  # YYYY-MM
    metric = fields.CharField(max_length=48)
    value = fields.BigIntField(default=0)

    class Meta:
        table = "usage_counters"
        unique_together = (("organization_id", "period", "metric"),)
