"""Publish burst: N occurrences due at the same instant across many organizations, published
by real `ezre worker` processes to a local webhook destination.

    .venv/bin/python benchmarks/publish_burst.py [--occurrences 10000 --orgs 200 --workers 1]

Uses DATABASE_URL/REDIS_URL when set (a fresh database is created on that server), otherwise
throwaway embedded PostgreSQL and Redis. Prints occurrences per second, p50/p99 lateness
(published_at - due_at) and the duplicate count (deliveries of one idempotency key beyond
the first; must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EZRE_ENV", "development")
os.environ["LOG_LEVEL"] = "WARNING"


class Receiver:
    """A fast webhook destination counting deliveries per idempotency key."""

    def __init__(self) -> None:
        self.keys: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.server: uvicorn.Server | None = None

    async def receive(self, request: Request) -> Response:
        await request.body()
        key = request.headers.get("x-ezre-idempotency-key", "")
        with self.lock:
            self.keys[key] += 1
        return JSONResponse({"id": key})

    def start(self, port: int) -> None:
        app = Starlette(routes=[Route("/hook", self.receive, methods=["POST"])])
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", backlog=4096
        )
        self.server = uvicorn.Server(config)
        threading.Thread(target=self.server.run, daemon=True).start()
        while not self.server.started:
            time.sleep(0.02)

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def services(workdir: Path) -> Iterator[tuple[str, str]]:
    """(server URL for PostgreSQL, Redis URL): configured ones, or throwaway embedded ones."""
    db_url, redis_url = os.environ.get("DATABASE_URL"), os.environ.get("REDIS_URL")
    pg: Any = None
    redis_handle: Any = None
    if not db_url:
        import pgserver

        pg = pgserver.get_server(workdir / "pg", cleanup_mode="delete")
        db_url = pg.get_uri()
    if not redis_url:
        from app.embedded import start_redis

        redis_url, redis_handle = start_redis(workdir / "redis")
    try:
        yield db_url, redis_url
    finally:
        if redis_handle is not None:
            from app.embedded import stop_redis

            stop_redis(redis_handle)
        if pg is not None:
            pg.cleanup()


async def seed(occurrences: int, orgs: int, hook_url: str, lead: float) -> datetime:
    """Organizations with an approved post and a WEBHOOK connection each, and `occurrences`
    one-time schedules all due at the same instant; then the product's own materialization
    writes the occurrences and enqueues their exact-time jobs. Returns the due time."""
    from models.accounts import User
    from models.connect import connect_webhook
    from models.content import (
        Brief,
        ContentRequest,
        ContentStatus,
        ContentVersion,
        Platform,
        VersionSource,
    )
    from models.organizations import Organization
    from models.schedules import materialize
    from models.scheduling import Schedule

    user = await User.create(email="bench@example.com", name="Bench", password_hash="-")
    await Organization.bulk_create(
        [Organization(name=f"Org {i}", timezone="UTC") for i in range(orgs)]
    )
    org_ids = [o.id for o in await Organization.all().order_by("id")]
    await Brief.bulk_create(
        [Brief(organization_id=o, title="Burst", created_by_id=user.id) for o in org_ids]
    )
    briefs = {b.organization_id: b.id for b in await Brief.all()}
    await ContentRequest.bulk_create(
        [
            ContentRequest(
                organization_id=o,
                brief_id=briefs[o],
                status=ContentStatus.SCHEDULED,
                created_by_id=user.id,
            )
            for o in org_ids
        ]
    )
    requests = {r.organization_id: r.id for r in await ContentRequest.all()}
    await ContentVersion.bulk_create(
        [
            ContentVersion(
                organization_id=o,
                request_id=requests[o],
                channel=Platform.WEBHOOK,
                text=f"Burst post of org {o}: fresh coffee, fair price.",
                source=VersionSource.HUMAN,
                is_selected=True,
            )
            for o in org_ids
        ]
    )
    versions = {v.organization_id: v.id for v in await ContentVersion.all()}
    connections = {}
    for o in org_ids:
        conn, _ = await connect_webhook(o, user.id, f"{hook_url}?org={o}", f"Org {o}")
        connections[o] = conn.id
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=lead)
    await Schedule.bulk_create(
        [
            Schedule(
                organization_id=org_ids[i % orgs],
                request_id=requests[org_ids[i % orgs]],
                version_id=versions[org_ids[i % orgs]],
                connection_id=connections[org_ids[i % orgs]],
                channel=Platform.WEBHOOK,
                first_at=due,
                next_at=due,
                timezone="UTC",
                created_by_id=user.id,
            )
            for i in range(occurrences)
        ],
        batch_size=1000,
    )
    started = time.monotonic()
    written = 0
    while True:
        batch = await materialize(horizon=timedelta(seconds=lead + 60))
        written += len(batch)
        if not batch:
            break
    # The workers' start-up tick may write some of them too (schedules are locked, skip locked).
    print(f"materialized {written} occurrences here in {time.monotonic() - started:.1f} s")
    if datetime.now(UTC) > due:
        print("warning: set-up ran past the due time; raise --lead for a clean burst")
    return due


def start_workers(count: int, database_url: str, redis_url: str) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "true",
        "LOG_LEVEL": "WARNING",
    }
    return [
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            # arq prints the jobs it cancels when the run is over and the workers stop
            stderr=subprocess.DEVNULL,
        )
        for _ in range(count)
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def run(args: argparse.Namespace) -> int:
    from app.db import close_db, create_database, init_db, migrate
    from app.redis import close_redis, configure_redis, get_redis
    from app.settings import get_settings
    from models.scheduling import Occurrence, OccurrenceStatus, PublishedPost

    receiver = Receiver()
    receiver.start(free_port())
    hook_url = f"http://127.0.0.1:{receiver.server.config.port}/hook"  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory(prefix="ezre-bench-") as tmp:
        os.chmod(tmp, 0o755)
        with services(Path(tmp)) as (server_url, redis_url):
            database_url = await create_database(server_url, "ezre_bench")
            settings = get_settings()
            settings.database_url, settings.redis_url = database_url, redis_url
            await migrate(database_url)
            await init_db(database_url)
            configure_redis(redis_url)
            await (await get_redis()).flushdb()
            workers = start_workers(args.workers, database_url, redis_url)
            try:
                due = await seed(args.occurrences, args.orgs, hook_url, args.lead)
                print(
                    f"{args.occurrences} occurrences across {args.orgs} organizations due at "
                    f"{due:%H:%M:%S}; {args.workers} worker process(es)"
                )
                deadline = time.monotonic() + args.lead + args.timeout
                done = 0
                while time.monotonic() < deadline:
                    done = await Occurrence.filter(
                        status__in=[OccurrenceStatus.PUBLISHED, OccurrenceStatus.FAILED]
                    ).count()
                    if done >= args.occurrences:
                        break
                    await asyncio.sleep(0.25)
            finally:
                for process in workers:
                    process.terminate()
                for process in workers:
                    process.wait(timeout=30)
            rows = await PublishedPost.all().values_list("published_at", flat=True)
            failed = await Occurrence.filter(status=OccurrenceStatus.FAILED).count()
            await close_redis()
            await close_db()
    receiver.stop()

    lateness = [(at - due).total_seconds() for at in rows]  # type: ignore[operator]
    duplicates = sum(n - 1 for n in receiver.keys.values() if n > 1)
    published = len(rows)
    span = max(lateness) if lateness else float("nan")
    print(f"published       {published} / {args.occurrences} (failed {failed})")
    print(f"all out after   {span:.2f} s from the due time")
    print(f"rate            {published / span:.0f} occurrences/s" if lateness else "rate n/a")
    if lateness:
        print(f"lateness p50    {statistics.median(lateness):.2f} s")
        print(f"lateness p99    {percentile(lateness, 99):.2f} s")
    print(f"deliveries      {sum(receiver.keys.values())}")
    print(f"duplicates      {duplicates}")
    ok = published == args.occurrences and duplicates == 0
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--occurrences", type=int, default=10_000)
    parser.add_argument("--orgs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--lead", type=float, default=30.0, help="seconds until the burst")
    parser.add_argument("--timeout", type=float, default=180.0, help="give up after this")
    return asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(main())
