"""Platform connections (an organization's accounts) and single-use OAuth states."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel
from models.content import Platform


class ConnectionStatus(StrEnum):
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"  # paused by an admin; nothing publishes through it
    NEEDS_REAUTH = "NEEDS_REAUTH"
    DISCONNECTED = "DISCONNECTED"


class PlatformConnection(TimestampedModel):
    organization: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Organization", related_name="platform_connections", on_delete=fields.CASCADE
    )
    organization_id: int
    platform = fields.CharEnumField(Platform, max_length=16)
    account_id = fields.CharField(max_length=200)
    account_name = fields.CharField(max_length=300, default="")
    avatar_url = fields.CharField(max_length=2000, default="")
    instance_url = fields.CharField(max_length=2000, default="")
    status = fields.CharEnumField(ConnectionStatus, max_length=16, default=ConnectionStatus.ACTIVE)
    # Secrets, Fernet-encrypted (MultiFernet: `ezre rotate-keys` re-encrypts under the newest).
    access_token_encrypted = fields.TextField(default="")
    refresh_token_encrypted = fields.TextField(default="")
    secret_encrypted = fields.TextField(default="")
    keep_encrypted = fields.TextField(default="")
    token_expires_at = fields.DatetimeField(null=True)
    scopes: list[str] = fields.JSONField(default=list)
    limits: dict = fields.JSONField(default=dict)
    last_refreshed_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    reauth_notified_at = fields.DatetimeField(null=True)
    created_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "platform_connections"
        indexes = (("organization_id", "id"), ("status", "token_expires_at"))


class OAuthState(TimestampedModel):
    """A started connection: bound to organization and user, single-use, short-lived."""

    state_hash = fields.CharField(max_length=64, unique=True)
    organization_id = fields.BigIntField()
    user_id = fields.BigIntField()
    platform = fields.CharEnumField(Platform, max_length=16)
    redirect_uri = fields.CharField(max_length=2000)
    instance_url = fields.CharField(max_length=2000, default="")
    code_verifier_encrypted = fields.TextField()
    keep_encrypted = fields.TextField(default="")
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "oauth_states"
