"""Mastodon (any instance) with OAuth 2.0 Authorization Code + PKCE (S256).

Connect: every instance is its own OAuth server, so begin() registers an app there
(POST /api/v1/apps) and keeps its client id/secret in Authorization.keep until the callback;
the same pair is stored with the connection for revoke. The instance URL is typed by the
user: normalized and refused when it points at a private network.
Tokens do not expire and Mastodon has no refresh grant: refresh() keeps what we have.

Does: profile (verify_credentials) with the instance's own limits read from /api/v2/instance
(max_characters, max_media_attachments, characters_reserved_per_url, media size limits) into
Profile.limits; text posts; images and video through /api/v2/media with alt text (202 means
still processing: polled on /api/v1/media/:id until it has a URL, bounded by
PLATFORM_PROCESSING_TIMEOUT_SECONDS); metrics; revoke.
Does not: polls, content warnings, visibility other than public, threads of posts.
Idempotency: POST /api/v1/statuses honours `Idempotency-Key` (same key within an hour →
the same status, no second post), so re-publishing after an interrupted attempt is safe and
find_post answers None.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.settings import get_settings
from integrations.platforms.base import (
    AUTH,
    REJECTED,
    TRANSIENT,
    Authorization,
    Connection,
    MediaItem,
    PlatformError,
    PostContent,
    Profile,
    PublishedRef,
    Tokens,
)
from integrations.platforms.http import (
    ErrorShape,
    client,
    fetch_media,
    json_object,
    required,
    send,
)
from integrations.platforms.netguard import normalize_base_url, require_public_url
from integrations.platforms.oauth import OAuthFlow, authorize_url, same_tokens, tokens_from

PLATFORM = "MASTODON"
SCOPES = ("read", "write")
WHAT = "Mastodon server URL"


def _message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    # API errors are {"error": "..."}; OAuth errors add an error_description.
    return body.get("error_description") or body.get("error")


def _code(body: object) -> str | None:
    # Only OAuth errors carry a code-like `error` (invalid_grant…); API errors are prose.
    if isinstance(body, dict) and body.get("error_description"):
        error = body.get("error")
        return error if isinstance(error, str) else None
    return None


SHAPE = ErrorShape(message=_message, code=_code)


async def instance_base(instance_url: str) -> str:
    """The instance's base URL; user-typed, so private networks are refused."""
    typed = instance_url.strip()
    if not typed:
        raise PlatformError("Name the Mastodon server to connect to.", kind=REJECTED)
    if "://" not in typed and "@" in typed:
        typed = typed.rsplit("@", 1)[1]  # a handle: @user@mastodon.social
    # Mastodon is always served at the host's root, so a pasted profile or post URL
    # (https://mastodon.social/@user) still names the instance.
    parts = urlsplit(normalize_base_url(typed, WHAT))
    url = f"{parts.scheme}://{parts.netloc}"
    await require_public_url(
        url, what=WHAT, allow_private=get_settings().platform_allow_private_networks
    )
    return url


def _bearer(connection: Connection) -> dict[str, str]:
    return {"Authorization": f"Bearer {connection.access_token}"}


def _app_credentials(keep: dict[str, str] | None) -> tuple[str, str]:
    client_id = (keep or {}).get("client_id", "")
    client_secret = (keep or {}).get("client_secret", "")
    if not client_id or not client_secret:
        raise PlatformError(
            "The Mastodon app registration for this server is missing; start connecting again.",
            kind=AUTH,
        )
    return client_id, client_secret


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def instance_limits(instance: dict[str, Any]) -> dict[str, Any]:
    """Profile.limits from an /api/v2/instance (or v1) answer; keys absent when not stated."""
    config = _dict(instance.get("configuration"))
    statuses = _dict(config.get("statuses"))
    media = _dict(config.get("media_attachments"))
    limits: dict[str, Any] = {}
    for key, value in (
        ("max_characters", statuses.get("max_characters") or instance.get("max_toot_chars")),
        ("max_media_attachments", statuses.get("max_media_attachments")),
        ("characters_reserved_per_url", statuses.get("characters_reserved_per_url")),
        ("image_size_limit", media.get("image_size_limit")),
        ("video_size_limit", media.get("video_size_limit")),
        ("description_limit", media.get("description_limit")),
    ):
        if (number := _int(value)) is not None:
            limits[key] = number
    mime_types = media.get("supported_mime_types")
    if isinstance(mime_types, list):
        limits["supported_mime_types"] = [str(m) for m in mime_types]
    return limits


