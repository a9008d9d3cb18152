"""Connecting accounts: OAuth with single-use states, credential flows, token refresh,
deactivation, disconnection and key rotation. Secrets are encrypted at rest and never leave
this module in clear except towards the adapters."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime, timedelta
from urllib.parse import urlparse

from tortoise.transactions import in_transaction

from app.security import decrypt, encrypt, hash_token, new_token, reencrypt
from integrations.platforms import adapter_for, new_pkce_pair
from integrations.platforms.base import (
    AUTH,
    REJECTED,
    Connection,
    PlatformError,
    Profile,
    Tokens,
)
from models.base import DomainError, ErrorCode, invalid, not_found
from models.connections import ConnectionStatus, OAuthState, PlatformConnection
from models.content import Platform
from models.notifications import notify
from models.sessions import now

STATE_TTL = timedelta(minutes=10)
OAUTH_PLATFORMS = frozenset(
    {
        Platform.X,
        Platform.LINKEDIN,
        Platform.FACEBOOK,
        Platform.INSTAGRAM,
        Platform.THREADS,
        Platform.MASTODON,
    }
)


def _check_url(url: str, field: str) -> str:
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in {"https", "http"} or not parsed.netloc or len(url) > 2000:
        raise invalid("Give an http(s) URL.", field)
    return url.rstrip("/")


def _encrypt_optional(value: str | None) -> str:
    return encrypt(value) if value else ""


def _decrypt_optional(value: str) -> str:
    return decrypt(value) if value else ""


def to_adapter(conn: PlatformConnection) -> Connection:
    keep = _decrypt_optional(conn.keep_encrypted)
    return Connection(
        account_id=conn.account_id,
        access_token=_decrypt_optional(conn.access_token_encrypted),
        refresh_token=_decrypt_optional(conn.refresh_token_encrypted) or None,
        instance_url=conn.instance_url,
        secret=_decrypt_optional(conn.secret_encrypted),
        keep=json.loads(keep) if keep else {},
    )


def _platform_failure(exc: PlatformError) -> DomainError:
    return DomainError.of(ErrorCode.PLATFORM_ERROR, f"The platform said: {exc}")


async def start_connection(
    org_id: int, user_id: int, platform: Platform, redirect_uri: str, instance_url: str = ""
) -> str:
    if platform not in OAUTH_PLATFORMS:
        raise DomainError.of(
            ErrorCode.INVALID_CHANNEL,
            f"{platform.value} connects without OAuth; use its own connect mutation.",
            "platform",
        )
    redirect_uri = _check_url(redirect_uri, "redirectUri")
    if platform == Platform.MASTODON:
        instance_url = _check_url(instance_url, "instanceUrl")
    state = new_token()
    verifier, challenge = new_pkce_pair()
    try:
        authorization = await adapter_for(platform).begin(
            state, redirect_uri, challenge, instance_url
        )
    except PlatformError as exc:
        raise _platform_failure(exc) from exc
    await OAuthState.create(
        state_hash=hash_token(state),
        organization_id=org_id,
        user_id=user_id,
        platform=platform,
        redirect_uri=redirect_uri,
        instance_url=instance_url,
        code_verifier_encrypted=encrypt(verifier),
        keep_encrypted=encrypt(json.dumps(authorization.keep)) if authorization.keep else "",
        expires_at=now() + STATE_TTL,
    )
    return authorization.url


async def complete_connection(
    state: str, code: str, user_id: int | None = None
) -> PlatformConnection:
    """`user_id` None: the browser callback, where the state alone proves who started it."""
    async with in_transaction():
        row = (
            await OAuthState.filter(
                state_hash=hash_token(state), used_at=None, expires_at__gt=now()
            )
            .select_for_update()
            .first()
        )
        if row is None or (user_id is not None and row.user_id != user_id):
            raise DomainError.of(
                ErrorCode.INVALID_TOKEN, "This connection attempt is invalid or expired.", "state"
            )
        row.used_at = now()
        await row.save(update_fields=["used_at", "updated_at"])
    adapter = adapter_for(row.platform)
    keep_raw = _decrypt_optional(row.keep_encrypted)
    keep = json.loads(keep_raw) if keep_raw else {}
    try:
        tokens = await adapter.exchange_code(
            code, row.redirect_uri, decrypt(row.code_verifier_encrypted), row.instance_url, keep
        )
        probe = Connection(
            "", tokens.access_token, tokens.refresh_token, row.instance_url, "", keep
        )
        profile = await adapter.fetch_profile(probe)
    except PlatformError as exc:
        raise _platform_failure(exc) from exc
    return await _store(
        row.organization_id, row.platform, row.user_id, tokens, profile, row.instance_url, "", keep
    )


async def connect_with_credentials(
    org_id: int, user_id: int, platform: Platform, identifier: str, secret: str, instance_url: str
) -> PlatformConnection:
    adapter = adapter_for(platform)
    try:
        tokens = await adapter.connect_with_credentials(identifier, secret, instance_url)
        probe = Connection("", tokens.access_token, tokens.refresh_token, instance_url, secret)
        profile = await adapter.fetch_profile(probe)
    except PlatformError as exc:
        raise _platform_failure(exc) from exc
    return await _store(org_id, platform, user_id, tokens, profile, instance_url, secret, {})


async def connect_webhook(
    org_id: int, user_id: int, url: str, name: str
) -> tuple[PlatformConnection, str]:
    """A custom destination; the signing secret is shown once, then kept only encrypted."""
    url = _check_url(url, "url")
    secret = new_token("whsec_")
    profile = Profile(account_id=url, name=name.strip()[:300] or urlparse(url).netloc)
    conn = await _store(
        org_id, Platform.WEBHOOK, user_id, Tokens(access_token=""), profile, url, secret, {}
    )
    return conn, secret


async def _store(
    org_id: int,
    platform: Platform,
    user_id: int,
    tokens: Tokens,
    profile: Profile,
    instance_url: str,
    secret: str,
    keep: dict[str, str],
) -> PlatformConnection:
    """Create the connection, or refresh an existing one for the same account."""
    async with in_transaction():
        conn = (
            await PlatformConnection.filter(
                organization_id=org_id, platform=platform, account_id=profile.account_id
            )
            .select_for_update()
            .first()
        )
        if conn is None:
            conn = PlatformConnection(
                organization_id=org_id,
                platform=platform,
                account_id=profile.account_id,
                created_by_id=user_id,
            )
        conn.account_name = profile.name
        conn.avatar_url = profile.avatar_url
        conn.instance_url = instance_url
        conn.limits = profile.limits
        conn.access_token_encrypted = _encrypt_optional(tokens.access_token)
        if tokens.refresh_token:  # never wipe a stored refresh token with an empty one
            conn.refresh_token_encrypted = encrypt(tokens.refresh_token)
        if secret:
            conn.secret_encrypted = encrypt(secret)
        if keep:
            conn.keep_encrypted = encrypt(json.dumps(keep))
        conn.token_expires_at = tokens.expires_at
        conn.scopes = tokens.scopes
        conn.status = ConnectionStatus.ACTIVE
        conn.last_error = ""
        conn.reauth_notified_at = None
        await conn.save()
    return conn


async def set_active(conn: PlatformConnection, active: bool) -> PlatformConnection:
    if conn.status == ConnectionStatus.DISCONNECTED:
        raise not_found("Platform connection", "platformConnectionId")
    if active and conn.status == ConnectionStatus.NEEDS_REAUTH:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            "This connection needs to be authorized again; connect the account anew.",
            "platformConnectionId",
        )
    conn.status = ConnectionStatus.ACTIVE if active else ConnectionStatus.INACTIVE
    await conn.save(update_fields=["status", "updated_at"])
    return conn


async def disconnect(conn: PlatformConnection) -> PlatformConnection:
    """Revoke at the platform where it can (best effort), then forget every secret."""
    if conn.status != ConnectionStatus.DISCONNECTED and conn.access_token_encrypted:
        # The account may already be gone at the platform; our side is cleaned regardless.
        with contextlib.suppress(PlatformError):
            await adapter_for(conn.platform).revoke(to_adapter(conn))
    conn.status = ConnectionStatus.DISCONNECTED
    conn.access_token_encrypted = conn.refresh_token_encrypted = ""
    conn.secret_encrypted = conn.keep_encrypted = ""
    await conn.save()
    return conn


_SECRET_COLUMNS = (
    "access_token_encrypted",
    "refresh_token_encrypted",
    "token_expires_at",
    "last_refreshed_at",
    "last_error",
    "status",
)


async def refresh_connection(conn: PlatformConnection, due_by: datetime | None = None) -> bool:
    """Refresh tokens; a permanent failure marks NEEDS_REAUTH and tells the admins once.

    The row is locked for the exchange: platforms that rotate refresh tokens (X) refuse the
    old one once it has been used, so two processes refreshing at once would otherwise turn a
    healthy account into NEEDS_REAUTH. With `due_by`, a token someone else has just renewed
    beyond it is taken as is. `conn` is updated in place either way.
    """
    adapter = adapter_for(conn.platform)
    failure: PlatformError | None = None
    async with in_transaction():
        locked = await PlatformConnection.filter(id=conn.id).select_for_update().get()
        if locked.status != ConnectionStatus.ACTIVE:
            _copy(locked, conn)
            return False
        expires = locked.token_expires_at
        if due_by is not None and (expires is None or expires > due_by):
            _copy(locked, conn)
            return True
        try:
            tokens = await adapter.refresh(to_adapter(locked))
        except PlatformError as exc:
            failure = exc
        else:
            locked.access_token_encrypted = encrypt(tokens.access_token)
            if tokens.refresh_token:  # never wipe a stored refresh token with an empty one
                locked.refresh_token_encrypted = encrypt(tokens.refresh_token)
            locked.token_expires_at = tokens.expires_at
            locked.last_refreshed_at = now()
            locked.last_error = ""
            await locked.save(update_fields=[*_SECRET_COLUMNS, "updated_at"])
        _copy(locked, conn)
    if failure is None:
        return True
    if failure.kind in (AUTH, REJECTED):
        await mark_needs_reauth(conn, str(failure))
    else:
        conn.last_error = str(failure)[:2000]
        await PlatformConnection.filter(id=conn.id).update(last_error=conn.last_error)
    return False


def _copy(source: PlatformConnection, target: PlatformConnection) -> None:
    for column in _SECRET_COLUMNS:
        setattr(target, column, getattr(source, column))


async def mark_needs_reauth(conn: PlatformConnection, reason: str) -> None:
    async with in_transaction():
        # One notification per episode, even when several jobs notice at once.
        first = await PlatformConnection.filter(id=conn.id, reauth_notified_at=None).update(
            status=ConnectionStatus.NEEDS_REAUTH, last_error=reason[:2000], reauth_notified_at=now()
        )
    conn.status = ConnectionStatus.NEEDS_REAUTH
    if first:
        await notify(
            conn.organization_id,
            "CONNECTION_NEEDS_REAUTH",
            f"{conn.platform.value} account {conn.account_name or conn.account_id} must be "
            f"connected again: {reason}",
            connectionId=conn.id,
        )


async def rotate_keys() -> int:
    """Re-encrypt every stored secret under the newest ENCRYPTION_KEYS key."""
    from models.accounts import User

    count = 0
    columns = (
        "access_token_encrypted",
        "refresh_token_encrypted",
        "secret_encrypted",
        "keep_encrypted",
    )
    async with in_transaction():
        for conn in await PlatformConnection.all().select_for_update():
            for column in columns:
                if getattr(conn, column):
                    setattr(conn, column, reencrypt(getattr(conn, column)))
                    count += 1
            await conn.save(update_fields=[*columns, "updated_at"])
        for state in await OAuthState.filter(used_at=None).select_for_update():
            state.code_verifier_encrypted = reencrypt(state.code_verifier_encrypted)
            if state.keep_encrypted:
                state.keep_encrypted = reencrypt(state.keep_encrypted)
            await state.save(update_fields=["code_verifier_encrypted", "keep_encrypted"])
            count += 1
        for user in await User.exclude(totp_secret_encrypted=None).select_for_update():
            assert user.totp_secret_encrypted is not None
            user.totp_secret_encrypted = reencrypt(user.totp_secret_encrypted)
            await user.save(update_fields=["totp_secret_encrypted"])
            count += 1
    return count
