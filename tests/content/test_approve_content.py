"""approveContent: IN_REVIEW → APPROVED by a REVIEWER or ADMIN, optionally never by the
person who wrote or submitted it."""

from __future__ import annotations

from typing import Any

import pytest

from models.content import ContentRequest
from models.organizations import Organization
from tests.conftest import Account, GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    APPROVE_CONTENT,
    REJECT_CONTENT,
    SUBMIT_FOR_REVIEW,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    make_request,
    org_pk,
    user_codes,
    user_fields,
    writes_nothing,
)

UPDATE_ORGANIZATION = """
mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) {
    organization { forbidSelfApproval }
    userErrors { code }
  }
}"""


async def set_self_approval_ban(gql: GraphQLClient, team: Team, on: bool) -> None:
    data = await gql.data(
        UPDATE_ORGANIZATION,
        {"input": {"organizationId": team.org, "forbidSelfApproval": on}},
        team.admin.token,
    )
    assert data["updateOrganization"] == {
        "organization": {"forbidSelfApproval": on},
        "userErrors": [],
    }


async def in_review(gql: GraphQLClient, team: Team, author: Account, submitter: Account) -> str:
    drafted = await make_request(team.org, author)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, submitter.token)
    return drafted.id


@pytest.mark.parametrize("role", ["REVIEWER", "ADMIN"])
async def test_reviewers_approve_and_the_decision_is_recorded(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    request_id = await in_review(gql, team, team.editor, team.editor)
    reviewer = team.by_role(role)
    payload = await APPROVE_CONTENT.ok(
        gql, {"contentRequestId": request_id, "note": " Ship it "}, reviewer.token
    )
    request = payload["contentRequest"]
    assert request["status"] == "APPROVED"
    assert request["decidedBy"] == {"email": reviewer.email}
    assert request["decidedAt"] is not None and request["rejectionReason"] == ""
    last = (await content_request(gql, reviewer.token, request_id))["transitions"][-1]
    assert (last["fromStatus"], last["toStatus"], last["reason"], last["actor"]) == (
        "IN_REVIEW",
        "APPROVED",
        "Ship it",
        {"email": reviewer.email},
    )


async def test_an_editor_may_not_approve(gql: GraphQLClient, team: Team) -> None:
    request_id = await in_review(gql, team, team.admin, team.admin)
    await assert_forbidden(
        APPROVE_CONTENT, gql, {"contentRequestId": request_id}, team.editor.token
    )


async def test_an_over_long_note_is_refused(gql: GraphQLClient, team: Team) -> None:
    request_id = await in_review(gql, team, team.editor, team.editor)
    async with writes_nothing():
        payload = await APPROVE_CONTENT.payload(
            gql, {"contentRequestId": request_id, "note": "n" * 2001}, team.reviewer.token
        )
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["reason"]]


async def test_without_the_ban_an_admin_may_approve_their_own_content(
    gql: GraphQLClient, team: Team
) -> None:
    request_id = await in_review(gql, team, team.admin, team.admin)
    await APPROVE_CONTENT.ok(gql, {"contentRequestId": request_id}, team.admin.token)


@pytest.mark.parametrize("own", ["created", "submitted"])
async def test_with_the_ban_nobody_approves_what_they_created_or_submitted(
    gql: GraphQLClient, team: Team, own: str
) -> None:
    await set_self_approval_ban(gql, team, True)
    author, submitter = (team.admin, team.editor) if own == "created" else (team.editor, team.admin)
    request_id = await in_review(gql, team, author, submitter)
    async with writes_nothing():
        payload = await APPROVE_CONTENT.payload(
            gql, {"contentRequestId": request_id}, team.admin.token
        )
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["SELF_APPROVAL_FORBIDDEN"]
    assert user_fields(payload) == [["contentRequestId"]]
    # Somebody else may, and the author may still reject their own work.
    await APPROVE_CONTENT.ok(gql, {"contentRequestId": request_id}, team.reviewer.token)
    other = await in_review(gql, team, author, submitter)
    await REJECT_CONTENT.ok(
        gql, {"contentRequestId": other, "reason": "Not ready"}, team.admin.token
    )


async def test_lifting_the_ban_allows_self_approval_again(gql: GraphQLClient, team: Team) -> None:
    await set_self_approval_ban(gql, team, True)
    request_id = await in_review(gql, team, team.admin, team.admin)
    assert await APPROVE_CONTENT.codes(gql, {"contentRequestId": request_id}, team.admin.token) == [
        "SELF_APPROVAL_FORBIDDEN"
    ]
    await set_self_approval_ban(gql, team, False)
    await APPROVE_CONTENT.ok(gql, {"contentRequestId": request_id}, team.admin.token)


async def test_only_an_admin_may_change_the_ban(gql: GraphQLClient, team: Team) -> None:
    body = await gql.execute(
        UPDATE_ORGANIZATION,
        {"input": {"organizationId": team.org, "forbidSelfApproval": True}},
        team.editor.token,
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert (await Organization.get(id=org_pk(team.org))).forbid_self_approval is False


async def test_another_organizations_request_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": foreign.id}, team.outsider.token)

    def approve_input(request_id: str) -> dict[str, Any]:
        return {"contentRequestId": request_id}

    await assert_not_found_like_missing(
        APPROVE_CONTENT, gql, team.reviewer.token, approve_input, foreign.id, "contentRequestId"
    )
    assert (await ContentRequest.get(id=foreign.request.id)).decided_by_id is None
