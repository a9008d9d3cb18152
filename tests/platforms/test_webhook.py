from __future__ import annotations

import hashlib
import hmac

import pytest

from integrations.platforms import adapter_for
from integrations.platforms.base import AUTH, Connection, MediaItem, PlatformError, PostContent
from integrations.platforms.webhook import signature
from tests.fakes.platform_server import WEBHOOK, PlatformServer

webhook = adapter_for("WEBHOOK")


def hook(server: PlatformServer, secret: str = "whsec-test-1") -> Connection:
    url = server.webhook("orders", secret)
    return Connection(account_id=url, access_token="", instance_url=url, secret=secret)


async def test_delivery_is_signed_and_verified_by_the_receiver(
    platform_server: PlatformServer,
) -> None:
    item = MediaItem(platform_server.media_url(), "image/png", "Cup")
    ref = await webhook.publish(
        hook(platform_server), PostContent(text="New menu", media=[item], idempotency_key="o-1")
    )
    (post,) = platform_server.posts(WEBHOOK)
    assert (post.id, post.url) == (ref.post_id, ref.url)
    assert post.text == "New menu"
    assert post.idempotency_key == "o-1"
    assert post.media[0].source_url == item.url
    call = platform_server.calls(WEBHOOK)[0]
    timestamp = call.headers["x-ezre-timestamp"]
    assert call.headers["x-ezre-signature"].startswith("sha256=")
    assert timestamp.isdigit()


async def test_wrong_secret_is_refused_by_the_receiver(platform_server: PlatformServer) -> None:
    conn = hook(platform_server)
    platform_server.webhook("orders", "another-secret")
    with pytest.raises(PlatformError) as caught:
        await webhook.publish(conn, PostContent(text="x"))
    assert caught.value.kind == AUTH
    assert str(caught.value) == "Invalid signature"
    assert platform_server.posts(WEBHOOK) == []


async def test_redelivery_with_the_same_key_is_one_post(platform_server: PlatformServer) -> None:
    conn = hook(platform_server)
    first = await webhook.publish(conn, PostContent(text="x", idempotency_key="o-2"))
    second = await webhook.publish(conn, PostContent(text="x", idempotency_key="o-2"))
    assert first == second
    assert len(platform_server.posts(WEBHOOK)) == 1
    assert len(platform_server.calls(WEBHOOK)) == 2


def test_signature_covers_timestamp_and_body() -> None:
    expected = hmac.new(b"k", b"123.{}", hashlib.sha256).hexdigest()
    assert signature("k", "123", b"{}") == f"sha256={expected}"
    assert signature("k", "124", b"{}") != signature("k", "123", b"{}")
