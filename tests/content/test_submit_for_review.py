"""submitForReview: DRAFTED → IN_REVIEW, by a writer, with one version chosen per channel."""

from __future__ import annotations

import pytest

from models.content import ContentRequest, ContentStatus, ContentVersion
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    SUBMIT_FOR_REVIEW,
    assert_forbidden,
    assert_not_found_like_missing,
    make_request,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)


@pytest.mark.parametrize("role", ["EDITOR", "ADMIN"])
async def test_writers_submit_and_the_submitter_is_recorded(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    author = team.by_role(role)
    payload = await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, author.token)
    request = payload["contentRequest"]
    assert request["status"] == "IN_REVIEW"
    assert request["submittedBy"] == {"email": author.email}
    assert request["submittedAt"] is not None
    assert (request["decidedBy"], request["decidedAt"]) == (None, None)
    row = await ContentRequest.get(id=drafted.request.id)
    assert row.submitted_by_id == author.pk and row.submitted_at is not None


async def test_every_channel_needs_a_selected_version(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    await ContentVersion.filter(id=drafted.of("LINKEDIN")[0].id).update(is_selected=False)
    async with writes_nothing():
        payload = await SUBMIT_FOR_REVIEW.payload(
            gql, {"contentRequestId": drafted.id}, team.editor.token
        )
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["NO_SELECTED_VERSION"]
    assert user_fields(payload) == [["contentRequestId"]]
    assert payload["userErrors"][0]["message"].endswith(": LINKEDIN.")


async def test_with_nothing_selected_every_channel_is_named(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor, select=False)
    payload = await SUBMIT_FOR_REVIEW.payload(
        gql, {"contentRequestId": drafted.id}, team.editor.token
    )
    assert user_codes(payload) == ["NO_SELECTED_VERSION"]
    assert payload["userErrors"][0]["message"].endswith(": X, LINKEDIN.")
    assert await status_of(drafted) == ContentStatus.DRAFTED


async def test_a_reviewer_may_not_submit(gql: GraphQLClient, team: Team) -> None:
    drafted = await make_request(team.org, team.editor)
    await assert_forbidden(
        SUBMIT_FOR_REVIEW, gql, {"contentRequestId": drafted.id}, team.reviewer.token
    )


async def test_another_organizations_request_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        SUBMIT_FOR_REVIEW,
        gql,
        team.editor.token,
        lambda request_id: {"contentRequestId": request_id},
        foreign.id,
        "contentRequestId",
    )
    assert await status_of(foreign) == ContentStatus.DRAFTED
