"""createContentVersion: a human-written version next to the AI's."""

from __future__ import annotations

from typing import Any

import pytest

from models.content import ContentStatus, ContentVersion, VersionSource
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    CREATE_CONTENT_VERSION,
    SELECT_CONTENT_VERSION,
    SUBMIT_FOR_REVIEW,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    make_request,
    move_to,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)


def version_input(request_id: str, **fields: Any) -> dict[str, Any]:
    return {"contentRequestId": request_id, "channel": "X", "text": "Written by hand."} | fields


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_writers_add_a_human_version(gql: GraphQLClient, team: Team, role: str) -> None:
    drafted = await make_request(team.org, team.editor)
    author = team.by_role(role)
    payload = await CREATE_CONTENT_VERSION.ok(
        gql,
        version_input(drafted.id, text="  Written by hand. ", hashtags=["handmade", "#handmade"]),
        author.token,
    )
    version = payload["contentVersion"]
    assert (version["channel"], version["text"], version["hashtags"]) == (
        "X",
        "Written by hand.",
        ["#handmade"],
    )
    assert (version["source"], version["createdBy"]) == ("HUMAN", {"email": author.email})
    # It joins the others without taking the selection from the team's current choice.
    assert version["isSelected"] is False
    assert (version["violations"], version["suggestedImagePrompt"]) == ([], "")
    request = await content_request(gql, author.token, drafted.id)
    assert [v["source"] for v in request["versions"]] == ["AI"] * 4 + ["HUMAN"]
    row = await ContentVersion.get(source=VersionSource.HUMAN)
    assert (row.request_id, row.created_by_id) == (drafted.request.id, author.pk)
    assert await status_of(drafted) == ContentStatus.DRAFTED


async def test_an_over_long_human_version_is_kept_with_its_violation(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    payload = await CREATE_CONTENT_VERSION.ok(
        gql, version_input(drafted.id, text="b" * 281), team.editor.token
    )
    assert payload["contentVersion"]["text"] == "b" * 281
    assert payload["contentVersion"]["violations"] == [
        "X allows 280 characters; this post has 281."
    ]


@pytest.mark.parametrize("status", ["IN_REVIEW", "APPROVED", "REJECTED"])
async def test_a_new_version_returns_reviewed_content_to_drafted(
    gql: GraphQLClient, team: Team, status: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    await move_to(gql, drafted.id, status, team.editor, team.reviewer)
    await CREATE_CONTENT_VERSION.ok(gql, version_input(drafted.id), team.editor.token)
    last = (await content_request(gql, team.editor.token, drafted.id))["transitions"][-1]
    assert (last["fromStatus"], last["toStatus"], last["reason"]) == (
        status,
        "DRAFTED",
        "new version",
    )


async def test_a_failed_generation_can_be_rescued_by_hand(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(
        team.org, team.editor, status=ContentStatus.GENERATION_FAILED, variants=0
    )
    drafted.request.failure_reason = "The AI provider refused the API key (401)."
    await drafted.request.save(update_fields=["failure_reason"])
    written = [
        await CREATE_CONTENT_VERSION.ok(
            gql, version_input(drafted.id, channel=channel), team.editor.token
        )
        for channel in ("X", "LINKEDIN")
    ]
    request = await content_request(gql, team.editor.token, drafted.id)
    assert (request["status"], request["failureReason"]) == ("DRAFTED", "")
    assert [(t["fromStatus"], t["toStatus"], t["reason"]) for t in request["transitions"]] == [
        ("GENERATION_FAILED", "DRAFTED", "new version")
    ]
    # From there it goes to review like any draft.
    for payload in written:
        await SELECT_CONTENT_VERSION.ok(
            gql, {"contentVersionId": payload["contentVersion"]["id"]}, team.editor.token
        )
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, team.editor.token)
    assert await status_of(drafted) == ContentStatus.IN_REVIEW


@pytest.mark.parametrize("status", [ContentStatus.QUEUED, ContentStatus.GENERATING])
async def test_no_new_version_while_the_request_is_being_generated(
    gql: GraphQLClient, team: Team, status: ContentStatus
) -> None:
    drafted = await make_request(team.org, team.editor, status=status)
    async with writes_nothing():
        payload = await CREATE_CONTENT_VERSION.payload(
            gql, version_input(drafted.id), team.editor.token
        )
    assert user_codes(payload) == ["INVALID_TRANSITION"]
    assert user_fields(payload) == [["contentRequestId"]]


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"channel": "INSTAGRAM"}, "INVALID_CHANNEL", "channel"),
        ({"text": "  "}, "INVALID_INPUT", "text"),
        ({"text": "x" * 70_001}, "INVALID_INPUT", "text"),
    ],
)
async def test_bad_input_writes_nothing(
    gql: GraphQLClient, team: Team, fields: dict[str, Any], code: str, field: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await CREATE_CONTENT_VERSION.payload(
            gql, version_input(drafted.id, **fields), team.editor.token
        )
    assert payload["contentVersion"] is None
    assert user_codes(payload) == [code]
    assert user_fields(payload) == [[field]]


async def test_a_reviewer_may_not_write_versions(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    await assert_forbidden(
        CREATE_CONTENT_VERSION, gql, version_input(drafted.id), team.reviewer.token
    )


async def test_another_organizations_request_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        CREATE_CONTENT_VERSION,
        gql,
        team.editor.token,
        version_input,
        foreign.id,
        "contentRequestId",
    )
