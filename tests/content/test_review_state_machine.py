"""The review state machine as a whole: from every status, which of submitForReview,
approveContent and rejectContent may run, and a real race between two reviewers."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from models.content import ContentRequest, ContentStatus, ContentTransition
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    APPROVE_CONTENT,
    EDIT_CONTENT_VERSION,
    REJECT_CONTENT,
    SUBMIT_FOR_REVIEW,
    Mutation,
    content_request,
    make_brief,
    make_request,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)

S = ContentStatus
# Each review operation, the one status it may start from, and where it leads.
OPERATIONS: list[tuple[Mutation, dict[str, Any], S, S]] = [
    (SUBMIT_FOR_REVIEW, {}, S.DRAFTED, S.IN_REVIEW),
    (APPROVE_CONTENT, {}, S.IN_REVIEW, S.APPROVED),
    (REJECT_CONTENT, {"reason": "Off brand"}, S.IN_REVIEW, S.REJECTED),
]


async def test_each_operation_runs_from_its_one_status_and_no_other(
    gql: GraphQLClient, team: Team
) -> None:
    brief = await make_brief(team.org, team.editor)
    for mutation, extra, start, target in OPERATIONS:
        for status in S:
            drafted = await make_request(team.org, team.editor, status=status, brief=brief)
            request_input = {"contentRequestId": drafted.id} | extra
            if status == start:
                payload = await mutation.ok(gql, request_input, team.admin.token)
                assert payload["contentRequest"]["status"] == target.value
                assert await status_of(drafted) == target
                continue
            async with writes_nothing():
                payload = await mutation.payload(gql, request_input, team.admin.token)
            assert payload["contentRequest"] is None, (mutation.field, status)
            assert user_codes(payload) == ["INVALID_TRANSITION"], (mutation.field, status)
            assert user_fields(payload) == [["contentRequestId"]]
            message = payload["userErrors"][0]["message"]
            assert message == f"Content in status {status.value} cannot move to {target.value}."


async def test_the_whole_way_through_records_who_and_when_at_each_step(
    gql: GraphQLClient, team: Team
) -> None:
    drafted = await make_request(team.org, team.editor)
    request_id = {"contentRequestId": drafted.id}
    await SUBMIT_FOR_REVIEW.ok(gql, request_id, team.editor.token)
    await REJECT_CONTENT.ok(gql, request_id | {"reason": " Too salesy "}, team.reviewer.token)
    rejected = await content_request(gql, team.editor.token, drafted.id)
    assert (rejected["status"], rejected["rejectionReason"]) == ("REJECTED", "Too salesy")
    assert rejected["decidedBy"] == {"email": team.reviewer.email}

    # Rejected content goes back to drafting when it is changed, then round again.
    await EDIT_CONTENT_VERSION.ok(
        gql,
        {"contentVersionId": drafted.version_id("X"), "text": "Calmer words"},
        team.editor.token,
    )
    await SUBMIT_FOR_REVIEW.ok(gql, request_id, team.admin.token)
    await APPROVE_CONTENT.ok(gql, request_id | {"note": "Lovely"}, team.second_reviewer.token)

    request = await content_request(gql, team.editor.token, drafted.id)
    assert request["status"] == "APPROVED"
    assert request["submittedBy"] == {"email": team.admin.email}
    assert request["decidedBy"] == {"email": team.second_reviewer.email}
    assert request["rejectionReason"] == ""
    assert request["submittedAt"] <= request["decidedAt"]
    assert [
        (t["fromStatus"], t["toStatus"], t["actor"]["email"], t["reason"])
        for t in request["transitions"]
    ] == [
        ("DRAFTED", "IN_REVIEW", team.editor.email, ""),
        ("IN_REVIEW", "REJECTED", team.reviewer.email, "Too salesy"),
        ("REJECTED", "DRAFTED", team.editor.email, "edited"),
        ("DRAFTED", "IN_REVIEW", team.admin.email, ""),
        ("IN_REVIEW", "APPROVED", team.second_reviewer.email, "Lovely"),
    ]
    times = [t.created_at for t in await ContentTransition.all().order_by("id")]
    assert times == sorted(times)
    row = await ContentRequest.get(id=drafted.request.id)
    assert (row.submitted_by_id, row.decided_by_id) == (team.admin.pk, team.second_reviewer.pk)


async def test_approve_and_reject_at_the_same_moment_exactly_one_wins(
    gql: GraphQLClient, app: Any, team: Team
) -> None:
    # Each reviewer on a client (and so a database session) of their own.
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50001))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        second = GraphQLClient(other)
        for _ in range(3):  # a few rounds, so either order can happen
            drafted = await make_request(team.org, team.editor)
            await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": drafted.id}, team.editor.token)
            approved, rejected = await asyncio.gather(
                APPROVE_CONTENT.payload(gql, {"contentRequestId": drafted.id}, team.reviewer.token),
                REJECT_CONTENT.payload(
                    second,
                    {"contentRequestId": drafted.id, "reason": "No"},
                    team.second_reviewer.token,
                ),
            )
            outcomes = sorted([user_codes(approved), user_codes(rejected)])
            assert outcomes == [[], ["INVALID_TRANSITION"]]
            final = await status_of(drafted)
            winner = approved if approved["userErrors"] == [] else rejected
            assert winner["contentRequest"]["status"] == final.value
            # Only the winner's transition was recorded, and the row says who decided.
            decisions = await ContentTransition.filter(
                request_id=drafted.request.id, from_status=S.IN_REVIEW
            )
            assert [t.to_status for t in decisions] == [final]
            row = await ContentRequest.get(id=drafted.request.id)
            expected = team.reviewer if final == S.APPROVED else team.second_reviewer
            assert row.decided_by_id == expected.pk
