from __future__ import annotations

import pytest

from models.audit import AuditAction, AuditEvent
from models.organizations import Role
from tests.conftest import GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    UNAUTHENTICATED_TOKENS,
    UPDATE_MEMBER_ROLE,
    UPDATE_ORGANIZATION,
    assert_single_user_error,
    assert_top_level_error,
    member_id,
    missing_id,
    pk_of,
    role_in,
    writes_nothing,
)


async def role_changes() -> list[AuditEvent]:
    return await AuditEvent.filter(action=AuditAction.ROLE_CHANGED).order_by("id")


async def test_admin_changes_a_role_and_the_change_is_audited(
    gql: GraphQLClient, team: Team
) -> None:
    editor_member = await member_id(team.org, team.editor)
    result = await UPDATE_MEMBER_ROLE.ok(
        gql, {"memberId": editor_member, "role": "REVIEWER"}, team.admin.token
    )
    assert result["member"]["id"] == editor_member
    assert result["member"]["role"] == "REVIEWER"
    assert result["member"]["user"]["email"] == team.editor.email
    assert await role_in(team.org, team.editor) == Role.REVIEWER

    [event] = await role_changes()
    assert (event.organization_id, event.actor_id) == (
        pk_of(team.org, "Organization"),
        team.admin.pk,
    )
    assert (event.target_type, event.target_id) == ("Member", pk_of(editor_member, "Member"))
    assert event.data == {"userId": team.editor.pk, "from": "EDITOR", "to": "REVIEWER"}


async def test_the_new_role_takes_effect_on_the_next_request(
    gql: GraphQLClient, team: Team
) -> None:
    await UPDATE_MEMBER_ROLE.ok(
        gql,
        {"memberId": await member_id(team.org, team.reviewer), "role": "ADMIN"},
        team.admin.token,
    )
    promoted = await UPDATE_ORGANIZATION.ok(
        gql, {"organizationId": team.org, "name": "Renamed"}, team.reviewer.token
    )
    assert promoted["organization"]["viewerRole"] == "ADMIN"

    # With two admins, the original one may step down, and then loses admin rights.
    await UPDATE_MEMBER_ROLE.ok(
        gql, {"memberId": await member_id(team.org, team.admin), "role": "EDITOR"}, team.admin.token
    )
    assert await role_in(team.org, team.admin) == Role.EDITOR
    body = await UPDATE_ORGANIZATION.execute(
        gql, {"organizationId": team.org, "name": "Again"}, team.admin.token
    )
    assert_top_level_error(body, "FORBIDDEN")
    assert [e.data["to"] for e in await role_changes()] == ["ADMIN", "EDITOR"]


async def test_setting_the_same_role_changes_and_audits_nothing(
    gql: GraphQLClient, team: Team
) -> None:
    editor_member = await member_id(team.org, team.editor)
    async with writes_nothing():
        result = await UPDATE_MEMBER_ROLE.ok(
            gql, {"memberId": editor_member, "role": "EDITOR"}, team.admin.token
        )
    assert result["member"]["role"] == "EDITOR"


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_the_last_admin_cannot_be_demoted(gql: GraphQLClient, team: Team, role: str) -> None:
    async with writes_nothing():
        result = await UPDATE_MEMBER_ROLE.payload(
            gql, {"memberId": await member_id(team.org, team.admin), "role": role}, team.admin.token
        )
    assert result["member"] is None
    assert_single_user_error(result, "LAST_ADMIN", ["role"])


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_editors_and_reviewers_are_forbidden(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    actor = team.by_role(role)
    for target in (team.admin, actor):  # neither someone else's role nor their own
        async with writes_nothing():
            body = await UPDATE_MEMBER_ROLE.execute(
                gql, {"memberId": await member_id(team.org, target), "role": "ADMIN"}, actor.token
            )
        assert_top_level_error(body, "FORBIDDEN")
        assert body["data"] is None


async def test_a_member_of_another_organization_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    answers = []
    async with writes_nothing():
        for target in (
            await member_id(team.other_org, team.outsider),
            missing_id("Member"),
            team.org,  # a real id, but of an Organization
            "not-a-global-id",
        ):
            answers.append(
                await UPDATE_MEMBER_ROLE.payload(
                    gql, {"memberId": target, "role": "REVIEWER"}, team.admin.token
                )
            )
    assert_single_user_error(answers[0], "NOT_FOUND", ["memberId"])
    assert all(answer == answers[0] for answer in answers), answers
    assert await role_in(team.other_org, team.outsider) == Role.ADMIN


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_change_roles(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    target = await member_id(team.org, team.editor)
    async with writes_nothing():
        body = await UPDATE_MEMBER_ROLE.execute(gql, {"memberId": target, "role": "ADMIN"}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
