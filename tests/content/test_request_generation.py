"""requestGeneration and the generation job it queues, against a local OpenAI-compatible server."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from app.redis import get_redis
from app.settings import get_settings
from jobs.queue import enqueue
from models.content import (
    ContentRequest,
    ContentStatus,
    ContentVersion,
    GenerationLog,
    Platform,
    UsageCounter,
    VersionSource,
)
from models.organizations import Organization as OrganizationModel
from tests.conftest import GraphQLClient
from tests.content.conftest import Desk, Team
from tests.content.helpers import (
    REQUEST_GENERATION,
    RunWorker,
    assert_forbidden,
    assert_not_found_like_missing,
    content_request,
    create_brief,
    gid,
    make_brief,
    org_pk,
    queued_jobs,
    request_generation,
    user_codes,
    user_fields,
    writes_nothing,
)
from tests.fakes.openai_server import Reply, variants_json

OVER_LONG = ("Our autumn blend is here, roasted in house every single morning. " * 5).strip()


async def test_generation_drafts_one_version_per_channel_and_variant(
    gql: GraphQLClient, make_account: Any, make_org: Any, ai: Any, run_worker: Any
) -> None:
    owner = await make_account()
    org = await make_org(owner)
    brief = (await create_brief(gql, owner.token, org))["brief"]
    queued = await request_generation(gql, owner.token, brief["id"], variants=2)
    assert queued["userErrors"] == []
    assert queued["contentRequest"]["status"] == "QUEUED"

    assert await run_worker() == 1
    request = await content_request(gql, owner.token, queued["contentRequest"]["id"])
    assert request["status"] == "DRAFTED"
    assert sorted(v["channel"] for v in request["versions"]) == ["LINKEDIN", "LINKEDIN", "X", "X"]
    assert all(v["source"] == "AI" and v["violations"] == [] for v in request["versions"])
    assert sum(v["isSelected"] for v in request["versions"]) == 2
    assert [t["toStatus"] for t in request["transitions"]] == ["GENERATING", "DRAFTED"]

    # The prompt carried the brief and the channel's rules, and asked for structured output.
    [first, second] = ai.requests
    assert first["response_format"]["type"] == "json_schema"
    prompt = json.dumps(first["messages"])
    assert "Autumn blend launch" in prompt and "at most 280 characters" in prompt
    assert "LINKEDIN" in json.dumps(second["messages"])
    assert await GenerationLog.filter(outcome="ok").count() == 2
    usage = {u.metric: u.value for u in await UsageCounter.all()}
    assert usage["ai_prompt_tokens"] == 240 and usage["generations"] == 1


# Helpers for the job tests: a brief for X only (one AI call when all goes well).


async def queue_x(gql: GraphQLClient, desk: Desk, variants: int = 1, **fields: Any) -> str:
    brief = await make_brief(desk.org, desk.writer, channels=["X"], **fields)
    payload = await request_generation(gql, desk.writer.token, gid(brief), variants)
    assert payload["userErrors"] == []
    request_id: str = payload["contentRequest"]["id"]
    return request_id


async def request_row() -> ContentRequest:
    return await ContentRequest.get()


async def logs() -> list[tuple[str, int, str]]:
    """(outcome, attempt, error) of every AI call, in order."""
    return [
        (log.outcome, log.attempt, log.error) for log in await GenerationLog.all().order_by("id")
    ]


async def usage() -> dict[str, int]:
    return {u.metric: u.value for u in await UsageCounter.all()}


async def job_results() -> list[Any]:
    results = await (await get_redis()).all_job_results()
    return [r.result for r in sorted(results, key=lambda r: r.finish_time)]


# requestGeneration itself


async def test_the_request_is_queued_with_its_settings(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    brief = await make_brief(team.org, team.editor)
    payload = await REQUEST_GENERATION.ok(
        gql,
        {"briefId": gid(brief), "variantsPerChannel": 3, "instructions": "  Mention oat milk "},
        team.editor.token,
    )
    request = payload["contentRequest"]
    assert (request["status"], request["variantsPerChannel"]) == ("QUEUED", 3)
    assert request["instructions"] == "Mention oat milk"
    assert request["createdBy"] == {"email": team.editor.email}
    row = await request_row()
    assert (row.brief_id, row.organization_id, row.created_by_id) == (
        brief.id,
        org_pk(team.org),
        team.editor.pk,
    )
    assert (row.pending_channels, row.generation_seq) == (["X", "LINKEDIN"], 1)
    assert await queued_jobs() == 1
    assert ai.requests == []  # nothing is generated until a worker runs the job


@pytest.mark.parametrize("variants", [0, 6, -1, 100])
async def test_variants_per_channel_must_be_1_to_5(
    gql: GraphQLClient, team: Team, ai: Any, variants: int
) -> None:
    brief = await make_brief(team.org, team.editor)
    async with writes_nothing():
        payload = await request_generation(gql, team.editor.token, gid(brief), variants)
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["variantsPerChannel"]]


async def test_instructions_have_a_length_limit(gql: GraphQLClient, team: Team, ai: Any) -> None:
    brief = await make_brief(team.org, team.editor)
    async with writes_nothing():
        payload = await request_generation(
            gql, team.editor.token, gid(brief), instructions="x" * 2001
        )
    assert user_codes(payload) == ["INVALID_INPUT"]
    assert user_fields(payload) == [["instructions"]]


async def test_without_an_api_key_nothing_is_queued(
    gql: GraphQLClient, team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "openai_api_key", None)
    brief = await make_brief(team.org, team.editor)
    async with writes_nothing():
        payload = await request_generation(gql, team.editor.token, gid(brief))
    assert payload["contentRequest"] is None
    assert user_codes(payload) == ["AI_NOT_CONFIGURED"]


async def test_a_reviewer_may_not_request_generation(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    brief = await make_brief(team.org, team.editor)
    await assert_forbidden(REQUEST_GENERATION, gql, {"briefId": gid(brief)}, team.reviewer.token)


async def test_another_organizations_brief_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    foreign = await make_brief(team.other_org, team.outsider)
    await assert_not_found_like_missing(
        REQUEST_GENERATION,
        gql,
        team.admin.token,
        lambda brief_id: {"briefId": brief_id},
        gid(foreign),
        "briefId",
    )


# The prompt


async def test_the_prompt_carries_brand_voice_brief_and_instructions(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    await OrganizationModel.filter(id=org_pk(desk.org)).update(brand_voice="Like a barista.")
    brief = await make_brief(
        desk.org, desk.writer, channels=["INSTAGRAM"], audience="Night owls", tone="cosy"
    )
    await request_generation(gql, desk.writer.token, gid(brief), 2, "Mention oat milk")
    assert await run_worker() == 1
    [sent] = ai.requests
    assert sent["model"] == get_settings().openai_model
    schema = sent["response_format"]["json_schema"]
    assert (schema["name"], schema["strict"]) == ("post_variants", True)
    assert schema["schema"]["required"] == ["variants"]
    system, user = sent["messages"]
    assert system["role"] == "system"
    assert "Acme" in system["content"] and "Like a barista." in system["content"]
    assert user["role"] == "user"
    for expected in (
        "Write 2 distinct variant(s)",
        "INSTAGRAM: at most 2200 characters",
        "at most 30 hashtags",
        "Autumn blend launch",
        "Audience: Night owls",
        "Tone: cosy",
        "Link to include: https://coffee.example/autumn",
        "Extra instructions: Mention oat milk",
    ):
        assert expected in user["content"]


# What the job stores


async def test_extra_variants_are_dropped_and_hashtags_normalized(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk, variants=2)
    ai.script.append(
        Reply(content=variants_json(["One", "Two", "Three"], ["coffee", "#Coffee", " #fall "]))
    )
    assert await run_worker() == 1
    versions = (await content_request(gql, desk.writer.token, request_id))["versions"]
    assert [v["text"] for v in versions] == ["One", "Two"]
    assert [v["isSelected"] for v in versions] == [True, False]
    assert all(v["hashtags"] == ["#coffee", "#fall"] for v in versions)
    assert versions[0]["suggestedImagePrompt"] == "photo: One"


# Retries, backoff and failures


async def test_a_429_is_retried_after_the_time_the_provider_asks_for(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    ai.script.append(Reply(status=429, headers={"Retry-After": "1"}))
    started = time.monotonic()
    assert await run_worker() == 1
    # The fixture's own backoff is 0.05 s: only the Retry-After header explains a second.
    assert time.monotonic() - started >= 1.0
    assert (await content_request(gql, desk.writer.token, request_id))["status"] == "DRAFTED"
    assert len(ai.requests) == 2
    assert await logs() == [
        ("error", 1, "The AI provider is busy or failing (429)."),
        ("ok", 2, ""),
    ]
    assert (await usage())["ai_calls"] == 1


async def test_a_server_error_is_retried(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    ai.script.append(Reply(status=500))
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "DRAFTED"
    assert len(request["versions"]) == 1
    assert await logs() == [
        ("error", 1, "The AI provider is busy or failing (500)."),
        ("ok", 2, ""),
    ]


async def test_a_timeout_is_retried(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    ai.script.append(Reply(delay=3))  # longer than the 2 s client timeout
    assert await run_worker() == 1
    assert (await content_request(gql, desk.writer.token, request_id))["status"] == "DRAFTED"
    assert await logs() == [("error", 1, "The AI provider timed out."), ("ok", 2, "")]
    assert await ContentVersion.all().count() == 1


async def test_retries_stop_after_the_configured_number(
    gql: GraphQLClient,
    desk: Desk,
    ai: Any,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "ai_max_retries", 2)
    request_id = await queue_x(gql, desk)
    ai.script.extend([Reply(status=503)] * 4)
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "GENERATION_FAILED"
    assert request["failureReason"] == "The AI provider is busy or failing (503)."
    assert len(ai.requests) == 3
    assert [(outcome, attempt) for outcome, attempt, _ in await logs()] == [
        ("error", 1),
        ("error", 2),
        ("error", 3),
    ]
    assert request["versions"] == []


async def test_a_refused_key_fails_at_once(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    brief = await make_brief(desk.org, desk.writer, channels=["X", "LINKEDIN"])
    request_id = (await request_generation(gql, desk.writer.token, gid(brief)))["contentRequest"][
        "id"
    ]
    ai.script.append(Reply(status=401))
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "GENERATION_FAILED"
    assert request["failureReason"] == "The AI provider refused the API key (401)."
    assert len(ai.requests) == 1  # no retry, and LINKEDIN is never asked
    assert await logs() == [("error", 1, "The AI provider refused the API key (401).")]
    assert request["versions"] == []
    assert [(t["fromStatus"], t["toStatus"], t["reason"]) for t in request["transitions"]] == [
        ("QUEUED", "GENERATING", ""),
        ("GENERATING", "GENERATION_FAILED", "The AI provider refused the API key (401)."),
    ]
    assert await usage() == {}  # failed calls are not counted as usage


async def test_malformed_json_twice_fails_the_request(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    ai.script.extend([Reply(content="Sure! Here are posts:"), Reply(content='{"variants": 3}')])
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "GENERATION_FAILED"
    assert request["failureReason"] == (
        "X: The AI answer was not valid JSON of the expected shape."
    )
    assert request["versions"] == []
    first, second = ai.requests
    # The second call is the same conversation plus the bad answer and what was wrong with it.
    assert second["messages"][:2] == first["messages"]
    assert second["messages"][2] == {"role": "assistant", "content": "Sure! Here are posts:"}
    assert second["messages"][3]["role"] == "user"
    assert "not valid JSON" in second["messages"][3]["content"]
    assert len(second["messages"]) == 4


async def test_malformed_json_once_is_asked_again(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    ai.script.extend([Reply(content="not json"), Reply(content=variants_json(["Fixed post"]))])
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "DRAFTED"
    assert [v["text"] for v in request["versions"]] == ["Fixed post"]
    assert len(ai.requests) == 2


async def test_an_over_long_post_is_asked_again_then_kept_whole_with_its_violation(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    still_long = OVER_LONG[:290]  # 290 + 2 + 7 = 299 as published
    ai.script.extend(
        [Reply(content=variants_json([OVER_LONG])), Reply(content=variants_json([still_long]))]
    )
    assert await run_worker() == 1
    assert len(ai.requests) == 2
    complaint = ai.requests[1]["messages"][-1]
    assert complaint["role"] == "user"
    # 324 characters of text, a blank line and "#coffee" make 333.
    assert len(OVER_LONG) == 324
    assert "variant 1: X allows 280 characters; this post has 333." in complaint["content"]

    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "DRAFTED"
    [version] = request["versions"]
    assert version["text"] == still_long  # never cut to fit
    assert version["violations"] == ["X allows 280 characters; this post has 299."]
    assert version["characterCount"] == 299
    row = await ContentVersion.get()
    assert row.violations == version["violations"] and row.text == still_long


async def test_an_over_long_post_fixed_on_the_second_ask_has_no_violation(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    ai.script.extend(
        [Reply(content=variants_json([OVER_LONG])), Reply(content=variants_json(["Short."]))]
    )
    assert await run_worker() == 1
    [version] = (await content_request(gql, desk.writer.token, request_id))["versions"]
    assert (version["text"], version["violations"]) == ("Short.", [])


# The job is safe to run more than once


async def test_running_the_same_job_again_creates_no_duplicates(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk, variants=2)
    assert await run_worker() == 1
    row = await request_row()
    assert row.status == ContentStatus.DRAFTED
    calls = len(ai.requests)
    async with writes_nothing():
        await enqueue("generate_content", row.id, row.generation_seq)
        assert await run_worker() == 1
    assert await job_results() == ["drafted", "already-done"]
    assert len(ai.requests) == calls
    assert len((await content_request(gql, desk.writer.token, request_id))["versions"]) == 2


async def test_a_job_for_an_older_run_is_skipped(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    await queue_x(gql, desk)
    assert await run_worker() == 1
    row = await request_row()
    async with writes_nothing():
        await enqueue("generate_content", row.id, row.generation_seq + 5)
        assert await run_worker() == 1
    assert (await job_results())[-1] == "superseded"


async def test_a_run_that_died_half_way_is_redone_without_its_leftovers(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue_x(gql, desk)
    row = await request_row()
    # As if a worker had moved the request to GENERATING, stored a version and died.
    await ContentRequest.filter(id=row.id).update(status=ContentStatus.GENERATING)
    await ContentVersion.create(
        organization_id=row.organization_id,
        request_id=row.id,
        channel=Platform.X,
        text="Half-written leftover",
        source=VersionSource.AI,
        generation_seq=row.generation_seq,
        is_selected=True,
    )
    ai.script.append(Reply(content=variants_json(["Complete post"])))
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "DRAFTED"
    assert [(v["text"], v["isSelected"]) for v in request["versions"]] == [("Complete post", True)]
