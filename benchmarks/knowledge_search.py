"""Knowledge search: one organization with N chunks among 9 others with as many, an HNSW index,
and `searchKnowledge` timed through the API against the bare SQL behind it.

    .venv/bin/python benchmarks/knowledge_search.py [--chunks 100000 --orgs 10 --queries 300]

Uses DATABASE_URL when set (a fresh database is created on that server), otherwise a throwaway
embedded PostgreSQL. Chunks are random unit vectors of EMBEDDING_DIMENSIONS, generated inside
PostgreSQL (multi-row INSERT … SELECT per batch), and the HNSW index is built once after the
load, as the migration defines it. Query embeddings come from a local OpenAI-compatible server
(tests/fakes/openai_server.py) so the product's real embeddings client path is part of the
timing. Prints p50/p95 for the API request, for the bare SQL, and statements per request.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EZRE_ENV", "development")
os.environ["LOG_LEVEL"] = "WARNING"

INDEX_NAME = "idx_knowledge_c_embedding_hnsw"
WORDS = [
    "espresso", "roast", "blend", "grinder", "crema", "latte", "milk", "oat", "barista", "bean",
    "origin", "harvest", "acidity", "aroma", "filter", "brew", "kettle", "pour", "pastry", "price",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_embedder() -> tuple[subprocess.Popen[bytes], str]:
    """The local OpenAI-compatible server in its own process, as the real API would be (in
    this process it would compete with the API for the interpreter lock)."""
    port = free_port()
    code = (
        "import time; from tests.fakes.openai_server import FakeOpenAI; "
        f"f = FakeOpenAI(); f.start({port}); time.sleep(10**7)"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return process, f"http://127.0.0.1:{port}/v1"
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("the embeddings server did not start")


@contextlib.contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    """A server URL: DATABASE_URL's, or a throwaway embedded PostgreSQL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs' runtime-dir warning in containers
        import pgserver

        server = pgserver.get_server(workdir / "pg", cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


async def connect(url: str) -> Any:
    from app.db import connect_raw

    return await connect_raw(url)


async def seed_people(orgs: int) -> tuple[list[int], str]:
    """`orgs` organizations, each with a file row; returns their ids and an access token of
    the first organization's admin, signed in through the real session code."""
    from models.accounts import User
    from models.knowledge import KnowledgeFile, KnowledgeFileType, ProcessingStatus
    from models.membership import create_organization
    from models.sessions import start_session

    org_ids = []
    token = ""
    for i in range(orgs):
        user = await User.create(
            email=f"admin{i}@bench.example.com", name="Admin", password_hash="-"
        )
        org = await create_organization(user, f"Org {i}", "Europe/Berlin")
        org_ids.append(org.id)
        await KnowledgeFile.create(
            organization_id=org.id,
            title=f"Corpus {i}",
            filename=f"corpus-{i}.txt",
            file_type=KnowledgeFileType.TEXT,
            content_type="text/plain; charset=utf-8",
            size_bytes=0,
            sha256="0" * 64,
            storage_backend="LOCAL",
            storage_key=f"bench/{i}",
            processing_status=ProcessingStatus.COMPLETED,
        )
        if i == 0:
            token = (await start_session(user)).access_token
    return org_ids, token


async def load_chunks(database_url: str, org_ids: list[int], per_org: int, dims: int) -> float:
    """Random unit vectors generated in PostgreSQL, batch by batch; then the HNSW index."""
    conn = await connect(database_url)
    started = time.perf_counter()
    try:
        await conn.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')
        batch = max(1, min(per_org, 200_000 // max(1, dims // 64)))
        for org_id in org_ids:
            file_id = await conn.fetchval(
                'SELECT id FROM "knowledge_files" WHERE organization_id = $1', org_id
            )
            for start in range(0, per_org, batch):
                count = min(batch, per_org - start)
                # One random unit vector per row (the inner query refers to the row, so it
                # is evaluated per row; pgvector 0.6 has no l2_normalize).
                await conn.execute(
                    'INSERT INTO "knowledge_chunks" ("created_at", "organization_id", "file_id", '
                    '"position", "text", "token_count", "embedding") '
                    "SELECT now(), $1::bigint, $2::bigint, g, "
                    "'Passage ' || g || ' of organization ' || $1::bigint, 40, "
                    "(SELECT array_agg(x / sqrt(ss))::vector FROM ("
                    "   SELECT x, sum(x * x) OVER () AS ss FROM ("
                    "     SELECT random() - 0.5 AS x FROM generate_series(1, $5::int) WHERE g >= 0"
                    "   ) r) n) "
                    "FROM generate_series($3::int, $4::int) g",
                    org_id,
                    file_id,
                    start,
                    start + count - 1,
                    dims,
                )
            await conn.execute(
                'UPDATE "knowledge_files" SET chunk_count = $2, token_count = $2 * 40 '
                "WHERE id = $1",
                file_id,
                per_org,
            )
            print(f"  organization {org_id}: {per_org:,} chunks loaded", flush=True)
        loaded = time.perf_counter() - started
        print(f"  loaded in {loaded:.0f} s; building the HNSW index …", flush=True)
        await conn.execute("SET maintenance_work_mem = '4GB'")
        await conn.execute(
            f"SET max_parallel_maintenance_workers = {max(1, os.cpu_count() or 1) - 1}"
        )
        # The same definition as the migration (2_…_knowledge_media.py).
        await conn.execute(
            f'CREATE INDEX "{INDEX_NAME}" ON "knowledge_chunks" '
            "USING hnsw (embedding vector_cosine_ops)"
        )
        await conn.execute('VACUUM ANALYZE "knowledge_chunks"')
        await conn.execute('ANALYZE "knowledge_files"')
    finally:
        await conn.close()
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5):6.2f} ms   p95 {percentile(values, 0.95):6.2f} ms   "
        f"mean {statistics.fmean(values):6.2f} ms"
    )


