"""HTTP plumbing every adapter shares: the client, one error classification, media download.

Classification (the publisher acts on `PlatformError.kind`):
- the platform's own rule first (`ErrorShape.kind`), e.g. Graph code 190 is AUTH on a 400;
- 401/403 → AUTH; 429 → TRANSIENT with `retry_after`; 408, 5xx, timeouts, connection
  errors → TRANSIENT; any other 4xx → REJECTED with the platform's own message text.

Secrets: messages are built from the platform's error text or fixed wording, never from the
request (URLs can carry tokens, e.g. Graph's `access_token=`); credential values the request
carried are scrubbed from that text too, since an error page may echo the request. Exceptions
are raised `from None` so a logged traceback does not carry the httpx request either.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import ssl
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import certifi
import httpx

from app.settings import get_settings
from integrations.platforms.base import AUTH, REJECTED, TRANSIENT, MediaItem, PlatformError

USER_AGENT = "EzreComms/1.0"
MAX_MESSAGE = 1000

MessageReader = Callable[[Any], str | None]
KindReader = Callable[[int, Any], str | None]
CodeReader = Callable[[Any], str | None]
RetryReader = Callable[[httpx.Headers], float | None]


@dataclass(frozen=True)
class ErrorShape:
    """How one platform words its errors (the body is parsed JSON, or text when not JSON)."""

    message: MessageReader
    kind: KindReader | None = None  # wins over the status-based rule when it answers
    code: CodeReader | None = None
    retry_after: RetryReader | None = None  # platform hint when standard headers are absent

    def for_refresh(self) -> ErrorShape:
        """A token endpoint refusing a refresh (invalid_grant & co.) means the stored grant
        is dead: that is AUTH (reconnect), not a rejected piece of content."""

        def kind(status: int, body: Any) -> str | None:
            own = self.kind(status, body) if self.kind else None
            if own is not None:
                return own
            if 400 <= status < 500 and status not in (408, 429):
                return AUTH
            return None

        return ErrorShape(self.message, kind, self.code, self.retry_after)


@functools.cache
def _tls() -> ssl.SSLContext:
    """Built once: loading the CA bundle costs ~60 ms of CPU, which per client capped a
    worker near 15 publishes a second. A context is safe to share across clients and loops."""
    return ssl.create_default_context(cafile=certifi.where())


# One pooled client per event loop and timeout. A burst publishes thousands of posts to the
# same few hosts: reusing connections saves a TCP and TLS handshake per post, and about a
# quarter of a publish's CPU. Clients are bound to their loop, so they are never shared
# across loops; `close_clients()` runs at worker and API shutdown.
_clients: dict[tuple[int, float], tuple[asyncio.AbstractEventLoop, httpx.AsyncClient]] = {}


@contextlib.asynccontextmanager
async def client() -> AsyncIterator[httpx.AsyncClient]:
    """The pooled client for this loop, for one adapter operation (`async with`)."""
    seconds = get_settings().platform_http_timeout_seconds
    loop = asyncio.get_running_loop()
    key = (id(loop), seconds)
    entry = _clients.get(key)
    if entry is None or entry[0] is not loop or entry[1].is_closed:
        entry = _clients[key] = (
            loop,
            httpx.AsyncClient(
                verify=_tls(),
                timeout=seconds,
                follow_redirects=False,  # an API answering with a redirect is an error
                headers={"User-Agent": USER_AGENT},
            ),
        )
    yield entry[1]


async def close_clients() -> None:
    """Close this loop's pooled clients (others belong to loops that are gone or elsewhere)."""
    loop = asyncio.get_running_loop()
    for key, (owner, http) in list(_clients.items()):
        if owner is loop:
            del _clients[key]
            await http.aclose()


