"""updateBrief: change what is given, leave the rest."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from models.content import Brief, BriefStatus
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    UPDATE_BRIEF,
    assert_forbidden,
    assert_not_found_like_missing,
    gid,
    make_brief,
    make_request,
    user_codes,
    user_fields,
    writes_nothing,
)

DUE = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_writers_change_the_fields_they_give(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    brief = await make_brief(team.org, team.editor, due_at=DUE)
    payload = await UPDATE_BRIEF.ok(
        gql,
        {
            "briefId": gid(brief),
            "title": " Winter blend ",
            "channels": ["MASTODON", "X"],
            "keyMessages": ["Dark roast", ""],
        },
        team.by_role(role).token,
    )
    assert payload["brief"]["title"] == "Winter blend"
    assert payload["brief"]["channels"] == ["MASTODON", "X"]
    row = await Brief.get(id=brief.id)
    assert (row.title, row.channels, row.key_messages) == (
        "Winter blend",
        ["MASTODON", "X"],
        ["Dark roast"],
    )
    # Untouched fields keep their values, including the author.
    assert (row.objective, row.link, row.due_at) == (brief.objective, brief.link, DUE)
    assert row.created_by_id == team.editor.pk
    assert row.updated_at > brief.updated_at


async def test_due_date_is_set_then_cleared(gql: GraphQLClient, team: Team) -> None:
    brief = await make_brief(team.org, team.editor)
    await UPDATE_BRIEF.ok(
        gql, {"briefId": gid(brief), "dueAt": "2026-11-30T18:00:00+01:00"}, team.editor.token
    )
    assert (await Brief.get(id=brief.id)).due_at == DUE
    payload = await UPDATE_BRIEF.ok(
        gql, {"briefId": gid(brief), "clearDueAt": True}, team.editor.token
    )
    assert payload["brief"]["dueAt"] is None
    assert (await Brief.get(id=brief.id)).due_at is None


async def test_an_update_giving_nothing_writes_nothing(gql: GraphQLClient, team: Team) -> None:
    brief = await make_brief(team.org, team.editor)
    async with writes_nothing():
        payload = await UPDATE_BRIEF.ok(gql, {"briefId": gid(brief)}, team.editor.token)
    assert payload["brief"]["title"] == brief.title


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"channels": []}, "channels"),
        ({"link": "mailto:hello@coffee.example"}, "link"),
        ({"dueAt": "2026-12-01T09:30:00"}, "dueAt"),
        ({"tone": "x" * 201}, "tone"),
    ],
)
async def test_bad_input_changes_nothing(
    gql: GraphQLClient, team: Team, fields: dict[str, Any], field: str
) -> None:
    brief = await make_brief(team.org, team.editor)
    async with writes_nothing():
        payload = await UPDATE_BRIEF.payload(
            gql, {"briefId": gid(brief), "objective": "New objective", **fields}, team.editor.token
        )
    assert payload["brief"] is None
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [[field]]


async def test_an_archived_brief_cannot_change(gql: GraphQLClient, team: Team) -> None:
    brief = await make_brief(team.org, team.editor, status=BriefStatus.ARCHIVED)
    async with writes_nothing():
        payload = await UPDATE_BRIEF.payload(
            gql, {"briefId": gid(brief), "title": "Revived"}, team.editor.token
        )
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["briefId"]]


async def test_a_reviewer_may_not_update_briefs(gql: GraphQLClient, team: Team) -> None:
    brief = await make_brief(team.org, team.editor)
    await assert_forbidden(
        UPDATE_BRIEF, gql, {"briefId": gid(brief), "title": "Mine now"}, team.reviewer.token
    )


async def test_another_organization_answers_like_a_missing_brief(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_brief(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        UPDATE_BRIEF,
        gql,
        team.editor.token,
        lambda brief_id: {"briefId": brief_id, "title": "Taken over"},
        gid(foreign),
        "briefId",
    )


async def test_an_id_of_another_type_is_not_a_brief(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await UPDATE_BRIEF.payload(
            gql, {"briefId": drafted.id, "title": "Wrong"}, team.editor.token
        )
    assert user_codes(payload) == ["NOT_FOUND"]
