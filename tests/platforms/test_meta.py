from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.platforms import adapter_for, new_pkce_pair
from integrations.platforms.base import (
    AUTH,
    REJECTED,
    TRANSIENT,
    Connection,
    MediaItem,
    PlatformError,
    PostContent,
)
from tests.fakes.platform_server import (
    FACEBOOK,
    FB_PAGE,
    IG_ACCOUNT,
    INSTAGRAM,
    PlatformServer,
)
from tests.platforms.helpers import REDIRECT, connection, image

facebook = adapter_for("FACEBOOK")
instagram = adapter_for("INSTAGRAM")


@pytest.mark.parametrize("platform", [FACEBOOK, INSTAGRAM])
async def test_connect_ends_with_a_page_token(
    platform_server: PlatformServer, platform: str
) -> None:
    adapter = adapter_for(platform)
    _, challenge = new_pkce_pair()
    authorization = await adapter.begin("m-state", REDIRECT, challenge)
    parts = urlsplit(authorization.url)
    query = parse_qs(parts.query)
    assert parts.path == "/v24.0/dialog/oauth"
    assert query["state"] == ["m-state"]
    assert "pages_show_list" in query["scope"][0].split(",")
    callback = platform_server.approve(authorization.url)
    tokens = await adapter.exchange_code(callback["code"], REDIRECT, "unused")
    assert tokens.access_token.startswith("meta-page-")
    assert tokens.refresh_token and tokens.refresh_token.startswith("meta-user-")
    assert tokens.expires_at is None
    profile = await adapter.fetch_profile(Connection("", tokens.access_token))
    if platform == FACEBOOK:
        assert (profile.account_id, profile.name) == (FB_PAGE["id"], "Ezre Coffee")
        assert profile.avatar_url
    else:
        assert profile.account_id == IG_ACCOUNT["id"]
        assert profile.handle == "@ezre.coffee"
        assert profile.limits == {
            "publishing_quota_total": 100,
            "publishing_quota_window_seconds": 86400,
        }
    # Every Graph call proved the app secret.
    assert all(
        "appsecret_proof" in c.query for c in platform_server.calls() if "access_token" in c.query
    )


async def test_refresh_keeps_page_tokens(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(FACEBOOK)
    tokens = await facebook.refresh(connection(grant))
    assert (tokens.access_token, tokens.refresh_token) == (grant.access_token, grant.refresh_token)


async def test_facebook_text_photo_and_album(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(FACEBOOK)
    conn = connection(grant)
    text = await facebook.publish(conn, PostContent(text="Open at 8"))
    photo = await facebook.publish(conn, PostContent(text="Latte", media=[image(platform_server)]))
    second = MediaItem(platform_server.media_url("photo.png"), "image/png")
    album = await facebook.publish(
        conn, PostContent(text="Two", media=[image(platform_server), second])
    )
    posts = platform_server.posts(FACEBOOK)
    assert [p.text for p in posts] == ["Open at 8", "Latte", "Two"]
    assert [p.id for p in posts] == [text.post_id, photo.post_id, album.post_id]
    assert text.url.startswith("https://www.facebook.com/")
    assert [len(p.media) for p in posts] == [0, 1, 2]
    assert posts[2].media[1].source_url.endswith("/media/photo.png")
    assert all(p.token == grant.access_token for p in posts)


async def test_facebook_video_permalink_is_absolute(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(FACEBOOK))
    clip = MediaItem(platform_server.media_url("clip.mp4"), "video/mp4")
    ref = await facebook.publish(conn, PostContent(text="Steam", media=[clip]))
    assert ref.url == f"https://www.facebook.com/{FB_PAGE['id']}/videos/{ref.post_id}/"


async def test_facebook_metrics(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(FACEBOOK))
    ref = await facebook.publish(conn, PostContent(text="Count"))
    assert await facebook.fetch_metrics(conn, ref.post_id) == {
        "likes": 7,
        "replies": 2,
        "reposts": 1,
    }


async def test_expired_token_sent_as_400_is_auth(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(FACEBOOK)
    platform_server.expire(grant.access_token)
    with pytest.raises(PlatformError) as caught:
        await facebook.publish(connection(grant), PostContent(text="x"))
    assert caught.value.kind == AUTH
    assert caught.value.code == "190/460"


async def test_instagram_image_waits_for_the_container(platform_server: PlatformServer) -> None:
    platform_server.processing(2)
    grant = platform_server.grant(INSTAGRAM)
    ref = await instagram.publish(
        connection(grant), PostContent(text="Morning", media=[image(platform_server)])
    )
    (post,) = platform_server.posts(INSTAGRAM)
    assert (post.id, post.text) == (ref.post_id, "Morning")
    assert ref.url.startswith("https://www.instagram.com/p/")
    assert len(platform_server.calls(INSTAGRAM, "status")) == 3
    assert post.media[0].source_url.endswith("/media/image.png")


async def test_instagram_carousel_and_reel(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(INSTAGRAM))
    second = MediaItem(platform_server.media_url("photo.png"), "image/png")
    await instagram.publish(conn, PostContent(text="Both", media=[image(platform_server), second]))
    clip = MediaItem(platform_server.media_url("clip.mp4"), "video/mp4")
    await instagram.publish(conn, PostContent(text="Reel", media=[clip]))
    carousel, reel = platform_server.posts(INSTAGRAM)
    assert carousel.body["media_type"] == "CAROUSEL"
    assert len(carousel.media) == 2
    assert reel.body["media_type"] == "REELS"


async def test_instagram_media_the_platform_cannot_fetch_is_transient(
    platform_server: PlatformServer,
) -> None:
    conn = connection(platform_server.grant(INSTAGRAM))
    missing = MediaItem(platform_server.media_url("gone.png"), "image/png")
    with pytest.raises(PlatformError) as caught:
        await instagram.publish(conn, PostContent(text="x", media=[missing]))
    assert caught.value.kind == TRANSIENT
    assert "Media download has failed" in str(caught.value)
    assert platform_server.posts(INSTAGRAM) == []


async def test_instagram_needs_media(platform_server: PlatformServer) -> None:
    with pytest.raises(PlatformError) as caught:
        await instagram.publish(
            connection(platform_server.grant(INSTAGRAM)), PostContent(text="text only")
        )
    assert caught.value.kind == REJECTED


async def test_instagram_metrics(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(INSTAGRAM))
    ref = await instagram.publish(conn, PostContent(text="x", media=[image(platform_server)]))
    assert await instagram.fetch_metrics(conn, ref.post_id) == {"likes": 11, "replies": 4}


async def test_revoke_uses_the_user_token(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(FACEBOOK)
    await facebook.revoke(connection(grant))
    (call,) = platform_server.calls(endpoint="revoke")
    assert call.method == "DELETE"
    assert call.query["access_token"] == grant.refresh_token
