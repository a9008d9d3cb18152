"""The generate_content job's accounting and the failure modes test_request_generation.py does
not cover: what each AI call logs, what is counted as usage, a key removed after queueing, a
failure part-way through the channels."""

from __future__ import annotations

from typing import Any

import pytest

from app.settings import get_settings
from models.content import GenerationLog, UsageCounter
from models.usage import current_period
from schema.common import decode_id
from tests.conftest import GraphQLClient
from tests.content.conftest import Desk
from tests.content.helpers import (
    RunWorker,
    content_request,
    gid,
    make_brief,
    org_pk,
    request_generation,
)
from tests.fakes.openai_server import Reply, variants_json


async def queue(gql: GraphQLClient, desk: Desk, channels: list[str], variants: int = 1) -> str:
    brief = await make_brief(desk.org, desk.writer, channels=channels)
    payload = await request_generation(gql, desk.writer.token, gid(brief), variants)
    assert payload["userErrors"] == []
    request_id: str = payload["contentRequest"]["id"]
    return request_id


async def usage(org_id: str) -> dict[str, int]:
    rows = await UsageCounter.filter(organization_id=org_pk(org_id), period=current_period())
    return {u.metric: u.value for u in rows}


async def test_every_call_is_logged_with_model_tokens_latency_and_outcome(
    gql: GraphQLClient,
    desk: Desk,
    ai: Any,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "openai_model", "gpt-4.1-mini")
    request_id = await queue(gql, desk, ["X", "LINKEDIN"])
    # X: a timeout, then a slow success. LINKEDIN: at once.
    ai.script.extend([Reply(delay=2.5), Reply(delay=0.3)])
    assert await run_worker() == 1
    assert (await content_request(gql, desk.writer.token, request_id))["status"] == "DRAFTED"

    assert [r["model"] for r in ai.requests] == ["gpt-4.1-mini"] * 3
    rows = await GenerationLog.all().order_by("id")
    assert [
        (r.channel.value, r.attempt, r.outcome, r.model, r.prompt_tokens, r.completion_tokens)
        for r in rows
    ] == [
        ("X", 1, "error", "gpt-4.1-mini", 0, 0),
        ("X", 2, "ok", "gpt-4.1-mini", 120, 60),
        ("LINKEDIN", 1, "ok", "gpt-4.1-mini", 120, 60),
    ]
    timeout, slow, quick = (r.latency_ms for r in rows)
    assert timeout >= 2000  # the whole 2 s client timeout was waited
    assert slow >= 300
    assert 0 <= quick < slow
    assert {r.request_id for r in rows} == {decode_id(request_id, "ContentRequest")}
    assert {r.organization_id for r in rows} == {org_pk(desk.org)}


async def test_usage_adds_up_across_calls_and_requests_in_the_period(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    await queue(gql, desk, ["X", "LINKEDIN"])
    await queue(gql, desk, ["X"])
    # One over-long answer asked again: two calls for that channel, both counted.
    ai.script.extend(
        [Reply(content=variants_json(["x" * 400])), Reply(content=variants_json(["Short."]))]
    )
    assert await run_worker() == 2
    assert await GenerationLog.filter(outcome="ok").count() == 4
    assert await usage(desk.org) == {
        "ai_calls": 4,
        "ai_prompt_tokens": 4 * 120,
        "ai_completion_tokens": 4 * 60,
        "generations": 2,
    }


async def test_a_key_removed_after_queueing_fails_the_request_with_a_readable_reason(
    gql: GraphQLClient,
    desk: Desk,
    ai: Any,
    run_worker: RunWorker,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    request_id = await queue(gql, desk, ["X"])
    monkeypatch.setattr(get_settings(), "openai_api_key", None)
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "GENERATION_FAILED"
    assert request["failureReason"] == "OPENAI_API_KEY is not set on the server."
    assert ai.requests == []  # never a fake answer
    assert request["versions"] == []


async def test_a_failure_on_a_later_channel_fails_the_whole_request(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue(gql, desk, ["X", "LINKEDIN"])
    ai.script.extend([Reply(), Reply(status=400)])
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "GENERATION_FAILED"
    assert request["failureReason"] == "The AI provider rejected the request (400)."
    assert len(ai.requests) == 2  # a 400 is not retried
    # Nothing half-done is stored; the call that did succeed was still paid for.
    assert request["versions"] == []
    assert await usage(desk.org) == {
        "ai_calls": 1,
        "ai_prompt_tokens": 120,
        "ai_completion_tokens": 60,
    }


async def test_an_over_long_answer_followed_by_a_broken_one_keeps_the_first_whole(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    request_id = await queue(gql, desk, ["X"])
    long_text = "Roasted in house every morning. " * 10
    ai.script.extend([Reply(content=variants_json([long_text])), Reply(content="{oops")])
    assert await run_worker() == 1
    request = await content_request(gql, desk.writer.token, request_id)
    assert request["status"] == "DRAFTED"
    [version] = request["versions"]
    assert version["text"] == long_text.strip()  # never cut
    assert version["violations"] == [
        f"X allows 280 characters; this post has {version['characterCount']}."
    ]
    assert version["characterCount"] > 280


async def test_a_post_over_the_limit_only_on_x_is_asked_again_only_for_x(
    gql: GraphQLClient, desk: Desk, ai: Any, run_worker: RunWorker
) -> None:
    text = "Our autumn blend is out. " * 13  # 325 characters: too long for X, fine for LinkedIn
    request_id = await queue(gql, desk, ["X", "LINKEDIN"])
    ai.script.extend(
        [
            Reply(content=variants_json([text])),
            Reply(content=variants_json(["Autumn blend, out now."])),
            Reply(content=variants_json([text])),
        ]
    )
    assert await run_worker() == 1
    assert len(ai.requests) == 3
    assert "X allows 280 characters" in ai.requests[1]["messages"][-1]["content"]
    versions = (await content_request(gql, desk.writer.token, request_id))["versions"]
    assert [(v["channel"], v["violations"]) for v in versions] == [("X", []), ("LINKEDIN", [])]
    assert versions[1]["text"] == text.strip()
