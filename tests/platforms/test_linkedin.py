from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.platforms import adapter_for, new_pkce_pair
from integrations.platforms.base import AUTH, REJECTED, MediaItem, PlatformError, PostContent
from tests.fakes.platform_server import LINKEDIN, LINKEDIN_SUB, PlatformServer
from tests.platforms.helpers import REDIRECT, connection, image

linkedin = adapter_for("LINKEDIN")


async def test_connect(platform_server: PlatformServer) -> None:
    _, challenge = new_pkce_pair()
    authorization = await linkedin.begin("li-state", REDIRECT, challenge)
    query = parse_qs(urlsplit(authorization.url).query)
    assert urlsplit(authorization.url).path == "/oauth/v2/authorization"
    assert query["state"] == ["li-state"]
    assert query["scope"] == ["openid profile w_member_social"]
    assert "code_challenge" not in query  # LinkedIn web apps take no PKCE
    callback = platform_server.approve(authorization.url)
    tokens = await linkedin.exchange_code(callback["code"], REDIRECT, "unused-verifier")
    assert tokens.refresh_token
    assert tokens.scopes == ["openid", "profile", "w_member_social"]
    assert tokens.expires_at is not None
    profile = await linkedin.fetch_profile(
        connection(platform_server.grant(LINKEDIN)).__class__("", tokens.access_token)
    )
    assert (profile.account_id, profile.name) == (LINKEDIN_SUB, "Ada Ezre")


async def test_refresh_without_refresh_token_in_the_answer_keeps_the_old_one(
    platform_server: PlatformServer,
) -> None:
    grant = platform_server.grant(LINKEDIN)
    platform_server.omit_refresh_token(LINKEDIN)
    tokens = await linkedin.refresh(connection(grant))
    assert tokens.refresh_token == grant.refresh_token
    assert tokens.access_token != grant.access_token


async def test_refresh_with_a_dead_refresh_token_is_auth(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(LINKEDIN)
    platform_server.expire(grant.refresh_token or "")
    with pytest.raises(PlatformError) as caught:
        await linkedin.refresh(connection(grant))
    assert caught.value.kind == AUTH


async def test_publish_text_is_escaped_little_text(platform_server: PlatformServer) -> None:
    grant = platform_server.grant(LINKEDIN)
    ref = await linkedin.publish(connection(grant), PostContent(text="Beans (fresh) #coffee @home"))
    (post,) = platform_server.posts(LINKEDIN)
    assert ref.post_id == post.id
    assert post.id.startswith("urn:li:share:")
    assert ref.url == f"https://www.linkedin.com/feed/update/{post.id}/"
    assert post.text == r"Beans \(fresh\) #coffee \@home"
    assert post.body["author"] == f"urn:li:person:{LINKEDIN_SUB}"
    assert post.token == grant.access_token
    call = platform_server.calls(LINKEDIN, "publish")[0]
    assert call.headers["linkedin-version"].isdigit()


async def test_publish_one_and_several_images(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(LINKEDIN))
    await linkedin.publish(conn, PostContent(text="One", media=[image(platform_server)]))
    second = MediaItem(platform_server.media_url("photo.png"), "image/png", "Beans")
    await linkedin.publish(conn, PostContent(text="Two", media=[image(platform_server), second]))
    one, two = platform_server.posts(LINKEDIN)
    assert "media" in one.body["content"]
    assert [m.alt_text for m in one.media] == ["A cup of coffee"]
    assert [m.alt_text for m in two.media] == ["A cup of coffee", "Beans"]
    assert all(m.size > 0 and m.mime_type == "image/png" for m in one.media + two.media)


async def test_revoked_token_with_service_error_code_is_auth(
    platform_server: PlatformServer,
) -> None:
    conn = connection(platform_server.grant(LINKEDIN))
    platform_server.fail(
        LINKEDIN,
        "publish",
        400,
        body={"status": 400, "serviceErrorCode": 65601, "message": "The token has been revoked"},
    )
    with pytest.raises(PlatformError) as caught:
        await linkedin.publish(conn, PostContent(text="x"))
    assert (caught.value.kind, caught.value.code) == (AUTH, "65601")


async def test_video_is_refused(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(LINKEDIN))
    clip = MediaItem(platform_server.media_url("clip.mp4"), "video/mp4")
    with pytest.raises(PlatformError) as caught:
        await linkedin.publish(conn, PostContent(text="v", media=[clip]))
    assert caught.value.kind == REJECTED
    assert platform_server.calls(LINKEDIN) == []


async def test_revoke(platform_server: PlatformServer) -> None:
    conn = connection(platform_server.grant(LINKEDIN))
    await linkedin.revoke(conn)
    with pytest.raises(PlatformError) as caught:
        await linkedin.fetch_profile(conn)
    assert caught.value.kind == AUTH
