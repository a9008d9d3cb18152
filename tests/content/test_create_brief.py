"""createBrief: what a team wants said, to whom, on which channels, by when."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from models.content import Brief, BriefStatus
from tests.conftest import GraphQLClient, error_codes
from tests.content.conftest import Team
from tests.content.helpers import (
    CREATE_BRIEF,
    assert_forbidden,
    brief_input,
    missing_id,
    org_pk,
    user_codes,
    user_fields,
    writes_nothing,
)


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_writers_create_a_brief(gql: GraphQLClient, team: Team, role: str) -> None:
    author = team.by_role(role)
    payload = await CREATE_BRIEF.ok(
        gql,
        brief_input(
            team.org,
            title="  Autumn blend launch  ",
            keyMessages=["Roasted in house", "  ", " Available from Monday "],
            channels=["X", "LINKEDIN", "X", "INSTAGRAM"],
            audience="Commuters",
            tone="warm",
            callToAction="Order now",
            dueAt="2026-12-01T09:30:00+01:00",
        ),
        author.token,
    )
    brief = payload["brief"]
    assert brief["title"] == "Autumn blend launch"
    assert brief["keyMessages"] == ["Roasted in house", "Available from Monday"]
    assert brief["channels"] == ["X", "LINKEDIN", "INSTAGRAM"]
    assert brief["status"] == "ACTIVE"
    assert brief["createdBy"] == {"email": author.email}
    assert datetime.fromisoformat(brief["dueAt"]) == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)

    [row] = await Brief.all()
    assert row.organization_id == org_pk(team.org)
    assert row.created_by_id == author.pk
    assert row.title == "Autumn blend launch"
    assert row.channels == ["X", "LINKEDIN", "INSTAGRAM"]
    assert row.key_messages == ["Roasted in house", "Available from Monday"]
    assert (row.audience, row.tone, row.call_to_action) == ("Commuters", "warm", "Order now")
    assert row.link == "https://coffee.example/autumn"
    assert row.due_at == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert row.status == BriefStatus.ACTIVE


async def test_only_title_and_channels_are_needed(gql: GraphQLClient, team: Team) -> None:
    payload = await CREATE_BRIEF.ok(
        gql,
        {"organizationId": team.org, "title": "Quick post", "channels": ["BLUESKY"]},
        team.editor.token,
    )
    assert payload["brief"]["dueAt"] is None
    row = await Brief.get()
    assert (row.objective, row.key_messages, row.link, row.due_at) == ("", [], "", None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "t" * 201}, "title"),
        ({"objective": "o" * 5001}, "objective"),
        ({"audience": "a" * 2001}, "audience"),
        ({"tone": "t" * 201}, "tone"),
        ({"callToAction": "c" * 301}, "callToAction"),
        ({"channels": []}, "channels"),
        ({"link": "coffee.example/autumn"}, "link"),
        ({"link": "ftp://coffee.example/autumn"}, "link"),
        ({"link": "https://coffee.example/" + "a" * 2000}, "link"),
        ({"keyMessages": [f"message {i}" for i in range(21)]}, "keyMessages"),
        ({"keyMessages": ["m" * 501]}, "keyMessages"),
        ({"dueAt": "2026-12-01T09:30:00"}, "dueAt"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_written(
    gql: GraphQLClient, team: Team, fields: dict[str, Any], field: str
) -> None:
    async with writes_nothing():
        payload = await CREATE_BRIEF.payload(
            gql, brief_input(team.org, **fields), team.editor.token
        )
    assert payload["brief"] is None
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [[field]]


async def test_every_problem_is_reported_at_once(gql: GraphQLClient, team: Team) -> None:
    async with writes_nothing():
        payload = await CREATE_BRIEF.payload(
            gql, brief_input(team.org, title=" ", channels=[], link="nope"), team.editor.token
        )
    assert user_codes(payload) == ["INVALID_INPUT"] * 3
    assert sorted(f[0] for f in user_fields(payload) if f) == ["channels", "link", "title"]


async def test_a_reviewer_may_not_create_briefs(gql: GraphQLClient, team: Team) -> None:
    await assert_forbidden(CREATE_BRIEF, gql, brief_input(team.org), team.reviewer.token)


async def test_another_organization_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    async with writes_nothing():
        foreign = await CREATE_BRIEF.payload(gql, brief_input(team.other_org), team.editor.token)
        missing = await CREATE_BRIEF.payload(
            gql, brief_input(missing_id("Organization")), team.editor.token
        )
        malformed = await CREATE_BRIEF.payload(gql, brief_input("not-an-id"), team.editor.token)
    assert foreign == missing == malformed
    assert user_codes(foreign) == ["NOT_FOUND"]
    assert user_fields(foreign) == [["organizationId"]]


async def test_signed_out_callers_are_refused(gql: GraphQLClient, team: Team) -> None:
    async with writes_nothing():
        body = await CREATE_BRIEF.execute(gql, brief_input(team.org), None)
    assert error_codes(body) == ["UNAUTHENTICATED"]
