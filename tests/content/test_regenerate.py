"""regenerate: more AI versions for one channel of a request; the old ones stay."""

from __future__ import annotations

from typing import Any

import pytest

from app.settings import get_settings
from models.content import BriefStatus, ContentStatus, ContentVersion
from tests.conftest import GraphQLClient
from tests.content.conftest import Team
from tests.content.helpers import (
    REGENERATE,
    RunWorker,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    make_request,
    move_to,
    queued_jobs,
    status_of,
    user_codes,
    user_fields,
    writes_nothing,
)
from tests.fakes.openai_server import Reply, variants_json


def regenerate_input(request_id: str, channel: str = "X", **fields: Any) -> dict[str, Any]:
    return {"contentRequestId": request_id, "channel": channel} | fields


async def test_new_versions_are_added_for_one_channel_and_the_old_ones_kept(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: RunWorker
) -> None:
    drafted = await make_request(team.org, team.editor, variants=2)
    payload = await REGENERATE.ok(
        gql, regenerate_input(drafted.id, instructions=" Shorter, please "), team.editor.token
    )
    assert payload["contentRequest"]["status"] == "QUEUED"
    assert await queued_jobs() == 1
    ai.script.append(Reply(content=variants_json(["New X one", "New X two"])))
    assert await run_worker() == 1

    request = await content_request(gql, team.editor.token, drafted.id)
    assert request["status"] == "DRAFTED"
    texts = [(v["channel"], v["text"], v["isSelected"], v["source"]) for v in request["versions"]]
    assert texts == [
        ("X", "X draft 1: roasted in house, out on Monday.", True, "AI"),
        ("X", "X draft 2: roasted in house, out on Monday.", False, "AI"),
        ("LINKEDIN", "LINKEDIN draft 1: roasted in house, out on Monday.", True, "AI"),
        ("LINKEDIN", "LINKEDIN draft 2: roasted in house, out on Monday.", False, "AI"),
        # The new ones come after, unselected: the team's choice stands.
        ("X", "New X one", False, "AI"),
        ("X", "New X two", False, "AI"),
    ]
    # Only the asked channel went to the AI, with the new instructions.
    [sent] = ai.requests
    prompt = sent["messages"][1]["content"]
    assert "Channel rules: X:" in prompt and "LINKEDIN" not in prompt
    assert "Extra instructions: Shorter, please" in prompt
    assert "Write 2 distinct variant(s)" in prompt
    assert [
        (t["fromStatus"], t["toStatus"], t["reason"], (t["actor"] or {}).get("email"))
        for t in request["transitions"]
    ] == [
        ("DRAFTED", "QUEUED", "regenerate", team.editor.email),
        ("QUEUED", "GENERATING", "", None),
        ("GENERATING", "DRAFTED", "", None),
    ]
    # The request's original instructions are what it was created with.
    assert request["instructions"] == ""


async def test_regenerating_twice_keeps_every_run(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: RunWorker
) -> None:
    drafted = await make_request(team.org, team.editor, variants=1, channels=["X"])
    for text in ("Second run", "Third run"):
        await REGENERATE.ok(gql, regenerate_input(drafted.id), team.editor.token)
        ai.script.append(Reply(content=variants_json([text])))
        assert await run_worker() == 1
    rows = await ContentVersion.filter(request_id=drafted.request.id).order_by("id")
    assert [(v.text, v.generation_seq) for v in rows] == [
        ("X draft 1: roasted in house, out on Monday.", 1),
        ("Second run", 2),
        ("Third run", 3),
    ]


@pytest.mark.parametrize("status", ["IN_REVIEW", "APPROVED", "REJECTED"])
async def test_regenerating_reviewed_content_sends_it_back_through_drafting(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: RunWorker, status: str
) -> None:
    drafted = await make_request(team.org, team.editor)
    await move_to(gql, drafted.id, status, team.editor, team.reviewer)
    payload = await REGENERATE.ok(gql, regenerate_input(drafted.id), team.admin.token)
    assert payload["contentRequest"]["status"] == "QUEUED"
    assert await run_worker() == 1
    assert await status_of(drafted) == ContentStatus.DRAFTED


@pytest.mark.parametrize("status", [ContentStatus.QUEUED, ContentStatus.GENERATING])
async def test_a_request_being_generated_cannot_be_regenerated(
    gql: GraphQLClient, team: Team, ai: Any, status: ContentStatus
) -> None:
    drafted = await make_request(team.org, team.editor, status=status)
    async with writes_nothing():
        payload = await REGENERATE.payload(gql, regenerate_input(drafted.id), team.editor.token)
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["INVALID_TRANSITION"]
    assert user_fields(payload) == [["contentRequestId"]]


async def test_a_failed_generation_can_be_regenerated_and_keeps_what_was_there(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: RunWorker
) -> None:
    drafted = await make_request(team.org, team.editor, variants=1)
    await REGENERATE.ok(gql, regenerate_input(drafted.id, "LINKEDIN"), team.editor.token)
    ai.script.append(Reply(status=401))
    assert await run_worker() == 1
    failed = await content_request(gql, team.editor.token, drafted.id)
    assert failed["status"] == "GENERATION_FAILED"
    assert failed["failureReason"] == "The AI provider refused the API key (401)."
    assert len(failed["versions"]) == 2  # the earlier run's versions are still there

    await REGENERATE.ok(gql, regenerate_input(drafted.id, "LINKEDIN"), team.editor.token)
    assert await run_worker() == 1
    request = await content_request(gql, team.editor.token, drafted.id)
    assert (request["status"], request["failureReason"]) == ("DRAFTED", "")
    assert [v["channel"] for v in request["versions"]] == ["X", "LINKEDIN", "LINKEDIN"]


async def test_a_channel_the_brief_does_not_target_is_refused(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await REGENERATE.payload(
            gql, regenerate_input(drafted.id, "INSTAGRAM"), team.editor.token
        )
    assert user_codes(payload) == ["INVALID_CHANNEL"]
    assert user_fields(payload) == [["channel"]]


async def test_instructions_have_a_length_limit(gql: GraphQLClient, team: Team, ai: Any) -> None:
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await REGENERATE.payload(
            gql, regenerate_input(drafted.id, instructions="x" * 2001), team.editor.token
        )
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["instructions"]]


async def test_a_request_of_an_archived_brief_takes_no_more_work(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    drafted = await make_request(team.org, team.editor)
    drafted.brief.status = BriefStatus.ARCHIVED
    await drafted.brief.save(update_fields=["status"])
    async with writes_nothing():
        payload = await REGENERATE.payload(gql, regenerate_input(drafted.id), team.editor.token)
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["contentRequestId"]]


async def test_without_an_api_key_nothing_is_queued(
    gql: GraphQLClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "openai_api_key", None)
    drafted = await make_request(team.org, team.editor)
    async with writes_nothing():
        payload = await REGENERATE.payload(gql, regenerate_input(drafted.id), team.editor.token)
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["AI_NOT_CONFIGURED"]
    assert "OPENAI_API_KEY" in payload["userErrors"][0]["message"]


async def test_a_reviewer_may_not_regenerate(gql: GraphQLClient, team: Team, ai: Any) -> None:
    drafted = await make_request(team.org, team.editor)
    await assert_forbidden(REGENERATE, gql, regenerate_input(drafted.id), team.reviewer.token)


async def test_another_organizations_request_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    foreign = await make_request(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        REGENERATE, gql, team.admin.token, regenerate_input, foreign.id, "contentRequestId"
    )
