"""The issue's scale-out promise, literally: two API server processes and a worker process
that share only PostgreSQL and Redis. A reviewer subscribes on one server, an editor works on
the other, the worker generates, and every event reaches the subscriber."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from typing import Any

import httpx

from app.settings import PROJECT_ROOT
from tests.conftest import LiveServer, Services, start_live_server
from tests.content.conftest import Team
from tests.content.helpers import (
    ADD_COMMENT,
    APPROVE_CONTENT,
    REQUEST_GENERATION,
    SUBMIT_FOR_REVIEW,
    Mutation,
    gid,
    make_brief,
)
from tests.content.live import Subscriber, wait_for_subscribers


async def call(
    http: httpx.AsyncClient, mutation: Mutation, input: dict[str, Any], token: str
) -> dict[str, Any]:
    response = await http.post(
        "/graphql",
        json={"query": mutation, "variables": {"input": input}},
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert not body.get("errors"), body
    payload: dict[str, Any] = body["data"][mutation.field]
    assert payload["userErrors"] == [], payload
    return payload


def run_worker_process(services: Services, ai_base_url: str) -> None:
    """`ezre worker --burst` in its own process: it runs what is queued, then exits."""
    env = {
        **os.environ,
        "DATABASE_URL": services.database_url,
        "REDIS_URL": services.redis_url,
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": ai_base_url,
        "LOG_LEVEL": "WARNING",
    }
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "worker", "--burst"],
        cwd=PROJECT_ROOT,
        env=env,
        timeout=60,
        check=False,
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]


async def test_a_subscriber_on_one_server_sees_work_done_on_another_and_in_a_worker(
    services: Services, live_server: LiveServer, team: Team, ai: Any
) -> None:
    brief = await make_brief(team.org, team.editor, channels=["X", "MASTODON"])
    other = start_live_server(services, OPENAI_API_KEY="sk-test", OPENAI_BASE_URL=ai.base_url)
    watching = await Subscriber.open(live_server.ws_url, team.reviewer.token, team.org)
    try:
        await wait_for_subscribers(team.org, 1)
        async with httpx.AsyncClient(base_url=other.base_url) as http:
            queued = await call(
                http,
                REQUEST_GENERATION,
                {"briefId": gid(brief), "variantsPerChannel": 2},
                team.editor.token,
            )
            request_id = queued["contentRequest"]["id"]
            first = await watching.event()
            assert (first["kind"], first["status"], first["actor"]) == (
                "STATUS_CHANGED",
                "QUEUED",
                {"email": team.editor.email},
            )

            await asyncio.to_thread(run_worker_process, services, ai.base_url)
            # GENERATING, progress per channel, a version per channel and variant, then DRAFTED.
            events = await watching.events(8)
            assert [e["kind"] for e in events] == [
                "STATUS_CHANGED",
                "GENERATION_PROGRESS",
                "GENERATION_PROGRESS",
                "VERSION_CREATED",
                "VERSION_CREATED",
                "VERSION_CREATED",
                "VERSION_CREATED",
                "STATUS_CHANGED",
            ]
            assert [(e["previousStatus"], e["status"]) for e in (events[0], events[-1])] == [
                ("QUEUED", "GENERATING"),
                ("GENERATING", "DRAFTED"),
            ]
            assert [(e["channel"], e["progressDone"], e["progressTotal"]) for e in events[1:3]] == [
                ("X", 1, 2),
                ("MASTODON", 2, 2),
            ]
            assert all(e["actor"] is None for e in events)  # the worker acts for nobody
            assert {e["contentRequestId"] for e in events} == {request_id}
            version_id = events[3]["versionId"]
            assert len(ai.requests) == 2

            comment = await call(
                http,
                ADD_COMMENT,
                {"contentVersionId": version_id, "body": "Looks good"},
                team.editor.token,
            )
            added = await watching.event()
            assert (added["kind"], added["commentId"]) == (
                "COMMENT_ADDED",
                comment["comment"]["id"],
            )
            await call(http, SUBMIT_FOR_REVIEW, {"contentRequestId": request_id}, team.editor.token)
            await call(http, APPROVE_CONTENT, {"contentRequestId": request_id}, team.admin.token)
            submitted, approved = await watching.events(2)
            assert (submitted["status"], submitted["actor"]) == (
                "IN_REVIEW",
                {"email": team.editor.email},
            )
            assert (approved["previousStatus"], approved["status"], approved["actor"]) == (
                "IN_REVIEW",
                "APPROVED",
                {"email": team.admin.email},
            )
        await watching.close()
        await wait_for_subscribers(team.org, 0)
    finally:
        await watching.close()
        other.process.terminate()
        other.process.wait(timeout=10)
