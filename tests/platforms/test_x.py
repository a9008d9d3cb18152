from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.platforms import adapter_for, new_pkce_pair
from integrations.platforms.base import AUTH, REJECTED, MediaItem, PlatformError, PostContent
from tests.fakes.platform_server import X_USER, PlatformServer, X
from tests.platforms.helpers import REDIRECT, connection, image

x = adapter_for("X")


async def test_authorize_url_has_pkce_state_and_scopes(platform_server: PlatformServer) -> None:
    _, challenge = new_pkce_pair()
    authorization = await x.begin("st-9", REDIRECT, challenge)
    parts = urlsplit(authorization.url)
    query = parse_qs(parts.query)
    assert parts.path == "/i/oauth2/authorize"
    assert query["code_challenge"] == [challenge]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == ["st-9"]
    assert query["redirect_uri"] == [REDIRECT]
    assert set(query["scope"][0].split(" ")) >= {"tweet.write", "offline.access", "media.write"}


async def test_code_exchange_then_rotating_refresh(platform_server: PlatformServer) -> None:
    verifier, challenge = new_pkce_pair()
    callback = platform_server.approve((await x.begin("s", REDIRECT, challenge)).url)
    tokens = await x.exchange_code(callback["code"], REDIRECT, verifier)
    assert tokens.refresh_token
    assert tokens.expires_at is not None
    assert "tweet.write" in tokens.scopes

    conn = connection(platform_server.grant(X))
    conn = conn.__class__(**{**conn.__dict__, "refresh_token": tokens.refresh_token})
    refreshed = await x.refresh(conn)
    assert refreshed.refresh_token not in (None, tokens.refresh_token)  # X rotates it
    assert refreshed.access_token != tokens.access_token
    # The old refresh token is spent: using it again is a dead grant, not rejected content.
    with pytest.raises(PlatformError) as caught:
        await x.refresh(conn)
    assert caught.value.kind == AUTH


async def test_a_refresh_answer_without_refresh_token_keeps_the_old_one(
    platform_server: PlatformServer,
) -> None:
    grant = platform_server.grant(X)
    platform_server.omit_refresh_token(X)
    refreshed = await x.refresh(connection(grant))
    assert refreshed.refresh_token == grant.refresh_token
    assert refreshed.access_token != grant.access_token


async def test_wrong_verifier_is_refused(platform_server: PlatformServer) -> None:
    _, challenge = new_pkce_pair()
    callback = platform_server.approve((await x.begin("s", REDIRECT, challenge)).url)
    with pytest.raises(PlatformError) as caught:
        await x.exchange_code(callback["code"], REDIRECT, new_pkce_pair()[0])
    assert caught.value.kind == REJECTED
    assert "authorization code was invalid" in str(caught.value)


async def test_profile(platform_server: PlatformServer) -> None:
    profile = await x.fetch_profile(connection(platform_server.grant(X)))
    assert profile.account_id == X_USER["id"]
    assert profile.name == "Ezre Test"
    assert profile.handle == "@ezre_test"
    assert profile.avatar_url.startswith("https://pbs.twimg.com/")


async def test_publish_text(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(X)
    ref = await x.publish(connection(grant), PostContent(text="Hello from Ezre"))
    (post,) = platform_server.posts(X)
    assert post.id == ref.post_id
    assert ref.url == f"https://x.com/i/web/status/{ref.post_id}"
    assert post.text == "Hello from Ezre"
    assert post.token == grant.access_token
    assert post.media == []


async def test_publish_images_with_alt_text(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(X))
    second = MediaItem(platform_server.media_url("photo.png"), "image/png")
    await x.publish(conn, PostContent(text="Two", media=[image(platform_server), second]))
    (post,) = platform_server.posts(X)
    assert [m.alt_text for m in post.media] == ["A cup of coffee", ""]
    assert all(m.size > 0 and m.mime_type == "image/png" for m in post.media)
    assert len(platform_server.calls(X, "media_metadata")) == 1


async def test_video_is_refused_before_anything_is_sent(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(X))
    clip = MediaItem(platform_server.media_url("clip.mp4"), "video/mp4")
    with pytest.raises(PlatformError) as caught:
        await x.publish(conn, PostContent(text="Video", media=[clip]))
    assert caught.value.kind == REJECTED
    assert platform_server.calls(X) == []


async def test_duplicate_post_is_rejected_not_auth(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(X))
    await x.publish(conn, PostContent(text="Same words"))
    with pytest.raises(PlatformError) as caught:
        await x.publish(conn, PostContent(text="Same words"))
    assert caught.value.kind == REJECTED
    assert caught.value.status == 403
    assert "duplicate content" in str(caught.value)


async def test_metrics(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(X))
    ref = await x.publish(conn, PostContent(text="Count"))
    assert await x.fetch_metrics(conn, ref.post_id) == {
        "likes": 5,
        "reposts": 2,
        "replies": 3,
        "quotes": 1,
        "impressions": 120,
        "bookmarks": 0,
    }


async def test_revoke_ends_both_tokens(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(X))
    await x.revoke(conn)
    assert len(platform_server.calls(X, "revoke")) == 2
    with pytest.raises(PlatformError) as caught:
        await x.fetch_profile(conn)
    assert caught.value.kind == AUTH
    with pytest.raises(PlatformError) as caught:
        await x.refresh(conn)
    assert caught.value.kind == AUTH
