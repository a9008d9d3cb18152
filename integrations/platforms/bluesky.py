"""Bluesky over the AT Protocol with an app password (flow CREDENTIALS).

Connect: com.atproto.server.createSession(identifier, app password) → accessJwt (~2 h, its
`exp` becomes Tokens.expires_at), refreshJwt, did. The PDS is the user's instance_url when
they name one (checked against private networks), else BLUESKY_SERVICE_URL.
Refresh: com.atproto.server.refreshSession with the refresh JWT. When that is dead too and the
connection still holds the app password (Connection.secret), a new session is created from it,
so a long-idle account does not need reconnecting.

Does: text posts with link and hashtag facets (UTF-8 byte offsets, bluesky_richtext.py), up to
4 images (com.atproto.repo.uploadBlob + app.bsky.embed.images with alt text), metrics via
app.bsky.feed.getPosts, revoke (deleteSession).
Does not: video (needs Bluesky's separate video service), link cards, mentions as facets,
replies/threads, language tags.
post_id is the record's at:// URI (what getPosts and deletes need); the URL is
https://bsky.app/profile/<did>/post/<rkey>.
find_post: records cannot carry our key, so None (createRecord is not idempotent).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import jwt

from app.settings import get_settings
from integrations.platforms.base import (
    AUTH,
    REJECTED,
    TRANSIENT,
    Connection,
    MediaItem,
    PlatformError,
    PostContent,
    Profile,
    PublishedRef,
    Tokens,
)
from integrations.platforms.bluesky_richtext import facets
from integrations.platforms.http import (
    ErrorShape,
    client,
    fetch_media,
    is_video,
    json_object,
    required,
    send,
)
from integrations.platforms.netguard import normalize_base_url, require_public_url
from integrations.platforms.oauth import CredentialsFlow

PLATFORM = "BLUESKY"
AUTH_ERRORS = {"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing"}


def _message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    return body.get("message") or body.get("error")


def _kind(status: int, body: object) -> str | None:
    # An expired access token is a 400 {"error": "ExpiredToken"} on Bluesky.
    if isinstance(body, dict) and body.get("error") in AUTH_ERRORS:
        return AUTH
    return None


def _code(body: object) -> str | None:
    return body.get("error") if isinstance(body, dict) else None


SHAPE = ErrorShape(message=_message, kind=_kind, code=_code)


async def service_url(instance_url: str) -> str:
    """The PDS to talk to; a user-named one must not be on a private network."""
    if not instance_url.strip():
        return get_settings().bluesky_service_url.rstrip("/")
    url = normalize_base_url(instance_url, "Bluesky server URL")
    await require_public_url(
        url,
        what="Bluesky server URL",
        allow_private=get_settings().platform_allow_private_networks,
    )
    return url


def _jwt_expiry(token: str) -> datetime | None:
    """The access JWT's own `exp`: we only read it to know when to refresh; the PDS verifies
    the token, so no signature check here."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    exp = claims.get("exp")
    return datetime.fromtimestamp(exp, UTC) if isinstance(exp, int | float) else None


def _tokens(session: dict[str, Any], previous_refresh: str | None = None) -> Tokens:
    access = required(session, "accessJwt", PLATFORM)
    refresh = session.get("refreshJwt")
    return Tokens(
        access_token=access,
        refresh_token=refresh if isinstance(refresh, str) and refresh else previous_refresh,
        expires_at=_jwt_expiry(access),
        scopes=["atproto"],
    )


