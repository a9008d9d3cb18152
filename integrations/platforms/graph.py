"""What Facebook, Instagram and Threads share: Graph API errors and media containers."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx

from app.settings import get_settings
from integrations.platforms.base import AUTH, REJECTED, TRANSIENT, PlatformError
from integrations.platforms.http import ErrorShape, json_object, send

# Graph error codes: https://developers.facebook.com/docs/graph-api/guides/error-handling
AUTH_CODES = {102, 190}  # session/token invalid or expired (often sent with HTTP 400)
PERMISSION_CODES = {10} | set(range(200, 300))  # a permission was removed or never granted
RATE_CODES = {4, 9, 17, 32, 341, 613}  # app/user/page/IG limits (often HTTP 400 or 403)
TRANSIENT_CODES = {1, 2} | RATE_CODES
# Instagram subcodes Meta documents as "try again": server hiccups and media fetch timeouts.
TRANSIENT_SUBCODES = {2207001, 2207003, 2207008, 2207032, 2207053}


def _error(body: Any) -> dict[str, Any]:
    error = body.get("error") if isinstance(body, dict) else None
    return error if isinstance(error, dict) else {}


def graph_message(body: Any) -> str | None:
    error = _error(body)
    # error_user_msg is Meta's wording meant for people; message is the developer one.
    return error.get("error_user_msg") or error.get("message")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def graph_kind(status: int, body: Any) -> str | None:
    error = _error(body)
    if not error:
        return None
    code, subcode = _int(error.get("code")), _int(error.get("error_subcode"))
    if code in AUTH_CODES or code in PERMISSION_CODES:
        return AUTH
    if error.get("is_transient") or code in TRANSIENT_CODES or subcode in TRANSIENT_SUBCODES:
        return TRANSIENT
    if code is not None and 80000 <= code < 80100:  # business use case rate limits
        return TRANSIENT
    if code == 368:  # blocked for policy reasons: the content, not the token
        return REJECTED
    return None


def graph_code(body: Any) -> str | None:
    error = _error(body)
    if "code" not in error:
        return None
    subcode = error.get("error_subcode")
    return f"{error['code']}/{subcode}" if subcode else str(error["code"])


def graph_retry_after(headers: httpx.Headers) -> float | None:
    """Meta says when access comes back in X-Business-Use-Case-Usage (minutes)."""
    raw = headers.get("x-business-use-case-usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
    except ValueError:
        return None
    minutes = [
        float(entry.get("estimated_time_to_regain_access") or 0)
        for entries in (usage.values() if isinstance(usage, dict) else [])
        for entry in (entries if isinstance(entries, list) else [])
        if isinstance(entry, dict)
    ]
    return max(minutes) * 60 if minutes and max(minutes) > 0 else None


GRAPH_SHAPE = ErrorShape(
    message=graph_message, kind=graph_kind, code=graph_code, retry_after=graph_retry_after
)


async def wait_for_container(
    http: httpx.AsyncClient,
    url: str,
    params: dict[str, str],
    *,
    platform: str,
    status_field: str,
    message_field: str,
) -> None:
    """Poll a media container until Meta has fetched and processed the media.

    ERROR means Meta could not use the media (REJECTED with its message, unless it is a
    download failure, which is worth another try); EXPIRED or still processing at
    PLATFORM_PROCESSING_TIMEOUT_SECONDS is TRANSIENT: a retry builds a fresh container and
    nothing was published.
    """
    settings = get_settings()
    deadline = time.monotonic() + settings.platform_processing_timeout_seconds
    while True:
        response = await send(
            http,
            "GET",
            url,
            platform=platform,
            shape=GRAPH_SHAPE,
            params={**params, "fields": f"{status_field},{message_field}"},
        )
        body = json_object(response, platform)
        status = str(body.get(status_field) or "")
        if status in ("FINISHED", "PUBLISHED"):
            return
        if status == "ERROR":
            detail = str(body.get(message_field) or "the media could not be processed")
            download = "DOWNLOAD" in detail.upper() or any(
                str(code) in detail for code in TRANSIENT_SUBCODES
            )
            raise PlatformError(
                f"{platform} could not process the media: {detail}",
                kind=TRANSIENT if download else REJECTED,
            )
        if status == "EXPIRED":
            raise PlatformError(f"The {platform} media container expired.", kind=TRANSIENT)
        if time.monotonic() >= deadline:
            raise PlatformError(
                f"{platform} is still processing the media; try again later.", kind=TRANSIENT
            )
        await asyncio.sleep(settings.platform_poll_interval_seconds)


def quota_exhausted(limit_body: dict[str, Any]) -> tuple[int, int] | None:
    """(usage, total) when a *_publishing_limit answer says the 24 h quota is used up."""
    data = limit_body.get("data")
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return None
    usage = _int(data[0].get("quota_usage"))
    raw_config = data[0].get("config")
    config: dict[str, Any] = raw_config if isinstance(raw_config, dict) else {}
    total = _int(config.get("quota_total"))
    if usage is not None and total is not None and usage >= total:
        return usage, total
    return None


def quota_limits(limit_body: dict[str, Any]) -> dict[str, int]:
    """Profile.limits facts from a *_publishing_limit answer."""
    data = limit_body.get("data")
    if not isinstance(data, list) or not data or not isinstance(data[0], dict):
        return {}
    raw_config = data[0].get("config")
    config: dict[str, Any] = raw_config if isinstance(raw_config, dict) else {}
    limits: dict[str, int] = {}
    if (total := _int(config.get("quota_total"))) is not None:
        limits["publishing_quota_total"] = total
    if (window := _int(config.get("quota_duration"))) is not None:
        limits["publishing_quota_window_seconds"] = window
    return limits
