"""One table of failures, every adapter: how platform answers become PlatformError kinds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from integrations.platforms import adapter_for
from integrations.platforms.base import AUTH, REJECTED, TRANSIENT, PlatformError, PostContent
from tests.fakes.platform_server import (
    BLUESKY,
    FACEBOOK,
    INSTAGRAM,
    LINKEDIN,
    MASTODON,
    THREADS,
    WEBHOOK,
    PlatformServer,
    X,
)
from tests.platforms.helpers import connection, image

PUBLISHERS = [X, LINKEDIN, FACEBOOK, INSTAGRAM, THREADS, BLUESKY, MASTODON]
# What each platform says when it refuses a post (the fake speaks their real error bodies).
REFUSALS = {
    X: "You are not allowed to create a Tweet with duplicate content.",
    LINKEDIN: "ERROR :: /commentary :: Content is a duplicate of urn:li:share:7000000000000000001",
    FACEBOOK: "(#506) Duplicate status message",
    INSTAGRAM: "The submitted image with aspect ratio ('0.25') cannot be published. "
    "Please submit an image with a valid aspect ratio.",
    THREADS: "The post contains a link that is not allowed.",
    BLUESKY: "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes",
    MASTODON: "Validation failed: Text character limit of 500 exceeded",
}


def publisher(server: PlatformServer, platform: str) -> Callable[[], Awaitable[object]]:
    adapter = adapter_for(platform)
    grant = server.grant(platform)
    media = [image(server)] if platform == INSTAGRAM else []
    content = PostContent(text="Coffee o'clock", media=media, idempotency_key="k-1")
    return lambda: adapter.publish(connection(grant), content)


async def failure(call: Callable[[], Awaitable[object]]) -> PlatformError:
    with pytest.raises(PlatformError) as caught:
        await call()
    return caught.value


@pytest.mark.parametrize("platform", PUBLISHERS)
async def test_401_is_auth(platform_server: PlatformServer, platform: str) -> None:
    platform_server.fail(platform, "publish", 401)
    error = await failure(publisher(platform_server, platform))
    assert error.kind == AUTH
    assert error.status == 401
    assert platform_server.posts(platform) == []


@pytest.mark.parametrize("platform", PUBLISHERS)
async def test_429_is_transient_with_retry_after(
    platform_server: PlatformServer, platform: str
) -> None:
    platform_server.fail(platform, "publish", 429, retry_after=7)
    error = await failure(publisher(platform_server, platform))
    assert error.kind == TRANSIENT
    assert error.retry_after == 7
    # The next attempt goes through.
    await publisher(platform_server, platform)()
    assert len(platform_server.posts(platform)) == 1


@pytest.mark.parametrize("platform", PUBLISHERS)
async def test_500_is_transient_without_a_rate_limit_wait(
    platform_server: PlatformServer, platform: str
) -> None:
    """X, Mastodon and Bluesky send their rate-limit window on every answer: a server error
    is retried with our backoff, not held until the window resets."""
    platform_server.fail(platform, "publish", 500)
    error = await failure(publisher(platform_server, platform))
    assert error.kind == TRANSIENT
    assert error.retry_after is None


async def test_429_without_retry_after_waits_for_the_window_reset(
    platform_server: PlatformServer,
) -> None:
    platform_server.fail(X, "publish", 429)
    error = await failure(publisher(platform_server, X))
    assert error.kind == TRANSIENT
    assert error.retry_after is not None
    assert 890 <= error.retry_after <= 900


@pytest.mark.parametrize("platform", PUBLISHERS)
async def test_refused_post_is_rejected_with_the_platforms_message(
    platform_server: PlatformServer, platform: str
) -> None:
    platform_server.reject(platform)
    error = await failure(publisher(platform_server, platform))
    assert error.kind == REJECTED
    assert str(error) == REFUSALS[platform]
    assert platform_server.posts(platform) == []


async def test_webhook_refusal_and_outage(platform_server: PlatformServer) -> None:
    from integrations.platforms.base import Connection

    url = platform_server.webhook("hook", "whsec-1")
    conn = Connection(account_id="hook", access_token="", instance_url=url, secret="whsec-1")
    webhook = adapter_for(WEBHOOK)
    platform_server.reject(WEBHOOK, "Channel archived")
    error = await failure(lambda: webhook.publish(conn, PostContent(text="t")))
    assert (error.kind, str(error)) == (REJECTED, "Channel archived")
    platform_server.fail(WEBHOOK, "webhook", 503, retry_after=30)
    error = await failure(lambda: webhook.publish(conn, PostContent(text="t")))
    assert (error.kind, error.retry_after) == (TRANSIENT, 30)


@pytest.mark.parametrize("platform", PUBLISHERS)
async def test_tokens_never_appear_in_error_messages(
    platform_server: PlatformServer, platform: str
) -> None:
    """Even when a proxy in front of the platform echoes the whole request back."""
    grant = platform_server.grant(platform)
    adapter = adapter_for(platform)
    echo = "upstream failed for {url} with {body}"
    platform_server.fail(platform, "profile", 502, body=echo)
    error = await failure(lambda: adapter.fetch_profile(connection(grant)))
    assert error.kind == TRANSIENT
    assert "upstream failed" in str(error)
    assert grant.access_token not in str(error)
    platform_server.fail(platform, "publish", 400, body=echo)
    error = await failure(publisher(platform_server, platform))
    secrets = [grant.access_token, *(t for t in [grant.refresh_token] if t)]
    for grant_now in (platform_server.grant(platform),):
        secrets.append(grant_now.access_token)
    assert not any(s in str(error) for s in secrets)
    assert not any(s in repr(error.args) for s in secrets)


async def test_timeouts_are_transient(
    platform_server: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.settings import get_settings

    monkeypatch.setattr(get_settings(), "platform_http_timeout_seconds", 0.2)
    platform_server.delay(MASTODON, "publish", 1.0)
    error = await failure(publisher(platform_server, MASTODON))
    assert error.kind == TRANSIENT
    assert "did not answer in time" in str(error)
