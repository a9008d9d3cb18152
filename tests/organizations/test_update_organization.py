from __future__ import annotations

from typing import Any

import pytest

from models.audit import AuditAction, AuditEvent
from models.organizations import Organization
from tests.conftest import GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    UNAUTHENTICATED_TOKENS,
    UPDATE_ORGANIZATION,
    assert_single_user_error,
    assert_top_level_error,
    missing_id,
    pk_of,
    writes_nothing,
)


async def organization_row(org_id: str) -> Organization:
    return await Organization.get(id=pk_of(org_id, "Organization"))


async def update_events(org_id: str) -> list[AuditEvent]:
    return await AuditEvent.filter(
        organization_id=pk_of(org_id, "Organization"), action=AuditAction.ORGANIZATION_UPDATED
    ).order_by("id")


async def test_admin_updates_every_setting_and_the_change_is_audited(
    gql: GraphQLClient, team: Team
) -> None:
    changes = {
        "name": "  Acme Roasters ",
        "timezone": "Asia/Tokyo",
        "website": " https://acme.example/ ",
        "brandVoice": "  Bold and warm.  ",
    }
    result = await UPDATE_ORGANIZATION.ok(
        gql, {"organizationId": team.org, **changes}, team.admin.token
    )

    expected = ("Acme Roasters", "Asia/Tokyo", "https://acme.example/", "Bold and warm.")
    org = result["organization"]
    assert org["id"] == team.org
    assert (org["name"], org["timezone"], org["website"], org["brandVoice"]) == expected
    row = await organization_row(team.org)
    assert (row.name, row.timezone, row.website, row.brand_voice) == expected

    [event] = await update_events(team.org)
    assert event.actor_id == team.admin.pk
    assert (event.target_type, event.target_id) == ("Organization", row.id)
    assert event.data == {"fields": ["brand_voice", "name", "timezone", "website"]}


async def test_only_the_given_fields_change(gql: GraphQLClient, team: Team) -> None:
    before = await organization_row(team.org)
    result = await UPDATE_ORGANIZATION.ok(
        gql, {"organizationId": team.org, "website": "http://acme.example"}, team.admin.token
    )
    assert result["organization"]["website"] == "http://acme.example"
    after = await organization_row(team.org)
    assert (after.name, after.timezone, after.brand_voice) == (
        before.name,
        before.timezone,
        before.brand_voice,
    )
    assert [e.data for e in await update_events(team.org)] == [{"fields": ["website"]}]


async def test_an_empty_website_clears_it(gql: GraphQLClient, team: Team) -> None:
    admin, org = team.admin.token, team.org
    await UPDATE_ORGANIZATION.ok(gql, {"organizationId": org, "website": "https://a.io"}, admin)
    result = await UPDATE_ORGANIZATION.ok(gql, {"organizationId": org, "website": ""}, admin)
    assert result["organization"]["website"] == ""
    assert (await organization_row(org)).website == ""


async def test_an_update_without_fields_changes_and_audits_nothing(
    gql: GraphQLClient, team: Team
) -> None:
    async with writes_nothing():
        result = await UPDATE_ORGANIZATION.ok(gql, {"organizationId": team.org}, team.admin.token)
    assert result["organization"]["name"] == "Acme"


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"timezone": "Atlantis/Capital"}, "INVALID_TIMEZONE", ["timezone"]),
        ({"timezone": ""}, "INVALID_TIMEZONE", ["timezone"]),
        ({"name": "   "}, "INVALID_INPUT", ["name"]),
        ({"name": "n" * 201}, "INVALID_INPUT", ["name"]),
        ({"website": "ftp://acme.example"}, "INVALID_INPUT", ["website"]),
        ({"website": "acme.example"}, "INVALID_INPUT", ["website"]),
        ({"website": "https://" + "a" * 493}, "INVALID_INPUT", ["website"]),
        ({"brandVoice": "b" * 5001}, "INVALID_INPUT", ["brandVoice"]),
    ],
)
async def test_bad_input_is_refused_and_no_field_is_written(
    gql: GraphQLClient, team: Team, changes: dict[str, Any], code: str, field: list[str]
) -> None:
    # A valid change rides along with the bad one: it must not be applied either.
    valid = {"name": "Renamed"} if "name" not in changes else {"website": "https://ok.example"}
    async with writes_nothing():
        result = await UPDATE_ORGANIZATION.payload(
            gql, {"organizationId": team.org, **valid, **changes}, team.admin.token
        )
    assert result["organization"] is None
    assert_single_user_error(result, code, field)


async def test_limits_are_inclusive(gql: GraphQLClient, team: Team) -> None:
    website, voice = "https://" + "a" * 492, "b" * 5000
    result = await UPDATE_ORGANIZATION.ok(
        gql, {"organizationId": team.org, "website": website, "brandVoice": voice}, team.admin.token
    )
    assert (result["organization"]["website"], result["organization"]["brandVoice"]) == (
        website,
        voice,
    )


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_editors_and_reviewers_are_forbidden(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    async with writes_nothing():
        body = await UPDATE_ORGANIZATION.execute(
            gql, {"organizationId": team.org, "name": "Hijacked"}, team.by_role(role).token
        )
    assert_top_level_error(body, "FORBIDDEN")
    assert body["data"] is None


async def test_another_organization_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    answers = []
    async with writes_nothing():
        for org_id in (
            team.other_org,
            missing_id("Organization"),
            team.admin.id,  # a real id, but of a User
            "not-a-global-id",
        ):
            answers.append(
                await UPDATE_ORGANIZATION.payload(
                    gql, {"organizationId": org_id, "name": "Hijacked"}, team.admin.token
                )
            )
    assert_single_user_error(answers[0], "NOT_FOUND", ["organizationId"])
    assert all(answer == answers[0] for answer in answers), answers
    assert answers[0]["organization"] is None


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_update(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    async with writes_nothing():
        body = await UPDATE_ORGANIZATION.execute(
            gql, {"organizationId": team.org, "name": "Hijacked"}, token
        )
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
