from __future__ import annotations

from typing import Any

from models.audit import AuditAction, AuditEvent
from models.organizations import Membership, Role
from schema.common import encode_id
from tests.conftest import Account, GraphQLClient
from tests.organizations.conftest import Team
from tests.organizations.helpers import (
    AUDIT_LOG,
    INVITE_MEMBER,
    LEAVE_ORGANIZATION,
    NODE,
    ORGANIZATION,
    ORGANIZATIONS,
    REMOVE_MEMBER,
    UPDATE_MEMBER_ROLE,
    UPDATE_ORGANIZATION,
    Mutation,
    assert_single_user_error,
    audit_rows,
    member_id,
    missing_id,
    pk_of,
    writes_nothing,
)


async def staff_reads(org_id: str | None = None) -> list[AuditEvent]:
    events = AuditEvent.filter(action=AuditAction.STAFF_ACCESS)
    if org_id is not None:
        events = events.filter(organization_id=pk_of(org_id, "Organization"))
    return await events.order_by("id")


async def test_staff_read_any_organization_and_every_read_is_audited(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    data = await gql.data(ORGANIZATION, {"id": team.org}, staff.token)
    org = data["organization"]
    assert (org["id"], org["name"]) == (team.org, "Acme")
    assert org["viewerRole"] is None  # reading as staff, not as a member
    assert [e["node"]["role"] for e in org["members"]["edges"]] == ["ADMIN", "EDITOR", "REVIEWER"]
    assert not await Membership.filter(user_id=staff.pk).exists()

    [event] = await staff_reads()
    assert (event.organization_id, event.actor_id) == (pk_of(team.org, "Organization"), staff.pk)
    assert (event.target_type, event.target_id) == ("Organization", event.organization_id)

    await gql.data(ORGANIZATION, {"id": team.org}, staff.token)
    assert len(await staff_reads(team.org)) == 2

    # The organization's admins see who looked.
    log = await gql.data(AUDIT_LOG, {"organizationId": team.org}, team.admin.token)
    actions = [(e["node"]["action"], e["node"]["actor"]["email"]) for e in log["auditLog"]["edges"]]
    assert actions[:2] == [("STAFF_ACCESS", staff.email)] * 2


async def test_staff_read_through_node_and_each_read_is_audited(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    outsider_member = await member_id(team.other_org, team.outsider)
    [creation] = await audit_rows(team.other_org)
    reads: list[tuple[str, str]] = [
        (team.org, "Organization"),
        (outsider_member, "Member"),
        (encode_id("AuditEvent", creation.id), "AuditEvent"),
    ]
    for global_id, type_name in reads:
        data = await gql.data(NODE, {"id": global_id}, staff.token)
        assert (data["node"]["__typename"], data["node"]["id"]) == (type_name, global_id)
    assert len(await staff_reads(team.org)) == 1
    assert len(await staff_reads(team.other_org)) == 2
    assert {e.actor_id for e in await staff_reads()} == {staff.pk}


async def test_one_request_reading_an_organization_several_ways_is_audited_once(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    query = "query($id: ID!) { a: organization(id: $id) { id } b: node(id: $id) { id } }"
    data = await gql.data(query, {"id": team.org}, staff.token)
    assert data == {"a": {"id": team.org}, "b": {"id": team.org}}
    assert len(await staff_reads(team.org)) == 1


async def test_staff_may_read_any_audit_log_and_that_read_is_audited(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    data = await gql.data(AUDIT_LOG, {"organizationId": team.other_org}, staff.token)
    actions = [e["node"]["action"] for e in data["auditLog"]["edges"]]
    # The read is audited before the page is taken, so it is the newest entry.
    assert actions == ["STAFF_ACCESS", "ORGANIZATION_CREATED"]


async def test_a_missing_organization_reads_as_null_and_writes_no_audit_event(
    gql: GraphQLClient, staff: Account
) -> None:
    async with writes_nothing():
        data = await gql.data(ORGANIZATION, {"id": missing_id("Organization")}, staff.token)
        node = await gql.data(NODE, {"id": missing_id("Organization")}, staff.token)
    assert data == {"organization": None}
    assert node == {"node": None}


async def test_staff_reading_their_own_organization_read_as_members(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    await Membership.create(
        organization_id=pk_of(team.org, "Organization"), user_id=staff.pk, role=Role.REVIEWER
    )
    data = await gql.data(ORGANIZATION, {"id": team.org}, staff.token)
    assert data["organization"]["viewerRole"] == "REVIEWER"
    assert await staff_reads() == []
    listed = await gql.data(ORGANIZATIONS, token=staff.token)
    assert [e["node"]["id"] for e in listed["organizations"]["edges"]] == [team.org]


async def test_staff_list_only_their_own_memberships(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    listed = await gql.data(ORGANIZATIONS, token=staff.token)
    assert listed["organizations"]["edges"] == []
    assert listed["organizations"]["totalCount"] == 0


async def test_staff_cannot_write_to_an_organization_they_are_not_a_member_of(
    gql: GraphQLClient, team: Team, staff: Account
) -> None:
    editor_member = await member_id(team.org, team.editor)
    attempts: list[tuple[Mutation, dict[str, Any], list[str]]] = [
        (UPDATE_ORGANIZATION, {"organizationId": team.org, "name": "Staffed"}, ["organizationId"]),
        (
            INVITE_MEMBER,
            {"organizationId": team.org, "email": "x@example.com", "role": "ADMIN"},
            ["organizationId"],
        ),
        (UPDATE_MEMBER_ROLE, {"memberId": editor_member, "role": "ADMIN"}, ["memberId"]),
        (REMOVE_MEMBER, {"memberId": editor_member}, ["memberId"]),
        (LEAVE_ORGANIZATION, {"organizationId": team.org}, ["organizationId"]),
    ]
    for mutation, input, field in attempts:
        async with writes_nothing():
            result = await mutation.payload(gql, input, staff.token)
        assert_single_user_error(result, "NOT_FOUND", field)
