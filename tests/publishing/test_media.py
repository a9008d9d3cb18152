"""Posts go out with their media: platforms (or our adapters) fetch each attachment through
an expiring signed link served by the API."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from app.settings import get_settings
from integrations.storage import StorageBackend, default_store
from models.content import ContentVersion
from models.media import MediaAttachment, MediaFormat, MediaKind, MediaSource
from models.media_links import signed_media_url
from models.scheduling import Occurrence, OccurrenceStatus
from tests.conftest import GraphQLClient, Services, start_live_server
from tests.content.helpers import RunWorker
from tests.fakes.openai_server import png_bytes
from tests.fakes.platform_server import PlatformServer, X
from tests.publishing.conftest import Team
from tests.publishing.helpers import approved, connect_webhook, schedule, soon
from tests.publishing.receiver import WebhookReceiver
from tests.publishing.test_platform_accounts import _connect_x


@pytest.fixture
def storage_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "files"
    monkeypatch.setattr(get_settings(), "storage_dir", root)
    monkeypatch.setattr(get_settings(), "storage_backend", "local")
    return root


async def _attach_png(version: ContentVersion, name: str, position: int = 0) -> bytes:
    data = png_bytes(name)
    key = f"{version.organization_id}/media/{name}.png"
    await default_store().put(key, data, "image/png")
    await MediaAttachment.create(
        organization_id=version.organization_id,
        version_id=version.id,
        kind=MediaKind.IMAGE,
        format=MediaFormat.PNG,
        content_type="image/png",
        filename=f"{name}.png",
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=64,
        height=48,
        alt_text=f"A picture of {name}",
        position=position,
        source=MediaSource.UPLOADED,
        storage_backend=StorageBackend.LOCAL,
        storage_key=key,
    )
    return data


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


async def test_a_signed_link_serves_its_attachment_and_nothing_else(
    gql: GraphQLClient, client: httpx.AsyncClient, team: Team, storage_dir: Path
) -> None:
    content = await approved(gql, team)
    version = content.of("WEBHOOK")[0]
    data = await _attach_png(version, "cup")
    other = await _attach_png(version, "saucer", position=1)
    cup, saucer = await MediaAttachment.filter(version_id=version.id).order_by("position")

    answer = await client.get(_path(signed_media_url(cup)))
    assert answer.status_code == 200
    assert answer.content == data
    assert answer.headers["content-type"] == "image/png"

    link = urlsplit(signed_media_url(cup))
    tampered = link.query.replace("sig=", "sig=0")
    expired = _path(signed_media_url(cup, now=0))
    elsewhere = f"/media/{saucer.id}/cup.png?{link.query}"  # cup's signature, saucer's id
    for path in (f"{link.path}?{tampered}", expired, elsewhere, link.path):
        refused = await client.get(path)
        assert refused.status_code == 404
        assert refused.content not in (data, other)


async def test_a_webhook_post_carries_signed_links_to_its_media_in_order(
    gql: GraphQLClient,
    client: httpx.AsyncClient,
    team: Team,
    receiver: WebhookReceiver,
    run_worker: RunWorker,
    storage_dir: Path,
) -> None:
    conn = await connect_webhook(gql, team.admin, team.org, receiver.url)
    content = await approved(gql, team)
    version = content.of("WEBHOOK")[0]
    first = await _attach_png(version, "cup")
    second = await _attach_png(version, "saucer", position=1)
    payload = await schedule(
        gql, team.editor, content.id, conn["platformConnection"]["id"], soon(0.2)
    )
    assert payload["userErrors"] == []
    await run_worker()
    [delivery] = receiver.created()
    media = delivery.body["media"]
    assert [m["altText"] for m in media] == ["A picture of cup", "A picture of saucer"]
    assert [m["mimeType"] for m in media] == ["image/png", "image/png"]
    fetched = [(await client.get(_path(m["url"]))).content for m in media]
    assert fetched == [first, second]


async def test_an_image_post_reaches_x_with_its_image_and_alt_text(
    gql: GraphQLClient,
    team: Team,
    services: Services,
    platform_server: PlatformServer,
    run_worker: RunWorker,
    storage_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # X takes bytes: the adapter downloads each image through its signed link from a real
    # API process sharing this storage, then uploads it to X's media endpoint.
    api = start_live_server(services, STORAGE_DIR=str(storage_dir), STORAGE_BACKEND="local")
    try:
        monkeypatch.setattr(get_settings(), "public_api_url", api.base_url)
        conn = await _connect_x(gql, team, platform_server)
        content = await approved(gql, team, channels=("X",))
        version = content.of("X")[0]
        data = await _attach_png(version, "cup")
        payload = await schedule(gql, team.editor, content.id, conn["id"], soon(0.2), channel="X")
        assert payload["userErrors"] == []
        await run_worker()
    finally:
        api.process.terminate()
        api.process.wait(10)
    [post] = platform_server.posts(X)
    [image] = post.media
    assert image.size == len(data)
    assert image.mime_type == "image/png"
    assert image.alt_text == "A picture of cup"
    [occ] = await Occurrence.all()
    assert occ.status == OccurrenceStatus.PUBLISHED


async def test_media_breaking_the_platforms_rules_after_scheduling_fails_the_post(
    gql: GraphQLClient,
    team: Team,
    platform_server: PlatformServer,
    run_worker: RunWorker,
    storage_dir: Path,
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    content = await approved(gql, team, channels=("X",))
    version = content.of("X")[0]
    payload = await schedule(gql, team.editor, content.id, conn["id"], soon(0.2), channel="X")
    assert payload["userErrors"] == []
    for n in range(5):  # X allows at most 4 images
        await _attach_png(version, f"frame{n}", position=n)
    await run_worker()
    assert platform_server.posts(X) == []
    [occ] = await Occurrence.all()
    assert occ.status == OccurrenceStatus.FAILED
    assert "at most 4 images" in occ.last_error
