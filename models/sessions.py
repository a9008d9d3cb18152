"""Sign-in sessions: issuing, rotating and revoking token pairs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.requestinfo import client_ip_var, user_agent_var
from app.security import hash_token, issue_access_token, new_token, read_access_token
from app.settings import get_settings
from models.accounts import AuthSession, RefreshToken, User
from models.base import DomainError, ErrorCode


@dataclass(frozen=True)
class SessionTokens:
    access_token: str
    refresh_token: str
    expires_at: datetime
    refresh_expires_at: datetime


def now() -> datetime:
    return datetime.now(UTC)


async def _issue_refresh(session: AuthSession) -> tuple[str, datetime]:
    token = new_token("ezr_")
    expires_at = now() + timedelta(days=get_settings().refresh_token_ttl_days)
    await RefreshToken.create(session=session, token_hash=hash_token(token), expires_at=expires_at)
    return token, expires_at


async def _tokens_for(session: AuthSession) -> SessionTokens:
    refresh, refresh_expires_at = await _issue_refresh(session)
    access, expires_at = issue_access_token(session.user_id, session.id)
    return SessionTokens(access, refresh, expires_at, refresh_expires_at)


async def start_session(user: User) -> SessionTokens:
    session = await AuthSession.create(
        user=user, user_agent=user_agent_var.get()[:400], ip=client_ip_var.get()[:64]
    )
    return await _tokens_for(session)


async def refresh_session(refresh_token: str) -> tuple[User, SessionTokens]:
    """Rotate a refresh token. A token used twice means it leaked: revoke its whole family."""
    token_hash = hash_token(refresh_token)
    outcome: tuple[User, SessionTokens] | None = None
    async with in_transaction():
        # Compare-and-set: of two concurrent refreshes with one token, only one marks it used.
        claimed = await RefreshToken.filter(
            token_hash=token_hash, used_at=None, expires_at__gt=now()
        ).update(used_at=now())
        row = await RefreshToken.filter(token_hash=token_hash).select_related("session").first()
        if row is not None and not claimed and row.used_at is not None:
            await revoke_sessions(AuthSession.filter(id=row.session_id), "refresh_token_reuse")
        elif row is not None and claimed and row.session.revoked_at is None:
            user = await User.get(id=row.session.user_id)
            if user.is_active:
                outcome = user, await _tokens_for(row.session)
    if outcome is None:
        raise DomainError.of(
            ErrorCode.INVALID_REFRESH_TOKEN,
            "The refresh token is invalid or expired.",
            "refreshToken",
        )
    return outcome


async def revoke_sessions(sessions: QuerySet[AuthSession], reason: str) -> int:
    count: int = await sessions.filter(revoked_at=None).update(
        revoked_at=now(), revoked_reason=reason
    )
    return count


async def authenticate(access_token: str) -> tuple[User, AuthSession] | None:
    """The user and live session behind an access token, in one query; None if not valid."""
    claims = read_access_token(access_token)
    if claims is None:
        return None
    session = (
        await AuthSession.filter(id=claims.session_id, user_id=claims.user_id, revoked_at=None)
        .select_related("user")
        .first()
    )
    if session is None or not session.user.is_active:
        return None
    return session.user, session