class StatementCounter(logging.Handler):
    """Counts what the ORM sends (the same signal as the tests' count_sql fixture)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            self.count += 1


SEARCH = """
query($org: ID!, $query: String!, $first: Int!) {
  searchKnowledge(organizationId: $org, query: $query, first: $first) {
    score position chunk { id text } file { id title }
  }
}"""


async def bench(args: argparse.Namespace, database_url: str, redis_url: str) -> None:
    import httpx

    from app.db import close_db, init_db, migrate
    from app.ids import encode_id
    from app.redis import close_redis, configure_redis
    from app.settings import get_settings
    from models.knowledge import to_pgvector
    from models.retrieval import EXACT_SEARCH_SQL, INDEX_SEARCH_SQL, chunk_counts, ef_search_for
    from tests.fakes.openai_server import hashed_embedding

    settings = get_settings()
    settings.database_url, settings.redis_url = database_url, redis_url
    dims = settings.embedding_dimensions
    await migrate(database_url)
    await init_db(database_url)
    configure_redis(redis_url)
    embedder, embeddings_url = start_embedder()
    settings.openai_api_key, settings.openai_base_url = "sk-test", embeddings_url
    try:
        print(f"Seeding {args.orgs} organizations x {args.chunks:,} chunks ({dims} dimensions)")
        org_ids, token = await seed_people(args.orgs)
        took = await load_chunks(database_url, org_ids, args.chunks, dims)
        print(f"  data and index ready in {took:.0f} s", flush=True)

        from app.asgi import create_app

        app = create_app(manage_db=False)
        org = encode_id("Organization", org_ids[0])
        rng = random.Random(7)
        queries = [" ".join(rng.sample(WORDS, 6)) for _ in range(args.queries)]
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        api: list[float] = []
        counter = StatementCounter()
        statements: list[int] = []
        orm_log = logging.getLogger("tortoise.db_client")
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            headers = {"authorization": f"Bearer {token}"}

            async def search(query: str) -> dict[str, Any]:
                response = await http.post(
                    "/graphql",
                    json={"query": SEARCH, "variables": {"org": org, "query": query, "first": 10}},
                    headers=headers,
                )
                body: dict[str, Any] = response.json()
                assert response.status_code == 200 and not body.get("errors"), body
                return body

            for query in queries[:20]:  # warm-up: connections, caches, the index in memory
                await search(query)
            orm_log.setLevel(logging.DEBUG)
            orm_log.addHandler(counter)
            for query in queries:
                before = counter.count
                started = time.perf_counter()
                body = await search(query)
                api.append((time.perf_counter() - started) * 1000)
                statements.append(counter.count - before)
                assert len(body["data"]["searchKnowledge"]) == 10
            orm_log.removeHandler(counter)
            orm_log.setLevel(logging.WARNING)

        # The bare SQL of the same searches: the product's statement and ef_search, the
        # vectors precomputed, over one asyncpg connection.
        mine, total = await chunk_counts(org_ids[0])
        ef_search = ef_search_for(10, mine, total)
        sql = EXACT_SEARCH_SQL if ef_search is None else INDEX_SEARCH_SQL
        conn = await connect(database_url)
        bare: list[float] = []
        try:
            vectors = [to_pgvector(hashed_embedding(q, dims)) for q in queries]
            for i, vector in enumerate(vectors[:20] + vectors):  # the first 20 warm up
                started = time.perf_counter()
                async with conn.transaction():
                    if ef_search is not None:
                        await conn.execute(f"SET LOCAL hnsw.ef_search = {ef_search}")
                    rows = await conn.fetch(sql, org_ids[0], vector, 10)
                if i >= 20:
                    bare.append((time.perf_counter() - started) * 1000)
                assert len(rows) == 10
            plan = await conn.fetch("EXPLAIN " + sql, org_ids[0], vectors[0], 10)
        finally:
            await conn.close()
        uses_index = any(INDEX_NAME in r[0] for r in plan)
        print()
        method = "exact scan" if ef_search is None else f"HNSW index, ef_search {ef_search}"
        print(
            f"organization 0: {mine:,} of {total:,} chunks; {method} "
            f"(plan uses the index: {uses_index})"
        )
        print(f"searchKnowledge via API ({len(api)} requests): {summary(api)}")
        print(f"bare SQL               ({len(bare)} queries):  {summary(bare)}")
        print(
            f"API p95 / SQL p95: {percentile(api, 0.95) / percentile(bare, 0.95):.2f}x   "
            f"statements per request: {statistics.fmean(statements):.1f} "
            f"(min {min(statements)}, max {max(statements)}) + 1 embeddings call"
        )
    finally:
        embedder.terminate()
        embedder.wait(timeout=10)
        await close_redis()
        await close_db()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="chunks per organization")
    parser.add_argument("--orgs", type=int, default=10, help="organizations (the first is timed)")
    parser.add_argument("--queries", type=int, default=300, help="timed searches")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ezre-bench-") as tmp, postgres(Path(tmp)) as server:
        from app.embedded import start_redis, stop_redis

        redis_url, handle = start_redis(Path(tmp) / "redis")
        try:

            async def run() -> None:
                from app.db import create_database

                await bench(args, await create_database(server, "ezre_bench"), redis_url)

            asyncio.run(run())
        finally:
            stop_redis(handle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
