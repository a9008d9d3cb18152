from __future__ import annotations

import pytest

from models.audit import AuditAction, AuditEvent
from models.organizations import Membership, Role
from tests.conftest import GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    LEAVE_ORGANIZATION,
    ORGANIZATION,
    ORGANIZATIONS,
    UNAUTHENTICATED_TOKENS,
    assert_single_user_error,
    assert_top_level_error,
    member_id,
    missing_id,
    pk_of,
    role_in,
    writes_nothing,
)


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_a_member_leaves_and_loses_access(gql: GraphQLClient, team: Team, role: str) -> None:
    leaver = team.by_role(role)
    membership_pk = pk_of(await member_id(team.org, leaver), "Member")

    result = await LEAVE_ORGANIZATION.ok(gql, {"organizationId": team.org}, leaver.token)

    assert result["organization"]["id"] == team.org
    assert result["organization"]["viewerRole"] is None
    assert await role_in(team.org, leaver) is None
    [event] = await AuditEvent.filter(action=AuditAction.MEMBER_LEFT)
    assert (event.organization_id, event.actor_id) == (pk_of(team.org, "Organization"), leaver.pk)
    assert (event.target_type, event.target_id) == ("Member", membership_pk)
    assert event.data == {"userId": leaver.pk, "role": role}
    assert not await AuditEvent.filter(action=AuditAction.MEMBER_REMOVED).exists()

    assert await gql.data(ORGANIZATION, {"id": team.org}, leaver.token) == {"organization": None}
    listed = await gql.data(ORGANIZATIONS, token=leaver.token)
    assert listed["organizations"]["edges"] == []
    # Everyone else stays.
    others = await Membership.filter(organization_id=pk_of(team.org, "Organization")).count()
    assert others == 2


async def test_an_admin_may_leave_when_another_admin_remains(
    gql: GraphQLClient, team: Team
) -> None:
    await Membership.filter(id=pk_of(await member_id(team.org, team.editor), "Member")).update(
        role=Role.ADMIN
    )
    await LEAVE_ORGANIZATION.ok(gql, {"organizationId": team.org}, team.admin.token)
    assert await role_in(team.org, team.admin) is None
    assert await role_in(team.org, team.editor) == Role.ADMIN


async def test_the_last_admin_cannot_leave(gql: GraphQLClient, team: Team) -> None:
    for admin, org in ((team.admin, team.org), (team.outsider, team.other_org)):  # 3 / 1 members
        async with writes_nothing():
            result = await LEAVE_ORGANIZATION.payload(gql, {"organizationId": org}, admin.token)
        assert result["organization"] is None
        assert_single_user_error(result, "LAST_ADMIN", ["organizationId"])
        assert await role_in(org, admin) == Role.ADMIN


async def test_leaving_twice_is_not_found(gql: GraphQLClient, team: Team) -> None:
    await LEAVE_ORGANIZATION.ok(gql, {"organizationId": team.org}, team.reviewer.token)
    async with writes_nothing():
        again = await LEAVE_ORGANIZATION.payload(
            gql, {"organizationId": team.org}, team.reviewer.token
        )
    assert_single_user_error(again, "NOT_FOUND", ["organizationId"])


async def test_another_organization_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    answers = []
    async with writes_nothing():
        for org_id in (team.other_org, missing_id("Organization"), "not-a-global-id"):
            answers.append(
                await LEAVE_ORGANIZATION.payload(gql, {"organizationId": org_id}, team.editor.token)
            )
    assert_single_user_error(answers[0], "NOT_FOUND", ["organizationId"])
    assert answers[0]["organization"] is None
    assert all(answer == answers[0] for answer in answers), answers


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_leave(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    async with writes_nothing():
        body = await LEAVE_ORGANIZATION.execute(gql, {"organizationId": team.org}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
