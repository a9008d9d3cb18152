"""Threads API (graph.threads.net): OAuth, then two-step publishing through media containers.

Connect: code → short-lived token (1 h) → long-lived token (th_exchange_token, 60 days).
Refresh: th_refresh_token on the long-lived token itself (Threads has no refresh token; a
token must be at least 24 h old and unexpired). Revoke: Threads offers no revocation
endpoint, so it is a no-op (users remove the app in Threads' settings).

Does: text posts (TEXT), one image or video (IMAGE/VIDEO), carousels of 2-20 items, waiting
for containers to finish, the 24 h publishing quota (threads_publishing_limit) checked before
publishing and read into Profile.limits, permalink, insights (views/likes/replies/reposts/
quotes). Does not: replies/threads of posts, polls, alt text, link attachments.
find_post: Threads has no idempotency key; always None.
"""

from __future__ import annotations

from typing import Any

import httpx

from app.settings import get_settings
from integrations.platforms.base import (
    AUTH,
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
from integrations.platforms.graph import (
    GRAPH_SHAPE,
    quota_exhausted,
    quota_limits,
    wait_for_container,
)
from integrations.platforms.http import (
    ErrorShape,
    client,
    is_video,
    json_object,
    required,
    send,
)
from integrations.platforms.oauth import OAuthFlow, authorize_url, client_credentials, tokens_from

PLATFORM = "THREADS"
SCOPES = ("threads_basic", "threads_content_publish", "threads_manage_insights")
METRICS = ("views", "likes", "replies", "reposts", "quotes")  # already our metric names


def _app() -> tuple[str, str]:
    s = get_settings()
    return client_credentials(PLATFORM, s.threads_app_id, s.threads_app_secret, "THREADS_APP")


def _root(path: str) -> str:
    """Token endpoints live at the host root, unversioned."""
    return get_settings().threads_api_url.rstrip("/") + path


def _api(path: str) -> str:
    s = get_settings()
    return f"{s.threads_api_url.rstrip('/')}/{s.threads_api_version}{path}"


class ThreadsAdapter(OAuthFlow):
    platform = PLATFORM
    idempotent_publish = False

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization:
        app_id, _ = _app()
        return Authorization(
            url=authorize_url(
                get_settings().threads_auth_url.rstrip("/") + "/oauth/authorize",
                {
                    "client_id": app_id,
                    "redirect_uri": redirect_uri,
                    "scope": ",".join(SCOPES),
                    "response_type": "code",
                    "state": state,
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
        app_id, secret = _app()
        async with client() as http:
            response = await send(
                http,
                "POST",
                _root("/oauth/access_token"),
                platform=PLATFORM,
                shape=GRAPH_SHAPE,
                data={
                    "client_id": app_id,
                    "client_secret": secret,
                    "code": code,
                    "grant_type": "authorization_code",
                    "redirect_uri": redirect_uri,
                },
            )
            short = required(json_object(response, PLATFORM), "access_token", PLATFORM)
            response = await send(
                http,
                "GET",
                _root("/access_token"),
                platform=PLATFORM,
                shape=GRAPH_SHAPE,
                params={
                    "grant_type": "th_exchange_token",
                    "client_secret": secret,
                    "access_token": short,
                },
            )
        return tokens_from(json_object(response, PLATFORM), PLATFORM, default_scopes=SCOPES)

    async def refresh(self, connection: Connection) -> Tokens:
        async with client() as http:
            response = await send(
                http,
                "GET",
                _root("/refresh_access_token"),
                platform=PLATFORM,
                shape=GRAPH_SHAPE.for_refresh(),
                params={"grant_type": "th_refresh_token", "access_token": connection.access_token},
            )
        return tokens_from(
            json_object(response, PLATFORM),
            PLATFORM,
            previous_refresh=connection.refresh_token,
            default_scopes=SCOPES,
        )

    async def fetch_profile(self, connection: Connection) -> Profile:
        token = {"access_token": connection.access_token}
        async with client() as http:
            me = await self._get(
                http, "/me", {"fields": "id,username,name,threads_profile_picture_url", **token}
            )
            user_id = required(me, "id", PLATFORM)
            limit = await self._get(
                http,
                f"/{user_id}/threads_publishing_limit",
                {"fields": "quota_usage,config", **token},
            )
        username = str(me.get("username") or "")
        return Profile(
            account_id=user_id,
            name=str(me.get("name") or username),
            avatar_url=str(me.get("threads_profile_picture_url") or ""),
            limits=quota_limits(limit),
            handle=f"@{username}" if username else "",
        )

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        user, token = connection.account_id, connection.access_token
        async with client() as http:
            await self._check_quota(http, user, token)
            if not content.media:
                fields = {"media_type": "TEXT", "text": content.text}
                container = await self._container(http, user, token, fields)
            elif len(content.media) == 1:
                fields = {"text": content.text, **_media_fields(content.media[0])}
                container = await self._container(http, user, token, fields)
            else:
                children = []
                for item in content.media:
                    child = await self._container(
                        http, user, token, {"is_carousel_item": "true", **_media_fields(item)}
                    )
                    await self._wait(http, child, token)
                    children.append(child)
                fields = {
                    "media_type": "CAROUSEL",
                    "children": ",".join(children),
                    "text": content.text,
                }
                container = await self._container(http, user, token, fields)
            await self._wait(http, container, token)
            body = await self._post(
                http, f"/{user}/threads_publish", token, {"creation_id": container}
            )
            post_id = required(body, "id", PLATFORM)
            url = await self._permalink(http, post_id, token)
        return PublishedRef(post_id=post_id, url=url)

    async def _check_quota(self, http: httpx.AsyncClient, user: str, token: str) -> None:
        """250 posts per 24 h per profile (per Meta); advisory like Instagram's check."""
        try:
            body = await self._get(
                http,
                f"/{user}/threads_publishing_limit",
                {"fields": "quota_usage,config", "access_token": token},
            )
        except PlatformError as exc:
            if exc.kind == AUTH:
                raise
            return
        if (used := quota_exhausted(body)) is not None:
            raise PlatformError(
                f"Threads' publishing limit is used up ({used[0]} of {used[1]} posts in "
                "24 hours); the post will go out once older posts leave the window.",
                kind=TRANSIENT,
            )

    async def _container(
        self, http: httpx.AsyncClient, user: str, token: str, fields: dict[str, str]
    ) -> str:
        return required(await self._post(http, f"/{user}/threads", token, fields), "id", PLATFORM)

    async def _wait(self, http: httpx.AsyncClient, container: str, token: str) -> None:
        await wait_for_container(
            http,
            _api(f"/{container}"),
            {"access_token": token},
            platform=PLATFORM,
            status_field="status",
            message_field="error_message",
        )

    async def _permalink(self, http: httpx.AsyncClient, post_id: str, token: str) -> str:
        """Best effort: the post exists already; a failure here must not fail the publish."""
        try:
            body = await self._get(
                http, f"/{post_id}", {"fields": "permalink", "access_token": token}
            )
        except PlatformError:
            return ""
        return str(body.get("permalink") or "")

    async def _get(
        self,
        http: httpx.AsyncClient,
        path: str,
        params: dict[str, str],
        shape: ErrorShape = GRAPH_SHAPE,
    ) -> dict[str, Any]:
        response = await send(
            http, "GET", _api(path), platform=PLATFORM, shape=shape, params=params
        )
        return json_object(response, PLATFORM)

    async def _post(
        self, http: httpx.AsyncClient, path: str, token: str, data: dict[str, str]
    ) -> dict[str, Any]:
        response = await send(
            http,
            "POST",
            _api(path),
            platform=PLATFORM,
            shape=GRAPH_SHAPE,
            data={**data, "access_token": token},
        )
        return json_object(response, PLATFORM)

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # no idempotency key at Threads

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        async with client() as http:
            body = await self._get(
                http,
                f"/{post_id}/insights",
                {"metric": ",".join(METRICS), "access_token": connection.access_token},
            )
        metrics: dict[str, int] = {}
        for entry in body.get("data") or []:
            name = entry.get("name") if isinstance(entry, dict) else None
            if name not in METRICS:
                continue
            # Media insights come as values[0].value; some metrics as total_value.value.
            values = entry.get("values") or []
            value = (values[0] or {}).get("value") if values else None
            if value is None:
                value = (entry.get("total_value") or {}).get("value")
            if value is not None:
                metrics[name] = int(value)
        return metrics

    async def revoke(self, connection: Connection) -> None:
        return None  # Threads has no token revocation endpoint


def _media_fields(item: MediaItem) -> dict[str, str]:
    if is_video(item):
        return {"media_type": "VIDEO", "video_url": item.url}
    return {"media_type": "IMAGE", "image_url": item.url}
