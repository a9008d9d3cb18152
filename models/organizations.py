"""Organizations (tenants), memberships with roles, and invitations."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.accounts import User
from models.base import TimestampedModel


class Role(StrEnum):
    ADMIN = "ADMIN"
    EDITOR = "EDITOR"
    REVIEWER = "REVIEWER"


class Organization(TimestampedModel):
    name = fields.CharField(max_length=200)
    timezone = fields.CharField(max_length=64, default="UTC")
    website = fields.CharField(max_length=500, default="")
    brand_voice = fields.TextField(default="")
    # When on, nobody may approve content they created or submitted.
    forbid_self_approval = fields.BooleanField(default=False)

    class Meta:
        table = "organizations"


class Membership(TimestampedModel):
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="memberships", on_delete=fields.CASCADE, db_index=True
    )
    organization_id: int
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="memberships", on_delete=fields.CASCADE, db_index=True
    )
    user_id: int
    role = fields.CharEnumField(Role, max_length=16)

    class Meta:
        table = "memberships"
        unique_together = (("organization", "user"),)


class Invitation(TimestampedModel):
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="invitations", on_delete=fields.CASCADE, db_index=True
    )
    organization_id: int
    email = fields.CharField(max_length=320)
    role = fields.CharEnumField(Role, max_length=16)
    token_hash = fields.CharField(max_length=64, unique=True)
    invited_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sent_invitations", null=True, on_delete=fields.SET_NULL
    )
    invited_by_id: int | None
    expires_at = fields.DatetimeField()
    accepted_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitations"
