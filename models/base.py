"""Shared model bases and the domain error type every layer understands."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True


class ErrorCode(StrEnum):
    """Every code a mutation may answer in `userErrors`; the schema exposes this enum."""

    INVALID_INPUT = "INVALID_INPUT"
    NOT_FOUND = "NOT_FOUND"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    INVALID_EMAIL = "INVALID_EMAIL"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_LOCKED = "ACCOUNT_LOCKED"
    TWO_FACTOR_REQUIRED = "TWO_FACTOR_REQUIRED"
    INVALID_TWO_FACTOR_CODE = "INVALID_TWO_FACTOR_CODE"
    TWO_FACTOR_ALREADY_ENABLED = "TWO_FACTOR_ALREADY_ENABLED"
    TWO_FACTOR_NOT_ENABLED = "TWO_FACTOR_NOT_ENABLED"
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"
    INVALID_TOKEN = "INVALID_TOKEN"
    ALREADY_VERIFIED = "ALREADY_VERIFIED"
    INVALID_TIMEZONE = "INVALID_TIMEZONE"
    ALREADY_MEMBER = "ALREADY_MEMBER"
    INVITATION_EMAIL_MISMATCH = "INVITATION_EMAIL_MISMATCH"
    LAST_ADMIN = "LAST_ADMIN"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    AI_NOT_CONFIGURED = "AI_NOT_CONFIGURED"
    NO_SELECTED_VERSION = "NO_SELECTED_VERSION"
    SELF_APPROVAL_FORBIDDEN = "SELF_APPROVAL_FORBIDDEN"
    INVALID_CHANNEL = "INVALID_CHANNEL"
    PLATFORM_ERROR = "PLATFORM_ERROR"
    PLATFORM_MISMATCH = "PLATFORM_MISMATCH"
    CONNECTION_UNAVAILABLE = "CONNECTION_UNAVAILABLE"
    NOT_APPROVED = "NOT_APPROVED"
    CONTENT_RULES = "CONTENT_RULES"
    INVALID_SCHEDULE = "INVALID_SCHEDULE"
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    MEDIA_RULES = "MEDIA_RULES"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, in terms a client can show next to a field."""

    code: ErrorCode
    message: str
    field: tuple[str, ...] = ()


@dataclass
class DomainError(Exception):
    """An expected failure: becomes `userErrors` on the mutation payload."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def of(cls, code: ErrorCode, message: str, *path: str) -> DomainError:
        return cls([Problem(code, message, tuple(path))])

    def __str__(self) -> str:
        return "; ".join(f"{p.code}: {p.message}" for p in self.problems)


class PermissionDeniedError(Exception):
    """The viewer's role or authorship does not allow this: a top-level FORBIDDEN error."""


def invalid(message: str, *path: str) -> DomainError:
    return DomainError.of(ErrorCode.INVALID_INPUT, message, *path)


def not_found(what: str, *path: str) -> DomainError:
    """The answer for both a missing object and one in another organization."""
    return DomainError.of(ErrorCode.NOT_FOUND, f"{what} not found.", *path)
