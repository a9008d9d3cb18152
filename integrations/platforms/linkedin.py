"""LinkedIn: OAuth 2.0 (3-legged), OpenID userinfo, the versioned Posts API (/rest/posts).

Does: connect (LinkedIn has no PKCE for web apps, so the challenge is not sent; `state` is),
profile via /v2/userinfo, text posts as the member, one image or a multi-image post through
the Images API (initializeUpload + PUT of the bytes), refresh where LinkedIn granted the app a
refresh token, revoke.
Does not: video or documents (Videos API multi-part upload), organization pages, mentions.
Metrics: member post analytics need a restricted permission we do not request, so
fetch_metrics answers {} without calling (a 403 there must not look like a dead connection).
find_post: LinkedIn has no idempotency key; always None.
"""

from __future__ import annotations

import httpx
import regex

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

PLATFORM = "LINKEDIN"
SCOPES = ("openid", "profile", "w_member_social")

# Commentary is LinkedIn "little" text: these characters are syntax and must be backslash-
# escaped, or LinkedIn silently cuts the post at the first one (`|` is reserved too).
RESERVED = frozenset("\\|{}@[]()<>#*_~")
# The one exception we make: a hashtag stays a bare `#tag` so LinkedIn links it. A hashtag
# here is `#` at a word start (not after a letter, digit, `_`, `#` or `\`) followed by letters,
# digits and combining marks with at least one letter, e.g. `#café`, `#2026goals`. Underscores
# are not taken into a tag: they are reserved and get escaped, which ends the tag there.
# Everything else, including `#` in `C#`, `#1` or `##`, is escaped.
HASHTAG = regex.compile(r"(?<![\p{L}\p{N}\p{M}_#\\])#(?=[\p{N}\p{M}]*\p{L})[\p{L}\p{N}\p{M}]+")


