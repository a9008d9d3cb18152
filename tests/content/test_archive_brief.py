"""archiveBrief: an archived brief stays readable but takes no more work."""

from __future__ import annotations

import pytest

from models.content import Brief, BriefStatus
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    ARCHIVE_BRIEF,
    assert_forbidden,
    assert_not_found_like_missing,
    gid,
    make_brief,
    request_generation,
    user_codes,
    user_fields,
    writes_nothing,
)


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_writers_archive_a_brief(gql: GraphQLClient, team: Team, role: str) -> None:
    brief = await make_brief(team.org, team.editor)
    payload = await ARCHIVE_BRIEF.ok(gql, {"briefId": gid(brief)}, team.by_role(role).token)
    assert payload["brief"]["status"] == "ARCHIVED"
    row = await Brief.get(id=brief.id)
    assert row.status == BriefStatus.ARCHIVED
    assert (row.title, row.channels) == (brief.title, brief.channels)


async def test_archiving_twice_changes_nothing_the_second_time(
    gql: GraphQLClient, team: Team
) -> None:
    brief = await make_brief(team.org, team.editor)
    await ARCHIVE_BRIEF.ok(gql, {"briefId": gid(brief)}, team.editor.token)
    async with writes_nothing():
        payload = await ARCHIVE_BRIEF.ok(gql, {"briefId": gid(brief)}, team.editor.token)
    assert payload["brief"]["status"] == "ARCHIVED"


async def test_an_archived_brief_takes_no_generation_requests(
    gql: GraphQLClient, team: Team, ai: object
) -> None:
    brief = await make_brief(team.org, team.editor)
    await ARCHIVE_BRIEF.ok(gql, {"briefId": gid(brief)}, team.editor.token)
    async with writes_nothing():
        payload = await request_generation(gql, team.editor.token, gid(brief))
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["briefId"]]


async def test_a_reviewer_may_not_archive_briefs(gql: GraphQLClient, team: Team) -> None:
    brief = await make_brief(team.org, team.editor)
    await assert_forbidden(ARCHIVE_BRIEF, gql, {"briefId": gid(brief)}, team.reviewer.token)


async def test_another_organization_answers_like_a_missing_brief(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_brief(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        ARCHIVE_BRIEF,
        gql,
        team.editor.token,
        lambda brief_id: {"briefId": brief_id},
        gid(foreign),
        "briefId",
    )
    assert (await Brief.get(id=foreign.id)).status == BriefStatus.ACTIVE
