from __future__ import annotations

import asyncio

import pytest

from models.audit import AuditAction, AuditEvent
from models.organizations import Membership, Role
from tests.conftest import GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    ORGANIZATION,
    ORGANIZATIONS,
    REMOVE_MEMBER,
    UNAUTHENTICATED_TOKENS,
    assert_single_user_error,
    assert_top_level_error,
    member_id,
    missing_id,
    pk_of,
    role_in,
    writes_nothing,
)


async def test_admin_removes_a_member_who_then_loses_access(gql: GraphQLClient, team: Team) -> None:
    editor_member = await member_id(team.org, team.editor)
    result = await REMOVE_MEMBER.ok(gql, {"memberId": editor_member}, team.admin.token)
    assert result["removedMemberId"] == editor_member
    assert not await Membership.filter(id=pk_of(editor_member, "Member")).exists()
    assert await Membership.filter(organization_id=pk_of(team.org, "Organization")).count() == 2

    [event] = await AuditEvent.filter(action=AuditAction.MEMBER_REMOVED)
    assert (event.organization_id, event.actor_id) == (
        pk_of(team.org, "Organization"),
        team.admin.pk,
    )
    assert (event.target_type, event.target_id) == ("Member", pk_of(editor_member, "Member"))
    assert event.data == {"userId": team.editor.pk, "role": "EDITOR"}

    assert (await gql.data(ORGANIZATION, {"id": team.org}, team.editor.token)) == {
        "organization": None
    }
    listed = await gql.data(ORGANIZATIONS, token=team.editor.token)
    assert listed["organizations"]["edges"] == []


async def test_removing_a_removed_member_is_not_found(gql: GraphQLClient, team: Team) -> None:
    reviewer_member = await member_id(team.org, team.reviewer)
    await REMOVE_MEMBER.ok(gql, {"memberId": reviewer_member}, team.admin.token)
    async with writes_nothing():
        again = await REMOVE_MEMBER.payload(gql, {"memberId": reviewer_member}, team.admin.token)
    assert again["removedMemberId"] is None
    assert_single_user_error(again, "NOT_FOUND", ["memberId"])


async def test_the_last_admin_cannot_be_removed(gql: GraphQLClient, team: Team) -> None:
    async with writes_nothing():
        result = await REMOVE_MEMBER.payload(
            gql, {"memberId": await member_id(team.org, team.admin)}, team.admin.token
        )
    assert result["removedMemberId"] is None
    assert_single_user_error(result, "LAST_ADMIN", ["memberId"])
    assert await role_in(team.org, team.admin) == Role.ADMIN


async def test_one_of_two_admins_can_be_removed_but_never_the_last(
    gql: GraphQLClient, team: Team
) -> None:
    await Membership.filter(id=pk_of(await member_id(team.org, team.editor), "Member")).update(
        role=Role.ADMIN
    )
    # The second admin removes the first ...
    await REMOVE_MEMBER.ok(
        gql, {"memberId": await member_id(team.org, team.admin)}, team.editor.token
    )
    assert await role_in(team.org, team.admin) is None
    # ... and is now the last one, so cannot remove themselves.
    async with writes_nothing():
        result = await REMOVE_MEMBER.payload(
            gql, {"memberId": await member_id(team.org, team.editor)}, team.editor.token
        )
    assert_single_user_error(result, "LAST_ADMIN", ["memberId"])
    admins = await Membership.filter(
        organization_id=pk_of(team.org, "Organization"), role=Role.ADMIN
    ).values_list("user_id", flat=True)
    assert admins == [team.editor.pk]


async def test_two_admins_removing_each_other_at_once_leave_one_admin(
    gql: GraphQLClient, team: Team
) -> None:
    org_pk = pk_of(team.org, "Organization")
    # A race is not certain to interleave, so it runs several rounds; with the per-organization
    # lock each round has exactly one winner and the organization keeps one admin.
    for _ in range(5):
        for account in (team.admin, team.editor):
            await Membership.update_or_create(
                organization_id=org_pk, user_id=account.pk, defaults={"role": Role.ADMIN}
            )
        admin_member = await member_id(team.org, team.admin)
        editor_member = await member_id(team.org, team.editor)
        results = await asyncio.gather(
            REMOVE_MEMBER.payload(gql, {"memberId": editor_member}, team.admin.token),
            REMOVE_MEMBER.payload(gql, {"memberId": admin_member}, team.editor.token),
        )
        outcomes = sorted(
            "removed" if r["removedMemberId"] else r["userErrors"][0]["code"] for r in results
        )
        # The loser is refused: LAST_ADMIN if it got past the membership check first, else
        # NOT_FOUND because its caller had already been removed.
        assert outcomes in (["LAST_ADMIN", "removed"], ["NOT_FOUND", "removed"]), results
        assert await Membership.filter(organization_id=org_pk, role=Role.ADMIN).count() == 1


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_editors_and_reviewers_are_forbidden(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    actor = team.by_role(role)
    for target in (team.admin, team.reviewer if role == "EDITOR" else team.editor):
        async with writes_nothing():
            body = await REMOVE_MEMBER.execute(
                gql, {"memberId": await member_id(team.org, target)}, actor.token
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
            team.editor.id,  # a real id, but of a User
        ):
            answers.append(await REMOVE_MEMBER.payload(gql, {"memberId": target}, team.admin.token))
    assert_single_user_error(answers[0], "NOT_FOUND", ["memberId"])
    assert all(answer == answers[0] for answer in answers), answers


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_remove(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    target = await member_id(team.org, team.editor)
    async with writes_nothing():
        body = await REMOVE_MEMBER.execute(gql, {"memberId": target}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
