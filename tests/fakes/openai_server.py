"""A small OpenAI-compatible server on 127.0.0.1 speaking the chat completions wire format.

Tests script its answers (a queue); with nothing scripted it writes valid posts, so the
product's real `openai` client path runs end to end.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import math
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route


@dataclass
class Reply:
    """One scripted answer: a status with a body, or content for a 200 completion."""

    status: int = 200
    content: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion_body(content: str, model: str = "gpt-4o-mini") -> dict[str, Any]:
    return {
        "id": "chatcmpl-local",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 120, "completion_tokens": 60, "total_tokens": 180},
    }


def variants_json(texts: list[str], hashtags: list[str] | None = None) -> str:
    return json.dumps(
        {
            "variants": [
                {"text": t, "hashtags": hashtags or ["#coffee"], "image_prompt": f"photo: {t[:30]}"}
                for t in texts
            ]
        }
    )


def default_answer(prompt: str) -> str:
    wanted = int(m.group(1)) if (m := re.search(r"Write (\d+) distinct", prompt)) else 1
    channel = m.group(1) if (m := re.search(r"Channel rules: (\w+)", prompt)) else "POST"
    return variants_json(
        [f"{channel} variant {i + 1}: fresh coffee, fair price." for i in range(wanted)]
    )


WORD = re.compile(r"[a-z0-9]+")


def hashed_embedding(text: str, dimensions: int) -> list[float]:
    """A deterministic embedding: each word of 3+ characters adds ±1 at a hashed index, then
    the vector is normalised. Texts sharing words are near; a query about one file's topic
    is nearest to that file's passages."""
    vector = [0.0] * dimensions
    for word in WORD.findall(text.lower()):
        if len(word) < 3:
            continue
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "big") % dimensions
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(x * x for x in vector))
    if norm == 0:
        vector[0], norm = 1.0, 1.0
    return [x / norm for x in vector]


def png_bytes(prompt: str, size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    digest = hashlib.sha256(prompt.encode()).digest()
    buffer = io.BytesIO()
    Image.new("RGB", size, (digest[0], digest[1], digest[2])).save(buffer, "PNG")
    return buffer.getvalue()


class FakeOpenAI:
    def __init__(self) -> None:
        self.script: deque[Reply] = deque()
        self.requests: list[dict[str, Any]] = []
        # Separate scripts and logs for embeddings and images, so chat scripts stay as they were.
        self.embedding_script: deque[Reply] = deque()
        self.embedding_requests: list[dict[str, Any]] = []
        self.image_script: deque[Reply] = deque()
        self.image_requests: list[dict[str, Any]] = []
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reset(self) -> None:
        self.script.clear()
        self.requests.clear()
        self.embedding_script.clear()
        self.embedding_requests.clear()
        self.image_script.clear()
        self.image_requests.clear()

    @staticmethod
    def _failure(reply: Reply) -> Response | None:
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status == 200:
            return None
        return JSONResponse(
            {"error": {"message": f"status {reply.status}", "type": "error"}},
            reply.status,
            headers=reply.headers,
        )

    async def embeddings(self, request: Request) -> Response:
        body = await request.json()
        self.embedding_requests.append(body)
        if request.headers.get("authorization") != "Bearer sk-test":
            return JSONResponse({"error": {"message": "bad key", "type": "auth"}}, 401)
        reply = self.embedding_script.popleft() if self.embedding_script else Reply()
        failed = self._failure(reply)
        if failed is not None:
            return failed
        texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
        dimensions = int(body.get("dimensions") or 1536)
        data = [
            {"object": "embedding", "index": i, "embedding": hashed_embedding(t, dimensions)}
            for i, t in enumerate(texts)
        ]
        tokens = sum(len(t.split()) for t in texts)
        return JSONResponse(
            {
                "object": "list",
                "data": data,
                "model": body.get("model", "text-embedding-3-small"),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    async def images(self, request: Request) -> Response:
        body = await request.json()
        self.image_requests.append(body)
        if request.headers.get("authorization") != "Bearer sk-test":
            return JSONResponse({"error": {"message": "bad key", "type": "auth"}}, 401)
        reply = self.image_script.popleft() if self.image_script else Reply()
        failed = self._failure(reply)
        if failed is not None:
            return failed
        if reply.content is not None:
            b64 = reply.content
        else:
            b64 = base64.b64encode(png_bytes(body["prompt"])).decode()
        return JSONResponse(
            {"created": int(time.time()), "data": [{"b64_json": b64, "revised_prompt": None}]}
        )

    async def chat(self, request: Request) -> Response:
        body = await request.json()
        self.requests.append(body)
        if request.headers.get("authorization") != "Bearer sk-test":
            return JSONResponse({"error": {"message": "bad key", "type": "auth"}}, 401)
        reply = self.script.popleft() if self.script else Reply()
        if reply.delay:
            time.sleep(reply.delay)  # noqa: ASYNC251 - blocks this server thread, like a hung upstream
        if reply.status != 200:
            return JSONResponse(
                {"error": {"message": f"status {reply.status}", "type": "error"}},
                reply.status,
                headers=reply.headers,
            )
        first_user = next((m["content"] for m in body["messages"] if m["role"] == "user"), "")
        content = reply.content if reply.content is not None else default_answer(first_user)
        return JSONResponse(completion_body(content, body.get("model", "gpt-4o-mini")))

    def start(self, port: int) -> None:
        self.port = port
        app = Starlette(
            routes=[
                Route("/v1/chat/completions", self.chat, methods=["POST"]),
                Route("/v1/embeddings", self.embeddings, methods=["POST"]),
                Route("/v1/images/generations", self.images, methods=["POST"]),
            ]
        )
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