class MastodonAdapter(OAuthFlow):
    platform = PLATFORM
    idempotent_publish = True

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization:
        base = await instance_base(instance_url)
        settings = get_settings()
        async with client() as http:
            response = await send(
                http,
                "POST",
                f"{base}/api/v1/apps",
                platform=PLATFORM,
                shape=SHAPE,
                data={
                    "client_name": settings.mastodon_app_name,
                    "redirect_uris": redirect_uri,
                    "scopes": " ".join(SCOPES),
                    "website": settings.app_url,
                },
            )
        app = json_object(response, PLATFORM)
        client_id = required(app, "client_id", PLATFORM)
        client_secret = required(app, "client_secret", PLATFORM)
        return Authorization(
            url=authorize_url(
                f"{base}/oauth/authorize",
                {
                    "response_type": "code",
                    "client_id": client_id,
                    "redirect_uri": redirect_uri,
                    "scope": " ".join(SCOPES),
                    "state": state,
                    "code_challenge": code_challenge,
                    "code_challenge_method": "S256",
                },
            ),
            keep={"client_id": client_id, "client_secret": client_secret},
        )

    async def exchange_code(
        self,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        instance_url: str = "",
        keep: dict[str, str] | None = None,
    ) -> Tokens:
        base = await instance_base(instance_url)
        client_id, client_secret = _app_credentials(keep)
        async with client() as http:
            response = await send(
                http,
                "POST",
                f"{base}/oauth/token",
                platform=PLATFORM,
                shape=SHAPE,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "client_id": client_id,
                    "client_secret": client_secret,
                    "redirect_uri": redirect_uri,
                    "code_verifier": code_verifier,
                    "scope": " ".join(SCOPES),
                },
            )
        return tokens_from(json_object(response, PLATFORM), PLATFORM, default_scopes=SCOPES)

    async def refresh(self, connection: Connection) -> Tokens:
        return same_tokens(connection)  # Mastodon access tokens do not expire

    async def fetch_profile(self, connection: Connection) -> Profile:
        base = await instance_base(connection.instance_url)
        async with client() as http:
            response = await send(
                http,
                "GET",
                f"{base}/api/v1/accounts/verify_credentials",
                platform=PLATFORM,
                shape=SHAPE,
                headers=_bearer(connection),
            )
            account = json_object(response, PLATFORM)
            instance = await self._instance(http, base, connection)
        username = str(account.get("username") or "")
        acct = str(account.get("acct") or username)
        # A local account's acct has no domain: the handle names the instance explicitly.
        domain = str(instance.get("domain") or urlsplit(base).hostname or "")
        handle = acct if "@" in acct else f"{acct}@{domain}"
        return Profile(
            account_id=required(account, "id", PLATFORM),
            name=str(account.get("display_name") or username),
            avatar_url=str(account.get("avatar") or ""),
            limits=instance_limits(instance),
            handle=f"@{handle}" if acct else "",
        )

    async def _instance(
        self, http: httpx.AsyncClient, base: str, connection: Connection
    ) -> dict[str, Any]:
        """/api/v2/instance (Mastodon 4.0+), else the older /api/v1/instance."""
        try:
            response = await send(
                http,
                "GET",
                f"{base}/api/v2/instance",
                platform=PLATFORM,
                shape=SHAPE,
                headers=_bearer(connection),
            )
        except PlatformError as exc:
            if exc.status not in (404, 410):
                raise
            response = await send(
                http,
                "GET",
                f"{base}/api/v1/instance",
                platform=PLATFORM,
                shape=SHAPE,
                headers=_bearer(connection),
            )
        return json_object(response, PLATFORM)

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        base = await instance_base(connection.instance_url)
        async with client() as http:
            media_ids = [await self._upload(http, base, connection, item) for item in content.media]
            form: dict[str, Any] = {"status": content.text, "visibility": "public"}
            if media_ids:
                form["media_ids[]"] = media_ids
            headers = _bearer(connection)
            if content.idempotency_key:
                headers["Idempotency-Key"] = content.idempotency_key
            response = await send(
                http,
                "POST",
                f"{base}/api/v1/statuses",
                platform=PLATFORM,
                shape=SHAPE,
                data=form,
                headers=headers,
            )
        status = json_object(response, PLATFORM)
        post_id = required(status, "id", PLATFORM)
        return PublishedRef(post_id=post_id, url=str(status.get("url") or status.get("uri") or ""))

    async def _upload(
        self, http: httpx.AsyncClient, base: str, connection: Connection, item: MediaItem
    ) -> str:
        media = await fetch_media(http, item)
        data = {"description": item.alt_text} if item.alt_text else {}
        response = await send(
            http,
            "POST",
            f"{base}/api/v2/media",
            platform=PLATFORM,
            shape=SHAPE,
            data=data,
            files={"file": (media.filename, media.data, media.mime_type)},
            headers=_bearer(connection),
        )
        attachment = json_object(response, PLATFORM)
        media_id = required(attachment, "id", PLATFORM)
        # 200: processed. 202: processing in the background (large images, video); a
        # status cannot attach it until it has a URL.
        if response.status_code == 202 or not attachment.get("url"):
            await self._wait_processed(http, base, connection, media_id)
        return media_id

    async def _wait_processed(
        self, http: httpx.AsyncClient, base: str, connection: Connection, media_id: str
    ) -> None:
        settings = get_settings()
        deadline = time.monotonic() + settings.platform_processing_timeout_seconds
        while True:
            await asyncio.sleep(settings.platform_poll_interval_seconds)
            # 206 Partial Content while processing, 200 with the URL once done.
            response = await send(
                http,
                "GET",
                f"{base}/api/v1/media/{media_id}",
                platform=PLATFORM,
                shape=SHAPE,
                headers=_bearer(connection),
            )
            if response.status_code == 200 and json_object(response, PLATFORM).get("url"):
                return
            if time.monotonic() >= deadline:
                raise PlatformError(
                    "Mastodon is still processing the media; try again later.", kind=TRANSIENT
                )

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # publishing again with the same Idempotency-Key is the recovery

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        base = await instance_base(connection.instance_url)
        async with client() as http:
            response = await send(
                http,
                "GET",
                f"{base}/api/v1/statuses/{post_id}",
                platform=PLATFORM,
                shape=SHAPE,
                headers=_bearer(connection),
            )
        status = json_object(response, PLATFORM)
        names = {
            "replies_count": "replies",
            "reblogs_count": "reposts",
            "favourites_count": "likes",
        }
        return {
            ours: number
            for theirs, ours in names.items()
            if (number := _int(status.get(theirs))) is not None
        }

    async def revoke(self, connection: Connection) -> None:
        if not connection.keep.get("client_id") or not connection.access_token:
            return  # without the app's credentials the instance will not revoke
        client_id, client_secret = _app_credentials(connection.keep)
        base = await instance_base(connection.instance_url)
        async with client() as http:
            await send(
                http,
                "POST",
                f"{base}/oauth/revoke",
                platform=PLATFORM,
                shape=SHAPE,
                data={
                    "client_id": client_id,
                    "client_secret": client_secret,
                    "token": connection.access_token,
                },
            )
