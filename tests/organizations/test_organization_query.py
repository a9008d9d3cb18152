from __future__ import annotations

import base64
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from models.organizations import Membership, Role
from tests.conftest import Account, GraphQLClient, SqlCounter
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    CREATE_ORGANIZATION,
    ORGANIZATION,
    ORGANIZATIONS,
    OUT_OF_RANGE_CURSOR,
    UNAUTHENTICATED_TOKENS,
    MakeAccount,
    assert_top_level_error,
    member_id,
    missing_id,
    pk_of,
)

CountSql = Callable[[], AbstractContextManager[SqlCounter]]


async def create_orgs(gql: GraphQLClient, owner: Account, count: int) -> list[str]:
    ids = []
    for n in range(count):
        result = await CREATE_ORGANIZATION.ok(gql, {"name": f"Org {n}"}, owner.token)
        ids.append(result["organization"]["id"])
    return ids


async def organizations_page(
    gql: GraphQLClient, token: str, first: int | None = None, after: str | None = None
) -> dict[str, Any]:
    data = await gql.data(ORGANIZATIONS, {"first": first, "after": after}, token)
    page: dict[str, Any] = data["organizations"]
    return page


# organization(id)


@pytest.mark.parametrize("role", ["ADMIN", "EDITOR", "REVIEWER"])
async def test_every_member_reads_the_organization_and_its_members(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    data = await gql.data(ORGANIZATION, {"id": team.org}, team.by_role(role).token)
    org = data["organization"]
    assert (org["id"], org["name"], org["timezone"]) == (team.org, "Acme", "Europe/Berlin")
    assert org["viewerRole"] == role
    members = org["members"]
    assert members["totalCount"] == 3
    assert [(e["node"]["user"]["email"], e["node"]["role"]) for e in members["edges"]] == [
        (team.admin.email, "ADMIN"),
        (team.editor.email, "EDITOR"),
        (team.reviewer.email, "REVIEWER"),
    ]
    assert members["edges"][1]["node"]["id"] == await member_id(team.org, team.editor)
    assert {e["node"]["organization"]["id"] for e in members["edges"]} == {team.org}


async def test_members_are_paginated_with_cursors(gql: GraphQLClient, team: Team) -> None:
    token = team.editor.token
    first = (await gql.data(ORGANIZATION, {"id": team.org, "first": 2}, token))["organization"]
    page = first["members"]
    assert [e["node"]["role"] for e in page["edges"]] == ["ADMIN", "EDITOR"]
    assert page["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": page["edges"][0]["cursor"],
        "endCursor": page["edges"][1]["cursor"],
    }
    after = page["pageInfo"]["endCursor"]
    data = await gql.data(ORGANIZATION, {"id": team.org, "first": 2, "after": after}, token)
    rest = data["organization"]["members"]
    assert [e["node"]["role"] for e in rest["edges"]] == ["REVIEWER"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert rest["pageInfo"]["hasPreviousPage"] is True
    assert rest["totalCount"] == 3


async def test_members_and_their_users_load_in_a_constant_number_of_statements(
    gql: GraphQLClient, team: Team, make_account: MakeAccount, count_sql: CountSql
) -> None:
    with count_sql() as small:
        await gql.data(ORGANIZATION, {"id": team.org}, team.admin.token)
    for n in range(4):
        newcomer = await make_account(f"newcomer{n}@example.com")
        await Membership.create(
            organization_id=pk_of(team.org, "Organization"), user_id=newcomer.pk, role=Role.EDITOR
        )
    with count_sql() as large:
        data = await gql.data(ORGANIZATION, {"id": team.org}, team.admin.token)
    assert len(data["organization"]["members"]["edges"]) == 7
    assert large.count == small.count, large.statements


async def test_member_page_size_is_capped(gql: GraphQLClient, team: Team) -> None:
    body = await gql.execute(ORGANIZATION, {"id": team.org, "first": 101}, team.admin.token)
    assert_top_level_error(body, "BAD_USER_INPUT")


async def test_another_organization_reads_as_null_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    for org_id in (
        team.other_org,
        missing_id("Organization"),
        await member_id(team.org, team.admin),  # a real id, but of a Member
        "not-a-global-id",
    ):
        body = await gql.execute(ORGANIZATION, {"id": org_id}, team.admin.token)
        assert body == {"data": {"organization": None}}, org_id


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_organization_requires_sign_in(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    body = await gql.execute(ORGANIZATION, {"id": team.org}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] == {"organization": None}


# organizations(first, after)


async def test_organizations_lists_only_the_viewers_memberships(
    gql: GraphQLClient, team: Team
) -> None:
    for account, expected in (
        (team.admin, [("Acme", "ADMIN")]),
        (team.reviewer, [("Acme", "REVIEWER")]),
        (team.outsider, [("Globex", "ADMIN")]),
    ):
        page = await organizations_page(gql, account.token)
        assert [(e["node"]["name"], e["node"]["viewerRole"]) for e in page["edges"]] == expected
        assert page["totalCount"] == 1


async def test_a_user_without_organizations_gets_an_empty_connection(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    loner = await make_account()
    assert await organizations_page(gql, loner.token) == {
        "totalCount": 0,
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
        "edges": [],
    }


async def test_pages_follow_end_cursors_through_every_organization_once(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    owner = await make_account()
    created = await create_orgs(gql, owner, 5)
    seen: list[str] = []
    infos: list[dict[str, Any]] = []
    sizes: list[int] = []
    after: str | None = None
    while True:
        page = await organizations_page(gql, owner.token, first=2, after=after)
        assert page["totalCount"] == 5
        seen += [e["node"]["id"] for e in page["edges"]]
        sizes.append(len(page["edges"]))
        info = page["pageInfo"]
        infos.append(info)
        assert info["startCursor"] == page["edges"][0]["cursor"]
        assert info["endCursor"] == page["edges"][-1]["cursor"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == created
    assert sizes == [2, 2, 1]
    assert [(i["hasPreviousPage"], i["hasNextPage"]) for i in infos] == [
        (False, True),
        (True, True),
        (True, False),
    ]


async def test_page_size_defaults_to_20_and_accepts_up_to_100(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    owner = await make_account()
    created = await create_orgs(gql, owner, 21)
    default = await organizations_page(gql, owner.token)
    assert len(default["edges"]) == 20
    assert default["pageInfo"]["hasNextPage"] is True
    everything = await organizations_page(gql, owner.token, first=100)
    assert [e["node"]["id"] for e in everything["edges"]] == created
    assert everything["pageInfo"]["hasNextPage"] is False
    none = await organizations_page(gql, owner.token, first=0)
    assert none["edges"] == [] and none["totalCount"] == 21
    assert none["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize("first", [101, 1000, -1])
async def test_page_size_outside_0_to_100_is_bad_user_input(
    gql: GraphQLClient, team: Team, first: int
) -> None:
    body = await gql.execute(ORGANIZATIONS, {"first": first}, team.admin.token)
    assert_top_level_error(body, "BAD_USER_INPUT")
    assert body["data"] is None


@pytest.mark.parametrize(
    "after",
    [
        "not-a-cursor",
        "",
        base64.urlsafe_b64encode(b"c:-1").decode(),
        base64.urlsafe_b64encode(b"x:5").decode(),
        base64.urlsafe_b64encode(b"c:abc").decode(),
    ],
)
async def test_a_cursor_not_from_this_api_is_bad_user_input(
    gql: GraphQLClient, team: Team, after: str
) -> None:
    body = await gql.execute(ORGANIZATIONS, {"first": 1, "after": after}, team.admin.token)
    assert_top_level_error(body, "BAD_USER_INPUT")


@pytest.mark.parametrize("query", [ORGANIZATIONS, ORGANIZATION])
async def test_an_out_of_range_cursor_is_bad_user_input(
    gql: GraphQLClient, team: Team, query: str
) -> None:
    variables = {"id": team.org, "first": 1, "after": OUT_OF_RANGE_CURSOR}
    body = await gql.execute(query, variables, team.admin.token)
    assert_top_level_error(body, "BAD_USER_INPUT")


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_organizations_requires_sign_in(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    body = await gql.execute(ORGANIZATIONS, token=token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
