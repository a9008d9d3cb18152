"""Nested lists cost a constant number of SQL statements, however many rows they hold."""

from __future__ import annotations

from typing import Any

from models.accounts import User
from models.organizations import Membership, Role
from schema.common import decode_id
from tests.conftest import GraphQLClient

NESTED = """
{ viewer { memberships { organization {
    members(first: 50) { totalCount edges { node { role user { email } } } }
} } } }"""


async def _org_with_members(make_account: Any, make_org: Any, extra: int, name: str) -> Any:
    owner = await make_account()
    org_id = await make_org(owner, name)
    await User.bulk_create(
        [
            User(email=f"{name.lower()}-{i}@example.com", name=f"M{i}", password_hash="x")
            for i in range(extra)
        ]
    )
    users = await User.filter(email__startswith=f"{name.lower()}-")
    pk = decode_id(org_id, "Organization")
    await Membership.bulk_create(
        [Membership(organization_id=pk, user_id=u.id, role=Role.EDITOR) for u in users]
    )
    return owner


async def _statements(gql: GraphQLClient, count_sql: Any, token: str) -> tuple[int, Any]:
    with count_sql() as counter:
        data = await gql.data(NESTED, token=token)
    return counter.count, data


async def test_members_of_every_organization_load_in_constant_statements(
    gql: GraphQLClient, make_account: Any, make_org: Any, count_sql: Any
) -> None:
    small_owner = await _org_with_members(make_account, make_org, 0, "Small")
    small_count, small = await _statements(gql, count_sql, small_owner.token)
    [membership] = small["viewer"]["memberships"]
    assert membership["organization"]["members"]["totalCount"] == 1

    big_owner = await _org_with_members(make_account, make_org, 49, "Big")
    # A second organization for the same viewer: lists of lists still batch.
    second = await make_org(big_owner, "Second")
    pk = decode_id(second, "Organization")
    others = await User.filter(email__startswith="big-").limit(10)
    await Membership.bulk_create(
        [Membership(organization_id=pk, user_id=u.id, role=Role.REVIEWER) for u in others]
    )
    big_count, big = await _statements(gql, count_sql, big_owner.token)
    pages = [m["organization"]["members"] for m in big["viewer"]["memberships"]]
    assert [p["totalCount"] for p in pages] == [50, 11]
    assert len(pages[0]["edges"]) == 50
    assert {e["node"]["user"]["email"] for e in pages[0]["edges"]} >= {"big-48@example.com"}

    assert big_count == small_count
    # session lookup, memberships, organizations, member page (ids + rows), users, counts
    assert small_count <= 7
