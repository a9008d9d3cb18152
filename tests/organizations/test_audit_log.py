from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from schema.common import encode_id
from tests.conftest import GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    AUDIT_LOG,
    INVITE_MEMBER,
    LEAVE_ORGANIZATION,
    OUT_OF_RANGE_CURSOR,
    REMOVE_MEMBER,
    UNAUTHENTICATED_TOKENS,
    UPDATE_MEMBER_ROLE,
    UPDATE_ORGANIZATION,
    assert_top_level_error,
    audit_rows,
    log_in,
    member_id,
    missing_id,
    pk_of,
)


async def audit_page(
    gql: GraphQLClient, org_id: str, token: str, first: int | None = None, after: str | None = None
) -> dict[str, Any]:
    variables = {"organizationId": org_id, "first": first, "after": after}
    page: dict[str, Any] = (await gql.data(AUDIT_LOG, variables, token))["auditLog"]
    return page


def nodes(page: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in page["edges"]]


async def test_admins_see_sign_ins_invitations_role_changes_and_removals_newest_first(
    gql: GraphQLClient, team: Team
) -> None:
    await log_in(gql, team.editor.email)
    failed = await log_in(gql, team.reviewer.email, "not-the-password-at-all")
    assert [e["code"] for e in failed["userErrors"]] == ["INVALID_CREDENTIALS"]
    await log_in(gql, team.outsider.email)  # not a member: belongs to Globex's log only
    invited = await INVITE_MEMBER.ok(
        gql,
        {"organizationId": team.org, "email": "new@example.com", "role": "EDITOR"},
        team.admin.token,
    )
    reviewer_member = await member_id(team.org, team.reviewer)
    await UPDATE_MEMBER_ROLE.ok(
        gql, {"memberId": reviewer_member, "role": "EDITOR"}, team.admin.token
    )
    await REMOVE_MEMBER.ok(gql, {"memberId": reviewer_member}, team.admin.token)
    await LEAVE_ORGANIZATION.ok(gql, {"organizationId": team.org}, team.editor.token)

    page = await audit_page(gql, team.org, team.admin.token, first=50)

    events = nodes(page)
    assert [(e["action"], e["actor"]["email"]) for e in events] == [
        ("MEMBER_LEFT", team.editor.email),
        ("MEMBER_REMOVED", team.admin.email),
        ("ROLE_CHANGED", team.admin.email),
        ("MEMBER_INVITED", team.admin.email),
        ("SIGN_IN_FAILED", team.reviewer.email),
        ("SIGN_IN", team.editor.email),
        ("ORGANIZATION_CREATED", team.admin.email),
    ]
    assert page["totalCount"] == 7
    ids = [pk_of(e["id"], "AuditEvent") for e in events]
    assert ids == sorted(ids, reverse=True)
    times = [datetime.fromisoformat(e["createdAt"]) for e in events]
    assert times == sorted(times, reverse=True)

    by_action = {e["action"]: e for e in events}
    assert (by_action["SIGN_IN"]["targetType"], by_action["SIGN_IN"]["targetId"]) == (
        "User",
        team.editor.id,
    )
    assert by_action["SIGN_IN_FAILED"]["targetId"] == team.reviewer.id
    assert by_action["MEMBER_INVITED"]["targetType"] == "Invitation"
    assert by_action["MEMBER_INVITED"]["targetId"] == invited["invitation"]["id"]
    assert by_action["MEMBER_INVITED"]["data"] == {"email": "new@example.com", "role": "EDITOR"}
    role_changed = by_action["ROLE_CHANGED"]
    assert (role_changed["targetType"], role_changed["targetId"]) == ("Member", reviewer_member)
    assert role_changed["data"] == {"userId": team.reviewer.pk, "from": "REVIEWER", "to": "EDITOR"}
    assert by_action["MEMBER_REMOVED"]["targetId"] == reviewer_member
    assert by_action["MEMBER_REMOVED"]["data"] == {"userId": team.reviewer.pk, "role": "EDITOR"}
    assert by_action["ORGANIZATION_CREATED"]["targetId"] == team.org

    # Globex's log has its own creation and its owner's sign-in, nothing of Acme's.
    globex = nodes(await audit_page(gql, team.other_org, team.outsider.token))
    assert [(e["action"], e["actor"]["email"]) for e in globex] == [
        ("SIGN_IN", team.outsider.email),
        ("ORGANIZATION_CREATED", team.outsider.email),
    ]


