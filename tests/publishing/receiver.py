"""A real webhook destination on 127.0.0.1 for the publishing tests.

It records every delivery (headers, body, the idempotency key) and, like a well-behaved
receiver, creates one post per idempotency key: a repeated delivery of a key gets the same
post back. Tests script its next answers (401, 429 with Retry-After, 500, 422) or make it
hang, to drive the publisher's retry, auth and recovery paths over real HTTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import threading
import time
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Delivery:
    key: str
    body: dict[str, Any]
    headers: dict[str, str]
    raw: bytes
    at: float
    status: int = 0  # what the receiver answered (0 while hanging)

    def signed_with(self, secret: str) -> bool:
        """The X-Ezre-Signature header is HMAC-SHA256 over "<timestamp>.<body>"."""
        timestamp = self.headers.get("x-ezre-timestamp", "")
        mac = hmac.new(secret.encode(), timestamp.encode() + b"." + self.raw, hashlib.sha256)
        expected = "sha256=" + mac.hexdigest()
        return hmac.compare_digest(expected, self.headers.get("x-ezre-signature", ""))


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    hang: bool = False
    accept_after_hang: bool = False  # answer the held delivery normally once released


class WebhookReceiver:
    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []
        self.posts: dict[str, str] = {}  # idempotency key -> post id
        self._plan: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._release: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/posts"

    # Scripting

    def reset(self) -> None:
        with self._lock:
            self.deliveries.clear()
            self.posts.clear()
            self._plan.clear()
        self.release()

    def answer(
        self,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """The next `times` deliveries get this answer instead of a created post."""
        with self._lock:
            for _ in range(times):
                self._plan.append(Reply(status, headers or {}, body))

    def hang(self, times: int = 1) -> None:
        """The next `times` deliveries get no answer until `release()` (or the caller gives up)."""
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.clear)
        with self._lock:
            for _ in range(times):
                self._plan.append(Reply(hang=True))

    def hold(self) -> None:
        """The next delivery waits until `release()`, then is accepted as a post."""
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.clear)
        with self._lock:
            self._plan.append(Reply(hang=True, accept_after_hang=True))

    def release(self) -> None:
        if self._loop is not None and self._release is not None:
            self._loop.call_soon_threadsafe(self._release.set)

    # Reading

    def for_key(self, key: str) -> list[Delivery]:
        with self._lock:
            return [d for d in self.deliveries if d.key == key]

    def created(self) -> list[Delivery]:
        """Deliveries that the receiver accepted as a new post (2xx, first of their key)."""
        with self._lock:
            seen: set[str] = set()
            out = []
            for d in self.deliveries:
                if 200 <= d.status < 300 and d.key not in seen:
                    seen.add(d.key)
                    out.append(d)
            return out

    async def wait_for(self, count: int, seconds: float = 10.0) -> list[Delivery]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.deliveries) >= count:
                    return list(self.deliveries)
            await asyncio.sleep(0.02)
        raise AssertionError(f"expected {count} deliveries, got {len(self.deliveries)}")

    # Serving

    async def _receive(self, request: Request) -> Response:
        raw = await request.body()
        key = request.headers.get("x-ezre-idempotency-key", "")
        delivery = Delivery(key, json.loads(raw), dict(request.headers), raw, time.time())
        with self._lock:
            self.deliveries.append(delivery)
            reply = self._plan.popleft() if self._plan else Reply()
        if reply.hang:
            assert self._release is not None
            # Bounded so a forgotten release cannot wedge the server's shutdown.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), 60)
            if not reply.accept_after_hang:
                return Response(status_code=504)
        if reply.status >= 300:
            delivery.status = reply.status
            return JSONResponse(
                reply.body or {"error": f"refused with {reply.status}"},
                status_code=reply.status,
                headers=reply.headers,
            )
        with self._lock:
            post_id = self.posts.setdefault(key, f"post-{len(self.posts) + 1}")
        delivery.status = 200
        return JSONResponse({"id": post_id, "url": f"https://hooks.example/{post_id}"})

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        self._loop = asyncio.get_running_loop()
        self._release = asyncio.Event()
        yield

    def start(self, port: int) -> None:
        self.port = port
        app = Starlette(
            routes=[Route("/hooks/posts", self._receive, methods=["POST"])],
            lifespan=self._lifespan,
        )
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_config=None, lifespan="on", log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self._server.started, "webhook receiver did not start"

    def stop(self) -> None:
        self.release()
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
