"""OAuth pieces the adapters share: PKCE, token answers, client credentials, flow defaults."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import quote, urlencode

from integrations.platforms.base import (
    REJECTED,
    TRANSIENT,
    Authorization,
    Connection,
    PlatformError,
    PlatformNotConfiguredError,
    Tokens,
)
from integrations.platforms.http import expires_at

OAUTH, CREDENTIALS = "OAUTH", "CREDENTIALS"


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 S256: base64url(sha256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_pkce_pair() -> tuple[str, str]:
    """(code_verifier, code_challenge). 64 random bytes give an 86-character verifier of
    unreserved characters, inside RFC 7636's 43-128."""
    verifier = secrets.token_urlsafe(64)
    return verifier, pkce_challenge(verifier)


def authorize_url(base: str, params: dict[str, str]) -> str:
    # %20 rather than "+" for spaces in scope lists: every provider accepts it.
    return f"{base}?{urlencode(params, quote_via=quote)}"


def client_credentials(
    platform: str, client_id: str | None, client_secret: str | None, setting: str
) -> tuple[str, str]:
    if not client_id or not client_secret:
        raise PlatformNotConfiguredError(
            f"{platform} is not configured on this server ({setting}_ID / {setting}_SECRET)."
        )
    return client_id, client_secret


def tokens_from(
    payload: dict[str, Any],
    platform: str,
    *,
    previous_refresh: str | None = None,
    default_scopes: tuple[str, ...] = (),
) -> Tokens:
    """Tokens from an OAuth token answer. A refresh answer without a refresh token keeps the
    one we had (peers wiped it and forced every user to reconnect)."""
    access = payload.get("access_token")
    if not isinstance(access, str) or not access:
        raise PlatformError(f"{platform} answered without an access token.", kind=TRANSIENT)
    refresh = payload.get("refresh_token")
    scope = payload.get("scope")
    if isinstance(scope, str) and scope:
        scopes = [s for s in scope.replace(",", " ").split() if s]
    else:
        scopes = list(default_scopes)
    return Tokens(
        access_token=access,
        refresh_token=refresh if isinstance(refresh, str) and refresh else previous_refresh,
        expires_at=expires_at(payload.get("expires_in")),
        scopes=scopes,
    )


def same_tokens(connection: Connection) -> Tokens:
    """For platforms whose tokens do not expire or cannot be refreshed by API."""
    return Tokens(access_token=connection.access_token, refresh_token=connection.refresh_token)


class OAuthFlow:
    """Default for adapters connected through an OAuth redirect."""

    flow = OAUTH

    async def connect_with_credentials(
        self, identifier: str, secret: str, instance_url: str = ""
    ) -> Tokens:
        raise PlatformError(
            "This platform connects through its sign-in page, not with credentials.",
            kind=REJECTED,
        )


class CredentialsFlow:
    """Default for adapters connected with an identifier and a secret."""

    flow = CREDENTIALS

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization:
        raise PlatformError(
            "This platform connects with credentials, not a sign-in page.", kind=REJECTED
        )

    async def exchange_code(
        self,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        instance_url: str = "",
        keep: dict[str, str] | None = None,
    ) -> Tokens:
        raise PlatformError(
            "This platform connects with credentials, not a sign-in page.", kind=REJECTED
        )
