"""The ASGI application: /graphql (HTTP + graphql-transport-ws), /healthz, /readyz."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import structlog
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from tortoise import connections

from app.context import RequestContext
from app.db import close_db, ensure_migrated, init_db
from app.logging import get_logger
from app.redis import close_redis, configure_redis, get_redis
from app.requestinfo import client_ip_var, request_id_var, user_agent_var
from app.settings import get_settings
from app.uploads import (
    MULTIPART_OVERHEAD,
    PREFLIGHT_HEADERS,
    UploadGuard,
    UploadRequestAdapter,
)
from models.sessions import authenticate
from schema.root import build_schema

log = get_logger("ezre.http")


def bearer_token(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _authenticate_into(ctx: RequestContext, header: str | None) -> None:
    token = bearer_token(header)
    if header and token is None:
        ctx.token_rejected = True
        return
    if token is None:
        return
    found = await authenticate(token)
    if found is None:
        ctx.token_rejected = True
        return
    ctx.user, ctx.session = found
    structlog.contextvars.bind_contextvars(user_id=ctx.user.id)


class GraphQLView(GraphQL[RequestContext, None]):
    request_adapter_class = UploadRequestAdapter  # closes spooled upload files (app/uploads.py)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> RequestContext:
        ctx = RequestContext(
            request=request, response=response if isinstance(response, Response) else None
        )
        if isinstance(request, Request):
            await _authenticate_into(ctx, request.headers.get("authorization"))
        return ctx

    async def on_ws_connect(self, context: RequestContext) -> Any:
        params = context.connection_params or {}
        header = params.get("authorization") or params.get("Authorization")
        if not isinstance(header, str):
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
        await _authenticate_into(context, header)
        if context.user is None:
            raise ConnectionRejectionError({"code": "UNAUTHENTICATED"})
        return None


class RequestIdMiddleware:
    """Binds a request id (from X-Request-ID or new) to every log line of the request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode(errors="replace") for k, v in scope["headers"]}
        incoming = headers.get("x-request-id", "")
        request_id = (
            incoming if 0 < len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        )
        client = scope.get("client") or ("", 0)
        request_id_var.set(request_id)
        client_ip_var.set(client[0] or "")
        user_agent_var.set(headers.get("user-agent", "")[:400])
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "request",
                method=scope.get("method", "WS"),
                path=scope["path"],
                status=status,
                ms=round((time.perf_counter() - started) * 1000, 1),
            )


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    checks: dict[str, str] = {}
    try:
        await connections.get("default").execute_query("SELECT 1")
        checks["postgres"] = "ok"
    except Exception as exc:  # readiness reports any failure, it never raises
        checks["postgres"] = f"error: {type(exc).__name__}"
    try:
        await (await get_redis()).ping()
        checks["redis"] = "ok"
    except Exception as exc:
        checks["redis"] = f"error: {type(exc).__name__}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503
    )


async def connection_callback(request: Request) -> Response:
    """Where platforms send the browser back after OAuth. The single-use state proves who
    started the connection, so no bearer token is needed; the browser lands in the app."""
    from urllib.parse import urlencode

    from starlette.responses import RedirectResponse

    from app.ids import encode_id
    from models.base import DomainError
    from models.connect import complete_connection

    target = get_settings().app_url.rstrip("/") + "/connections?"
    state, code = request.query_params.get("state", ""), request.query_params.get("code", "")
    if request.query_params.get("error") or not state or not code:
        reason = request.query_params.get("error_description") or "The platform did not connect."
        return RedirectResponse(target + urlencode({"error": reason[:300]}), status_code=303)
    try:
        conn = await complete_connection(state, code)
    except DomainError as exc:
        return RedirectResponse(target + urlencode({"error": str(exc)[:300]}), status_code=303)
    connected = encode_id("PlatformConnection", conn.id)
    return RedirectResponse(target + urlencode({"connected": connected}), status_code=303)


async def media_file(request: Request) -> Response:
    """A media attachment behind a signed, expiring link (see models/media_links.py).
    Anything wrong with the link answers 404 alike, so links cannot be probed."""
    from integrations.storage import StorageError
    from models.media_links import link_is_valid, media_bytes

    missing = Response("Not found", status_code=404, media_type="text/plain")
    try:
        media_id = int(request.path_params["media_id"])
    except ValueError:
        return missing
    query = request.query_params
    if not link_is_valid(media_id, query.get("exp", ""), query.get("sig", "")):
        return missing
    try:
        found = await media_bytes(media_id)
    except StorageError:
        return Response("Storage unavailable", status_code=503, media_type="text/plain")
    if found is None:
        return missing
    data, media = found
    return Response(
        data,
        media_type=media.content_type,
        headers={"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


def create_app(*, manage_db: bool = True) -> Starlette:
    """`manage_db=False` when the caller (tests, `ezre dev`) owns the ORM and Redis set-up."""
    settings = get_settings()
    view = GraphQLView(
        build_schema(),
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
        allow_queries_via_get=True,
        subscription_protocols=[GRAPHQL_TRANSPORT_WS_PROTOCOL],
        keep_alive=True,
        keep_alive_interval=15,
        multipart_uploads_enabled=True,  # behind UploadGuard: CSRF preflight header, size cap
    )
    upload_limit = int(max(settings.knowledge_max_upload_mb, settings.media_max_upload_mb) * 2**20)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            database_url, redis_url = settings.service_urls()
            configure_redis(redis_url)
            await init_db(database_url)
            await ensure_migrated()
        try:
            yield
        finally:
            from integrations.platforms.http import close_clients

            await close_clients()  # connect/disconnect mutations call platforms from here
            if manage_db:
                await close_redis()
                await close_db()

    middleware = [Middleware(RequestIdMiddleware)]
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=origins,
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=[
                    "authorization",
                    "content-type",
                    "x-request-id",
                    *PREFLIGHT_HEADERS,
                ],
            )
        )
    return Starlette(
        routes=[
            Route(
                "/graphql",
                UploadGuard(view, upload_limit + MULTIPART_OVERHEAD),
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", view),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/connections/callback", connection_callback),
            Route("/media/{media_id}/{filename}", media_file),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
