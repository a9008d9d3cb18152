from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.platforms import adapter_for, new_pkce_pair
from integrations.platforms.base import AUTH, REJECTED, TRANSIENT, PlatformError, PostContent
from integrations.platforms.oauth import pkce_challenge
from tests.fakes.platform_server import MASTODON, MASTODON_ACCOUNT, PlatformServer
from tests.platforms.helpers import REDIRECT, connection, image

mastodon = adapter_for("MASTODON")


async def test_connect_registers_an_app_and_exchanges_the_code_with_pkce(
    platform_server: PlatformServer,
) -> None:
    verifier, challenge = new_pkce_pair()
    authorization = await mastodon.begin("state-1", REDIRECT, challenge, platform_server.url + "/")

    query = parse_qs(urlsplit(authorization.url).query)
    assert authorization.url.startswith(platform_server.url + "/oauth/authorize?")
    assert query["code_challenge"] == [challenge]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == ["state-1"]
    assert query["scope"] == ["read write"]
    assert query["client_id"] == [authorization.keep["client_id"]]
    assert authorization.keep["client_secret"]
    registration = platform_server.calls(MASTODON, "apps")[0]
    assert registration.method == "POST"

    callback = platform_server.approve(authorization.url)
    assert callback["state"] == "state-1"
    tokens = await mastodon.exchange_code(
        callback["code"], REDIRECT, verifier, platform_server.url, authorization.keep
    )
    assert tokens.access_token
    assert tokens.refresh_token is None
    assert tokens.expires_at is None
    assert tokens.scopes == ["read", "write"]


async def test_a_wrong_code_verifier_is_refused(platform_server: PlatformServer) -> None:
    _, challenge = new_pkce_pair()
    authorization = await mastodon.begin("s", REDIRECT, challenge, platform_server.url)
    callback = platform_server.approve(authorization.url)
    with pytest.raises(PlatformError) as caught:
        await mastodon.exchange_code(
            callback["code"], REDIRECT, "x" * 64, platform_server.url, authorization.keep
        )
    assert caught.value.kind == REJECTED
    assert caught.value.code == "invalid_grant"
    assert pkce_challenge("x" * 64) != challenge


async def test_profile_reads_the_instance_limits(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(MASTODON)
    profile = await mastodon.fetch_profile(connection(grant))
    assert profile.account_id == MASTODON_ACCOUNT["id"]
    assert profile.name == "Ezre"
    assert profile.handle == "@ezre@127.0.0.1"
    assert profile.avatar_url.endswith("ezre.png")
    assert profile.limits["max_characters"] == 500
    assert profile.limits["max_media_attachments"] == 4
    assert profile.limits["characters_reserved_per_url"] == 23
    assert profile.limits["image_size_limit"] == 16777216


async def test_refresh_keeps_the_token(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(MASTODON)
    tokens = await mastodon.refresh(connection(grant))
    assert tokens.access_token == grant.access_token
    assert platform_server.calls(MASTODON) == []


async def test_publish_text_with_idempotency_key(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(MASTODON)
    ref = await mastodon.publish(
        connection(grant), PostContent(text="Fresh coffee today", idempotency_key="occ-1")
    )
    (post,) = platform_server.posts(MASTODON)
    assert (post.id, post.url) == (ref.post_id, ref.url)
    assert post.text == "Fresh coffee today"
    assert post.idempotency_key == "occ-1"
    assert post.token == grant.access_token


async def test_publishing_again_with_the_same_key_returns_the_same_status(
    platform_server: PlatformServer,
) -> None:
    conn = connection(platform_server.grant(MASTODON))
    content = PostContent(text="Only once", idempotency_key="occ-2")
    first = await mastodon.publish(conn, content)
    second = await mastodon.publish(conn, content)
    assert second == first
    assert len(platform_server.posts(MASTODON)) == 1
    third = await mastodon.publish(conn, PostContent(text="Only once", idempotency_key="occ-3"))
    assert third.post_id != first.post_id
    assert mastodon.idempotent_publish is True
    assert await mastodon.find_post(conn, "occ-2") is None


async def test_publish_image_with_alt_text(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(MASTODON))
    await mastodon.publish(conn, PostContent(text="Look", media=[image(platform_server)]))
    (post,) = platform_server.posts(MASTODON)
    (media,) = post.media
    assert media.mime_type == "image/png"
    assert media.alt_text == "A cup of coffee"
    assert media.size > 0
    assert platform_server.calls(MASTODON, "media_status") == []


async def test_video_is_polled_until_processed(platform_server: PlatformServer) -> None:
    platform_server.processing(2)
    conn = connection(platform_server.grant(MASTODON))
    clip = platform_server.media_url("clip.mp4")
    from integrations.platforms.base import MediaItem

    await mastodon.publish(
        conn, PostContent(text="Watch", media=[MediaItem(clip, "video/mp4", "Steam")])
    )
    assert len(platform_server.calls(MASTODON, "media_status")) == 3
    (post,) = platform_server.posts(MASTODON)
    assert post.media[0].mime_type == "video/mp4"


async def test_processing_that_never_ends_is_transient(
    platform_server: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.settings import get_settings

    monkeypatch.setattr(get_settings(), "platform_processing_timeout_seconds", 0.1)
    platform_server.processing(10_000)
    conn = connection(platform_server.grant(MASTODON))
    from integrations.platforms.base import MediaItem

    item = MediaItem(platform_server.media_url("clip.mp4"), "video/mp4")
    with pytest.raises(PlatformError) as caught:
        await mastodon.publish(conn, PostContent(text="Watch", media=[item]))
    assert caught.value.kind == TRANSIENT
    assert platform_server.posts(MASTODON) == []


async def test_metrics(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(MASTODON))
    ref = await mastodon.publish(conn, PostContent(text="Count me"))
    assert await mastodon.fetch_metrics(conn, ref.post_id) == {
        "replies": 3,
        "reposts": 4,
        "likes": 8,
    }


async def test_revoke_ends_the_token(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(MASTODON))
    await mastodon.revoke(conn)
    with pytest.raises(PlatformError) as caught:
        await mastodon.fetch_profile(conn)
    assert caught.value.kind == AUTH


async def test_rejected_status_carries_mastodons_message(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(MASTODON))
    with pytest.raises(PlatformError) as caught:
        await mastodon.publish(conn, PostContent(text="x" * 501))
    assert caught.value.kind == REJECTED
    assert str(caught.value) == "Validation failed: Text character limit of 500 exceeded"
    assert caught.value.status == 422