async def test_events_record_the_client_address_and_request_id(
    gql: GraphQLClient, team: Team
) -> None:
    response = await gql.http.post(
        "/graphql",
        json={
            "query": UPDATE_ORGANIZATION.document,
            "variables": {"input": {"organizationId": team.org, "name": "Traced"}},
        },
        headers={"authorization": f"Bearer {team.admin.token}", "x-request-id": "trace-42"},
    )
    assert response.status_code == 200
    assert response.json()["data"]["updateOrganization"]["userErrors"] == []
    [latest, *_] = nodes(await audit_page(gql, team.org, team.admin.token))
    assert latest["action"] == "ORGANIZATION_UPDATED"
    assert (latest["ip"], latest["requestId"]) == ("127.0.0.1", "trace-42")


async def test_the_log_is_paginated_newest_first(gql: GraphQLClient, team: Team) -> None:
    for n in range(5):
        await UPDATE_ORGANIZATION.ok(
            gql, {"organizationId": team.org, "name": f"Name {n}"}, team.admin.token
        )
    expected = [encode_id("AuditEvent", e.id) for e in reversed(await audit_rows(team.org))]
    assert len(expected) == 6

    first = await audit_page(gql, team.org, team.admin.token, first=4)
    assert [e["id"] for e in nodes(first)] == expected[:4]
    assert first["totalCount"] == 6
    assert first["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": first["edges"][0]["cursor"],
        "endCursor": first["edges"][-1]["cursor"],
    }
    rest = await audit_page(
        gql, team.org, team.admin.token, first=4, after=first["pageInfo"]["endCursor"]
    )
    assert [e["id"] for e in nodes(rest)] == expected[4:]
    assert (rest["pageInfo"]["hasNextPage"], rest["pageInfo"]["hasPreviousPage"]) == (False, True)


@pytest.mark.parametrize("first", [101, -1])
async def test_page_size_outside_0_to_100_is_bad_user_input(
    gql: GraphQLClient, team: Team, first: int
) -> None:
    body = await gql.execute(
        AUDIT_LOG, {"organizationId": team.org, "first": first}, team.admin.token
    )
    assert_top_level_error(body, "BAD_USER_INPUT")


async def test_an_out_of_range_cursor_is_bad_user_input(gql: GraphQLClient, team: Team) -> None:
    variables = {"organizationId": team.org, "after": OUT_OF_RANGE_CURSOR}
    body = await gql.execute(AUDIT_LOG, variables, team.admin.token)
    assert_top_level_error(body, "BAD_USER_INPUT")


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_editors_and_reviewers_are_forbidden(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    body = await gql.execute(AUDIT_LOG, {"organizationId": team.org}, team.by_role(role).token)
    assert_top_level_error(body, "FORBIDDEN")
    assert body["data"] is None


async def test_another_organizations_log_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await gql.execute(AUDIT_LOG, {"organizationId": team.other_org}, team.admin.token)
    missing = await gql.execute(
        AUDIT_LOG, {"organizationId": missing_id("Organization")}, team.admin.token
    )
    assert_top_level_error(foreign, "NOT_FOUND")
    assert foreign == missing
    assert foreign["data"] is None


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_the_log_requires_sign_in(gql: GraphQLClient, team: Team, token: str | None) -> None:
    body = await gql.execute(AUDIT_LOG, {"organizationId": team.org}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
