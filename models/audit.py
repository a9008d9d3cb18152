"""Append-only audit trail of security-relevant events."""

from __future__ import annotations

from enum import StrEnum
from typing import cast

from tortoise import fields
from tortoise.models import Model


class AuditAction(StrEnum):
    SIGN_IN = "SIGN_IN"
    SIGN_IN_FAILED = "SIGN_IN_FAILED"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    ORGANIZATION_CREATED = "ORGANIZATION_CREATED"
    ORGANIZATION_UPDATED = "ORGANIZATION_UPDATED"
    MEMBER_INVITED = "MEMBER_INVITED"
    MEMBER_JOINED = "MEMBER_JOINED"
    ROLE_CHANGED = "ROLE_CHANGED"
    MEMBER_REMOVED = "MEMBER_REMOVED"
    MEMBER_LEFT = "MEMBER_LEFT"
    STAFF_ACCESS = "STAFF_ACCESS"


class AuditEvent(Model):
    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    organization: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Organization", related_name="audit_events", null=True, on_delete=fields.CASCADE
    )
    organization_id: int | None
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="audit_events", null=True, on_delete=fields.SET_NULL
    )
    actor_id: int | None
    action = fields.CharEnumField(AuditAction, max_length=32)
    target_type = fields.CharField(max_length=32, default="")
    target_id = fields.BigIntField(null=True)
    data: dict = fields.JSONField(default=dict)
    ip = fields.CharField(max_length=64, default="")
    request_id = fields.CharField(max_length=64, default="")

    class Meta:
        table = "audit_events"
        indexes = (("organization_id", "id"),)


def _event(
    action: AuditAction,
    organization_id: int | None,
    actor_id: int | None,
    target_type: str,
    target_id: int | None,
    data: dict | None,
) -> AuditEvent:
    from app.requestinfo import client_ip_var, request_id_var

    return AuditEvent(
        action=action,
        organization_id=organization_id,
        actor_id=actor_id,
        target_type=target_type,
        target_id=target_id,
        data=data or {},
        ip=client_ip_var.get(),
        request_id=request_id_var.get(),
    )


async def record(
    action: AuditAction,
    *,
    organization_id: int | None,
    actor_id: int | None,
    target_type: str = "",
    target_id: int | None = None,
    data: dict | None = None,
) -> None:
    await _event(action, organization_id, actor_id, target_type, target_id, data).save()


async def record_for_user(action: AuditAction, user_id: int, data: dict | None = None) -> None:
    """A user-level event (sign-in): one row per organization the user belongs to, plus one
    without an organization, so each organization's log shows its own members' sign-ins."""
    from models.organizations import Membership

    org_ids = cast(
        list[int],
        await Membership.filter(user_id=user_id).values_list("organization_id", flat=True),
    )
    await AuditEvent.bulk_create(
        [_event(action, org_id, user_id, "User", user_id, data) for org_id in [None, *org_ids]]
    )
