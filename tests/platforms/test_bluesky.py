from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from integrations.platforms import adapter_for
from integrations.platforms.base import AUTH, Connection, MediaItem, PlatformError, PostContent
from tests.fakes.platform_server import (
    BLUESKY,
    BLUESKY_DID,
    BLUESKY_HANDLE,
    BLUESKY_PASSWORD,
    PlatformServer,
)
from tests.platforms.helpers import connection, image

bluesky = adapter_for("BLUESKY")


async def test_connect_with_app_password(platform_server: PlatformServer) -> None:
    tokens = await bluesky.connect_with_credentials(f"@{BLUESKY_HANDLE}", BLUESKY_PASSWORD)
    assert tokens.refresh_token
    assert tokens.expires_at is not None
    assert timedelta(hours=1) < tokens.expires_at - datetime.now(UTC) <= timedelta(hours=2)
    profile = await bluesky.fetch_profile(Connection("", tokens.access_token))
    assert (profile.account_id, profile.handle) == (BLUESKY_DID, BLUESKY_HANDLE)
    assert profile.name == "Ezre on Bluesky"


async def test_wrong_app_password_is_auth(platform_server: PlatformServer) -> None:
    with pytest.raises(PlatformError) as caught:
        await bluesky.connect_with_credentials(BLUESKY_HANDLE, "wrong-password")
    assert caught.value.kind == AUTH
    assert str(caught.value) == "Invalid identifier or password"
    assert "wrong-password" not in repr(caught.value.args)


async def test_refresh_rotates_and_falls_back_to_the_app_password(
    platform_server: PlatformServer,
) -> None:
    grant = platform_server.grant(BLUESKY)
    conn = connection(grant)
    tokens = await bluesky.refresh(conn)
    assert tokens.refresh_token not in (None, grant.refresh_token)
    # The old refresh JWT is spent now; the stored app password opens a new session.
    again = await bluesky.refresh(conn)
    assert again.access_token
    assert len(platform_server.calls(BLUESKY, "session")) == 1
    no_password = Connection(grant.account_id, grant.access_token, grant.refresh_token)
    with pytest.raises(PlatformError) as caught:
        await bluesky.refresh(no_password)
    assert caught.value.kind == AUTH


async def test_refresh_answer_without_refresh_jwt_keeps_the_old_one(
    platform_server: PlatformServer,
) -> None:
    grant = platform_server.grant(BLUESKY)
    platform_server.omit_refresh_token(BLUESKY)
    tokens = await bluesky.refresh(connection(grant))
    assert tokens.refresh_token == grant.refresh_token


async def test_publish_text_with_facets(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(BLUESKY)
    text = "Café #coffee at https://ezre.example/menu"
    ref = await bluesky.publish(connection(grant), PostContent(text=text))
    (post,) = platform_server.posts(BLUESKY)
    assert post.id == ref.post_id
    assert ref.post_id.startswith(f"at://{BLUESKY_DID}/app.bsky.feed.post/")
    assert ref.url == f"https://bsky.app/profile/{BLUESKY_DID}/post/{ref.post_id.rsplit('/', 1)[1]}"
    facets = post.body["record"]["facets"]
    tag = next(f for f in facets if f["features"][0]["$type"].endswith("#tag"))
    encoded = text.encode()
    assert encoded[tag["index"]["byteStart"] : tag["index"]["byteEnd"]] == b"#coffee"
    assert post.token == grant.access_token


async def test_publish_images(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(BLUESKY))
    second = MediaItem(platform_server.media_url("photo.png"), "image/png")
    await bluesky.publish(conn, PostContent(text="Two", media=[image(platform_server), second]))
    (post,) = platform_server.posts(BLUESKY)
    assert [m.alt_text for m in post.media] == ["A cup of coffee", ""]
    assert post.media[0].mime_type == "image/png"


async def test_expired_access_token_is_auth(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(BLUESKY)
    platform_server.expire(grant.access_token)
    with pytest.raises(PlatformError) as caught:
        await bluesky.publish(connection(grant), PostContent(text="x"))
    assert (caught.value.kind, caught.value.code) == (AUTH, "ExpiredToken")


async def test_metrics_and_revoke(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(BLUESKY))
    ref = await bluesky.publish(conn, PostContent(text="Count"))
    assert await bluesky.fetch_metrics(conn, ref.post_id) == {
        "likes": 9,
        "reposts": 2,
        "replies": 1,
        "quotes": 0,
    }
    await bluesky.revoke(conn)
    assert len(platform_server.calls(BLUESKY, "revoke")) == 1