def escape_little(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in HASHTAG.finditer(text):
        out.extend(_escape_plain(text[position : match.start()]))
        out.append(match.group(0))
        position = match.end()
    out.extend(_escape_plain(text[position:]))
    return "".join(out)


def _escape_plain(text: str) -> list[str]:
    return ["\\" + c if c in RESERVED else c for c in text]


def _message(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    return body.get("message") or body.get("error_description") or body.get("error")


def _kind(status: int, body: object) -> str | None:
    # 65600 invalid, 65601 revoked, 65602 expired token: LinkedIn may send them with a 400.
    if isinstance(body, dict) and body.get("serviceErrorCode") in (65600, 65601, 65602):
        return AUTH
    return None


def _code(body: object) -> str | None:
    if not isinstance(body, dict):
        return None
    code = body.get("serviceErrorCode") or body.get("code") or body.get("error")
    return str(code) if code is not None else None


SHAPE = ErrorShape(message=_message, kind=_kind, code=_code)


def _api(path: str) -> str:
    return get_settings().linkedin_api_url.rstrip("/") + path


def _auth(path: str) -> str:
    return get_settings().linkedin_auth_url.rstrip("/") + path


def _client() -> tuple[str, str]:
    s = get_settings()
    return client_credentials(
        PLATFORM, s.linkedin_client_id, s.linkedin_client_secret, "LINKEDIN_CLIENT"
    )


def _rest_headers(connection: Connection) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {connection.access_token}",
        "LinkedIn-Version": get_settings().linkedin_api_version,
        "X-Restli-Protocol-Version": "2.0.0",
    }


def post_url(urn: str) -> str:
    return f"https://www.linkedin.com/feed/update/{urn}/"


class LinkedInAdapter(OAuthFlow):
    platform = PLATFORM
    idempotent_publish = False

    async def begin(
        self, state: str, redirect_uri: str, code_challenge: str, instance_url: str = ""
    ) -> Authorization:
        client_id, _ = _client()
        return Authorization(
            url=authorize_url(
                _auth("/oauth/v2/authorization"),
                {
                    "response_type": "code",
                    "client_id": client_id,
                    "redirect_uri": redirect_uri,
                    "state": state,
                    "scope": " ".join(SCOPES),
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
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        return await self._token(form, SHAPE, None)

    async def refresh(self, connection: Connection) -> Tokens:
        # Refresh tokens are only issued to apps LinkedIn approved for them; without one the
        # ~60-day access token cannot be extended and the member must reconnect.
        if not connection.refresh_token:
            raise PlatformError(
                "LinkedIn issued no refresh token; connect the account again.", kind=AUTH
            )
        form = {"grant_type": "refresh_token", "refresh_token": connection.refresh_token}
        return await self._token(form, SHAPE.for_refresh(), connection.refresh_token)

    async def _token(self, form: dict[str, str], shape: ErrorShape, previous: str | None) -> Tokens:
        client_id, secret = _client()
        async with client() as http:
            response = await send(
                http,
                "POST",
                _auth("/oauth/v2/accessToken"),
                platform=PLATFORM,
                shape=shape,
                data={**form, "client_id": client_id, "client_secret": secret},
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
                _api("/v2/userinfo"),
                platform=PLATFORM,
                shape=SHAPE,
                headers={"Authorization": f"Bearer {connection.access_token}"},
            )
        body = json_object(response, PLATFORM)
        given = " ".join(str(body.get(k) or "") for k in ("given_name", "family_name")).strip()
        return Profile(
            account_id=required(body, "sub", PLATFORM),
            name=str(body.get("name") or given),
            avatar_url=str(body.get("picture") or ""),
        )

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        if any(is_video(m) for m in content.media):
            raise PlatformError(
                "Video posts to LinkedIn are not supported yet; post text or images.",
                kind=REJECTED,
            )
        author = f"urn:li:person:{connection.account_id}"
        async with client() as http:
            images = [
                {"id": await self._upload(http, connection, author, item), "altText": item.alt_text}
                for item in content.media
            ]
            body: dict[str, object] = {
                "author": author,
                "commentary": escape_little(content.text),
                "visibility": "PUBLIC",
                "distribution": {
                    "feedDistribution": "MAIN_FEED",
                    "targetEntities": [],
                    "thirdPartyDistributionChannels": [],
                },
                "lifecycleState": "PUBLISHED",
                "isReshareDisabledByAuthor": False,
            }
            if len(images) == 1:
                body["content"] = {"media": images[0]}
            elif images:
                body["content"] = {"multiImage": {"images": images}}
            response = await send(
                http,
                "POST",
                _api("/rest/posts"),
                platform=PLATFORM,
                shape=SHAPE,
                json=body,
                headers=_rest_headers(connection),
            )
        # 201 with an empty body: the post URN is only in this header.
        urn = response.headers.get("x-restli-id", "")
        if not urn:
            raise PlatformError(
                "LinkedIn answered without the post id (x-restli-id); the outcome is unknown.",
                kind=TRANSIENT,
            )
        return PublishedRef(post_id=urn, url=post_url(urn))

    async def _upload(
        self, http: httpx.AsyncClient, connection: Connection, owner: str, item: MediaItem
    ) -> str:
        media = await fetch_media(http, item)
        response = await send(
            http,
            "POST",
            _api("/rest/images"),
            platform=PLATFORM,
            shape=SHAPE,
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": owner}},
            headers=_rest_headers(connection),
        )
        value = json_object(response, PLATFORM).get("value") or {}
        upload_url = required(value, "uploadUrl", PLATFORM)
        image_urn = required(value, "image", PLATFORM)
        await send(
            http,
            "PUT",
            upload_url,
            platform=PLATFORM,
            shape=SHAPE,
            content=media.data,
            headers={
                "Authorization": f"Bearer {connection.access_token}",
                "Content-Type": media.mime_type,
            },
        )
        return image_urn

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # no idempotency key at LinkedIn (see module docstring)

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        return {}  # needs r_member_social-level access (see module docstring)

    async def revoke(self, connection: Connection) -> None:
        client_id, secret = _client()
        async with client() as http:
            await send(
                http,
                "POST",
                _auth("/oauth/v2/revoke"),
                platform=PLATFORM,
                shape=SHAPE,
                data={
                    "token": connection.access_token,
                    "client_id": client_id,
                    "client_secret": secret,
                },
            )
