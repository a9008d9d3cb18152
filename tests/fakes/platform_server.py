"""One local server on 127.0.0.1 speaking the wire formats of every social platform we publish
to, so the real adapters (httpx) run against it end to end.

Platforms and the paths they answer (base URLs come from `settings_overrides(server)`):

- X: /i/oauth2/authorize, /2/oauth2/token, /2/oauth2/revoke, /2/users/me, /2/media/upload,
  /2/media/metadata, /2/tweets, /2/tweets/{id}
- LinkedIn: /oauth/v2/authorization, /oauth/v2/accessToken, /oauth/v2/revoke, /v2/userinfo,
  /rest/images?action=initializeUpload, /linkedin-uploads/{id} (PUT), /rest/posts
- Facebook Pages and Instagram (Graph): /{version}/dialog/oauth, /{version}/oauth/access_token,
  /{version}/me/accounts, /{version}/me, /{version}/{page}/feed|photos|videos,
  /{version}/{ig}/content_publishing_limit|media|media_publish, /{version}/{object},
  /{version}/me/permissions (DELETE). appsecret_proof is verified.
- Threads: /oauth/authorize, /oauth/access_token, /access_token, /refresh_access_token,
  /{version}/me, /{version}/{user}/threads|threads_publish|threads_publishing_limit,
  /{version}/{object}, /{version}/{post}/insights
- Bluesky: /xrpc/com.atproto.server.createSession|refreshSession|getSession|deleteSession,
  /xrpc/app.bsky.actor.getProfile, /xrpc/com.atproto.repo.uploadBlob|createRecord,
  /xrpc/app.bsky.feed.getPosts (tokens are real JWTs with `exp`)
- Mastodon (instance URL = `server.url`): /api/v1/apps, /oauth/authorize, /oauth/token,
  /oauth/revoke, /api/v1/accounts/verify_credentials, /api/v2/instance, /api/v2/media,
  /api/v1/media/{id}, /api/v1/statuses (Idempotency-Key honoured), /api/v1/statuses/{id}
- Webhook receiver: POST /webhooks/{name}, verifying X-Ezre-Signature with the secret given
  to `server.webhook(name, secret)`; repeats of an idempotency key are not recorded twice.
- Media files: GET /media/{name} (`server.media_url(name)`, `server.add_media(...)`).

Python API (everything a test needs):

    server.url                              base URL (also the Mastodon instance URL)
    server.posts(platform)                  list[Post] published there (text, media, key, token)
    server.calls(platform=None, endpoint=None)  list[Call] of every request received
    server.fail(platform, endpoint, status, times=1, retry_after=None, body=None)
    server.reject(platform, message=None, times=1)   the platform's own "post refused" answer
    server.delay(platform, endpoint, seconds, times=1)
    server.grant(platform) -> Grant         tokens issued without the OAuth dance
    server.approve(authorize_url) -> dict   follow an authorize URL as a consenting user:
                                            the redirect's query (code, state)
    server.expire(token)                    a token the platform no longer accepts
    server.omit_refresh_token(platform)     token answers leave out refresh_token
    server.webhook(name, secret) -> url
    server.media_url(name) / server.add_media(name, data, content_type) -> url
    server.processing(polls)                status polls answered "in progress" first
                                            (Instagram/Threads containers, Mastodon video;
                                            default 1)
    server.reset()                          forget posts, calls, scripts and tokens

    settings_overrides(server) -> dict      Settings field -> value (monkeypatch.setattr)
    env_overrides(server) -> dict           the same as env vars, for a child process
    shared_server() / stop_shared_server()  one started server per test process

The accounts it knows are module constants (X_USER, LINKEDIN_SUB, FB_PAGE, IG_ACCOUNT,
THREADS_USER, BLUESKY_DID/BLUESKY_HANDLE/BLUESKY_PASSWORD, MASTODON_ACCOUNT). Every API
call checks its token: get one from `grant()` or a real connect flow (`approve()`).

Endpoint names for fail/delay: "authorize", "token" (code exchange and refresh), "refresh"
(any refresh: X/LinkedIn refresh grants, Threads refresh_access_token, Bluesky
refreshSession), "revoke", "profile", "limit", "media" (any media upload), "media_status",
"container", "status" (container status), "publish" (the call that creates the post),
"metrics", "permalink", "session" (Bluesky createSession), "apps" (Mastodon app
registration), "instance", "accounts" (Graph /me/accounts), "webhook", "media_metadata"
(X alt text), "media_upload" (LinkedIn's PUT of the bytes), "feed"/"photos"/"videos"
(Facebook edges; the publishing one also answers to "publish"). Graph endpoints
shared by Facebook and Instagram (token, accounts, revoke) match rules of either platform.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import itertools
import json
import secrets
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import jwt
import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

X, LINKEDIN, FACEBOOK, INSTAGRAM = "X", "LINKEDIN", "FACEBOOK", "INSTAGRAM"
THREADS, BLUESKY, MASTODON, WEBHOOK = "THREADS", "BLUESKY", "MASTODON", "WEBHOOK"
PLATFORMS = (X, LINKEDIN, FACEBOOK, INSTAGRAM, THREADS, BLUESKY, MASTODON, WEBHOOK)
META = (FACEBOOK, INSTAGRAM)

# App credentials the server accepts (settings_overrides() sets them).
X_CLIENT_ID, X_CLIENT_SECRET = "x-client-id", "x-client-secret"
LINKEDIN_CLIENT_ID, LINKEDIN_CLIENT_SECRET = "li-client-id", "li-client-secret"
META_APP_ID, META_APP_SECRET = "100000000000001", "meta-app-secret"
THREADS_APP_ID, THREADS_APP_SECRET = "200000000000002", "threads-app-secret"
GRAPH_VERSION, THREADS_VERSION = "v24.0", "v1.0"

# The one account each platform knows.
X_USER = {"id": "1600000000000000001", "username": "ezre_test", "name": "Ezre Test"}
LINKEDIN_SUB = "li-8f3a2b"
FB_USER_ID = "10200000000000001"
FB_PAGE = {"id": "10150000000000001", "name": "Ezre Coffee"}
IG_ACCOUNT = {"id": "17841400000000001", "username": "ezre.coffee", "name": "Ezre Coffee IG"}
THREADS_USER = {"id": "25000000000000001", "username": "ezre.threads", "name": "Ezre Threads"}
BLUESKY_DID, BLUESKY_HANDLE = "did:plc:ezretest4jq2ucb6r5whzvy7", "ezre.bsky.social"
BLUESKY_PASSWORD = "abcd-efgh-ijkl-mnop"  # an app password
MASTODON_ACCOUNT = {"id": "109000000000000001", "username": "ezre", "display_name": "Ezre"}
MASTODON_MAX_CHARACTERS = 500

_JWT_KEY = secrets.token_bytes(32)


@dataclass
class Media:
    id: str
    mime_type: str
    size: int
    alt_text: str = ""
    source_url: str = ""  # for platforms that fetch media from a URL (Meta, Threads)


@dataclass
class Post:
    platform: str
    id: str
    text: str
    url: str
    token: str  # the access token the post was made with
    account_id: str
    media: list[Media] = field(default_factory=list)
    idempotency_key: str = ""
    body: dict[str, Any] = field(default_factory=dict)  # what the adapter sent, as parsed


@dataclass
class Call:
    platform: str
    endpoint: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int = 0


@dataclass
class Grant:
    platform: str
    access_token: str
    refresh_token: str | None
    account_id: str
    instance_url: str = ""
    secret: str = ""  # Bluesky app password, for Connection.secret
    keep: dict[str, str] = field(default_factory=dict)  # Mastodon client id/secret


@dataclass
class _Rule:
    status: int = 0
    retry_after: float | None = None
    body: Any = None
    delay: float = 0.0
    reject_message: str | None = None


@dataclass
class _Token:
    platform: str
    kind: str  # access, refresh, user (Graph user token), page
    account: str
    client_id: str = ""
    scope: str = ""
    active: bool = True


@dataclass
class _Code:
    platform: str
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str


class PlatformServer:
    def __init__(self) -> None:
        self.port = 0
        self.processing_polls = 1
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._ids = itertools.count(1000)
        self._media_files: dict[str, tuple[bytes, str]] = {}
        self.reset()

    # Lifecycle

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, port: int = 0) -> None:
        if not port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = int(s.getsockname()[1])
        self.port = port
        config = uvicorn.Config(
            self._app(), host="127.0.0.1", port=port, log_config=None, lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self._server.started:
            raise RuntimeError("the platform server did not start")

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)

    def reset(self) -> None:
        with self._lock:
            self._posts: dict[str, list[Post]] = {p: [] for p in PLATFORMS}
            self._calls: list[Call] = []
            self._rules: dict[tuple[str, str], deque[_Rule]] = {}
            self._delays: dict[tuple[str, str], deque[float]] = {}
            self._tokens: dict[str, _Token] = {}
            self._codes: dict[str, _Code] = {}
            self._mastodon_apps: dict[str, dict[str, Any]] = {}
            self._mastodon_media: dict[str, dict[str, Any]] = {}
            self._idempotency: dict[tuple[str, str], Post] = {}
            self._objects: dict[str, dict[str, Any]] = {}  # Graph/Threads ids
            self._blobs: dict[str, Media] = {}
            self._x_media: dict[str, Media] = {}
            self._linkedin_images: dict[str, dict[str, Any]] = {}
            self._webhooks: dict[str, str] = {}
            self._omit_refresh: set[str] = set()
            self.processing_polls = 1
        self._media_files = {
            "image.png": (png_bytes(), "image/png"),
            "photo.png": (png_bytes((240, 120, 40)), "image/png"),
            "clip.mp4": (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "video/mp4"),
        }

    # Inspection

    def posts(self, platform: str) -> list[Post]:
        with self._lock:
            return list(self._posts[platform])

    def calls(self, platform: str | None = None, endpoint: str | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self._calls
                if (platform is None or c.platform == platform)
                and (endpoint is None or c.endpoint == endpoint)
            ]

    # Scripting

    def fail(
        self,
        platform: str,
        endpoint: str,
        status: int,
        times: int = 1,
        retry_after: float | None = None,
        body: Any = None,
    ) -> None:
        """The next `times` calls of `endpoint` answer `status`. `body` None: the platform's own
        error body for that status; a dict is sent as JSON; a str as text, with `{url}`
        replaced by the full request URL (a proxy page echoing the request)."""
        with self._lock:
            queue = self._rules.setdefault((platform, endpoint), deque())
            queue.extend(_Rule(status, retry_after, body) for _ in range(times))

    def reject(self, platform: str, message: str | None = None, times: int = 1) -> None:
        """The next `times` publishes are refused the way the platform refuses content."""
        status, _ = _rejection(platform, message)
        with self._lock:
            queue = self._rules.setdefault((platform, "publish"), deque())
            queue.extend(_Rule(status, reject_message=message or "") for _ in range(times))

    def delay(self, platform: str, endpoint: str, seconds: float, times: int = 1) -> None:
        with self._lock:
            self._delays.setdefault((platform, endpoint), deque()).extend([seconds] * times)

    def expire(self, token: str) -> None:
        with self._lock:
            if token in self._tokens:
                self._tokens[token].active = False

    def omit_refresh_token(self, platform: str) -> None:
        with self._lock:
            self._omit_refresh.add(platform)

    def processing(self, polls: int) -> None:
        self.processing_polls = polls

    # Accounts and tokens

    def grant(self, platform: str) -> Grant:
        """Tokens as if the user had connected (for tests that start from a connection)."""
        if platform == X:
            access, refresh = self._issue(X, X_USER["id"], X_CLIENT_ID, refresh=True)
            return Grant(X, access, refresh, X_USER["id"])
        if platform == LINKEDIN:
            access, refresh = self._issue(LINKEDIN, LINKEDIN_SUB, LINKEDIN_CLIENT_ID, refresh=True)
            return Grant(LINKEDIN, access, refresh, LINKEDIN_SUB)
        if platform in META:
            user = self._new_token(_Token(platform, "user", FB_USER_ID, META_APP_ID))
            page = self._page_token()
            account = FB_PAGE["id"] if platform == FACEBOOK else IG_ACCOUNT["id"]
            return Grant(platform, page, user, account)
        if platform == THREADS:
            access = self._new_token(_Token(THREADS, "access", THREADS_USER["id"]))
            return Grant(THREADS, access, None, THREADS_USER["id"])
        if platform == BLUESKY:
            session = self._bluesky_session()
            return Grant(
                BLUESKY,
                session["accessJwt"],
                session["refreshJwt"],
                BLUESKY_DID,
                secret=BLUESKY_PASSWORD,
            )
        if platform == MASTODON:
            app = self._register_mastodon_app(
                "Ezre Comms", "urn:ietf:wg:oauth:2.0:oob", "read write"
            )
            access = self._new_token(
                _Token(MASTODON, "access", MASTODON_ACCOUNT["id"], app["client_id"], "read write")
            )
            keep = {"client_id": app["client_id"], "client_secret": app["client_secret"]}
            return Grant(MASTODON, access, None, MASTODON_ACCOUNT["id"], self.url, keep=keep)
        raise ValueError(f"no grant for {platform}")

    def approve(self, authorize_url: str) -> dict[str, str]:
        """Open an authorize URL as a user who consents: the callback's query parameters."""
        response = httpx.get(authorize_url, follow_redirects=False, timeout=5)
        if response.status_code != 302:
            raise AssertionError(f"authorize answered {response.status_code}: {response.text}")
        query = parse_qs(urlsplit(response.headers["location"]).query)
        return {k: v[0] for k, v in query.items()}

    def webhook(self, name: str, secret: str) -> str:
        with self._lock:
            self._webhooks[name] = secret
        return f"{self.url}/webhooks/{name}"

    def media_url(self, name: str = "image.png") -> str:
        return f"{self.url}/media/{name}"

    def add_media(self, name: str, data: bytes, content_type: str) -> str:
        self._media_files[name] = (data, content_type)
        return self.media_url(name)

    # Internals: ids, tokens, scripting

    def _id(self) -> str:
        return str(next(self._ids))

    def _new_token(self, info: _Token, prefix: str = "") -> str:
        token = f"{prefix or info.platform.lower()}-{info.kind}-{secrets.token_urlsafe(18)}"
        with self._lock:
            self._tokens[token] = info
        return token

    def _issue(
        self, platform: str, account: str, client_id: str, *, refresh: bool, scope: str = ""
    ) -> tuple[str, str | None]:
        access = self._new_token(_Token(platform, "access", account, client_id, scope))
        refresh_token = (
            self._new_token(_Token(platform, "refresh", account, client_id, scope))
            if refresh
            else None
        )
        return access, refresh_token

    def _page_token(self) -> str:
        return self._new_token(_Token(FACEBOOK, "page", FB_PAGE["id"], META_APP_ID), "meta")

    def _token(self, token: str | None, platforms: tuple[str, ...], kind: str) -> _Token | None:
        info = self._tokens.get(token or "")
        if info is None or not info.active or info.kind != kind:
            return None
        return info if info.platform in platforms else None

    async def _enter(
        self, request: Request, platforms: tuple[str, ...], names: tuple[str, ...]
    ) -> Response | None:
        """Record the call; apply scripted delays and failures. None: answer normally."""
        call = Call(
            platform=platforms[0],
            endpoint=names[0],
            method=request.method,
            path=request.url.path,
            query=dict(request.query_params),
            headers=dict(request.headers),
        )
        wait = 0.0
        rule: _Rule | None = None
        with self._lock:
            self._calls.append(call)
            for platform in platforms:
                for name in names:
                    delays = self._delays.get((platform, name))
                    if delays and not wait:
                        wait = delays.popleft()
                    rules = self._rules.get((platform, name))
                    if rules and rule is None:
                        rule = rules.popleft()
        if wait:
            await asyncio.sleep(wait)
        if rule is None:
            return None
        call.status = rule.status
        if rule.reject_message is not None:
            status, body = _rejection(platforms[0], rule.reject_message or None)
            return JSONResponse(body, status)
        headers = _rate_headers(platforms[0])
        if rule.retry_after is not None:
            headers["Retry-After"] = _number(rule.retry_after)
        if isinstance(rule.body, str):
            raw = (await request.body()).decode(errors="replace")
            text = rule.body.replace("{url}", str(request.url)).replace("{body}", raw)
            return Response(text, rule.status, headers=headers, media_type="text/plain")
        if isinstance(rule.body, dict):
            return JSONResponse(rule.body, rule.status, headers=headers)
        status, body = _error_for(platforms[0], rule.status)
        return JSONResponse(body, status, headers=headers)

    def _app(self) -> Starlette:
        graph = f"/{GRAPH_VERSION}"
        th = f"/{THREADS_VERSION}"
        routes = [
            Route("/media/{name}", self.media_file, methods=["GET"]),
            Route("/webhooks/{name}", self.webhook_receive, methods=["POST"]),
            # X
            Route("/i/oauth2/authorize", self.x_authorize, methods=["GET"]),
            Route("/2/oauth2/token", self.x_token, methods=["POST"]),
            Route("/2/oauth2/revoke", self.x_revoke, methods=["POST"]),
            Route("/2/users/me", self.x_me, methods=["GET"]),
            Route("/2/media/upload", self.x_media_upload, methods=["POST"]),
            Route("/2/media/metadata", self.x_media_metadata, methods=["POST"]),
            Route("/2/tweets", self.x_tweet, methods=["POST"]),
            Route("/2/tweets/{id}", self.x_get_tweet, methods=["GET"]),
            # LinkedIn
            Route("/oauth/v2/authorization", self.li_authorize, methods=["GET"]),
            Route("/oauth/v2/accessToken", self.li_token, methods=["POST"]),
            Route("/oauth/v2/revoke", self.li_revoke, methods=["POST"]),
            Route("/v2/userinfo", self.li_userinfo, methods=["GET"]),
            Route("/rest/images", self.li_images, methods=["POST"]),
            Route("/linkedin-uploads/{id}", self.li_upload, methods=["PUT"]),
            Route("/rest/posts", self.li_post, methods=["POST"]),
            # Facebook / Instagram (Graph)
            Route(graph + "/dialog/oauth", self.meta_authorize, methods=["GET"]),
            Route(graph + "/oauth/access_token", self.meta_token, methods=["GET"]),
            Route(graph + "/me/accounts", self.meta_accounts, methods=["GET"]),
            Route(graph + "/me/permissions", self.meta_revoke, methods=["DELETE"]),
            Route(graph + "/{path:path}", self.graph_get, methods=["GET"]),
            Route(graph + "/{path:path}", self.graph_post, methods=["POST"]),
            # Threads (authorize shares /oauth/authorize with Mastodon: told apart by client)
            Route("/oauth/authorize", self.oauth_authorize, methods=["GET"]),
            Route("/oauth/access_token", self.threads_token, methods=["POST"]),
            Route("/access_token", self.threads_exchange, methods=["GET"]),
            Route("/refresh_access_token", self.threads_refresh, methods=["GET"]),
            Route(th + "/{path:path}", self.threads_get, methods=["GET"]),
            Route(th + "/{path:path}", self.threads_post, methods=["POST"]),
            # Bluesky
            Route("/xrpc/{method}", self.xrpc, methods=["GET", "POST"]),
            # Mastodon
            Route("/api/v1/apps", self.masto_apps, methods=["POST"]),
            Route("/oauth/token", self.masto_token, methods=["POST"]),
            Route("/oauth/revoke", self.masto_revoke, methods=["POST"]),
            Route("/api/v1/accounts/verify_credentials", self.masto_me, methods=["GET"]),
            Route("/api/v2/instance", self.masto_instance, methods=["GET"]),
            Route("/api/v2/media", self.masto_media, methods=["POST"]),
            Route("/api/v1/media/{id}", self.masto_media_status, methods=["GET"]),
            Route("/api/v1/statuses", self.masto_status, methods=["POST"]),
            Route("/api/v1/statuses/{id}", self.masto_get_status, methods=["GET"]),
        ]
        return Starlette(routes=routes)

    # Shared handlers

    async def media_file(self, request: Request) -> Response:
        found = self._media_files.get(request.path_params["name"])
        if found is None:
            return Response("not found", 404)
        return Response(found[0], media_type=found[1])

    async def _fetch(self, url: str) -> tuple[bytes, str] | None:
        """What Meta/Threads do with a media URL: download it themselves."""
        try:
            async with httpx.AsyncClient(timeout=5) as http:
                response = await http.get(url)
        except httpx.HTTPError:
            return None
        if not response.is_success:
            return None
        return response.content, response.headers.get("content-type", "")

    def _authorize(self, request: Request, platform: str, client_id: str, pkce: bool) -> Response:
        q = request.query_params
        if q.get("client_id") != client_id or q.get("response_type") != "code":
            return JSONResponse({"error": "invalid_client"}, 400)
        if not q.get("redirect_uri") or not q.get("scope") or not q.get("state"):
            return JSONResponse({"error": "invalid_request"}, 400)
        challenge = q.get("code_challenge", "")
        if pkce and (not challenge or q.get("code_challenge_method") != "S256"):
            return JSONResponse({"error": "invalid_request", "error_description": "PKCE"}, 400)
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Code(
                platform, client_id, q["redirect_uri"], challenge, q.get("scope", "")
            )
        target = q["redirect_uri"]
        separator = "&" if "?" in target else "?"
        return RedirectResponse(
            target + separator + urlencode({"code": code, "state": q["state"]}), 302
        )

    def _redeem(
        self, platform: str, code: str, redirect_uri: str, verifier: str | None
    ) -> _Code | None:
        with self._lock:
            found = self._codes.pop(code, None)
        if found is None or found.platform != platform or found.redirect_uri != redirect_uri:
            return None
        if found.challenge:
            if not verifier:
                return None
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != found.challenge:
                return None
        return found

    def _record(self, post: Post) -> Post:
        with self._lock:
            self._posts[post.platform].append(post)
        return post

    # X

    async def x_authorize(self, request: Request) -> Response:
        return await self._enter(request, (X,), ("authorize",)) or self._authorize(
            request, X, X_CLIENT_ID, pkce=True
        )

    def _x_client_ok(self, request: Request) -> bool:
        expected = base64.b64encode(f"{X_CLIENT_ID}:{X_CLIENT_SECRET}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {expected}"

    async def x_token(self, request: Request) -> Response:
        form = await request.form()
        names = ("token", "refresh") if form.get("grant_type") == "refresh_token" else ("token",)
        if failed := await self._enter(request, (X,), names):
            return failed
        if not self._x_client_ok(request):
            return JSONResponse(
                {
                    "error": "unauthorized_client",
                    "error_description": "Missing valid authorization header",
                },
                401,
            )
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code = self._redeem(
                X, _s(form, "code"), _s(form, "redirect_uri"), _s(form, "code_verifier")
            )
            if code is None:
                return JSONResponse(
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the authorization code was invalid.",
                    },
                    400,
                )
            scope = code.scope
        elif grant == "refresh_token":
            old = self._token(_s(form, "refresh_token"), (X,), "refresh")
            if old is None:
                return JSONResponse(
                    {
                        "error": "invalid_request",
                        "error_description": "Value passed for the token was invalid.",
                    },
                    400,
                )
            old.active = False  # X rotates refresh tokens: the old one is spent
            scope = old.scope
        else:
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        access, refresh = self._issue(
            X, X_USER["id"], X_CLIENT_ID, refresh="offline.access" in scope, scope=scope
        )
        body: dict[str, Any] = {
            "token_type": "bearer",
            "expires_in": 7200,
            "access_token": access,
            "scope": scope,
        }
        if refresh and X not in self._omit_refresh:
            body["refresh_token"] = refresh
        return JSONResponse(body)

    async def x_revoke(self, request: Request) -> Response:
        if failed := await self._enter(request, (X,), ("revoke",)):
            return failed
        if not self._x_client_ok(request):
            return JSONResponse({"error": "unauthorized_client"}, 401)
        form = await request.form()
        self.expire(_s(form, "token"))
        return JSONResponse({"revoked": True})

    def _x_auth(self, request: Request) -> _Token | None:
        return self._token(_bearer(request), (X,), "access")

    async def x_me(self, request: Request) -> Response:
        if failed := await self._enter(request, (X,), ("profile",)):
            return failed
        if self._x_auth(request) is None:
            return JSONResponse(_error_for(X, 401)[1], 401)
        data = dict(X_USER)
        if "profile_image_url" in request.query_params.get("user.fields", ""):
            data["profile_image_url"] = "https://pbs.twimg.com/profile_images/1/ezre_normal.png"
        return JSONResponse({"data": data}, headers=_x_rate_headers())

    async def x_media_upload(self, request: Request) -> Response:
        if failed := await self._enter(request, (X,), ("media",)):
            return failed
        if self._x_auth(request) is None:
            return JSONResponse(_error_for(X, 401)[1], 401)
        form, upload = await _multipart(request, "media")
        if upload is None or form.get("media_category") != "tweet_image":
            return JSONResponse(
                {
                    "errors": [{"message": "media and media_category are required"}],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": "https://api.twitter.com/2/problems/invalid-request",
                },
                400,
            )
        data, mime = upload
        media_id = self._id() + "0000000"
        with self._lock:
            self._x_media[media_id] = Media(media_id, mime, len(data))
        return JSONResponse(
            {
                "data": {
                    "id": media_id,
                    "media_key": f"3_{media_id}",
                    "size": len(data),
                    "expires_after_secs": 86400,
                    "image": {"image_type": mime, "w": 32, "h": 32},
                }
            }
        )

    async def x_media_metadata(self, request: Request) -> Response:
        if failed := await self._enter(request, (X,), ("media_metadata",)):
            return failed
        if self._x_auth(request) is None:
            return JSONResponse(_error_for(X, 401)[1], 401)
        body = await request.json()
        media = self._x_media.get(str(body.get("id")))
        if media is None:
            return JSONResponse(
                {
                    "title": "Not Found",
                    "detail": "Media not found",
                    "type": "about:blank",
                    "status": 404,
                },
                404,
            )
        media.alt_text = str(((body.get("metadata") or {}).get("alt_text") or {}).get("text") or "")
        return JSONResponse({"data": {"id": media.id, "associated_metadata": True}})

    async def x_tweet(self, request: Request) -> Response:
        if failed := await self._enter(request, (X,), ("publish",)):
            return failed
        token = self._x_auth(request)
        if token is None:
            return JSONResponse(_error_for(X, 401)[1], 401)
        body = await request.json()
        text = str(body.get("text") or "")
        ids = [str(i) for i in ((body.get("media") or {}).get("media_ids") or [])]
        unknown = [i for i in ids if i not in self._x_media]
        if unknown or (not text and not ids):
            return JSONResponse(
                {
                    "errors": [{"message": f"Your media IDs are invalid: {unknown}"}],
                    "title": "Invalid Request",
                    "detail": "One or more parameters to your request was invalid.",
                    "type": "https://api.twitter.com/2/problems/invalid-request",
                },
                400,
            )
        if any(p.text == text and p.text for p in self.posts(X)):
            return JSONResponse(_rejection(X, None)[1], 403)
        post_id = self._id() + "0000000000"
        self._record(
            Post(
                X,
                post_id,
                text,
                f"https://x.com/{X_USER['username']}/status/{post_id}",
                _bearer(request) or "",
                token.account,
                [self._x_media[i] for i in ids],
                body=body,
            )
        )
        return JSONResponse(
            {"data": {"id": post_id, "text": text, "edit_history_tweet_ids": [post_id]}},
            201,
            headers=_x_rate_headers(),
        )

    async def x_get_tweet(self, request: Request) -> Response:
        if failed := await self._enter(request, (X,), ("metrics",)):
            return failed
        if self._x_auth(request) is None:
            return JSONResponse(_error_for(X, 401)[1], 401)
        post = next((p for p in self.posts(X) if p.id == request.path_params["id"]), None)
        if post is None:
            return JSONResponse(
                {
                    "errors": [
                        {
                            "value": request.path_params["id"],
                            "detail": "Could not find tweet.",
                            "title": "Not Found Error",
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                        }
                    ]
                }
            )
        data: dict[str, Any] = {"id": post.id, "text": post.text}
        if "public_metrics" in request.query_params.get("tweet.fields", ""):
            data["public_metrics"] = {
                "retweet_count": 2,
                "reply_count": 3,
                "like_count": 5,
                "quote_count": 1,
                "bookmark_count": 0,
                "impression_count": 120,
            }
        return JSONResponse({"data": data})

    # LinkedIn

    async def li_authorize(self, request: Request) -> Response:
        return await self._enter(request, (LINKEDIN,), ("authorize",)) or self._authorize(
            request, LINKEDIN, LINKEDIN_CLIENT_ID, pkce=False
        )

    async def li_token(self, request: Request) -> Response:
        form = await request.form()
        grant = form.get("grant_type")
        names = ("token", "refresh") if grant == "refresh_token" else ("token",)
        if failed := await self._enter(request, (LINKEDIN,), names):
            return failed
        if (
            form.get("client_id") != LINKEDIN_CLIENT_ID
            or form.get("client_secret") != LINKEDIN_CLIENT_SECRET
        ):
            return JSONResponse(
                {"error": "invalid_client", "error_description": "Client authentication failed"},
                401,
            )
        if grant == "authorization_code":
            code = self._redeem(LINKEDIN, _s(form, "code"), _s(form, "redirect_uri"), None)
            if code is None:
                return JSONResponse(
                    {
                        "error": "invalid_request",
                        "error_description": (
                            "Unable to retrieve access token: appid/redirect uri/code "
                            "verifier does not match authorization code. Or "
                            "authorization code expired. Or external member binding "
                            "exists"
                        ),
                    },
                    400,
                )
        elif grant == "refresh_token":
            old = self._token(_s(form, "refresh_token"), (LINKEDIN,), "refresh")
            if old is None:
                return JSONResponse(
                    {
                        "error": "invalid_request",
                        "error_description": "The provided refresh token is invalid",
                    },
                    400,
                )
        else:
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        access, refresh = self._issue(
            LINKEDIN, LINKEDIN_SUB, LINKEDIN_CLIENT_ID, refresh=grant != "refresh_token"
        )
        body: dict[str, Any] = {
            "access_token": access,
            "expires_in": 5183999,
            "scope": "openid,profile,w_member_social",
            "token_type": "Bearer",
        }
        # LinkedIn answers a refresh with the refresh token it already issued.
        refresh = refresh or _s(form, "refresh_token")
        if LINKEDIN not in self._omit_refresh:
            body |= {"refresh_token": refresh, "refresh_token_expires_in": 31536059}
        return JSONResponse(body)

    async def li_revoke(self, request: Request) -> Response:
        if failed := await self._enter(request, (LINKEDIN,), ("revoke",)):
            return failed
        form = await request.form()
        if (
            form.get("client_id") != LINKEDIN_CLIENT_ID
            or form.get("client_secret") != LINKEDIN_CLIENT_SECRET
        ):
            return JSONResponse({"error": "invalid_client"}, 401)
        self.expire(_s(form, "token"))
        return Response(status_code=200)

    def _li_auth(self, request: Request) -> _Token | None:
        return self._token(_bearer(request), (LINKEDIN,), "access")

    def _li_rest_problem(self, request: Request) -> Response | None:
        if not request.headers.get("linkedin-version", "").isdigit():
            return JSONResponse(
                {
                    "status": 426,
                    "code": "NONEXISTENT_VERSION",
                    "message": "Requested version  is not active",
                },
                426,
            )
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return JSONResponse({"status": 400, "message": "Restli protocol 2.0.0 required"}, 400)
        return None

    async def li_userinfo(self, request: Request) -> Response:
        if failed := await self._enter(request, (LINKEDIN,), ("profile",)):
            return failed
        if self._li_auth(request) is None:
            return JSONResponse(_error_for(LINKEDIN, 401)[1], 401)
        return JSONResponse(
            {
                "sub": LINKEDIN_SUB,
                "email_verified": True,
                "name": "Ada Ezre",
                "locale": {"country": "US", "language": "en"},
                "given_name": "Ada",
                "family_name": "Ezre",
                "picture": "https://media.licdn.com/dms/image/ezre/profile.jpg",
            }
        )

    async def li_images(self, request: Request) -> Response:
        if failed := await self._enter(request, (LINKEDIN,), ("media",)):
            return failed
        if self._li_auth(request) is None:
            return JSONResponse(_error_for(LINKEDIN, 401)[1], 401)
        if problem := self._li_rest_problem(request):
            return problem
        body = await request.json()
        owner = ((body.get("initializeUploadRequest") or {}).get("owner")) or ""
        if (
            request.query_params.get("action") != "initializeUpload"
            or owner != f"urn:li:person:{LINKEDIN_SUB}"
        ):
            return JSONResponse(
                {"status": 403, "message": "Not enough permissions to upload for owner"}, 403
            )
        upload_id = self._id()
        urn = f"urn:li:image:D4E10AQ{upload_id}"
        with self._lock:
            self._linkedin_images[upload_id] = {"urn": urn, "data": None, "type": ""}
        return JSONResponse(
            {
                "value": {
                    "uploadUrlExpiresAt": int(time.time() * 1000) + 86_400_000,
                    "uploadUrl": f"{self.url}/linkedin-uploads/{upload_id}",
                    "image": urn,
                }
            }
        )

    async def li_upload(self, request: Request) -> Response:
        if failed := await self._enter(request, (LINKEDIN,), ("media_upload",)):
            return failed
        if self._li_auth(request) is None:
            return Response(status_code=401)
        image = self._linkedin_images.get(request.path_params["id"])
        if image is None:
            return Response(status_code=404)
        image["data"] = await request.body()
        image["type"] = request.headers.get("content-type", "")
        return Response(status_code=201)

    async def li_post(self, request: Request) -> Response:
        if failed := await self._enter(request, (LINKEDIN,), ("publish",)):
            return failed
        token = self._li_auth(request)
        if token is None:
            return JSONResponse(_error_for(LINKEDIN, 401)[1], 401)
        if problem := self._li_rest_problem(request):
            return problem
        body = await request.json()
        if body.get("author") != f"urn:li:person:{token.account}":
            return JSONResponse(
                {
                    "status": 403,
                    "serviceErrorCode": 100,
                    "code": "ACCESS_DENIED",
                    "message": (
                        "Not enough permissions to access: partnerApiPostsExternal.CREATE.20261001"
                    ),
                },
                403,
            )
        content = body.get("content") or {}
        entries = (
            [content["media"]]
            if "media" in content
            else (content.get("multiImage") or {}).get("images", [])
        )
        by_urn = {i["urn"]: i for i in self._linkedin_images.values()}
        media: list[Media] = []
        for entry in entries:
            image = by_urn.get(entry.get("id"))
            if image is None or image["data"] is None:
                return JSONResponse(
                    {
                        "status": 422,
                        "message": (
                            f"ERROR :: /content/media/id :: {entry.get('id')} is not uploaded"
                        ),
                    },
                    422,
                )
            media.append(
                Media(image["urn"], image["type"], len(image["data"]), entry.get("altText", ""))
            )
        urn = f"urn:li:share:{self._id()}"
        self._record(
            Post(
                LINKEDIN,
                urn,
                str(body.get("commentary") or ""),
                f"https://www.linkedin.com/feed/update/{urn}/",
                _bearer(request) or "",
                token.account,
                media,
                body=body,
            )
        )
        return Response(status_code=201, headers={"x-restli-id": urn, "x-linkedin-id": urn})

    # Facebook and Instagram (Graph)

    async def meta_authorize(self, request: Request) -> Response:
        return await self._enter(request, META, ("authorize",)) or self._authorize(
            request, FACEBOOK, META_APP_ID, pkce=False
        )

    def _graph_proof_problem(self, params: dict[str, str]) -> Response | None:
        token = params.get("access_token", "")
        proof = hmac.new(META_APP_SECRET.encode(), token.encode(), hashlib.sha256).hexdigest()
        if not params.get("appsecret_proof"):
            return _graph_error(
                400, "API calls from the server require an appsecret_proof argument", 100
            )
        if not hmac.compare_digest(params["appsecret_proof"], proof):
            return _graph_error(400, "Invalid appsecret_proof provided in the API argument", 100)
        return None

    def _graph_token(self, params: dict[str, str], kind: str) -> _Token | Response:
        if problem := self._graph_proof_problem(params):
            return problem
        info = self._token(params.get("access_token"), META, kind)
        if info is None:
            return _graph_error(
                400, "Error validating access token: The session has been invalidated.", 190, 460
            )
        return info

    async def meta_token(self, request: Request) -> Response:
        if failed := await self._enter(request, META, ("token",)):
            return failed
        q = request.query_params
        if q.get("client_id") != META_APP_ID or q.get("client_secret") != META_APP_SECRET:
            return _graph_error(400, "Error validating client secret.", 1)
        if q.get("grant_type") == "fb_exchange_token":
            short = self._token(q.get("fb_exchange_token"), META, "user")
            if short is None:
                return _graph_error(400, "Invalid OAuth access token.", 190)
            token = self._new_token(_Token(FACEBOOK, "user", FB_USER_ID, META_APP_ID), "meta")
            return JSONResponse(
                {"access_token": token, "token_type": "bearer", "expires_in": 5183944}
            )
        code = self._redeem(FACEBOOK, q.get("code", ""), q.get("redirect_uri", ""), None)
        if code is None:
            return _graph_error(400, "Invalid verification code format.", 100, 36007)
        token = self._new_token(_Token(FACEBOOK, "user", FB_USER_ID, META_APP_ID), "meta")
        return JSONResponse({"access_token": token, "token_type": "bearer", "expires_in": 5183})

    async def meta_accounts(self, request: Request) -> Response:
        if failed := await self._enter(request, META, ("accounts",)):
            return failed
        params = dict(request.query_params)
        info = self._graph_token(params, "user")
        if isinstance(info, Response):
            return info
        page: dict[str, Any] = {
            "id": FB_PAGE["id"],
            "name": FB_PAGE["name"],
            "access_token": self._page_token(),
            "category": "Coffee Shop",
            "tasks": ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"],
        }
        if "instagram_business_account" in params.get("fields", ""):
            page["instagram_business_account"] = {"id": IG_ACCOUNT["id"]}
        return JSONResponse(
            {"data": [page], "paging": {"cursors": {"before": "QVFI", "after": "QVFI"}}}
        )

    async def meta_revoke(self, request: Request) -> Response:
        if failed := await self._enter(request, META, ("revoke",)):
            return failed
        info = self._graph_token(dict(request.query_params), "user")
        if isinstance(info, Response):
            return info
        self.expire(request.query_params["access_token"])
        return JSONResponse({"success": True})

    async def graph_get(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        params = dict(request.query_params)
        fields = params.get("fields", "")
        if path == "me":
            platform = INSTAGRAM if "instagram_business_account" in fields else FACEBOOK
            if failed := await self._enter(request, (platform,), ("profile",)):
                return failed
            info = self._graph_token(params, "page")
            if isinstance(info, Response):
                return info
            body: dict[str, Any] = {"id": FB_PAGE["id"]}
            if platform == INSTAGRAM:
                body["instagram_business_account"] = {
                    **IG_ACCOUNT,
                    "profile_picture_url": "https://scontent.cdninstagram.com/ezre.jpg",
                }
            else:
                body["name"] = FB_PAGE["name"]
                if "picture" in fields:
                    body["picture"] = {
                        "data": {
                            "height": 50,
                            "is_silhouette": False,
                            "url": "https://scontent.xx.fbcdn.net/ezre.png",
                            "width": 50,
                        }
                    }
            return JSONResponse(body)
        if path == f"{IG_ACCOUNT['id']}/content_publishing_limit":
            if failed := await self._enter(request, (INSTAGRAM,), ("limit",)):
                return failed
            info = self._graph_token(params, "page")
            if isinstance(info, Response):
                return info
            used = len(self.posts(INSTAGRAM))
            return JSONResponse(
                {
                    "data": [
                        {
                            "quota_usage": used,
                            "config": {"quota_total": 100, "quota_duration": 86400},
                        }
                    ]
                }
            )
        obj = self._objects.get(path)
        if obj is None or obj["platform"] not in META:
            await self._enter(request, (FACEBOOK,), ("object",))
            return _graph_error(
                400,
                (
                    f"Unsupported get request. Object with ID '{path}' does not "
                    f"exist, cannot be loaded due to missing permissions, or does "
                    f"not support this operation."
                ),
                100,
                33,
            )
        platform = obj["platform"]
        if obj["type"] == "container":
            name = "status"
        elif "reactions" in fields or "like_count" in fields:
            name = "metrics"
        else:
            name = "permalink"
        if failed := await self._enter(request, (platform,), (name,)):
            return failed
        info = self._graph_token(params, "page")
        if isinstance(info, Response):
            return info
        return JSONResponse(self._graph_object(obj, fields))

    def _graph_object(self, obj: dict[str, Any], fields: str) -> dict[str, Any]:
        body: dict[str, Any] = {"id": obj["id"]}
        if obj["type"] == "container":
            obj["polls"] = obj.get("polls", 0) + 1
            if obj["error"]:
                body.update(status_code="ERROR", status=obj["error"])
            elif obj["polls"] <= self.processing_polls:
                body.update(status_code="IN_PROGRESS", status="In Progress")
            else:
                body.update(status_code="FINISHED", status="Finished")
            return body
        for name in fields.split(","):
            name = name.split(".")[0]
            if name in ("permalink_url", "permalink"):
                body[name] = obj["url"]
            elif name == "reactions":
                body[name] = {"data": [], "summary": {"total_count": 7, "viewer_reaction": "NONE"}}
            elif name == "comments":
                body[name] = {
                    "data": [],
                    "summary": {"order": "ranked", "total_count": 2, "can_comment": True},
                }
            elif name == "shares":
                body[name] = {"count": 1}
            elif name == "like_count":
                body[name] = 11
            elif name == "comments_count":
                body[name] = 4
        return body

    async def graph_post(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        form = await request.form()
        params = {k: _s(form, k) for k in form}
        owner, _, edge = path.partition("/")
        if owner == FB_PAGE["id"] and edge in ("feed", "photos", "videos"):
            publishes = edge != "photos" or params.get("published", "true") != "false"
            names = (edge, "publish") if publishes else (edge, "media")
            if failed := await self._enter(request, (FACEBOOK,), names):
                return failed
            info = self._graph_token(params, "page")
            if isinstance(info, Response):
                return info
            return await self._facebook_edge(edge, params, form, publishes)
        if owner == IG_ACCOUNT["id"] and edge in ("media", "media_publish"):
            name = "container" if edge == "media" else "publish"
            if failed := await self._enter(request, (INSTAGRAM,), (name,)):
                return failed
            info = self._graph_token(params, "page")
            if isinstance(info, Response):
                return info
            if edge == "media":
                return await self._container(INSTAGRAM, params, 2200, "caption")
            return self._publish_container(INSTAGRAM, params, request)
        await self._enter(request, (FACEBOOK,), ("object",))
        return _graph_error(
            400, f"Unsupported post request. Object with ID '{owner}' does not exist", 100, 33
        )

    async def _facebook_edge(
        self, edge: str, params: dict[str, str], form: FormData, publishes: bool
    ) -> Response:
        page = FB_PAGE["id"]
        token = params["access_token"]
        if edge == "videos":
            if not params.get("file_url") or await self._fetch(params["file_url"]) is None:
                return _graph_error(
                    400, "(#351) Sorry, there was a problem with your video file", 351
                )
            video_id = self._id()
            url = f"/{page}/videos/{video_id}/"  # Graph gives video permalinks as a path
            self._objects[video_id] = {
                "id": video_id,
                "platform": FACEBOOK,
                "type": "video",
                "url": url,
            }
            media = [Media(video_id, "video/mp4", 0, source_url=params["file_url"])]
            self._record(
                Post(
                    FACEBOOK,
                    video_id,
                    params.get("description", ""),
                    "https://www.facebook.com" + url,
                    token,
                    page,
                    media,
                    body=params,
                )
            )
            return JSONResponse({"id": video_id})
        if edge == "photos":
            fetched = await self._fetch(params.get("url", "")) if params.get("url") else None
            if fetched is None:
                return _graph_error(400, "(#324) Missing or invalid image file", 324)
            photo_id = self._id()
            self._objects[photo_id] = {
                "id": photo_id,
                "platform": FACEBOOK,
                "type": "photo",
                "url": f"https://www.facebook.com/photo.php?fbid={photo_id}",
                "media": Media(photo_id, fetched[1], len(fetched[0]), source_url=params["url"]),
                "attached": False,
            }
            if not publishes:
                return JSONResponse({"id": photo_id})
            post_id = f"{page}_{self._id()}"
            self._graph_post(
                post_id,
                params.get("caption", ""),
                token,
                [self._objects[photo_id]["media"]],
                params,
            )
            return JSONResponse({"id": photo_id, "post_id": post_id})
        # feed
        message = params.get("message", "")
        media: list[Media] = []
        for key in sorted(k for k in form if k.startswith("attached_media[")):
            try:
                fbid = str(json.loads(_s(form, key)).get("media_fbid"))
            except (ValueError, AttributeError):
                return _graph_error(
                    400, "(#100) param attached_media must be an array of objects", 100
                )
            photo = self._objects.get(fbid)
            if photo is None or photo["type"] != "photo":
                return _graph_error(400, f"(#100) Invalid media_fbid {fbid}", 100)
            media.append(photo["media"])
        if not message and not media:
            return _graph_error(400, "(#100) The parameter message is required", 100)
        post_id = f"{page}_{self._id()}"
        self._graph_post(post_id, message, token, media, params)
        return JSONResponse({"id": post_id})

    def _graph_post(
        self, post_id: str, text: str, token: str, media: list[Media], params: dict[str, str]
    ) -> None:
        url = f"https://www.facebook.com/{FB_PAGE['id']}/posts/{post_id.split('_')[-1]}"
        self._objects[post_id] = {"id": post_id, "platform": FACEBOOK, "type": "post", "url": url}
        self._record(Post(FACEBOOK, post_id, text, url, token, FB_PAGE["id"], media, body=params))

    async def _container(
        self, platform: str, params: dict[str, str], limit: int, text_field: str
    ) -> Response:
        """A media container (Instagram and Threads): Meta fetches the media itself."""
        kind = params.get("media_type", "IMAGE" if "image_url" in params else "")
        text = params.get(text_field, "")
        if len(text) > limit:
            return _graph_error(
                400, f"Param {text_field} must be at most {limit} characters long.", 100
            )
        error = ""
        media: list[Media] = []
        if kind == "CAROUSEL":
            for child in params.get("children", "").split(","):
                found = self._objects.get(child)
                if found is None or not found.get("carousel_item"):
                    return _graph_error(400, f"(#100) Invalid children id {child}", 100)
                media.extend(found["media"])
        elif kind == "TEXT" and platform == THREADS:
            if not text:
                return _graph_error(400, "Param text is required for TEXT posts", 100)
        else:
            url = params.get("video_url") or params.get("image_url")
            if not url:
                return _graph_error(400, "(#100) The parameter image_url is required.", 100)
            fetched = await self._fetch(url)
            if fetched is None:
                error = (
                    "Error: Media download has failed. The media URI doesn't meet our requirements."
                )
            else:
                media.append(Media(self._id(), fetched[1], len(fetched[0]), source_url=url))
        container = self._id()
        self._objects[container] = {
            "id": container,
            "platform": platform,
            "type": "container",
            "text": text,
            "media": media,
            "error": error,
            "carousel_item": params.get("is_carousel_item") == "true",
            "published": False,
            "params": params,
        }
        return JSONResponse({"id": container})

    def _publish_container(
        self, platform: str, params: dict[str, str], request: Request
    ) -> Response:
        container = self._objects.get(params.get("creation_id", ""))
        if (
            container is None
            or container["type"] != "container"
            or container["platform"] != platform
        ):
            return _graph_error(400, "Media ID is not available", 9007, 2207027)
        ready = not self.processing_polls or container.get("polls", 0) > self.processing_polls
        if container["error"] or not ready:
            return _graph_error(
                400,
                "Media ID is not available",
                9007,
                2207027,
                user_msg="The media is not ready for publishing, please wait for a moment",
            )
        if container["published"]:
            return _graph_error(400, "Media ID is not available", 9007, 2207027)
        container["published"] = True
        media_id = self._id()
        if platform == INSTAGRAM:
            url = f"https://www.instagram.com/p/C{media_id}x/"
            account = IG_ACCOUNT["id"]
        else:
            url = f"https://www.threads.net/@{THREADS_USER['username']}/post/D{media_id}y"
            account = THREADS_USER["id"]
        self._objects[media_id] = {"id": media_id, "platform": platform, "type": "post", "url": url}
        self._record(
            Post(
                platform,
                media_id,
                container["text"],
                url,
                params.get("access_token", ""),
                account,
                container["media"],
                body=container["params"],
            )
        )
        return JSONResponse({"id": media_id})

    # Threads

    async def oauth_authorize(self, request: Request) -> Response:
        client_id = request.query_params.get("client_id", "")
        if client_id in self._mastodon_apps:
            app = self._mastodon_apps[client_id]
            if failed := await self._enter(request, (MASTODON,), ("authorize",)):
                return failed
            if request.query_params.get("redirect_uri") not in app["redirect_uris"]:
                return JSONResponse(
                    {
                        "error": "invalid_redirect_uri",
                        "error_description": "The redirect uri included is not valid.",
                    },
                    400,
                )
            if set(request.query_params.get("scope", "").split()) - set(app["scopes"]):
                return JSONResponse({"error": "invalid_scope"}, 400)
            return self._authorize(request, MASTODON, client_id, pkce=True)
        return await self._enter(request, (THREADS,), ("authorize",)) or self._authorize(
            request, THREADS, THREADS_APP_ID, pkce=False
        )

    async def threads_token(self, request: Request) -> Response:
        if failed := await self._enter(request, (THREADS,), ("token",)):
            return failed
        form = await request.form()
        if (
            form.get("client_id") != THREADS_APP_ID
            or form.get("client_secret") != THREADS_APP_SECRET
        ):
            return _graph_error(
                400,
                "Error validating application. Invalid application ID.",
                101,
                type_="OAuthException",
            )
        code = self._redeem(THREADS, _s(form, "code"), _s(form, "redirect_uri"), None)
        if code is None or form.get("grant_type") != "authorization_code":
            return _graph_error(400, "Invalid code", 100, 4279008, type_="OAuthException")
        token = self._new_token(_Token(THREADS, "short", THREADS_USER["id"], THREADS_APP_ID))
        return JSONResponse({"access_token": token, "user_id": int(THREADS_USER["id"])})

    async def threads_exchange(self, request: Request) -> Response:
        if failed := await self._enter(request, (THREADS,), ("token",)):
            return failed
        q = request.query_params
        short = self._token(q.get("access_token"), (THREADS,), "short")
        if (
            q.get("grant_type") != "th_exchange_token"
            or q.get("client_secret") != THREADS_APP_SECRET
            or short is None
        ):
            return _graph_error(400, "Invalid OAuth access token - Cannot parse access token", 190)
        token = self._new_token(_Token(THREADS, "access", THREADS_USER["id"], THREADS_APP_ID))
        return JSONResponse({"access_token": token, "token_type": "bearer", "expires_in": 5183944})

    async def threads_refresh(self, request: Request) -> Response:
        if failed := await self._enter(request, (THREADS,), ("refresh", "token")):
            return failed
        q = request.query_params
        old = self._token(q.get("access_token"), (THREADS,), "access")
        if q.get("grant_type") != "th_refresh_token" or old is None:
            return _graph_error(
                400, "Error validating access token: Session has expired.", 190, 463
            )
        token = self._new_token(_Token(THREADS, "access", THREADS_USER["id"], THREADS_APP_ID))
        return JSONResponse({"access_token": token, "token_type": "bearer", "expires_in": 5183944})

    def _threads_auth(self, params: dict[str, str]) -> _Token | Response:
        info = self._token(params.get("access_token"), (THREADS,), "access") or self._token(
            params.get("access_token"), (THREADS,), "short"
        )
        if info is None:
            return _graph_error(
                400, "Error validating access token: Session has expired.", 190, 463
            )
        return info

    async def threads_get(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        params = dict(request.query_params)
        user = THREADS_USER["id"]
        if path == "me":
            name = "profile"
        elif path == f"{user}/threads_publishing_limit":
            name = "limit"
        elif path.endswith("/insights"):
            name = "metrics"
        else:
            obj = self._objects.get(path)
            name = "status" if obj and obj["type"] == "container" else "permalink"
        if failed := await self._enter(request, (THREADS,), (name,)):
            return failed
        info = self._threads_auth(params)
        if isinstance(info, Response):
            return info
        fields = params.get("fields", "")
        if name == "profile":
            body: dict[str, Any] = {"id": user}
            for f in fields.split(","):
                if f in ("username", "name"):
                    body[f] = THREADS_USER[f]
                elif f == "threads_profile_picture_url":
                    body[f] = "https://scontent.cdninstagram.com/threads/ezre.jpg"
            return JSONResponse(body)
        if name == "limit":
            return JSONResponse(
                {
                    "data": [
                        {
                            "quota_usage": len(self.posts(THREADS)),
                            "config": {"quota_total": 250, "quota_duration": 86400},
                        }
                    ]
                }
            )
        if name == "metrics":
            post_id = path.removesuffix("/insights")
            if post_id not in self._objects:
                return _graph_error(400, "Object does not exist", 100, 33)
            values = {"views": 40, "likes": 6, "replies": 2, "reposts": 1, "quotes": 0}
            wanted = params.get("metric", "").split(",")
            return JSONResponse(
                {
                    "data": [
                        {
                            "name": m,
                            "period": "lifetime",
                            "values": [{"value": values[m]}],
                            "title": m.title(),
                            "id": f"{post_id}/insights/{m}/lifetime",
                        }
                        for m in wanted
                        if m in values
                    ]
                }
            )
        obj = self._objects.get(path)
        if obj is None or obj["platform"] != THREADS:
            return _graph_error(400, "Object does not exist", 100, 33)
        if obj["type"] == "container":
            obj["polls"] = obj.get("polls", 0) + 1
            if obj["error"]:
                return JSONResponse({"id": path, "status": "ERROR", "error_message": obj["error"]})
            status = "IN_PROGRESS" if obj["polls"] <= self.processing_polls else "FINISHED"
            return JSONResponse({"id": path, "status": status})
        return JSONResponse({"id": path, "permalink": obj["url"]})

    async def threads_post(self, request: Request) -> Response:
        path = request.path_params["path"].strip("/")
        form = await request.form()
        params = {k: _s(form, k) for k in form}
        user = THREADS_USER["id"]
        name = {f"{user}/threads": "container", f"{user}/threads_publish": "publish"}.get(
            path, "object"
        )
        if failed := await self._enter(request, (THREADS,), (name,)):
            return failed
        info = self._threads_auth(params)
        if isinstance(info, Response):
            return info
        if name == "container":
            return await self._container(THREADS, params, 500, "text")
        if name == "publish":
            return self._publish_container(THREADS, params, request)
        return _graph_error(400, "Unsupported post request", 100, 33)

    # Bluesky

    def _bluesky_session(self) -> dict[str, Any]:
        now = int(time.time())
        access = jwt.encode(
            {
                "scope": "com.atproto.access",
                "sub": BLUESKY_DID,
                "iat": now,
                "exp": now + 7200,
                "aud": "did:web:127.0.0.1",
            },
            _JWT_KEY,
            algorithm="HS256",
        )
        refresh = jwt.encode(
            {
                "scope": "com.atproto.refresh",
                "sub": BLUESKY_DID,
                "iat": now,
                "exp": now + 90 * 86400,
                "jti": secrets.token_urlsafe(16),
            },
            _JWT_KEY,
            algorithm="HS256",
        )
        with self._lock:
            self._tokens[access] = _Token(BLUESKY, "access", BLUESKY_DID)
            self._tokens[refresh] = _Token(BLUESKY, "refresh", BLUESKY_DID)
        return {
            "accessJwt": access,
            "refreshJwt": refresh,
            "handle": BLUESKY_HANDLE,
            "did": BLUESKY_DID,
            "email": "ezre@example.com",
            "emailConfirmed": True,
            "active": True,
        }

    def _bluesky_auth(self, request: Request, kind: str = "access") -> _Token | Response:
        token = _bearer(request)
        if not token:
            return JSONResponse({"error": "AuthMissing", "message": "Authentication Required"}, 401)
        info = self._token(token, (BLUESKY,), kind)
        if info is None:
            # An unknown or spent JWT answers 400 ExpiredToken/InvalidToken, as the PDS does.
            return JSONResponse({"error": "ExpiredToken", "message": "Token has expired"}, 400)
        return info

    async def xrpc(self, request: Request) -> Response:
        method = request.path_params["method"]
        names = {
            "com.atproto.server.createSession": "session",
            "com.atproto.server.refreshSession": "refresh",
            "com.atproto.server.getSession": "profile",
            "com.atproto.server.deleteSession": "revoke",
            "app.bsky.actor.getProfile": "profile",
            "com.atproto.repo.uploadBlob": "media",
            "com.atproto.repo.createRecord": "publish",
            "app.bsky.feed.getPosts": "metrics",
        }
        name = names.get(method)
        if name is None:
            return JSONResponse(
                {"error": "MethodNotImplemented", "message": "Method Not Implemented"}, 501
            )
        if failed := await self._enter(request, (BLUESKY,), (name,)):
            return failed
        headers = {
            "ratelimit-limit": "3000",
            "ratelimit-remaining": "2999",
            "ratelimit-policy": "3000;w=300",
        }
        if method == "com.atproto.server.createSession":
            body = await request.json()
            if (
                body.get("identifier") not in (BLUESKY_HANDLE, BLUESKY_DID)
                or body.get("password") != BLUESKY_PASSWORD
            ):
                return JSONResponse(
                    {
                        "error": "AuthenticationRequired",
                        "message": "Invalid identifier or password",
                    },
                    401,
                )
            return JSONResponse(self._bluesky_session(), headers=headers)
        if method == "com.atproto.server.refreshSession":
            info = self._bluesky_auth(request, "refresh")
            if isinstance(info, Response):
                return info
            info.active = False  # refresh JWTs rotate
            session = self._bluesky_session()
            if BLUESKY in self._omit_refresh:
                session.pop("refreshJwt")
            return JSONResponse(session)
        if method == "com.atproto.server.deleteSession":
            info = self._bluesky_auth(request, "refresh")
            if isinstance(info, Response):
                return info
            info.active = False
            return Response(status_code=200)
        info = self._bluesky_auth(request)
        if isinstance(info, Response):
            return info
        if method == "com.atproto.server.getSession":
            return JSONResponse(
                {
                    "handle": BLUESKY_HANDLE,
                    "did": BLUESKY_DID,
                    "email": "ezre@example.com",
                    "active": True,
                }
            )
        if method == "app.bsky.actor.getProfile":
            if request.query_params.get("actor") not in (BLUESKY_DID, BLUESKY_HANDLE):
                return JSONResponse(
                    {"error": "InvalidRequest", "message": "Profile not found"}, 400
                )
            return JSONResponse(
                {
                    "did": BLUESKY_DID,
                    "handle": BLUESKY_HANDLE,
                    "displayName": "Ezre on Bluesky",
                    "avatar": "https://cdn.bsky.app/img/avatar/plain/ezre@jpeg",
                    "followersCount": 10,
                    "followsCount": 3,
                    "postsCount": len(self.posts(BLUESKY)),
                }
            )
        if method == "com.atproto.repo.uploadBlob":
            data = await request.body()
            mime = request.headers.get("content-type", "")
            if len(data) > 1_000_000:
                return JSONResponse(
                    {
                        "error": "BlobTooLarge",
                        "message": (
                            "This file is too large. It is 1.2MB but the maximum size is 976.56KB."
                        ),
                    },
                    400,
                )
            cid = "bafkrei" + hashlib.sha256(data).hexdigest()[:52]
            with self._lock:
                self._blobs[cid] = Media(cid, mime, len(data))
            return JSONResponse(
                {
                    "blob": {
                        "$type": "blob",
                        "ref": {"$link": cid},
                        "mimeType": mime,
                        "size": len(data),
                    }
                }
            )
        if method == "com.atproto.repo.createRecord":
            return self._bluesky_create(await request.json(), request)
        # app.bsky.feed.getPosts
        uris = request.query_params.getlist("uris")
        posts = [p for p in self.posts(BLUESKY) if p.id in uris]
        return JSONResponse(
            {
                "posts": [
                    {
                        "uri": p.id,
                        "cid": "bafyreib" + hashlib.sha256(p.id.encode()).hexdigest()[:50],
                        "author": {"did": BLUESKY_DID, "handle": BLUESKY_HANDLE},
                        "record": p.body.get("record"),
                        "replyCount": 1,
                        "repostCount": 2,
                        "likeCount": 9,
                        "quoteCount": 0,
                        "indexedAt": p.body.get("record", {}).get("createdAt"),
                    }
                    for p in posts
                ]
            }
        )

    def _bluesky_create(self, body: dict[str, Any], request: Request) -> Response:
        def invalid(message: str) -> Response:
            return JSONResponse({"error": "InvalidRequest", "message": message}, 400)

        if body.get("repo") not in (BLUESKY_DID, BLUESKY_HANDLE):
            return invalid("Invalid repo")
        if body.get("collection") != "app.bsky.feed.post":
            return invalid("Invalid collection")
        record = body.get("record") or {}
        text = str(record.get("text") or "")
        if record.get("$type") != "app.bsky.feed.post" or not record.get("createdAt"):
            return invalid(
                "Invalid app.bsky.feed.post record: Record/createdAt must be a valid datetime"
            )
        if len(text.encode()) > 3000 or _graphemes(text) > 300:
            return invalid(
                "Invalid app.bsky.feed.post record: Record/text must not be "
                "longer than 300 graphemes"
            )
        media: list[Media] = []
        embed = record.get("embed")
        if embed:
            images = embed.get("images") or []
            if embed.get("$type") != "app.bsky.embed.images" or not 1 <= len(images) <= 4:
                return invalid(
                    "Invalid app.bsky.feed.post record: Record/embed/images must "
                    "not have more than 4 elements"
                )
            for image in images:
                cid = ((image.get("image") or {}).get("ref") or {}).get("$link")
                blob = self._blobs.get(cid or "")
                if blob is None or "alt" not in image:
                    return invalid(
                        "Invalid app.bsky.feed.post record: "
                        'Record/embed/images/0 must have the property "alt"'
                    )
                media.append(Media(blob.id, blob.mime_type, blob.size, str(image["alt"])))
        rkey = "3l" + secrets.token_hex(6)
        uri = f"at://{BLUESKY_DID}/app.bsky.feed.post/{rkey}"
        self._record(
            Post(
                BLUESKY,
                uri,
                text,
                f"https://bsky.app/profile/{BLUESKY_DID}/post/{rkey}",
                _bearer(request) or "",
                BLUESKY_DID,
                media,
                body=body,
            )
        )
        return JSONResponse(
            {
                "uri": uri,
                "cid": "bafyreib" + hashlib.sha256(uri.encode()).hexdigest()[:50],
                "commit": {
                    "cid": "bafyreic" + secrets.token_hex(20),
                    "rev": "3l" + secrets.token_hex(5),
                },
                "validationStatus": "valid",
            }
        )

    # Mastodon

    def _register_mastodon_app(self, name: str, redirect_uris: str, scopes: str) -> dict[str, Any]:
        app = {
            "id": self._id(),
            "name": name,
            "website": None,
            "scopes": scopes.split(),
            "redirect_uri": redirect_uris,
            "redirect_uris": redirect_uris.split(),
            "client_id": secrets.token_urlsafe(32),
            "client_secret": secrets.token_urlsafe(32),
            "client_secret_expires_at": 0,
            "vapid_key": (
                "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M="
            ),
        }
        with self._lock:
            self._mastodon_apps[app["client_id"]] = app
        return app

    def _masto_auth(self, request: Request) -> _Token | None:
        return self._token(_bearer(request), (MASTODON,), "access")

    async def masto_apps(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("apps",)):
            return failed
        params = await _params(request)
        if not params.get("client_name") or not params.get("redirect_uris"):
            return JSONResponse(
                {
                    "error": (
                        "Validation failed: Application name can't be blank, "
                        "Redirect URI can't be blank"
                    )
                },
                422,
            )
        app = self._register_mastodon_app(
            params["client_name"], params["redirect_uris"], params.get("scopes") or "read"
        )
        app["website"] = params.get("website") or None
        return JSONResponse(app)

    async def masto_token(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("token",)):
            return failed
        params = await _params(request)
        app = self._mastodon_apps.get(params.get("client_id", ""))
        if app is None or params.get("client_secret") != app["client_secret"]:
            return JSONResponse(
                {
                    "error": "invalid_client",
                    "error_description": (
                        "Client authentication failed due to unknown client, no "
                        "client authentication included, or unsupported "
                        "authentication method."
                    ),
                },
                401,
            )
        if params.get("grant_type") != "authorization_code":
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        code = self._redeem(
            MASTODON,
            params.get("code", ""),
            params.get("redirect_uri", ""),
            params.get("code_verifier"),
        )
        if code is None or code.client_id != app["client_id"]:
            return JSONResponse(
                {
                    "error": "invalid_grant",
                    "error_description": (
                        "The provided authorization grant is invalid, expired, "
                        "revoked, does not match the redirection URI used in the "
                        "authorization request, or was issued to another client."
                    ),
                },
                400,
            )
        token = self._new_token(
            _Token(MASTODON, "access", MASTODON_ACCOUNT["id"], app["client_id"], code.scope)
        )
        return JSONResponse(
            {
                "access_token": token,
                "token_type": "Bearer",
                "scope": code.scope,
                "created_at": int(time.time()),
            }
        )

    async def masto_revoke(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("revoke",)):
            return failed
        params = await _params(request)
        app = self._mastodon_apps.get(params.get("client_id", ""))
        if app is None or params.get("client_secret") != app["client_secret"]:
            return JSONResponse(
                {
                    "error": "unauthorized_client",
                    "error_description": "You are not authorized to revoke this token",
                },
                403,
            )
        self.expire(params.get("token", ""))
        return JSONResponse({})

    async def masto_me(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("profile",)):
            return failed
        if self._masto_auth(request) is None:
            return JSONResponse(_error_for(MASTODON, 401)[1], 401, headers=_masto_rate_headers())
        account = MASTODON_ACCOUNT
        return JSONResponse(
            {
                **account,
                "acct": account["username"],
                "locked": False,
                "bot": False,
                "url": f"{self.url}/@{account['username']}",
                "avatar": f"{self.url}/system/accounts/avatars/ezre.png",
                "avatar_static": f"{self.url}/system/accounts/avatars/ezre.png",
                "followers_count": 12,
                "following_count": 4,
                "statuses_count": len(self.posts(MASTODON)),
                "source": {"privacy": "public", "sensitive": False, "language": "en", "note": ""},
            },
            headers=_masto_rate_headers(),
        )

    async def masto_instance(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("instance",)):
            return failed
        return JSONResponse(
            {
                "domain": "127.0.0.1",
                "title": "Local Mastodon",
                "version": "4.5.0",
                "source_url": "https://github.com/mastodon/mastodon",
                "configuration": {
                    "urls": {"streaming": "wss://127.0.0.1"},
                    "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
                    "statuses": {
                        "max_characters": MASTODON_MAX_CHARACTERS,
                        "max_media_attachments": 4,
                        "characters_reserved_per_url": 23,
                    },
                    "media_attachments": {
                        "supported_mime_types": [
                            "image/jpeg",
                            "image/png",
                            "image/gif",
                            "image/webp",
                            "video/mp4",
                        ],
                        "description_limit": 1500,
                        "image_size_limit": 16777216,
                        "image_matrix_limit": 33177600,
                        "video_size_limit": 103809024,
                        "video_frame_rate_limit": 120,
                        "video_matrix_limit": 8294400,
                    },
                    "polls": {"max_options": 4, "max_characters_per_option": 50},
                },
                "registrations": {"enabled": False, "approval_required": False, "message": None},
            }
        )

    async def masto_media(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("media",)):
            return failed
        if self._masto_auth(request) is None:
            return JSONResponse(_error_for(MASTODON, 401)[1], 401)
        form, upload = await _multipart(request, "file")
        if upload is None:
            return JSONResponse({"error": "Validation failed: File can't be blank"}, 422)
        data, mime = upload
        media_id = self._id() + "00000"
        video = mime.startswith("video/")
        attachment = {
            "id": media_id,
            "type": "video" if video else "image",
            "url": None if video else f"{self.url}/system/media/{media_id}.png",
            "preview_url": f"{self.url}/system/media/{media_id}_small.png",
            "remote_url": None,
            "description": _s(form, "description") or None,
            "blurhash": "UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}",
            "meta": {},
            "_mime": mime,
            "_size": len(data),
            "_polls": 0,
        }
        with self._lock:
            self._mastodon_media[media_id] = attachment
        # Images are processed at once (200); video asynchronously (202, url null).
        return JSONResponse(_public(attachment), 202 if video else 200)

    async def masto_media_status(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("media_status",)):
            return failed
        if self._masto_auth(request) is None:
            return JSONResponse(_error_for(MASTODON, 401)[1], 401)
        attachment = self._mastodon_media.get(request.path_params["id"])
        if attachment is None:
            return JSONResponse({"error": "Record not found"}, 404)
        if attachment["url"] is None:
            attachment["_polls"] += 1
            if attachment["_polls"] <= self.processing_polls:
                return JSONResponse(_public(attachment), 206)  # Mastodon: still processing
            attachment["url"] = f"{self.url}/system/media/{attachment['id']}.mp4"
        return JSONResponse(_public(attachment))

    async def masto_status(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("publish",)):
            return failed
        token = self._masto_auth(request)
        if token is None:
            return JSONResponse(_error_for(MASTODON, 401)[1], 401, headers=_masto_rate_headers())
        key = request.headers.get("idempotency-key", "")
        if key:
            with self._lock:
                earlier = self._idempotency.get((token.account, key))
            if earlier is not None:
                return JSONResponse(self._status_json(earlier), headers=_masto_rate_headers())
        params, lists = await _params_with_lists(request)
        text = params.get("status", "")
        ids = lists.get("media_ids", [])
        if not text and not ids:
            return JSONResponse({"error": "Validation failed: Text can't be blank"}, 422)
        if len(text) > MASTODON_MAX_CHARACTERS:
            return JSONResponse(
                {
                    "error": (
                        f"Validation failed: Text character limit of "
                        f"{MASTODON_MAX_CHARACTERS} exceeded"
                    )
                },
                422,
            )
        media: list[Media] = []
        for media_id in ids:
            attachment = self._mastodon_media.get(media_id)
            if attachment is None:
                return JSONResponse(
                    {"error": "Validation failed: Media attachments is invalid"}, 422
                )
            if attachment["url"] is None:
                return JSONResponse(
                    {
                        "error": (
                            "Cannot attach files that have not finished processing. Try "
                            "again in a moment!"
                        )
                    },
                    422,
                )
            media.append(
                Media(
                    media_id,
                    attachment["_mime"],
                    attachment["_size"],
                    attachment["description"] or "",
                )
            )
        status_id = self._id() + "000000"
        post = Post(
            MASTODON,
            status_id,
            text,
            f"{self.url}/@{MASTODON_ACCOUNT['username']}/{status_id}",
            _bearer(request) or "",
            token.account,
            media,
            idempotency_key=key,
            body={**params, "media_ids": ids},
        )
        with self._lock:
            if key:
                self._idempotency[(token.account, key)] = post
        self._record(post)
        return JSONResponse(self._status_json(post), headers=_masto_rate_headers())

    def _status_json(self, post: Post) -> dict[str, Any]:
        return {
            "id": post.id,
            "created_at": "2026-11-02T10:00:00.000Z",
            "uri": f"{self.url}/users/{MASTODON_ACCOUNT['username']}/statuses/{post.id}",
            "url": post.url,
            "visibility": post.body.get("visibility", "public"),
            "content": f"<p>{post.text}</p>",
            "replies_count": 3,
            "reblogs_count": 4,
            "favourites_count": 8,
            "media_attachments": [_public(self._mastodon_media[m.id]) for m in post.media],
            "account": {**MASTODON_ACCOUNT, "acct": MASTODON_ACCOUNT["username"]},
        }

    async def masto_get_status(self, request: Request) -> Response:
        if failed := await self._enter(request, (MASTODON,), ("metrics",)):
            return failed
        if self._masto_auth(request) is None:
            return JSONResponse(_error_for(MASTODON, 401)[1], 401)
        post = next((p for p in self.posts(MASTODON) if p.id == request.path_params["id"]), None)
        if post is None:
            return JSONResponse({"error": "Record not found"}, 404)
        return JSONResponse(self._status_json(post))

    # Webhook receiver

    async def webhook_receive(self, request: Request) -> Response:
        name = request.path_params["name"]
        if failed := await self._enter(request, (WEBHOOK,), ("webhook", "publish")):
            return failed
        secret = self._webhooks.get(name)
        if secret is None:
            return JSONResponse({"error": "No such webhook"}, 404)
        body = await request.body()
        timestamp = request.headers.get("x-ezre-timestamp", "")
        expected = (
            "sha256="
            + hmac.new(
                secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        if not hmac.compare_digest(request.headers.get("x-ezre-signature", ""), expected):
            return JSONResponse({"error": "Invalid signature"}, 401)
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            return JSONResponse({"error": "Stale timestamp"}, 401)
        payload = json.loads(body)
        key = request.headers.get("x-ezre-idempotency-key", "")
        with self._lock:
            earlier = self._idempotency.get((f"webhook:{name}", key)) if key else None
        if earlier is None:
            post_id = f"wh_{self._id()}"
            earlier = Post(
                WEBHOOK,
                post_id,
                str(payload.get("text") or ""),
                f"{self.url}/webhooks/{name}/posts/{post_id}",
                "",
                name,
                [
                    Media("", m.get("mimeType", ""), 0, m.get("altText", ""), m.get("url", ""))
                    for m in payload.get("media") or []
                ],
                idempotency_key=key,
                body=payload,
            )
            with self._lock:
                if key:
                    self._idempotency[(f"webhook:{name}", key)] = earlier
            self._record(earlier)
        return JSONResponse({"id": earlier.id, "url": earlier.url})


# Wire-format helpers


def _s(form: FormData | dict[str, Any], key: str) -> str:
    value = form.get(key)
    return value if isinstance(value, str) else ""


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:] if header.lower().startswith("bearer ") else None


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _public(attachment: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attachment.items() if not k.startswith("_")}


async def _multipart(
    request: Request, name: str
) -> tuple[dict[str, str], tuple[bytes, str] | None]:
    """Form fields and one uploaded file (bytes, content type); the spooled file is closed."""
    async with request.form() as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get(name)
        if not isinstance(upload, UploadFile):
            return fields, None
        return fields, (await upload.read(), upload.content_type or "")


async def _params(request: Request) -> dict[str, str]:
    return (await _params_with_lists(request))[0]


async def _params_with_lists(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Mastodon takes form fields (`media_ids[]=…` repeated) or JSON alike."""
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.json()
        scalars = {k: str(v) for k, v in body.items() if not isinstance(v, list)}
        lists = {k: [str(i) for i in v] for k, v in body.items() if isinstance(v, list)}
        return scalars, lists
    form = await request.form()
    scalars, lists = {}, {}
    for key in form:
        if key.endswith("[]"):
            lists[key[:-2]] = [str(v) for v in form.getlist(key)]
        else:
            scalars[key] = _s(form, key)
    return scalars, lists


def _graphemes(text: str) -> int:
    import regex

    return len(regex.findall(r"\X", text))


def _rate_headers(platform: str) -> dict[str, str]:
    """The rate-limit window headers a platform sends on every answer, errors included."""
    if platform == X:
        return _x_rate_headers()
    if platform == MASTODON:
        return _masto_rate_headers()
    if platform == BLUESKY:
        return {
            "ratelimit-limit": "3000",
            "ratelimit-remaining": "2999",
            "ratelimit-reset": str(int(time.time()) + 300),
            "ratelimit-policy": "3000;w=300",
        }
    return {}


def _x_rate_headers() -> dict[str, str]:
    # X sends its window on every answer; the reset is when the 15-minute window ends.
    return {
        "x-rate-limit-limit": "300",
        "x-rate-limit-remaining": "299",
        "x-rate-limit-reset": str(int(time.time()) + 900),
    }


def _masto_rate_headers() -> dict[str, str]:
    reset = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() + 300))
    return {"X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "299", "X-RateLimit-Reset": reset}


def _graph_error(
    status: int,
    message: str,
    code: int,
    subcode: int | None = None,
    *,
    type_: str = "OAuthException",
    user_msg: str | None = None,
    transient: bool = False,
) -> JSONResponse:
    return JSONResponse(_graph_body(message, code, subcode, type_, user_msg, transient), status)


def _graph_body(
    message: str,
    code: int,
    subcode: int | None = None,
    type_: str = "OAuthException",
    user_msg: str | None = None,
    transient: bool = False,
) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "type": type_, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    if user_msg:
        error["error_user_msg"] = user_msg
    if transient:
        error["is_transient"] = True
    error["fbtrace_id"] = "A" + secrets.token_hex(10)
    return {"error": error}


def _rejection(platform: str, message: str | None) -> tuple[int, dict[str, Any]]:
    """How each platform refuses a post it will not publish."""
    if platform == X:
        text = message or "You are not allowed to create a Tweet with duplicate content."
        return 403, {"detail": text, "type": "about:blank", "title": "Forbidden", "status": 403}
    if platform == LINKEDIN:
        text = (
            message
            or "ERROR :: /commentary :: Content is a duplicate of urn:li:share:7000000000000000001"
        )
        return 422, {"status": 422, "message": text, "code": "UNPROCESSABLE_ENTITY"}
    if platform == FACEBOOK:
        return 400, _graph_body(message or "(#506) Duplicate status message", 506)
    if platform == INSTAGRAM:
        text = message or (
            "The submitted image with aspect ratio ('0.25') cannot be published. "
            "Please submit an image with a valid aspect ratio."
        )
        return 400, _graph_body("The aspect ratio is not supported.", 36003, 2207009, user_msg=text)
    if platform == THREADS:
        text = message or "The post contains a link that is not allowed."
        return 400, _graph_body("Invalid parameter", 100, 4279009, "THApiException", user_msg=text)
    if platform == BLUESKY:
        text = message or (
            "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes"
        )
        return 400, {"error": "InvalidRequest", "message": text}
    if platform == MASTODON:
        return 422, {"error": message or "Validation failed: Text character limit of 500 exceeded"}
    return 422, {"error": message or "The receiver refused the post."}


def _error_for(platform: str, status: int) -> tuple[int, dict[str, Any]]:
    """The platform's own error body for a scripted status: 400/422 are its refusal of the
    content, 403 its "not permitted"."""
    if status in (400, 422):
        return status, _rejection(platform, None)[1]
    if status == 403:
        return status, _forbidden(platform)
    if platform == X:
        titles = {401: "Unauthorized", 429: "Too Many Requests", 503: "Service Unavailable"}
        title = titles.get(status, "Internal Server Error")
        return status, {"title": title, "detail": title, "type": "about:blank", "status": status}
    if platform == LINKEDIN:
        if status == 401:
            return status, {
                "status": 401,
                "serviceErrorCode": 65600,
                "code": "INVALID_ACCESS_TOKEN",
                "message": "Invalid access token",
            }
        if status == 429:
            return status, {
                "status": 429,
                "message": (
                    "Resource level throttle APPLICATION DAY limit for calls to "
                    "this resource is reached."
                ),
            }
        return status, {"status": status, "message": "Internal Server Error"}
    if platform in (FACEBOOK, INSTAGRAM, THREADS):
        if status == 401:
            return status, _graph_body(
                "Error validating access token: Session has expired.", 190, 463
            )
        if status == 429:
            return status, _graph_body("(#4) Application request limit reached", 4, transient=True)
        return status, _graph_body(
            "An unexpected error has occurred. Please retry your request later.", 2, transient=True
        )
    if platform == BLUESKY:
        if status == 401:
            return status, {"error": "AuthenticationRequired", "message": "Authentication Required"}
        if status == 429:
            return status, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}
        return status, {"error": "InternalServerError", "message": "Internal Server Error"}
    if platform == MASTODON:
        if status == 401:
            return status, {"error": "The access token is invalid"}
        if status == 429:
            return status, {"error": "Too many requests"}
        return status, {"error": "We're sorry, but something went wrong on our end."}
    return status, {"error": f"Receiver failed with {status}"}


def _forbidden(platform: str) -> dict[str, Any]:
    if platform == X:
        detail = "You are not permitted to perform this action."
        return {"title": "Forbidden", "detail": detail, "type": "about:blank", "status": 403}
    if platform == LINKEDIN:
        return {
            "status": 403,
            "serviceErrorCode": 100,
            "code": "ACCESS_DENIED",
            "message": "Not enough permissions to access: partnerApiPostsExternal.CREATE.20261001",
        }
    if platform in (FACEBOOK, INSTAGRAM, THREADS):
        return _graph_body("(#200) Requires pages_manage_posts permission", 200)
    if platform == BLUESKY:
        return {"error": "Forbidden", "message": "Forbidden"}
    return {"error": "This action is not allowed"}


def png_bytes(
    color: tuple[int, int, int] = (30, 120, 200), size: tuple[int, int] = (32, 32)
) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


# Settings pointing every platform at the server


def settings_overrides(server: PlatformServer) -> dict[str, Any]:
    """Settings field → value: every platform URL at `server`, app credentials it accepts,
    private addresses allowed (it is loopback) and quick polling. Apply with
    `monkeypatch.setattr(get_settings(), name, value)`."""
    url = server.url
    return {
        "x_api_url": url,
        "x_auth_url": url,
        "x_client_id": X_CLIENT_ID,
        "x_client_secret": X_CLIENT_SECRET,
        "linkedin_api_url": url,
        "linkedin_auth_url": url,
        "linkedin_client_id": LINKEDIN_CLIENT_ID,
        "linkedin_client_secret": LINKEDIN_CLIENT_SECRET,
        "meta_graph_url": url,
        "meta_auth_url": url,
        "meta_api_version": GRAPH_VERSION,
        "meta_app_id": META_APP_ID,
        "meta_app_secret": META_APP_SECRET,
        "threads_api_url": url,
        "threads_auth_url": url,
        "threads_api_version": THREADS_VERSION,
        "threads_app_id": THREADS_APP_ID,
        "threads_app_secret": THREADS_APP_SECRET,
        "bluesky_service_url": url,
        "platform_allow_private_networks": True,
        "webhook_allow_private_networks": True,
        "platform_http_timeout_seconds": 5.0,
        "platform_processing_timeout_seconds": 5.0,
        "platform_poll_interval_seconds": 0.01,
    }


def env_overrides(server: PlatformServer) -> dict[str, str]:
    """The same as environment variables, for a server or worker started as a process."""
    return {
        name.upper(): (str(value).lower() if isinstance(value, bool) else str(value))
        for name, value in settings_overrides(server).items()
    }


_shared: PlatformServer | None = None
_shared_lock = threading.Lock()


def shared_server() -> PlatformServer:
    """One server per test process, whichever session fixture asks first."""
    global _shared
    with _shared_lock:
        if _shared is None:
            server = PlatformServer()
            server.start()
            _shared = server
        return _shared


def stop_shared_server() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.stop()
            _shared = None
