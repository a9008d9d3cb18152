"""WEBHOOK: POST the post as JSON to a URL the organization set, signed with HMAC-SHA256.

The body is signed together with a timestamp (`X-Ezre-Timestamp`), so a receiver can refuse
replays: `X-Ezre-Signature: sha256=<hex hmac(secret, "<timestamp>.<body>")>`.
`X-Ezre-Idempotency-Key` is stable per occurrence: a receiver that drops repeats of a key
makes a retried delivery harmless, which is why `idempotent_publish` is True.
The destination answers 2xx, optionally with JSON `{"id": ..., "url": ...}` for the post.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from app.settings import get_settings
from integrations.platforms.base import (
    Connection,
    PostContent,
    Profile,
    PublishedRef,
    Tokens,
)
from integrations.platforms.http import ErrorShape, body_of, client, send
from integrations.platforms.netguard import require_public_url
from integrations.platforms.oauth import CredentialsFlow, same_tokens

PLATFORM = "WEBHOOK"
SHAPE = ErrorShape(
    message=lambda body: (
        (body.get("error") or body.get("message")) if isinstance(body, dict) else None
    )
)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def payload(connection: Connection, content: PostContent) -> dict[str, Any]:
    return {
        "type": "post.publish",
        "idempotencyKey": content.idempotency_key,
        "text": content.text,
        "media": [
            {"url": m.url, "mimeType": m.mime_type, "altText": m.alt_text} for m in content.media
        ],
        "destination": connection.account_id,
    }


class WebhookAdapter(CredentialsFlow):
    platform = PLATFORM
    idempotent_publish = True

    async def connect_with_credentials(
        self, identifier: str, secret: str, instance_url: str = ""
    ) -> Tokens:
        return Tokens(access_token="")

    async def refresh(self, connection: Connection) -> Tokens:
        return same_tokens(connection)

    async def fetch_profile(self, connection: Connection) -> Profile:
        return Profile(account_id=connection.instance_url, name=connection.instance_url)

    async def publish(self, connection: Connection, content: PostContent) -> PublishedRef:
        url = connection.instance_url
        await require_public_url(
            url,
            what="webhook URL",
            allow_private=get_settings().webhook_allow_private_networks,
        )
        body = json.dumps(payload(connection, content), separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "X-Ezre-Timestamp": timestamp,
            "X-Ezre-Signature": signature(connection.secret, timestamp, body),
            "X-Ezre-Idempotency-Key": content.idempotency_key,
        }
        async with client() as http:
            response = await send(
                http, "POST", url, platform=PLATFORM, shape=SHAPE, content=body, headers=headers
            )
        answer = body_of(response)
        answer = answer if isinstance(answer, dict) else {}
        post_id = str(answer.get("id") or content.idempotency_key)
        return PublishedRef(post_id=post_id, url=str(answer.get("url") or ""))

    async def find_post(self, connection: Connection, idempotency_key: str) -> PublishedRef | None:
        return None  # re-delivery with the same key is the recovery path

    async def fetch_metrics(self, connection: Connection, post_id: str) -> dict[str, int]:
        return {}

    async def revoke(self, connection: Connection) -> None:
        return None