async def send(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    platform: str,
    shape: ErrorShape,
    **kwargs: Any,
) -> httpx.Response:
    """One request; a 2xx response back, anything else raised as a classified PlatformError."""
    try:
        response = await http.request(method, url, **kwargs)
    except httpx.TimeoutException:
        raise PlatformError(f"{platform} did not answer in time.", kind=TRANSIENT) from None
    except httpx.TransportError as exc:  # refused, reset, DNS, TLS, protocol errors
        raise PlatformError(
            f"Could not reach {platform} ({type(exc).__name__}).", kind=TRANSIENT
        ) from None
    if response.is_success:
        return response
    raise classify(platform, response, shape)


def body_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


def classify(platform: str, response: httpx.Response, shape: ErrorShape) -> PlatformError:
    status = response.status_code
    body = body_of(response)
    kind = shape.kind(status, body) if shape.kind else None
    if kind is None:
        if status in (401, 403):
            kind = AUTH
        elif status in (408, 429) or status >= 500:
            kind = TRANSIENT
        else:
            kind = REJECTED
    message = _safe(shape.message, body) or _fallback_message(platform, status, body)
    wait = None
    if kind == TRANSIENT:
        # X, Mastodon and Bluesky send their window's reset on every answer: it says when a
        # rate limit ends, so it is only a wait hint on a 429 (a 503 must not wait 15 min).
        wait = retry_after(response.headers, windows=status == 429)
        if wait is None and shape.retry_after is not None:
            wait = shape.retry_after(response.headers)
    return PlatformError(
        _redact(message, _request_secrets(response))[:MAX_MESSAGE],
        kind=kind,
        status=status,
        retry_after=wait,
        code=_safe(shape.code, body) if shape.code else None,
    )


# Request fields whose values are credentials (Graph/Threads tokens and proofs travel in the
# query or form; Bluesky's app password in JSON; OAuth codes, verifiers and client secrets).
_SECRET_FIELDS = ("token", "secret", "proof", "password", "code", "verifier", "key")
_REDACTED = "[redacted]"


def _request_secrets(response: httpx.Response) -> list[str]:
    """Credential values the request carried: an error body may echo the request back (a
    proxy's error page, a platform quoting the bad parameter), and it must not carry them
    into our messages, logs and the user's screen."""
    try:
        request = response.request
    except RuntimeError:
        return []
    fields: list[tuple[str, str]] = list(request.url.params.multi_items())
    content_type = request.headers.get("content-type", "")
    try:
        raw = request.content
    except httpx.RequestNotRead:
        raw = b""
    if raw and content_type.startswith("application/x-www-form-urlencoded"):
        fields += parse_qsl(raw.decode(errors="replace"), keep_blank_values=False)
    elif raw and content_type.startswith("application/json"):
        try:
            decoded = json.loads(raw)
        except ValueError:
            decoded = None
        if isinstance(decoded, dict):
            fields += [(k, v) for k, v in decoded.items() if isinstance(v, str)]
    found = [v for k, v in fields if any(word in k.lower() for word in _SECRET_FIELDS)]
    authorization = request.headers.get("authorization", "")
    found.append(authorization.split(" ", 1)[-1])
    # Longest first, so a token containing another is replaced whole.
    return sorted({v for v in found if len(v) >= 8}, key=len, reverse=True)


def _redact(message: str, secrets: list[str]) -> str:
    for secret in secrets:
        message = message.replace(secret, _REDACTED)
    return message


def _safe(reader: Callable[[Any], str | None], body: Any) -> str | None:
    """Readers walk platform JSON that may not have the documented shape."""
    try:
        value = reader(body)
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    return str(value).strip() if value not in (None, "") else None


def _fallback_message(platform: str, status: int, body: Any) -> str:
    text = body if isinstance(body, str) else ""
    if text and "<html" not in text[:200].lower():
        return f"{platform} answered HTTP {status}: {text.strip()[:300]}"
    return f"{platform} answered HTTP {status}."


