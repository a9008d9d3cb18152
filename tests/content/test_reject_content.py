"""rejectContent: IN_REVIEW → REJECTED by a REVIEWER or ADMIN, always with a reason."""

from __future__ import annotations

from typing import Any

import pytest

from models.content import ContentStatus
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    REJECT_CONTENT,
    SUBMIT_FOR_REVIEW,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    make_request,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)


async def in_review(gql: GraphQLClient, team: Team) -> str:
    drafted = await make_request(team.org, team.editor)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, team.editor.token)
    return drafted.id


@pytest.mark.parametrize("role", ["REVIEWER", "ADMIN"])
async def test_reviewers_reject_with_a_reason_that_is_kept(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    request_id = await in_review(gql, team)
    reviewer = team.by_role(role)
    payload = await REJECT_CONTENT.ok(
        gql, {"contentRequestId": request_id, "reason": "  Wrong price  "}, reviewer.token
    )
    request = payload["contentRequest"]
    assert (request["status"], request["rejectionReason"]) == ("REJECTED", "Wrong price")
    assert request["decidedBy"] == {"email": reviewer.email}
    assert request["decidedAt"] is not None
    last = (await content_request(gql, reviewer.token, request_id))["transitions"][-1]
    assert (last["fromStatus"], last["toStatus"], last["reason"]) == (
        "IN_REVIEW",
        "REJECTED",
        "Wrong price",
    )


@pytest.mark.parametrize("reason", ["", "   \n", "r" * 2001])
async def test_a_rejection_needs_a_reason_of_sensible_length(
    gql: GraphQLClient, team: Team, reason: str
) -> None:
    request_id = await in_review(gql, team)
    async with writes_nothing():
        payload = await REJECT_CONTENT.payload(
            gql, {"contentRequestId": request_id, "reason": reason}, team.reviewer.token
        )
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["reason"]]


async def test_rejected_content_cannot_be_resubmitted_unchanged(
    gql: GraphQLClient, team: Team
) -> None:
    request_id = await in_review(gql, team)
    await REJECT_CONTENT.ok(
        gql, {"contentRequestId": request_id, "reason": "Redo"}, team.reviewer.token
    )
    codes = await SUBMIT_FOR_REVIEW.codes(gql, {"contentRequestId": request_id}, team.editor.token)
    assert codes == ["INVALID_TRANSITION"]


async def test_an_editor_may_not_reject(gql: GraphQLClient, team: Team) -> None:
    request_id = await in_review(gql, team)
    await assert_forbidden(
        REJECT_CONTENT, gql, {"contentRequestId": request_id, "reason": "No"}, team.editor.token
    )


async def test_another_organizations_request_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": foreign.id}, team.outsider.token)

    def reject_input(request_id: str) -> dict[str, Any]:
        return {"contentRequestId": request_id, "reason": "Not yours"}

    await assert_not_found_like_missing(
        REJECT_CONTENT, gql, team.reviewer.token, reject_input, foreign.id, "contentRequestId"
    )
    assert await status_of(foreign) == ContentStatus.IN_REVIEW
