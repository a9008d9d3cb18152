"""Users, sign-in sessions (refresh token families) and single-use email tokens."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel


class User(TimestampedModel):
    email = fields.CharField(max_length=320, unique=True)
    name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255)
    is_staff = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    email_verified_at = fields.DatetimeField(null=True)
    failed_login_count = fields.IntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)
    login_count = fields.IntField(default=0)
    totp_secret_encrypted = fields.TextField(null=True)
    totp_enabled_at = fields.DatetimeField(null=True)
    # Last accepted TOTP time step, so one code cannot be replayed.
    totp_last_step = fields.BigIntField(null=True)

    class Meta:
        table = "users"

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None


class AuthSession(TimestampedModel):
    """One sign-in; all refresh tokens rotated from it form its family."""

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE, db_index=True
    )
    user_id: int
    revoked_at = fields.DatetimeField(null=True)
    revoked_reason = fields.CharField(max_length=64, null=True)
    user_agent = fields.CharField(max_length=400, default="")
    ip = fields.CharField(max_length=64, default="")

    class Meta:
        table = "auth_sessions"


class RefreshToken(TimestampedModel):
    session: fields.ForeignKeyRelation[AuthSession] = fields.ForeignKeyField(
        "models.AuthSession", related_name="refresh_tokens", on_delete=fields.CASCADE, db_index=True
    )
    session_id: int
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_tokens"


class EmailTokenPurpose(StrEnum):
    VERIFY_EMAIL = "VERIFY_EMAIL"
    RESET_PASSWORD = "RESET_PASSWORD"


class EmailToken(TimestampedModel):
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="email_tokens", on_delete=fields.CASCADE, db_index=True
    )
    user_id: int
    purpose = fields.CharEnumField(EmailTokenPurpose, max_length=32)
    token_hash = fields.CharField(max_length=64, unique=True)
    # For verification: the address the token proves, so a later email change voids it.
    email = fields.CharField(max_length=320)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "email_tokens"
