"""selectContentVersion: exactly one selected version per channel of a request."""

from __future__ import annotations

import asyncio

import pytest

from models.content import ContentStatus, ContentVersion
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    SELECT_CONTENT_VERSION,
    Drafted,
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


async def selected(drafted: Drafted) -> dict[str, list[int]]:
    """Ids of the selected versions, per channel."""
    result: dict[str, list[int]] = {}
    rows = await ContentVersion.filter(request_id=drafted.request.id, is_selected=True)
    for row in sorted(rows, key=lambda r: r.id):
        result.setdefault(row.channel.value, []).append(row.id)
    return result


def select_input(version_id: str) -> dict[str, str]:
    return {"contentVersionId": version_id}


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_selecting_moves_the_selection_within_the_channel_only(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    drafted = await make_request(team.org, team.editor, variants=3)
    payload = await SELECT_CONTENT_VERSION.ok(
        gql, select_input(drafted.version_id("X", 2)), team.by_role(role).token
    )
    assert payload["contentVersion"]["isSelected"] is True
    assert await selected(drafted) == {
        "X": [drafted.of("X")[2].id],
        "LINKEDIN": [drafted.of("LINKEDIN")[0].id],
    }
    versions = (await content_request(gql, team.editor.token, drafted.id))["versions"]
    assert [v["isSelected"] for v in versions if v["channel"] == "X"] == [False, False, True]


async def test_a_channel_without_a_selection_gets_one(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor, select=False)
    await SELECT_CONTENT_VERSION.ok(
        gql, select_input(drafted.version_id("X", 1)), team.editor.token
    )
    assert await selected(drafted) == {"X": [drafted.of("X")[1].id]}


async def test_selecting_the_selected_version_writes_nothing(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    await move_to(gql, drafted.id, "APPROVED", team.editor, team.reviewer)
    async with writes_nothing():
        await SELECT_CONTENT_VERSION.ok(
            gql, select_input(drafted.version_id("X")), team.editor.token
        )
    assert await status_of(drafted) == ContentStatus.APPROVED


async def test_choosing_other_words_returns_approved_content_to_drafted(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    await move_to(gql, drafted.id, "APPROVED", team.editor, team.reviewer)
    await SELECT_CONTENT_VERSION.ok(
        gql, select_input(drafted.version_id("X", 1)), team.editor.token
    )
    last = (await content_request(gql, team.editor.token, drafted.id))["transitions"][-1]
    assert (last["fromStatus"], last["toStatus"], last["reason"], last["actor"]) == (
        "APPROVED",
        "DRAFTED",
        "selection changed",
        {"email": team.editor.email},
    )


async def test_selections_made_at_the_same_moment_leave_exactly_one(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor, variants=4, channels=["X"])
    await asyncio.gather(
        *(
            SELECT_CONTENT_VERSION.ok(gql, select_input(drafted.version_id("X", i)), token)
            for i, token in ((1, team.editor.token), (2, team.admin.token), (3, team.editor.token))
        )
    )
    [winner] = (await selected(drafted))["X"]
    assert winner in {v.id for v in drafted.of("X")[1:]}


@pytest.mark.parametrize("status", [ContentStatus.QUEUED, ContentStatus.GENERATING])
async def test_no_selection_while_the_request_is_being_generated(
    gql: GraphQLClient, team: Team, status: ContentStatus
) -> None:
    drafted = await make_request(team.org, team.editor, status=status)
    async with writes_nothing():
        payload = await SELECT_CONTENT_VERSION.payload(
            gql, select_input(drafted.version_id("X", 1)), team.editor.token
        )
    assert user_codes(payload) == ["INVALID_TRANSITION"]
    assert user_fields(payload) == [["contentVersionId"]]


async def test_a_reviewer_may_not_select(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    await assert_forbidden(
        SELECT_CONTENT_VERSION, gql, select_input(drafted.version_id("X", 1)), team.reviewer.token
    )


async def test_another_organizations_version_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        SELECT_CONTENT_VERSION,
        gql,
        team.editor.token,
        select_input,
        foreign.version_id("X", 1),
        "contentVersionId",
    )
