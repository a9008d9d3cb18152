"""The OpenAI API through the official `openai` client: chat completions with JSON-schema
structured output, embeddings and images."""

from __future__ import annotations

import asyncio
import functools
import json
import ssl
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar, cast

import httpx
import openai

from app.settings import get_settings

T = TypeVar("T")


class AIError(Exception):
    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after


class AINotConfiguredError(AIError):
    def __init__(self) -> None:
        super().__init__("OPENAI_API_KEY is not set on the server.", transient=False)


@dataclass(frozen=True)
class Completion:
    content: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    latency_ms: int


def ai_configured() -> bool:
    return bool(get_settings().openai_api_key)


def _retry_after(headers: Any) -> float | None:
    value = headers.get("retry-after") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _classify(exc: Exception) -> AIError:
    if isinstance(exc, openai.APITimeoutError):
        return AIError("The AI provider timed out.", transient=True)
    if isinstance(exc, openai.APIConnectionError):
        return AIError("Could not reach the AI provider.", transient=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        retry_after = _retry_after(exc.response.headers)
        if status in (401, 403):
            return AIError(f"The AI provider refused the API key ({status}).", transient=False)
        if status == 429 or status >= 500 or status == 408:
            return AIError(
                f"The AI provider is busy or failing ({status}).",
                transient=True,
                retry_after=retry_after,
            )
        return AIError(f"The AI provider rejected the request ({status}).", transient=False)
    return AIError(f"AI call failed: {type(exc).__name__}", transient=True)


async def complete_json(
    messages: list[dict[str, str]], schema_name: str, json_schema: dict[str, Any]
) -> Completion:
    """One attempt; raises AIError classified as transient or permanent."""
    settings = get_settings()
    if not settings.openai_api_key:
        raise AINotConfiguredError()
    started = time.perf_counter()
    async with _client() as client:
        try:
            response = await client.chat.completions.create(
                model=settings.openai_model,
                messages=cast(Any, messages),
                response_format=cast(
                    Any,
                    {
                        "type": "json_schema",
                        "json_schema": {
                            "name": schema_name,
                            "schema": json_schema,
                            "strict": True,
                        },
                    },
                ),
            )
        except openai.OpenAIError as exc:
            raise _classify(exc) from exc
    usage = response.usage
    return Completion(
        content=response.choices[0].message.content or "" if response.choices else "",
        model=response.model or settings.openai_model,
        prompt_tokens=usage.prompt_tokens if usage else 0,
        completion_tokens=usage.completion_tokens if usage else 0,
        latency_ms=int((time.perf_counter() - started) * 1000),
    )


@functools.lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """A verifying TLS context, as httpx would build it. Building one reads the CA bundle
    (~50 ms, twice per default client), which would dominate a search request's time; one
    context is shared by every client (SSLContext is safe to share)."""
    return httpx.create_ssl_context()


def _client() -> openai.AsyncOpenAI:
    """A client for one call (closed by the caller's `async with`)."""
    settings = get_settings()
    if not settings.openai_api_key:
        raise AINotConfiguredError()
    return openai.AsyncOpenAI(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout_seconds,
        max_retries=0,  # retries are ours: each attempt is logged and Retry-After honoured
        http_client=openai.DefaultAsyncHttpxClient(verify=_tls_context()),
    )


@dataclass(frozen=True)
class Embeddings:
    vectors: list[list[float]]
    model: str
    prompt_tokens: int


async def embed(texts: list[str]) -> Embeddings:
    """One attempt at embedding `texts` (in order) with EMBEDDING_MODEL/EMBEDDING_DIMENSIONS.

    Raises AIError; a vector of the wrong size is a permanent error, since storing it would
    fail and every retry would answer the same."""
    settings = get_settings()
    async with _client() as client:
        try:
            # The raw body: the typed response builds one model object per float (~8 ms for
            # a single 512-dimension vector), most of a search request's time.
            raw = await client.embeddings.with_raw_response.create(
                model=settings.embedding_model,
                input=texts,
                dimensions=settings.embedding_dimensions,
                encoding_format="float",
            )
        except openai.OpenAIError as exc:
            raise _classify(exc) from exc
    try:
        body = json.loads(raw.content)
        items = sorted(body["data"], key=lambda item: int(item["index"]))
        vectors = [[float(x) for x in item["embedding"]] for item in items]
        prompt_tokens = int((body.get("usage") or {}).get("prompt_tokens") or 0)
        model = str(body.get("model") or settings.embedding_model)
    except (ValueError, KeyError, TypeError) as exc:
        raise AIError("The embeddings API answered an unreadable body.", transient=False) from exc
    if len(vectors) != len(texts):
        raise AIError(
            f"The embeddings API answered {len(vectors)} vectors for {len(texts)} texts.",
            transient=False,
        )
    wrong = next((len(v) for v in vectors if len(v) != settings.embedding_dimensions), None)
    if wrong is not None:
        raise AIError(
            f"The embedding model returned {wrong} dimensions; EMBEDDING_DIMENSIONS is "
            f"{settings.embedding_dimensions}.",
            transient=False,
        )
    return Embeddings(vectors, model, prompt_tokens)


@dataclass(frozen=True)
class GeneratedImage:
    data: bytes
    model: str
    revised_prompt: str


async def generate_image(prompt: str) -> GeneratedImage:
    """One attempt at an image for `prompt` through the images API; raises AIError."""
    import base64

    settings = get_settings()
    extra: dict[str, Any] = {}
    if settings.image_model.startswith("dall-e"):
        extra["response_format"] = "b64_json"  # gpt-image models always answer base64
    async with _client() as client:
        try:
            response = await client.images.generate(
                model=settings.image_model,
                prompt=prompt,
                n=1,
                size=cast(Any, settings.image_size),
                **extra,
            )
        except openai.OpenAIError as exc:
            raise _classify(exc) from exc
    if not response.data:
        raise AIError("The images API answered no image.", transient=False)
    item = response.data[0]
    if item.b64_json:
        try:
            data = base64.b64decode(item.b64_json, validate=True)
        except ValueError as exc:
            raise AIError("The images API answered invalid base64.", transient=False) from exc
    elif item.url:
        try:
            async with httpx.AsyncClient(
                timeout=settings.openai_timeout_seconds, verify=_tls_context()
            ) as http:
                fetched = await http.get(item.url)
                fetched.raise_for_status()
        except httpx.HTTPError as exc:
            raise AIError(f"Could not download the generated image: {exc}", transient=True) from exc
        data = fetched.content
    else:
        raise AIError("The images API answered neither data nor a URL.", transient=False)
    return GeneratedImage(data, settings.image_model, item.revised_prompt or "")


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter, capped; the provider's Retry-After wins."""
    import random

    settings = get_settings()
    if retry_after is not None:
        return min(retry_after, settings.ai_retry_max_seconds)
    base: float = settings.ai_retry_base_seconds * 2 ** (attempt - 1)
    return min(base * (0.5 + random.random() / 2), settings.ai_retry_max_seconds)  # noqa: S311


async def with_retries(
    call: Callable[[], Awaitable[T]], sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> T:
    """`call` until it succeeds, a permanent AIError, or AI_MAX_RETRIES transient ones."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return await call()
        except AIError as exc:
            if not exc.transient or attempt > get_settings().ai_max_retries:
                raise
            await sleep(retry_delay(attempt, exc.retry_after))
