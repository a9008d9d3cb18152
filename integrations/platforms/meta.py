"""Facebook Pages and Instagram (professional accounts) through the Graph API with Facebook
Login. Both connect the same way:

code → short-lived user token → long-lived user token (fb_exchange_token) → /me/accounts →
the Page's access token. A Page token obtained from a long-lived user token does not expire,
so it is the connection's access token (expires_at None: nothing to refresh); the long-lived
user token is kept as the refresh token only so `revoke` can remove the app's permissions.
The connection is the first Page the user granted (for Instagram: the first granted Page with
a linked Instagram account) — the login dialog lets the user grant just the one they mean.
The login dialog does not take PKCE; `state` protects the redirect.

Tokens travel as the documented `access_token` parameter with an `appsecret_proof`, so apps
with "Require App Secret" on work too; http.py keeps query strings out of the logs.

Facebook does: text posts (/feed), one photo (/photos), several photos (unpublished /photos
then /feed with attached_media), one video by URL (/videos file_url), reactions/comments/
shares metrics. Does not: links previews beyond what Facebook infers, scheduling at Facebook.
Instagram does: one image, one video (as a Reel), carousels of 2-10 images/videos, all
through media containers Meta fetches from our public media URLs; checks
content_publishing_limit first and reads it into Profile.limits; like/comment metrics.
Does not: stories, alt text, user tags, text-only posts (Instagram has none: REJECTED).
find_post: Graph has no idempotency key; always None for both.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

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
from integrations.platforms.graph import (
    GRAPH_SHAPE,
    quota_exhausted,
    quota_limits,
    wait_for_container,
)
from integrations.platforms.http import client, is_video, json_object, required, send
from integrations.platforms.oauth import (
    OAuthFlow,
    authorize_url,
    client_credentials,
    same_tokens,
)


def _app() -> tuple[str, str]:
    s = get_settings()
    return client_credentials("Facebook", s.meta_app_id, s.meta_app_secret, "META_APP")


def graph_url(path: str) -> str:
    s = get_settings()
    return f"{s.meta_graph_url.rstrip('/')}/{s.meta_api_version}{path}"


def token_params(token: str) -> dict[str, str]:
    _, secret = _app()
    proof = hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()
    return {"access_token": token, "appsecret_proof": proof}


class _MetaAdapter(OAuthFlow):
    platform = ""
    scopes: tuple[str, ...] = ()
    idempotent_publish = False

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization:
        app_id, _ = _app()
        s = get_settings()
        return Authorization(
            url=authorize_url(
                f"{s.meta_auth_url.rstrip('/')}/{s.meta_api_version}/dialog/oauth",
                {
                    "client_id": app_id,
                    "redirect_uri": redirect_uri,
                    "state": state,
                    "scope": ",".join(self.scopes),
                    "response_type": "code",
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
            short = await self._get(
                http,
                "/oauth/access_token",
                {
                    "client_id": app_id,
                    "client_secret": secret,
                    "redirect_uri": redirect_uri,
                    "code": code,
                },
            )
            long_lived = await self._get(
                http,
                "/oauth/access_token",
                {
                    "grant_type": "fb_exchange_token",
                    "client_id": app_id,
                    "client_secret": secret,
                    "fb_exchange_token": required(short, "access_token", self.platform),
                },
            )
            user_token = required(long_lived, "access_token", self.platform)
            pages = await self._get(
                http,
                "/me/accounts",
                {
                    "fields": "id,name,access_token,instagram_business_account",
                    "limit": "100",
                    **token_params(user_token),
                },
            )
        page = self._choose_page([p for p in pages.get("data") or [] if isinstance(p, dict)])
        return Tokens(
            access_token=required(page, "access_token", self.platform),
            refresh_token=user_token,
            expires_at=None,
            scopes=list(self.scopes),
        )

    def _choose_page(self, pages: list[dict[str, Any]]) -> dict[str, Any]:
        if not pages:
            raise PlatformError(
                "No Facebook Page was granted; allow at least one Page when connecting.",
                kind=REJECTED,
            )
        return pages[0]

    async def _get(
        self, http: httpx.AsyncClient, path: str, params: dict[str, str]
    ) -> dict[str, Any]:
        response = await send(
            http, "GET", graph_url(path), platform=self.platform, shape=GRAPH_SHAPE, params=params
        )
        return json_object(response, self.platform)

    async def _post(
        self, http: httpx.AsyncClient, path: str, token: str, data: dict[str, str]
    ) -> dict[str, Any]:
        response = await send(
            http,
            "POST",
            graph_url(path),
            platform=self.platform,
            shape=GRAPH_SHAPE,
            data={**data, **token_params(token)},
        )
        return json_object(response, self.platform)

    async def _permalink(
        self, http: httpx.AsyncClient, object_id: str, token: str, field: str
    ) -> str:
        """Best effort: the post exists already, so a failure here must not fail the publish
        (a retry would post twice)."""
        try:
            body = await self._get(http, f"/{object_id}", {"fields": field, **token_params(token)})
        except PlatformError:
            return ""
        return str(body.get(field) or "")

    async def refresh(self, connection: Connection) -> Tokens:
        return same_tokens(connection)  # Page tokens from long-lived user tokens do not expire

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # no idempotency key on the Graph API

    async def revoke(self, connection: Connection) -> None:
        # Removing the app's permissions needs the user token; Page tokens cannot do it.
        if not connection.refresh_token:
            return
        async with client() as http:
            await send(
                http,
                "DELETE",
                graph_url("/me/permissions"),
                platform=self.platform,
                shape=GRAPH_SHAPE,
                params=token_params(connection.refresh_token),
            )


class FacebookAdapter(_MetaAdapter):
    platform = "FACEBOOK"
    scopes = ("pages_show_list", "pages_read_engagement", "pages_manage_posts")

    async def fetch_profile(self, connection: Connection) -> Profile:
        async with client() as http:
            # With a Page token, /me is the Page.
            body = await self._get(
                http, "/me", {"fields": "id,name,picture", **token_params(connection.access_token)}
            )
        picture = (body.get("picture") or {}).get("data") or {}
        return Profile(
            account_id=required(body, "id", self.platform),
            name=str(body.get("name") or ""),
            avatar_url=str(picture.get("url") or ""),
        )

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        page, token = connection.account_id, connection.access_token
        videos = [m for m in content.media if is_video(m)]
        if videos and len(content.media) > 1:
            raise PlatformError(
                "A Facebook post takes one video, or photos, not both or several videos.",
                kind=REJECTED,
            )
        async with client() as http:
            if videos:
                body = await self._post(
                    http,
                    f"/{page}/videos",
                    token,
                    {"file_url": videos[0].url, "description": content.text},
                )
                video_id = required(body, "id", self.platform)
                url = await self._permalink(http, video_id, token, "permalink_url")
                if url.startswith("/"):
                    url = "https://www.facebook.com" + url
                return PublishedRef(
                    post_id=video_id,
                    url=url or f"https://www.facebook.com/{page}/videos/{video_id}/",
                )
            if len(content.media) == 1:
                body = await self._post(
                    http,
                    f"/{page}/photos",
                    token,
                    {"url": content.media[0].url, "caption": content.text},
                )
                post_id = str(body.get("post_id") or required(body, "id", self.platform))
            else:
                attached = [
                    await self._unpublished_photo(http, page, token, m) for m in content.media
                ]
                data = {"message": content.text}
                for i, photo_id in enumerate(attached):
                    data[f"attached_media[{i}]"] = json.dumps({"media_fbid": photo_id})
                body = await self._post(http, f"/{page}/feed", token, data)
                post_id = required(body, "id", self.platform)
            url = await self._permalink(http, post_id, token, "permalink_url")
        return PublishedRef(post_id=post_id, url=url or f"https://www.facebook.com/{post_id}")

    async def _unpublished_photo(
        self, http: httpx.AsyncClient, page: str, token: str, item: MediaItem
    ) -> str:
        body = await self._post(
            http, f"/{page}/photos", token, {"url": item.url, "published": "false"}
        )
        return required(body, "id", self.platform)

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        async with client() as http:
            body = await self._get(
                http,
                f"/{post_id}",
                {
                    "fields": "reactions.summary(total_count).limit(0),"
                    "comments.summary(total_count).limit(0),shares",
                    **token_params(connection.access_token),
                },
            )
        metrics: dict[str, int] = {}
        for field, ours in (("reactions", "likes"), ("comments", "replies")):
            total = ((body.get(field) or {}).get("summary") or {}).get("total_count")
            if total is not None:
                metrics[ours] = int(total)
        shares = (body.get("shares") or {}).get("count")
        if shares is not None:
            metrics["reposts"] = int(shares)
        return metrics


class InstagramAdapter(_MetaAdapter):
    platform = "INSTAGRAM"
    scopes = (
        "instagram_basic",
        "instagram_content_publish",
        "pages_show_list",
        "pages_read_engagement",
    )

    def _choose_page(self, pages: list[dict[str, Any]]) -> dict[str, Any]:
        linked = [p for p in pages if p.get("instagram_business_account")]
        if not linked:
            raise PlatformError(
                "None of the granted Facebook Pages has an Instagram professional account "
                "linked; link one in Instagram's settings, then connect again.",
                kind=REJECTED,
            )
        return linked[0]

    async def fetch_profile(self, connection: Connection) -> Profile:
        async with client() as http:
            page = await self._get(
                http,
                "/me",
                {
                    "fields": "instagram_business_account{id,username,name,profile_picture_url}",
                    **token_params(connection.access_token),
                },
            )
            account = page.get("instagram_business_account") or {}
            ig_id = required(account, "id", self.platform)
            limit = await self._get(
                http,
                f"/{ig_id}/content_publishing_limit",
                {"fields": "config,quota_usage", **token_params(connection.access_token)},
            )
        username = str(account.get("username") or "")
        return Profile(
            account_id=ig_id,
            name=str(account.get("name") or username),
            avatar_url=str(account.get("profile_picture_url") or ""),
            limits=quota_limits(limit),
            handle=f"@{username}" if username else "",
        )

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        if not content.media:
            raise PlatformError("Instagram posts need at least one image or video.", kind=REJECTED)
        ig, token = connection.account_id, connection.access_token
        async with client() as http:
            await self._check_quota(http, ig, token)
            if len(content.media) == 1:
                container = await self._container(
                    http, ig, token, {"caption": content.text, **_media_fields(content.media[0])}
                )
            else:
                children = []
                for item in content.media:
                    child = await self._container(
                        http, ig, token, {"is_carousel_item": "true", **_media_fields(item, True)}
                    )
                    await self._wait(http, child, token)
                    children.append(child)
                container = await self._container(
                    http,
                    ig,
                    token,
                    {
                        "media_type": "CAROUSEL",
                        "children": ",".join(children),
                        "caption": content.text,
                    },
                )
            await self._wait(http, container, token)
            body = await self._post(http, f"/{ig}/media_publish", token, {"creation_id": container})
            media_id = required(body, "id", self.platform)
            url = await self._permalink(http, media_id, token, "permalink")
        return PublishedRef(post_id=media_id, url=url)

    async def _check_quota(self, http: httpx.AsyncClient, ig: str, token: str) -> None:
        """Instagram caps API posts per 24 h: don't build containers that cannot publish. The
        check is advisory; if Meta will not answer it, media_publish still enforces the cap."""
        try:
            body = await self._get(
                http,
                f"/{ig}/content_publishing_limit",
                {"fields": "config,quota_usage", **token_params(token)},
            )
        except PlatformError as exc:
            if exc.kind == AUTH:
                raise
            return
        if (used := quota_exhausted(body)) is not None:
            raise PlatformError(
                f"Instagram's publishing limit is used up ({used[0]} of {used[1]} posts in "
                "24 hours); the post will go out once older posts leave the window.",
                kind=TRANSIENT,
            )

    async def _container(
        self, http: httpx.AsyncClient, ig: str, token: str, data: dict[str, str]
    ) -> str:
        return required(await self._post(http, f"/{ig}/media", token, data), "id", self.platform)

    async def _wait(self, http: httpx.AsyncClient, container: str, token: str) -> None:
        await wait_for_container(
            http,
            graph_url(f"/{container}"),
            token_params(token),
            platform=self.platform,
            status_field="status_code",
            message_field="status",
        )

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        async with client() as http:
            body = await self._get(
                http,
                f"/{post_id}",
                {"fields": "like_count,comments_count", **token_params(connection.access_token)},
            )
        names = {"like_count": "likes", "comments_count": "replies"}
        return {ours: int(body[theirs]) for theirs, ours in names.items() if theirs in body}


def _media_fields(item: MediaItem, in_carousel: bool = False) -> dict[str, str]:
    if is_video(item):
        # A lone video is published as a Reel (Instagram retired plain feed videos).
        return {"media_type": "VIDEO" if in_carousel else "REELS", "video_url": item.url}
    return {"image_url": item.url}
