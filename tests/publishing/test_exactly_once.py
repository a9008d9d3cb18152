"""At most one publication per occurrence: racing workers, a job run twice, and a worker
killed mid-publish whose occurrence is recovered after its lease."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import pytest
from arq.worker import Worker

from app.settings import PROJECT_ROOT, get_settings
from jobs.publishing import publish_tick
from jobs.queue import enqueue
from jobs.worker import worker_settings
from models.publisher import publish_occurrence
from models.scheduling import Occurrence, OccurrenceStatus, PublishedPost
from models.sessions import now
from tests.conftest import GraphQLClient, Services
from tests.content.helpers import RunWorker
from tests.publishing.conftest import Team
from tests.publishing.helpers import approved, connect_webhook, occurrences_of, schedule, soon
from tests.publishing.receiver import WebhookReceiver


async def _due(gql: GraphQLClient, team: Team, receiver: WebhookReceiver) -> Occurrence:
    conn = await connect_webhook(gql, team.admin, team.org, receiver.url)
    content = await approved(gql, team)
    payload = await schedule(
        gql, team.editor, content.id, conn["platformConnection"]["id"], soon(0.1)
    )
    [occ] = await occurrences_of(payload["schedule"]["id"])
    await asyncio.sleep(max(0.0, (occ.due_at - now()).total_seconds()) + 0.05)
    return occ


async def test_concurrent_publishes_of_one_occurrence_deliver_once(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    occ = await _due(gql, team, receiver)
    results = await asyncio.gather(*(publish_occurrence(occ.id) for _ in range(6)))
    assert sorted(results) == ["not-due-or-taken"] * 5 + ["published"]
    assert len(receiver.deliveries) == 1
    assert await PublishedPost.filter(occurrence_id=occ.id).count() == 1
    row = await Occurrence.get(id=occ.id)
    assert row.status == OccurrenceStatus.PUBLISHED and row.attempts == 1


async def _shared_startup(ctx: dict[str, object]) -> None:
    ctx["manage_db"] = False


async def test_two_arq_workers_racing_on_the_same_occurrence_publish_once(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, services: Services
) -> None:
    occ = await _due(gql, team, receiver)
    # Extra jobs for the same occurrence under other ids, as a lost-and-found tick would add.
    for n in range(4):
        await enqueue("publish_occurrence", occ.id, job_id=f"race:{occ.id}:{n}")

    def worker() -> Worker:
        options = worker_settings(services.redis_url)
        options.update(on_startup=_shared_startup, on_shutdown=None, cron_jobs=[], poll_delay=0.01)
        return Worker(**options, burst=True, handle_signals=False)

    workers = [worker(), worker()]
    try:
        await asyncio.gather(*(w.main() for w in workers))
    finally:
        for w in workers:
            await w.close()
    assert sum(w.jobs_complete for w in workers) == 5
    assert len(receiver.deliveries) == 1
    assert await PublishedPost.filter(occurrence_id=occ.id).count() == 1


async def test_a_job_run_twice_publishes_once(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, run_worker: RunWorker
) -> None:
    occ = await _due(gql, team, receiver)
    await run_worker()
    assert len(receiver.deliveries) == 1
    # arq may run a job again (e.g. after a worker restart): the same job, and the tick.
    await enqueue("publish_occurrence", occ.id, job_id=f"again:{occ.id}")
    await run_worker()
    assert await publish_tick({}) == 0
    assert await publish_occurrence(occ.id) == "not-due-or-taken"
    assert len(receiver.deliveries) == 1
    assert await PublishedPost.all().count() == 1
    assert (await Occurrence.get(id=occ.id)).attempts == 1


def _worker_process(services: Services, lease_seconds: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": services.database_url,
        "REDIS_URL": services.redis_url,
        "EZRE_ENV": "test",
        "LOG_LEVEL": "WARNING",
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "PUBLISH_LEASE_SECONDS": str(lease_seconds),
        "PLATFORM_HTTP_TIMEOUT_SECONDS": "60",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def test_a_worker_killed_mid_publish_is_recovered_once(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    services: Services,
) -> None:
    receiver.hang()
    occ = await _due(gql, team, receiver)
    process = _worker_process(services, lease_seconds=2)
    try:
        # The worker process took the occurrence and is waiting on the destination.
        [hung] = await receiver.wait_for(1, seconds=30)
        claimed = await Occurrence.get(id=occ.id)
        assert claimed.status == OccurrenceStatus.PUBLISHING and claimed.attempts == 1
        assert claimed.lease_until is not None
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    receiver.release()

    # Within the lease nobody touches it: the worker might still be alive.
    assert await publish_tick({}) == 0
    assert len(receiver.deliveries) == 1
    wait = (claimed.lease_until - now()).total_seconds() + 0.1
    await asyncio.sleep(max(0.0, wait))

    # After it, the sweeper recovers it. A webhook destination de-duplicates by key, so the
    # recovery re-delivers under the same key rather than guessing.
    assert await publish_tick({}) == 1
    hung_again, recovered = receiver.deliveries
    assert hung_again is hung
    assert recovered.key == hung.key == occ.idempotency_key
    assert len(receiver.created()) == 1
    row = await Occurrence.get(id=occ.id)
    assert row.status == OccurrenceStatus.PUBLISHED and row.attempts == 2
    assert await PublishedPost.filter(occurrence_id=occ.id).count() == 1
    # And it stays done.
    assert await publish_tick({}) == 0
    assert len(receiver.deliveries) == 2


async def test_a_worker_that_outlived_its_lease_cannot_overwrite_the_recovery(
    gql: GraphQLClient,
    team: Team,
    receiver: WebhookReceiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slow worker whose lease expired and was taken over finishes to find the occurrence
    no longer its own: it records nothing (attempts is the fence)."""
    lease = 1
    monkeypatch.setattr(get_settings(), "publish_lease_seconds", lease)
    receiver.hang()
    occ = await _due(gql, team, receiver)
    slow = asyncio.create_task(publish_occurrence(occ.id))
    await receiver.wait_for(1)
    await asyncio.sleep(lease + 0.1)
    assert await publish_occurrence(occ.id) == "published"  # the recovery, after the lease
    receiver.release()
    assert await slow == "lost-lease"
    assert await PublishedPost.filter(occurrence_id=occ.id).count() == 1
    row = await Occurrence.get(id=occ.id)
    assert row.status == OccurrenceStatus.PUBLISHED and row.attempts == 2


async def test_workers_draining_a_burst_in_batches_publish_each_post_once(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    from models.publisher import publish_due

    conn = await connect_webhook(gql, team.admin, team.org, receiver.url)
    at = soon(0.3)
    for _ in range(8):
        content = await approved(gql, team)
        payload = await schedule(gql, team.editor, content.id, conn["platformConnection"]["id"], at)
        assert payload["userErrors"] == []
    await asyncio.sleep(max(0.0, (at - now()).total_seconds()) + 0.05)

    async def drain() -> int:
        total = 0
        while claimed := await publish_due(limit=2):
            total += claimed
        return total

    shares = await asyncio.gather(drain(), drain(), drain())
    assert sum(shares) == 8
    assert len(receiver.deliveries) == 8
    assert len({d.key for d in receiver.deliveries}) == 8
    assert await PublishedPost.all().count() == 8
    assert await Occurrence.filter(status=OccurrenceStatus.PUBLISHED, attempts=1).count() == 8
