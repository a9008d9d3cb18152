"""X (Twitter) API v2 with OAuth 2.0 Authorization Code + PKCE (S256).

Does: connect (offline.access gives a refresh token; X rotates it on every refresh), profile,
text posts, up to 4 images through the one-shot v2 media upload (/2/media/upload) with alt
text (/2/media/metadata), public metrics, revoke.
Does not: video or animated GIF (they need the chunked INIT/APPEND/FINALIZE upload; refused as
REJECTED before anything is posted), threads/replies, polls.
find_post: X has no idempotency key and no lookup by one, so it always answers None; a
re-publish after an interrupted attempt could duplicate (idempotent_publish is False).
"""

from __future__ import annotations

import httpx

from app.settings import get_settings
from integrations.platforms.base import (
    AUTH,
    REJECTED,
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
    is_video,
    json_object,
    required,
    send,
)
from integrations.platforms.oauth import (
    OAuthFlow,
    authorize_url,
    client_credentials,
    tokens_from,
)

PLATFORM = "X"
SCOPES = ("tweet.read", "tweet.write", "users.read", "offline.access", "media.write")


def _message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    errors = body.get("errors")
    if isinstance(errors, list):
        texts = [str(e["message"]) for e in errors if isinstance(e, dict) and e.get("message")]
        if texts:
            return "; ".join(texts)
    # Problem JSON (detail/title) on v2 endpoints, RFC 6749 errors on the token endpoint.
    return body.get("detail") or body.get("error_description") or body.get("title")


def _kind(status: int, body: object) -> str | None:
    # X answers 403 to a duplicate post: the token is fine, the content is refused.
    if status == 403 and "duplicate" in str(_message(body) or "").lower():
        return REJECTED
    return None