def _rkey(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


def post_url(did: str, uri: str) -> str:
    return f"https://bsky.app/profile/{did}/post/{_rkey(uri)}"


class BlueskyAdapter(CredentialsFlow):
    platform = PLATFORM
    idempotent_publish = False

    async def connect_with_credentials(
        self, identifier: str, secret: str, instance_url: str = ""
    ) -> Tokens:
        return _tokens(await self._create_session(identifier, secret, instance_url))

    async def _create_session(
        self, identifier: str, password: str, instance_url: str
    ) -> dict[str, Any]:
        base = await service_url(instance_url)
        async with client() as http:
            response = await send(
                http,
                "POST",
                f"{base}/xrpc/com.atproto.server.createSession",
                platform=PLATFORM,
                shape=SHAPE,
                json={"identifier": identifier.strip().lstrip("@"), "password": password},
            )
        return json_object(response, PLATFORM)

    async def refresh(self, connection: Connection) -> Tokens:
        base = await service_url(connection.instance_url)
        if connection.refresh_token:
            try:
                async with client() as http:
                    response = await send(
                        http,
                        "POST",
                        f"{base}/xrpc/com.atproto.server.refreshSession",
                        platform=PLATFORM,
                        shape=SHAPE.for_refresh(),
                        headers={"Authorization": f"Bearer {connection.refresh_token}"},
                    )
                return _tokens(json_object(response, PLATFORM), connection.refresh_token)
            except PlatformError as exc:
                if exc.kind != AUTH or not (connection.secret and connection.account_id):
                    raise
        if not (connection.secret and connection.account_id):
            raise PlatformError("The Bluesky session ended; connect the account again.", kind=AUTH)
        # createSession takes the DID as identifier, so a changed handle does not matter.
        session = await self._create_session(
            connection.account_id, connection.secret, connection.instance_url
        )
        return _tokens(session)

    async def fetch_profile(self, connection: Connection) -> Profile:
        base = await service_url(connection.instance_url)
        headers = {"Authorization": f"Bearer {connection.access_token}"}
        async with client() as http:
            response = await send(
                http,
                "GET",
                f"{base}/xrpc/com.atproto.server.getSession",
                platform=PLATFORM,
                shape=SHAPE,
                headers=headers,
            )
            session = json_object(response, PLATFORM)
            did = required(session, "did", PLATFORM)
            response = await send(
                http,
                "GET",
                f"{base}/xrpc/app.bsky.actor.getProfile",
                platform=PLATFORM,
                shape=SHAPE,
                params={"actor": did},
                headers=headers,
            )
        profile = json_object(response, PLATFORM)
        handle = str(profile.get("handle") or session.get("handle") or "")
        return Profile(
            account_id=did,
            name=str(profile.get("displayName") or handle),
            avatar_url=str(profile.get("avatar") or ""),
            handle=handle,
        )

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        if any(is_video(m) for m in content.media):
            raise PlatformError(
                "Video posts to Bluesky are not supported yet; post text or images.",
                kind=REJECTED,
            )
        base = await service_url(connection.instance_url)
        headers = {"Authorization": f"Bearer {connection.access_token}"}
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": content.text,
            "createdAt": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
        }
        if found := facets(content.text):
            record["facets"] = found
        async with client() as http:
            if content.media:
                images = [
                    {"alt": item.alt_text, "image": await self._upload(http, base, headers, item)}
                    for item in content.media
                ]
                record["embed"] = {"$type": "app.bsky.embed.images", "images": images}
            response = await send(
                http,
                "POST",
                f"{base}/xrpc/com.atproto.repo.createRecord",
                platform=PLATFORM,
                shape=SHAPE,
                json={
                    "repo": connection.account_id,
                    "collection": "app.bsky.feed.post",
                    "record": record,
                },
                headers=headers,
            )
        uri = required(json_object(response, PLATFORM), "uri", PLATFORM)
        return PublishedRef(post_id=uri, url=post_url(connection.account_id, uri))

    async def _upload(
        self, http: httpx.AsyncClient, base: str, headers: dict[str, str], item: MediaItem
    ) -> dict[str, Any]:
        media = await fetch_media(http, item)
        response = await send(
            http,
            "POST",
            f"{base}/xrpc/com.atproto.repo.uploadBlob",
            platform=PLATFORM,
            shape=SHAPE,
            content=media.data,
            headers={**headers, "Content-Type": media.mime_type},
        )
        blob = json_object(response, PLATFORM).get("blob")
        if not isinstance(blob, dict):
            raise PlatformError("Bluesky answered the upload without a blob.", kind=TRANSIENT)
        return blob

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # see module docstring

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        base = await service_url(connection.instance_url)
        async with client() as http:
            response = await send(
                http,
                "GET",
                f"{base}/xrpc/app.bsky.feed.getPosts",
                platform=PLATFORM,
                shape=SHAPE,
                params={"uris": post_id},
                headers={"Authorization": f"Bearer {connection.access_token}"},
            )
        posts = json_object(response, PLATFORM).get("posts") or []
        if not posts or not isinstance(posts[0], dict):
            return {}
        names = {
            "likeCount": "likes",
            "repostCount": "reposts",
            "replyCount": "replies",
            "quoteCount": "quotes",
        }
        return {ours: int(posts[0][theirs]) for theirs, ours in names.items() if theirs in posts[0]}

    async def revoke(self, connection: Connection) -> None:
        if not connection.refresh_token:
            return
        base = await service_url(connection.instance_url)
        async with client() as http:
            await send(
                http,
                "POST",
                f"{base}/xrpc/com.atproto.server.deleteSession",
                platform=PLATFORM,
                shape=SHAPE,
                headers={"Authorization": f"Bearer {connection.refresh_token}"},
            )
