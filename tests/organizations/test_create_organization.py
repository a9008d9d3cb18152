from __future__ import annotations

import pytest

from models.audit import AuditAction, AuditEvent
from models.organizations import Membership, Organization, Role
from tests.conftest import GraphQLClient
from tests.organizations.helpers import (
    CREATE_ORGANIZATION,
    ORGANIZATIONS,
    UNAUTHENTICATED_TOKENS,
    MakeAccount,
    assert_single_user_error,
    assert_top_level_error,
    pk_of,
    writes_nothing,
)


async def test_creator_becomes_the_only_admin_and_the_creation_is_audited(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    ana = await make_account("ana@example.com")
    result = await CREATE_ORGANIZATION.ok(
        gql, {"name": "  Acme Coffee  ", "timezone": "America/New_York"}, ana.token
    )

    org = result["organization"]
    assert org["name"] == "Acme Coffee"
    assert org["timezone"] == "America/New_York"
    assert (org["website"], org["brandVoice"]) == ("", "")
    assert org["viewerRole"] == "ADMIN"

    pk = pk_of(org["id"], "Organization")
    row = await Organization.get(id=pk)
    assert (row.name, row.timezone) == ("Acme Coffee", "America/New_York")
    members = await Membership.filter(organization_id=pk).values_list("user_id", "role")
    assert members == [(ana.pk, Role.ADMIN)]
    events = await AuditEvent.filter(organization_id=pk)
    assert [(e.action, e.actor_id, e.target_type, e.target_id) for e in events] == [
        (AuditAction.ORGANIZATION_CREATED, ana.pk, "Organization", pk)
    ]

    listed = await gql.data(ORGANIZATIONS, token=ana.token)
    assert [e["node"]["id"] for e in listed["organizations"]["edges"]] == [org["id"]]


async def test_timezone_defaults_to_utc(gql: GraphQLClient, make_account: MakeAccount) -> None:
    ana = await make_account()
    result = await CREATE_ORGANIZATION.ok(gql, {"name": "Acme"}, ana.token)
    assert result["organization"]["timezone"] == "UTC"
    assert await Organization.filter(timezone="UTC").count() == 1


async def test_a_name_of_200_characters_is_accepted(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    ana = await make_account()
    result = await CREATE_ORGANIZATION.ok(gql, {"name": "n" * 200, "timezone": "UTC"}, ana.token)
    assert result["organization"]["name"] == "n" * 200


async def test_each_creator_administers_only_their_own_organization(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    ana, bob = await make_account(), await make_account()
    await CREATE_ORGANIZATION.ok(gql, {"name": "Ana's"}, ana.token)
    await CREATE_ORGANIZATION.ok(gql, {"name": "Bob's"}, bob.token)
    for account, name in ((ana, "Ana's"), (bob, "Bob's")):
        listed = await gql.data(ORGANIZATIONS, token=account.token)
        assert [e["node"]["name"] for e in listed["organizations"]["edges"]] == [name]
    assert await Membership.filter(role=Role.ADMIN).count() == 2


@pytest.mark.parametrize(
    "timezone", ["Mars/Olympus_Mons", "", "europe/berlin", "GMT+25", "Europe/Berlin "]
)
async def test_an_unknown_timezone_is_refused_and_nothing_is_written(
    gql: GraphQLClient, make_account: MakeAccount, timezone: str
) -> None:
    ana = await make_account()
    async with writes_nothing():
        result = await CREATE_ORGANIZATION.payload(
            gql, {"name": "Acme", "timezone": timezone}, ana.token
        )
    assert result["organization"] is None
    assert_single_user_error(result, "INVALID_TIMEZONE", ["timezone"])


@pytest.mark.parametrize("name", ["", "   ", "n" * 201])
async def test_a_blank_or_overlong_name_is_refused_and_nothing_is_written(
    gql: GraphQLClient, make_account: MakeAccount, name: str
) -> None:
    ana = await make_account()
    async with writes_nothing():
        result = await CREATE_ORGANIZATION.payload(
            gql, {"name": name, "timezone": "Europe/Berlin"}, ana.token
        )
    assert result["organization"] is None
    assert_single_user_error(result, "INVALID_INPUT", ["name"])


async def test_every_problem_is_reported_at_once(
    gql: GraphQLClient, make_account: MakeAccount
) -> None:
    ana = await make_account()
    async with writes_nothing():
        result = await CREATE_ORGANIZATION.payload(
            gql, {"name": " ", "timezone": "Nowhere/Land"}, ana.token
        )
    assert result["organization"] is None
    assert sorted((e["code"], e["field"]) for e in result["userErrors"]) == [
        ("INVALID_INPUT", ["name"]),
        ("INVALID_TIMEZONE", ["timezone"]),
    ]


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_create(
    gql: GraphQLClient, make_account: MakeAccount, token: str | None
) -> None:
    await make_account()
    async with writes_nothing():
        body = await CREATE_ORGANIZATION.execute(gql, {"name": "Acme"}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
