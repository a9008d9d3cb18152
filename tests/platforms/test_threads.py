from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.platforms import adapter_for, new_pkce_pair
from integrations.platforms.base import AUTH, Connection, MediaItem, PlatformError, PostContent
from tests.fakes.platform_server import THREADS, THREADS_USER, PlatformServer
from tests.platforms.helpers import REDIRECT, connection, image

threads = adapter_for("THREADS")


async def test_connect_exchanges_for_a_long_lived_token(platform_server: PlatformServer) -> None:
    _, challenge = new_pkce_pair()
    authorization = await threads.begin("t-state", REDIRECT, challenge)
    query = parse_qs(urlsplit(authorization.url).query)
    assert urlsplit(authorization.url).path == "/oauth/authorize"
    assert query["state"] == ["t-state"]
    assert query["scope"] == ["threads_basic,threads_content_publish,threads_manage_insights"]
    callback = platform_server.approve(authorization.url)
    tokens = await threads.exchange_code(callback["code"], REDIRECT, "unused")
    assert tokens.access_token.startswith("threads-access-")
    assert tokens.expires_at is not None
    profile = await threads.fetch_profile(Connection("", tokens.access_token))
    assert profile.account_id == THREADS_USER["id"]
    assert profile.handle == "@ezre.threads"
    assert profile.limits["publishing_quota_total"] == 250


async def test_refresh_returns_a_new_token(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(THREADS)
    tokens = await threads.refresh(connection(grant))
    assert tokens.access_token != grant.access_token
    assert tokens.expires_at is not None
    platform_server.expire(tokens.access_token)
    with pytest.raises(PlatformError) as caught:
        await threads.refresh(connection(grant).__class__("", tokens.access_token))
    assert caught.value.kind == AUTH


async def test_publish_text_image_and_carousel(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(THREADS)
    conn = connection(grant)
    text = await threads.publish(conn, PostContent(text="Hello Threads"))
    await threads.publish(conn, PostContent(text="Pic", media=[image(platform_server)]))
    second = MediaItem(platform_server.media_url("photo.png"), "image/png")
    await threads.publish(conn, PostContent(text="Pair", media=[image(platform_server), second]))
    posts = platform_server.posts(THREADS)
    assert [p.text for p in posts] == ["Hello Threads", "Pic", "Pair"]
    assert [p.body["media_type"] for p in posts] == ["TEXT", "IMAGE", "CAROUSEL"]
    assert [len(p.media) for p in posts] == [0, 1, 2]
    assert text.post_id == posts[0].id
    assert text.url.startswith("https://www.threads.net/@ezre.threads/post/")
    assert all(p.token == grant.access_token for p in posts)


async def test_metrics(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(THREADS))
    ref = await threads.publish(conn, PostContent(text="Count"))
    assert await threads.fetch_metrics(conn, ref.post_id) == {
        "views": 40,
        "likes": 6,
        "replies": 2,
        "reposts": 1,
        "quotes": 0,
    }
