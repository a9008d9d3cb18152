"""Media on content versions: attachMedia (multipart), updateMedia, removeMedia,
generateImage (a real arq job and the images API), and platform media rules at review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.settings import get_settings
from models.content import (
    Brief,
    ContentRequest,
    ContentStatus,
    ContentVersion,
    Platform,
    UsageCounter,
    VersionSource,
)
from models.media import ImageGeneration, MediaAttachment
from schema.common import encode_id
from tests.conftest import GraphQLClient, error_codes
from tests.fakes.openai_server import Reply
from tests.knowledge.conftest import Team, blobs
from tests.knowledge.helpers import (
    GENERATE_IMAGE,
    REMOVE_MEDIA,
    UPDATE_MEDIA,
    VERSION_MEDIA,
    attach,
    make_image,
    make_mp4,
)

SUBMIT = """
mutation($input: SubmitForReviewInput!) {
  submitForReview(input: $input) {
    contentRequest { id status } userErrors { field message code }
  }
}"""


async def drafted(team: Team, channels: tuple[str, ...] = ("X",)) -> list[ContentVersion]:
    """A DRAFTED request with one selected version per channel, written straight to the
    database (no AI involved)."""
    brief = await Brief.create(
        organization_id=team.org_pk,
        created_by_id=team.editor.pk,
        title="Autumn blend",
        channels=list(channels),
    )
    request = await ContentRequest.create(
        organization_id=team.org_pk,
        brief=brief,
        status=ContentStatus.DRAFTED,
        pending_channels=list(channels),
        generation_seq=1,
        created_by_id=team.editor.pk,
    )
    return [
        await ContentVersion.create(
            organization_id=team.org_pk,
            request_id=request.id,
            channel=Platform(channel),
            text="Autumn blend, roasted in house.",
            suggested_image_prompt="a paper cup of coffee on an autumn leaf",
            source=VersionSource.AI,
            is_selected=True,
            generation_seq=1,
        )
        for channel in channels
    ]


def gid(row: Any) -> str:
    return encode_id(type(row).__name__, row.pk)


async def attached(
    gql: GraphQLClient, token: str, version_id: str, data: bytes, name: str, alt: str | None = None
) -> dict[str, Any]:
    payload = await attach(gql, token, version_id, data, name, alt)
    assert payload["userErrors"] == [], payload["userErrors"]
    media: dict[str, Any] = payload["media"]
    return media


async def version_media(gql: GraphQLClient, token: str, version_id: str) -> list[dict[str, Any]]:
    data = await gql.data(VERSION_MEDIA, {"id": version_id}, token)
    media: list[dict[str, Any]] = data["node"]["media"]
    return media


@pytest.mark.parametrize(
    ("fmt", "name", "expected_format", "content_type"),
    [
        ("PNG", "photo.jpg", "PNG", "image/png"),  # the bytes decide, not the name
        ("JPEG", "photo.png", "JPEG", "image/jpeg"),
        ("GIF", "anim.gif", "GIF", "image/gif"),
        ("WEBP", "pic.webp", "WEBP", "image/webp"),
    ],
)
async def test_images_are_attached_with_their_size_read_from_the_file(
    gql: GraphQLClient,
    team: Team,
    storage_root: Path,
    fmt: str,
    name: str,
    expected_format: str,
    content_type: str,
) -> None:
    [version] = await drafted(team)
    data = make_image(fmt, (320, 180))
    media = await attached(gql, team.editor.token, gid(version), data, name, "  A cup  ")
    assert media["kind"] == "IMAGE"
    assert media["format"] == expected_format
    assert media["contentType"] == content_type
    assert (media["width"], media["height"]) == (320, 180)
    assert media["durationMs"] is None
    assert media["sizeBytes"] == len(data)
    assert media["altText"] == "A cup"
    assert media["position"] == 0
    assert media["source"] == "UPLOADED"
    assert media["storage"] == "LOCAL"
    assert media["filename"] == name
    assert media["contentVersionId"] == gid(version)
    [blob] = blobs(storage_root)
    assert blob.read_bytes() == data


async def test_an_mp4_is_accepted_as_video(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    [version] = await drafted(team)
    data = make_mp4(1280, 720, 15_500)
    media = await attached(gql, team.editor.token, gid(version), data, "clip.bin")
    assert (media["kind"], media["format"], media["contentType"]) == ("VIDEO", "MP4", "video/mp4")
    assert (media["width"], media["height"], media["durationMs"]) == (1280, 720, 15_500)
    assert blobs(storage_root)[0].suffix == ".mp4"


async def test_other_files_are_refused_and_nothing_stored(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    [version] = await drafted(team)
    for data, name in [
        (b"%PDF-1.4 not an image", "doc.png"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "broken.png"),  # a PNG signature, no image
        (bytes(4) + b"ftypabcd" + bytes(20), "odd.mp4"),  # an unknown brand
    ]:
        payload = await attach(gql, team.editor.token, gid(version), data, name)
        assert payload["media"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
            ("UNSUPPORTED_FILE_TYPE", ["file"])
        ]
    assert await MediaAttachment.all().count() == 0
    assert blobs(storage_root) == []


async def test_media_over_the_size_limit_is_refused(
    gql: GraphQLClient, team: Team, monkeypatch: pytest.MonkeyPatch, storage_root: Path
) -> None:
    monkeypatch.setattr(get_settings(), "media_max_upload_mb", 0.001)
    [version] = await drafted(team)
    big = make_image("PNG", (800, 800), (1, 2, 3))
    noisy = bytes(range(256)) * 8
    payload = await attach(gql, team.editor.token, gid(version), big + noisy, "big.png")
    assert [e["code"] for e in payload["userErrors"]] == ["FILE_TOO_LARGE"]
    assert blobs(storage_root) == []


async def test_order_alt_text_and_removal(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    [version] = await drafted(team)
    ids = []
    for i in range(3):
        media = await attached(
            gql, team.editor.token, gid(version), make_image("PNG", (10 + i, 10)), f"{i}.png"
        )
        assert media["position"] == i
        ids.append(media["id"])
    # Move the last to the front; the others shift.
    data = await gql.data(
        UPDATE_MEDIA,
        {"input": {"mediaId": ids[2], "position": 0, "altText": "The third, now first"}},
        team.editor.token,
    )
    assert data["updateMedia"]["userErrors"] == []
    assert data["updateMedia"]["media"]["position"] == 0
    listed = await version_media(gql, team.reviewer.token, gid(version))
    assert [m["id"] for m in listed] == [ids[2], ids[0], ids[1]]
    assert [m["position"] for m in listed] == [0, 1, 2]
    assert listed[0]["altText"] == "The third, now first"
    # A position past the end means last.
    await gql.data(UPDATE_MEDIA, {"input": {"mediaId": ids[2], "position": 99}}, team.editor.token)
    listed = await version_media(gql, team.reviewer.token, gid(version))
    assert [m["id"] for m in listed] == [ids[0], ids[1], ids[2]]
    assert listed[2]["altText"] == "The third, now first"  # kept when only the order changes
    bad = await gql.data(
        UPDATE_MEDIA, {"input": {"mediaId": ids[0], "position": -1}}, team.editor.token
    )
    assert [e["code"] for e in bad["updateMedia"]["userErrors"]] == ["INVALID_INPUT"]
    # Remove the middle one: its blob goes and the order closes up.
    removed = await gql.data(REMOVE_MEDIA, {"input": {"mediaId": ids[1]}}, team.editor.token)
    assert removed["removeMedia"] == {"removedMediaId": ids[1], "userErrors": []}
    listed = await version_media(gql, team.reviewer.token, gid(version))
    assert [(m["id"], m["position"]) for m in listed] == [(ids[0], 0), (ids[2], 1)]
    assert len(blobs(storage_root)) == 2
    usage = {u.metric: u.value for u in await UsageCounter.filter(organization_id=team.org_pk)}
    assert usage["media_files_uploaded"] == 3
    assert usage["storage_bytes"] == sum(m["sizeBytes"] for m in listed)


async def test_roles_and_tenancy(gql: GraphQLClient, team: Team, storage_root: Path) -> None:
    [version] = await drafted(team)
    media = await attached(gql, team.editor.token, gid(version), make_image("PNG", (8, 8)), "a.png")
    outsider = await attach(
        gql, team.outsider.token, gid(version), make_image("PNG", (8, 8)), "b.png"
    )
    assert [(e["code"], e["field"]) for e in outsider["userErrors"]] == [
        ("NOT_FOUND", ["contentVersionId"])
    ]
    from tests.knowledge.helpers import ATTACH_MEDIA, post_multipart

    response = await post_multipart(
        gql.http,
        ATTACH_MEDIA,
        {"input": {"contentVersionId": gid(version), "file": None}},
        {"variables.input.file": ("c.png", make_image("PNG", (8, 8)), "image/png")},
        team.reviewer.token,
    )
    assert error_codes(response.json()) == ["FORBIDDEN"]
    for document, name in [(UPDATE_MEDIA, "updateMedia"), (REMOVE_MEDIA, "removeMedia")]:
        data = await gql.data(document, {"input": {"mediaId": media["id"]}}, team.outsider.token)
        assert [e["code"] for e in data[name]["userErrors"]] == ["NOT_FOUND"]
        body = await gql.execute(document, {"input": {"mediaId": media["id"]}}, team.reviewer.token)
        assert error_codes(body) == ["FORBIDDEN"]
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert (await gql.data(node, {"id": media["id"]}, team.outsider.token))["node"] is None
    assert (await gql.data(node, {"id": media["id"]}, team.reviewer.token))["node"] == {
        "id": media["id"]
    }
    assert await MediaAttachment.all().count() == 1
    assert len(blobs(storage_root)) == 1


async def test_generate_image_stores_generated_media(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any, storage_root: Path
) -> None:
    [version] = await drafted(team)
    await attached(gql, team.editor.token, gid(version), make_image("JPEG", (30, 20)), "a.jpg")
    data = await gql.data(
        GENERATE_IMAGE, {"input": {"contentVersionId": gid(version)}}, team.editor.token
    )
    payload = data["generateImage"]
    assert payload["userErrors"] == []
    generation = payload["imageGeneration"]
    assert generation["status"] == "QUEUED"
    assert generation["prompt"] == "a paper cup of coffee on an autumn leaf"  # the suggestion
    assert generation["media"] is None
    assert await run_worker() == 1
    [request] = ai.image_requests
    assert request["prompt"] == "a paper cup of coffee on an autumn leaf"
    assert request["model"] == "gpt-image-1"
    listed = await version_media(gql, team.reviewer.token, gid(version))
    assert len(listed) == 2
    generated = listed[1]
    assert generated["source"] == "GENERATED"
    assert generated["prompt"] == "a paper cup of coffee on an autumn leaf"
    assert (generated["kind"], generated["format"]) == ("IMAGE", "PNG")
    assert (generated["width"], generated["height"]) == (64, 48)
    assert generated["position"] == 1
    row = await ImageGeneration.get(version_id=version.id)
    assert row.status == "COMPLETED"
    assert row.media_id is not None
    assert gid(await MediaAttachment.get(id=row.media_id)) == generated["id"]
    assert len(blobs(storage_root)) == 2
    usage = await UsageCounter.get(organization_id=team.org_pk, metric="ai_images")
    assert usage.value == 1
    # Run again (arq may deliver twice): nothing more is attached.
    from models.media import run_image_generation

    assert await run_image_generation(row.id) == "already-done"
    assert await MediaAttachment.filter(version_id=version.id).count() == 2


async def test_generate_image_with_a_prompt_and_a_failing_api(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    [version] = await drafted(team)
    ai.image_script.append(Reply(status=400))
    data = await gql.data(
        GENERATE_IMAGE,
        {"input": {"contentVersionId": gid(version), "prompt": "a red bicycle"}},
        team.editor.token,
    )
    await run_worker()
    row = await ImageGeneration.get(version_id=version.id)
    assert data["generateImage"]["imageGeneration"]["prompt"] == "a red bicycle"
    assert row.status == "FAILED"
    assert row.failure_reason == "The AI provider rejected the request (400)."
    assert await MediaAttachment.all().count() == 0


async def test_generate_image_not_an_image_fails(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    import base64

    [version] = await drafted(team)
    ai.image_script.append(Reply(content=base64.b64encode(b"not an image").decode()))
    await gql.data(GENERATE_IMAGE, {"input": {"contentVersionId": gid(version)}}, team.editor.token)
    await run_worker()
    row = await ImageGeneration.get(version_id=version.id)
    assert row.status == "FAILED"
    assert "not an image" in row.failure_reason
    assert await MediaAttachment.all().count() == 0


async def test_generate_image_needs_ai_and_a_prompt(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    [version] = await drafted(team)
    data = await gql.data(
        GENERATE_IMAGE, {"input": {"contentVersionId": gid(version)}}, team.editor.token
    )
    assert [e["code"] for e in data["generateImage"]["userErrors"]] == ["AI_NOT_CONFIGURED"]
    await ContentVersion.filter(id=version.id).update(suggested_image_prompt="")
    data = await gql.data(
        GENERATE_IMAGE, {"input": {"contentVersionId": gid(version)}}, team.editor.token
    )
    assert [e["code"] for e in data["generateImage"]["userErrors"]] == ["INVALID_INPUT"]
    assert await ImageGeneration.all().count() == 0


async def test_media_rules_are_checked_at_submit_for_review(gql: GraphQLClient, team: Team) -> None:
    x, linkedin = await drafted(team, ("X", "LINKEDIN"))
    for i in range(5):
        await attached(gql, team.editor.token, gid(x), make_image("PNG", (8, 8 + i)), f"{i}.png")
    await attached(gql, team.editor.token, gid(linkedin), make_image("PNG", (8, 8)), "l.png")
    await attached(gql, team.editor.token, gid(linkedin), make_mp4(640, 360, 1000), "l.mp4")
    data = await gql.data(
        SUBMIT, {"input": {"contentRequestId": gid(await x.request)}}, team.editor.token
    )
    payload = data["submitForReview"]
    assert payload["contentRequest"] is None
    assert payload["userErrors"] == [
        {
            "field": ["media", "X"],
            "message": "X allows at most 4 images per post (this one has 5).",
            "code": "MEDIA_RULES",
        },
        {
            "field": ["media", "LINKEDIN"],
            "message": "LINKEDIN allows up to 9 images or 1 video per post, not both.",
            "code": "MEDIA_RULES",
        },
    ]
    request = await ContentRequest.get(id=x.request_id)
    assert request.status == ContentStatus.DRAFTED
    # Fix both and it goes through.
    x_media = await version_media(gql, team.editor.token, gid(x))
    await gql.data(REMOVE_MEDIA, {"input": {"mediaId": x_media[-1]["id"]}}, team.editor.token)
    l_media = await version_media(gql, team.editor.token, gid(linkedin))
    await gql.data(REMOVE_MEDIA, {"input": {"mediaId": l_media[-1]["id"]}}, team.editor.token)
    data = await gql.data(SUBMIT, {"input": {"contentRequestId": gid(request)}}, team.editor.token)
    assert data["submitForReview"]["userErrors"] == []
    assert data["submitForReview"]["contentRequest"]["status"] == "IN_REVIEW"


async def test_instagram_needs_media(gql: GraphQLClient, team: Team) -> None:
    [version] = await drafted(team, ("INSTAGRAM",))
    data = await gql.data(
        SUBMIT, {"input": {"contentRequestId": encode_id("ContentRequest", version.request_id)}},
        team.editor.token,
    )  # fmt: skip
    assert [e["message"] for e in data["submitForReview"]["userErrors"]] == [
        "INSTAGRAM needs at least 1 media item."
    ]