def _code(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    return body.get("error") if isinstance(body.get("error"), str) else body.get("type")


SHAPE = ErrorShape(message=_message, kind=_kind, code=_code)


def _url(path: str) -> str:
    return get_settings().x_api_url.rstrip("/") + path


def _client_auth() -> tuple[str, str]:
    settings = get_settings()
    return client_credentials(PLATFORM, settings.x_client_id, settings.x_client_secret, "X_CLIENT")


def _bearer(connection: Connection) -> dict[str, str]:
    return {"Authorization": f"Bearer {connection.access_token}"}


class XAdapter(OAuthFlow):
    platform = PLATFORM
    idempotent_publish = False

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization:
        client_id, _ = _client_auth()
        base = get_settings().x_auth_url.rstrip("/") + "/i/oauth2/authorize"
        return Authorization(
            url=authorize_url(
                base,
                {
                    "response_type": "code",
                    "client_id": client_id,
                    "redirect_uri": redirect_uri,
                    "scope": " ".join(SCOPES),
                    "state": state,
                    "code_challenge": code_challenge,
                    "code_challenge_method": "S256",
                },
            )
        )

    async def exchange_code(
        self,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        instance_url: str = "",
        keep: dict[str, str] | None = None,
    ) -> Tokens:
        return await self._token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": code_verifier,
            },
            SHAPE,
            None,
        )

    async def refresh(self, connection: Connection) -> Tokens:
        if not connection.refresh_token:
            raise PlatformError("X gave no refresh token; connect the account again.", kind=AUTH)
        return await self._token(
            {"grant_type": "refresh_token", "refresh_token": connection.refresh_token},
            SHAPE.for_refresh(),
            connection.refresh_token,
        )

    async def _token(self, form: dict[str, str], shape: ErrorShape, previous: str | None) -> Tokens:
        client_id, secret = _client_auth()
        async with client() as http:
            # Confidential client: HTTP Basic with id:secret (client_id repeated in the body,
            # which X also accepts and public-client setups need).
            response = await send(
                http,
                "POST",
                _url("/2/oauth2/token"),
                platform=PLATFORM,
                shape=shape,
                data={**form, "client_id": client_id},
                auth=(client_id, secret),
            )
        return tokens_from(
            json_object(response, PLATFORM),
            PLATFORM,
            previous_refresh=previous,
            default_scopes=SCOPES,
        )

    async def fetch_profile(self, connection: Connection) -> Profile:
        async with client() as http:
            response = await send(
                http,
                "GET",
                _url("/2/users/me"),
                platform=PLATFORM,
                shape=SHAPE,
                params={"user.fields": "profile_image_url"},
                headers=_bearer(connection),
            )
        data = json_object(response, PLATFORM).get("data") or {}
        username = str(data.get("username") or "")
        return Profile(
            account_id=required(data, "id", PLATFORM),
            name=str(data.get("name") or username),
            avatar_url=str(data.get("profile_image_url") or ""),
            handle=f"@{username}" if username else "",
        )

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        if any(is_video(m) or m.mime_type.lower() == "image/gif" for m in content.media):
            raise PlatformError(
                "Video and GIF uploads to X are not supported yet (they need X's chunked "
                "upload); post images only.",
                kind=REJECTED,
            )
        async with client() as http:
            media_ids = [await self._upload(http, connection, item) for item in content.media]
            body: dict[str, object] = {"text": content.text}
            if media_ids:
                body["media"] = {"media_ids": media_ids}
            response = await send(
                http,
                "POST",
                _url("/2/tweets"),
                platform=PLATFORM,
                shape=SHAPE,
                json=body,
                headers=_bearer(connection),
            )
        data = json_object(response, PLATFORM).get("data") or {}
        post_id = required(data, "id", PLATFORM)
        # /i/web/status/<id> resolves without the username, which we may not have stored.
        return PublishedRef(post_id=post_id, url=f"https://x.com/i/web/status/{post_id}")

    async def _upload(
        self, http: httpx.AsyncClient, connection: Connection, item: MediaItem
    ) -> str:
        media = await fetch_media(http, item)
        response = await send(
            http,
            "POST",
            _url("/2/media/upload"),
            platform=PLATFORM,
            shape=SHAPE,
            data={"media_category": "tweet_image"},
            files={"media": (media.filename, media.data, media.mime_type)},
            headers=_bearer(connection),
        )
        media_id = required(json_object(response, PLATFORM).get("data") or {}, "id", PLATFORM)
        if item.alt_text:
            await send(
                http,
                "POST",
                _url("/2/media/metadata"),
                platform=PLATFORM,
                shape=SHAPE,
                json={"id": media_id, "metadata": {"alt_text": {"text": item.alt_text[:1000]}}},
                headers=_bearer(connection),
            )
        return media_id

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # X cannot look a post up by our key (see module docstring)

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        async with client() as http:
            response = await send(
                http,
                "GET",
                _url(f"/2/tweets/{post_id}"),
                platform=PLATFORM,
                shape=SHAPE,
                params={"tweet.fields": "public_metrics"},
                headers=_bearer(connection),
            )
        metrics = (json_object(response, PLATFORM).get("data") or {}).get("public_metrics") or {}
        names = {
            "like_count": "likes",
            "retweet_count": "reposts",
            "reply_count": "replies",
            "quote_count": "quotes",
            "impression_count": "impressions",
            "bookmark_count": "bookmarks",
        }
        return {ours: int(metrics[theirs]) for theirs, ours in names.items() if theirs in metrics}

    async def revoke(self, connection: Connection) -> None:
        client_id, secret = _client_auth()
        tokens = [(connection.access_token, "access_token")]
        if connection.refresh_token:
            tokens.append((connection.refresh_token, "refresh_token"))
        async with client() as http:
            for token, hint in tokens:
                await send(
                    http,
                    "POST",
                    _url("/2/oauth2/revoke"),
                    platform=PLATFORM,
                    shape=SHAPE,
                    data={"token": token, "token_type_hint": hint, "client_id": client_id},
                    auth=(client_id, secret),
                )
