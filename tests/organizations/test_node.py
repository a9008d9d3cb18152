from __future__ import annotations

import base64
from typing import Any

import pytest

from models.audit import AuditAction, AuditEvent
from schema.common import encode_id
from tests.conftest import GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    NODE,
    UNAUTHENTICATED_TOKENS,
    MakeAccount,
    assert_top_level_error,
    audit_rows,
    log_in,
    member_id,
    missing_id,
)


async def node(gql: GraphQLClient, global_id: str, token: str) -> dict[str, Any] | None:
    data = await gql.data(NODE, {"id": global_id}, token)
    result: dict[str, Any] | None = data["node"]
    return result


async def creation_event_id(org_id: str) -> str:
    [event] = [e for e in await audit_rows(org_id) if e.action == AuditAction.ORGANIZATION_CREATED]
    return encode_id("AuditEvent", event.id)


def raw_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("role", ["ADMIN", "EDITOR", "REVIEWER"])
async def test_members_resolve_their_organization(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    assert await node(gql, team.org, team.by_role(role).token) == {
        "__typename": "Organization",
        "id": team.org,
        "name": "Acme",
        "timezone": "Europe/Berlin",
        "viewerRole": role,
    }


async def test_members_resolve_each_others_memberships(gql: GraphQLClient, team: Team) -> None:
    editor_member = await member_id(team.org, team.editor)
    assert await node(gql, editor_member, team.reviewer.token) == {
        "__typename": "Member",
        "id": editor_member,
        "role": "EDITOR",
        "user": {"id": team.editor.id, "email": team.editor.email},
        "organization": {"id": team.org},
    }


async def test_users_resolve_for_themselves_and_people_they_share_an_organization_with(
    gql: GraphQLClient, team: Team
) -> None:
    own = await node(gql, team.editor.id, team.editor.token)
    assert own is not None
    assert (own["__typename"], own["email"], own["name"]) == (
        "User",
        team.editor.email,
        "Eddie Editor",
    )
    colleague = await node(gql, team.editor.id, team.reviewer.token)
    assert colleague is not None and colleague["email"] == team.editor.email
    assert colleague["lastLoginAt"] is None  # private to the user themselves


async def test_a_user_with_no_organizations_still_resolves_only_themselves(
    gql: GraphQLClient, team: Team, make_account: MakeAccount
) -> None:
    loner = await make_account()
    assert (await node(gql, loner.id, loner.token) or {}).get("email") == loner.email
    assert await node(gql, team.admin.id, loner.token) is None
    assert await node(gql, loner.id, team.admin.token) is None


async def test_only_admins_resolve_audit_events(gql: GraphQLClient, team: Team) -> None:
    event_id = await creation_event_id(team.org)
    assert await node(gql, event_id, team.admin.token) == {
        "__typename": "AuditEvent",
        "id": event_id,
        "action": "ORGANIZATION_CREATED",
        "targetType": "Organization",
        "targetId": team.org,
        "actor": {"id": team.admin.id},
    }
    assert await node(gql, event_id, team.editor.token) is None
    assert await node(gql, event_id, team.reviewer.token) is None


async def test_user_level_audit_events_belong_to_no_organization_and_never_resolve(
    gql: GraphQLClient, team: Team
) -> None:
    await log_in(gql, team.admin.email)
    personal = await AuditEvent.get(action=AuditAction.SIGN_IN, organization_id=None)
    assert await node(gql, encode_id("AuditEvent", personal.id), team.admin.token) is None


async def test_another_organizations_objects_read_as_null_like_missing_ones(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = {
        "Organization": team.other_org,
        "Member": await member_id(team.other_org, team.outsider),
        "User": team.outsider.id,
        "AuditEvent": await creation_event_id(team.other_org),
    }
    for type_name, global_id in foreign.items():
        for candidate in (global_id, missing_id(type_name)):
            body = await gql.execute(NODE, {"id": candidate}, team.admin.token)
            assert body == {"data": {"node": None}}, (type_name, candidate)
    # The same ids do resolve for their own organization's admin.
    for global_id in foreign.values():
        assert (await node(gql, global_id, team.outsider.token) or {}).get("id") == global_id


@pytest.mark.parametrize(
    "global_id",
    [
        "",
        "not base64!",
        raw_id("Organization"),
        raw_id("Organization:"),
        raw_id("Organization:abc"),
        raw_id("Organization:0"),
        raw_id("Organization:-1"),
        raw_id(f"Organization:{2**63}"),
        raw_id(":1"),
        raw_id("Nope:1"),
        raw_id("Invitation:1"),  # a Node type, but not fetchable by id
        base64.b64encode(b"\xff\xfe:1").decode(),
    ],
)
async def test_invalid_ids_read_as_null(gql: GraphQLClient, team: Team, global_id: str) -> None:
    body = await gql.execute(NODE, {"id": global_id}, team.admin.token)
    assert body == {"data": {"node": None}}


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_node_requires_sign_in(gql: GraphQLClient, team: Team, token: str | None) -> None:
    body = await gql.execute(NODE, {"id": team.org}, token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] == {"node": None}