def retry_after(
    headers: httpx.Headers, now: float | None = None, *, windows: bool = True
) -> float | None:
    """Seconds to wait: Retry-After (seconds or HTTP date), else (when `windows`) a rate-limit
    reset header (X: x-rate-limit-reset epoch; Bluesky: ratelimit-reset epoch; Mastodon:
    x-ratelimit-reset ISO 8601)."""
    now = time.time() if now is None else now
    value = headers.get("retry-after")
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(value).timestamp() - now)
            except (TypeError, ValueError):
                pass
    for name in ("x-rate-limit-reset", "ratelimit-reset", "x-ratelimit-reset") if windows else ():
        value = headers.get(name)
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            try:
                return max(0.0, datetime.fromisoformat(value).timestamp() - now)
            except ValueError:
                continue
        # Epoch seconds are huge; small numbers are already a delay (IETF RateLimit draft).
        return max(0.0, number - now) if number > 1_000_000_000 else max(0.0, number)
    return None


def json_object(response: httpx.Response, platform: str) -> dict[str, Any]:
    """The JSON object of a 2xx answer. A 2xx that is not one is a broken answer (usually an
    intermediary); TRANSIENT so the publisher's recovery path decides, not a false success."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise PlatformError(
            f"{platform} answered HTTP {response.status_code} without the expected JSON.",
            kind=TRANSIENT,
            status=response.status_code,
        )
    return body


def required(body: dict[str, Any], key: str, platform: str) -> str:
    """A field a success answer must have (a post id above all): missing means not success."""
    value = body.get(key)
    if value in (None, ""):
        raise PlatformError(
            f"{platform} answered without `{key}`; the outcome is unknown.", kind=TRANSIENT
        )
    return str(value)


def expires_at(seconds: Any) -> datetime | None:
    try:
        value = int(seconds)
    except (TypeError, ValueError):
        return None
    return datetime.now(UTC) + timedelta(seconds=value) if value > 0 else None


# Media


@dataclass(frozen=True)
class MediaBytes:
    data: bytes
    mime_type: str
    filename: str


MEDIA_SHAPE = ErrorShape(message=lambda body: None)


async def fetch_media(http: httpx.AsyncClient, item: MediaItem) -> MediaBytes:
    """Download one media file (ours, on a signed URL) to re-upload it to a platform that
    takes bytes. Bounded by PLATFORM_MEDIA_MAX_BYTES so a wrong URL cannot exhaust memory."""
    limit = get_settings().platform_media_max_bytes
    try:
        async with http.stream("GET", item.url, follow_redirects=True) as response:
            if not response.is_success:
                status = response.status_code
                kind = TRANSIENT if status in (408, 429) or status >= 500 else REJECTED
                raise PlatformError(
                    f"The media file could not be fetched (HTTP {status}).",
                    kind=kind,
                    status=status,
                    retry_after=retry_after(response.headers) if kind == TRANSIENT else None,
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise _too_large(limit)
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
            header_type = response.headers.get("content-type", "").split(";")[0].strip()
    except httpx.TimeoutException:
        raise PlatformError(
            "The media file could not be fetched in time.", kind=TRANSIENT
        ) from None
    except httpx.TransportError as exc:
        raise PlatformError(
            f"The media file could not be fetched ({type(exc).__name__}).", kind=TRANSIENT
        ) from None
    mime = item.mime_type or header_type or "application/octet-stream"
    name = urlsplit(item.url).path.rsplit("/", 1)[-1] or "media"
    return MediaBytes(b"".join(chunks), mime, name)


def _too_large(limit: int) -> PlatformError:
    return PlatformError(
        f"The media file is larger than {limit} bytes (PLATFORM_MEDIA_MAX_BYTES).", kind=REJECTED
    )


def is_video(item: MediaItem) -> bool:
    return item.mime_type.lower().startswith("video/")


# Logs: httpx logs every request URL at INFO, and Graph/Threads calls carry the access token
# and app secret in the query string (their documented transport). Strip queries from that
# one log line so a token never reaches the logs.


class _RedactQueries(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(isinstance(a, httpx.URL) for a in record.args):
            record.args = tuple(
                a.copy_with(query=None) if isinstance(a, httpx.URL) and a.query else a
                for a in record.args
            )
        return True


def _install_log_redaction() -> None:
    logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactQueries) for f in logger.filters):
        logger.addFilter(_RedactQueries())


_install_log_redaction()
