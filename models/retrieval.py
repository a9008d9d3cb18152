"""Similarity search over an organization's knowledge chunks, and the passages generation
is given (and records as each version's sources).

Every query is scoped by `organization_id` in SQL; nothing here can return another
organization's chunk. Large organizations are searched through the HNSW index (cosine),
with `hnsw.ef_search` raised in proportion to how small a share of all chunks they hold so
the filtered scan still finds enough of their own; small ones are searched exactly.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise import connections
from tortoise.transactions import in_transaction

from integrations.ai import embed, with_retries
from models.content import Brief, ContentVersion
from models.knowledge import ContentVersionSource, to_pgvector
from models.usage import increment

# Below this many chunks an exact scan of the organization's rows is fast (~8 ms for 512
# dimensions) and exact.
EXACT_SEARCH_MAX_CHUNKS = 5_000
MAX_EF_SEARCH = 1000  # pgvector's upper bound
# pgvector's default of 40 misses outlying passages (a topic only one file covers) now and
# then once other organizations' candidates are filtered out; 100 keeps recall near exact.
MIN_EF_SEARCH = 100
MAX_RESULTS = 50
MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class ChunkHit:
    id: int
    organization_id: int
    file_id: int
    position: int
    text: str
    token_count: int
    score: float


_COLUMNS = (
    "c.id, c.organization_id, c.file_id, c.position, c.text, c.token_count, "
    "1 - (c.embedding <=> $2::text::vector) AS score"
)
# Through the HNSW index (cosine); $1 organization, $2 query vector, $3 limit.
INDEX_SEARCH_SQL = (
    f'SELECT {_COLUMNS} FROM "knowledge_chunks" c '  # noqa: S608 - constant SQL
    "WHERE c.organization_id = $1 "
    "ORDER BY c.embedding <=> $2::text::vector LIMIT $3"
)
# An exact scan of the organization's rows: `+ 0` keeps the planner off the HNSW index.
EXACT_SEARCH_SQL = (
    f'SELECT {_COLUMNS} FROM "knowledge_chunks" c '  # noqa: S608 - constant SQL
    "WHERE c.organization_id = $1 "
    "ORDER BY (c.embedding <=> $2::text::vector) + 0, c.id LIMIT $3"
)


def ef_search_for(first: int, mine: int, total: int) -> int | None:
    """The `hnsw.ef_search` for an index search, or None when an exact scan is better.

    The index scan yields ef_search candidates from all organizations before the filter:
    ask for enough that about twice `first` of them are this organization's. An organization
    holding too small a share for that within pgvector's limit is scanned exactly instead
    (pgvector 0.6 has no iterative index scans)."""
    if mine <= EXACT_SEARCH_MAX_CHUNKS:
        return None
    share = mine / max(total, mine)
    needed = max(MIN_EF_SEARCH, math.ceil(first * 2 / share))
    return needed if needed <= MAX_EF_SEARCH else None


def _hits(rows: list[dict[str, Any]]) -> list[ChunkHit]:
    return [
        ChunkHit(
            id=r["id"],
            organization_id=r["organization_id"],
            file_id=r["file_id"],
            position=r["position"],
            text=r["text"],
            token_count=r["token_count"],
            score=float(r["score"]),
        )
        for r in rows
    ]


async def chunk_counts(organization_id: int) -> tuple[int, int]:
    """(the organization's chunks, all chunks as the planner estimates them): one statement."""
    rows = await connections.get("default").execute_query_dict(
        'SELECT (SELECT coalesce(sum("chunk_count"), 0) FROM "knowledge_files" '
        '        WHERE "organization_id" = $1)::bigint AS mine, '
        "(SELECT greatest(reltuples, 0) FROM pg_class "
        "        WHERE oid = 'knowledge_chunks'::regclass)::bigint AS total",
        [organization_id],
    )
    return int(rows[0]["mine"]), int(rows[0]["total"])


async def search_vector(
    organization_id: int,
    vector: list[float],
    first: int,
    counts: tuple[int, int] | None = None,
) -> list[ChunkHit]:
    """The `first` chunks of the organization nearest to `vector`, best first."""
    first = max(0, min(first, MAX_RESULTS))
    if first == 0:
        return []
    text = to_pgvector(vector)
    mine, total = counts or await chunk_counts(organization_id)
    if mine == 0:
        return []
    ef_search = ef_search_for(first, mine, total)
    if ef_search is None:
        return await _exact(organization_id, text, first)
    async with in_transaction() as tx:
        await tx.execute_query("SELECT set_config('hnsw.ef_search', $1, true)", [str(ef_search)])
        rows = await tx.execute_query_dict(INDEX_SEARCH_SQL, [organization_id, text, first])
    if len(rows) < min(first, mine):
        return await _exact(organization_id, text, first)  # the filter left too few
    return _hits(rows)


async def _exact(organization_id: int, text: str, first: int) -> list[ChunkHit]:
    rows = await connections.get("default").execute_query_dict(
        EXACT_SEARCH_SQL, [organization_id, text, first]
    )
    return _hits(rows)


async def search(
    organization_id: int,
    query: str,
    first: int,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> list[ChunkHit]:
    """Embed `query` and search; an organization without chunks costs no AI call."""
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not query or first <= 0:
        return []
    counts = await chunk_counts(organization_id)
    if counts[0] == 0:
        return []
    result = await with_retries(lambda: embed([query]), sleep)
    await increment(organization_id, "embedding_tokens", result.prompt_tokens)
    return await search_vector(organization_id, result.vectors[0], first, counts)


# Generation


def brief_query(brief: Brief) -> str:
    parts = [brief.title, brief.objective, *brief.key_messages, brief.audience]
    return "\n".join(p.strip() for p in parts if p and p.strip())


@dataclass(frozen=True)
class Passage:
    hit: ChunkHit
    file_title: str


async def passages_for_brief(
    organization_id: int,
    brief: Brief,
    top_k: int,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> list[Passage]:
    """The passages most related to the brief; empty (and no AI call) without knowledge."""
    from models.knowledge import KnowledgeFile

    hits = await search(organization_id, brief_query(brief), top_k, sleep)
    titles = dict(
        await KnowledgeFile.filter(id__in={h.file_id for h in hits}).values_list("id", "title")
    )
    return [Passage(h, str(titles.get(h.file_id, ""))) for h in hits]


def knowledge_prompt(passages: list[Passage]) -> str:
    """The prompt section that grounds a generation in the organization's own files."""
    lines = [
        "Reference passages from the organization's knowledge files. Use them for facts, "
        "names and wording; do not invent facts they contradict:"
    ]
    for i, p in enumerate(passages, start=1):
        lines.append(f"[{i}] ({p.file_title}) {p.hit.text}")
    return "\n".join(lines)


async def record_sources(versions: list[ContentVersion], passages: list[Passage]) -> None:
    """Inside the caller's transaction: each version keeps the passages it was given."""
    rows = [
        ContentVersionSource(
            organization_id=version.organization_id,
            version_id=version.id,
            chunk_id=p.hit.id,
            file_id=p.hit.file_id,
            rank=rank,
            score=p.hit.score,
            excerpt=p.hit.text,
            file_title=p.file_title,
        )
        for version in versions
        for rank, p in enumerate(passages, start=1)
    ]
    if rows:
        await ContentVersionSource.bulk_create(rows)
