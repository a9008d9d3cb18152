"""searchKnowledge: nearest passages of the organization's own files, best first."""

from __future__ import annotations

from typing import Any

from models.content import UsageCounter
from tests.conftest import GraphQLClient, error_codes
from tests.knowledge.conftest import Team
from tests.knowledge.helpers import SEARCH_KNOWLEDGE, make_docx, make_pdf, uploaded

ESPRESSO = (
    "Espresso guide. Our espresso uses a dark roast blend pulled for twenty seven seconds. "
    "Espresso crema should be golden; grind the espresso beans fine."
)
TEA = (
    "Tea catalogue. Green tea leaves from Japan steep for two minutes. Herbal tea blends "
    "include chamomile and mint; tea is served in glass pots."
)
PASTRY = (
    "Bakery menu. Croissants are baked every morning with French butter. Pastry dough "
    "rests overnight; almond croissants sell out by noon."
)


async def library(gql: GraphQLClient, team: Team, run_worker: Any) -> dict[str, str]:
    """Three files on three topics, processed; title → id."""
    ids = {}
    for title, data, name in [
        ("Espresso guide", make_pdf([[ESPRESSO]]), "espresso.pdf"),
        ("Tea catalogue", make_docx("Tea", [TEA]), "tea.docx"),
        ("Bakery menu", PASTRY.encode(), "bakery.txt"),
    ]:
        file = await uploaded(gql, team.editor.token, team.org, data, name, title=title)
        ids[title] = file["id"]
    assert await run_worker() == 3
    return ids


async def search(
    gql: GraphQLClient, token: str, org: str, query: str, first: int = 10
) -> list[dict[str, Any]]:
    data = await gql.data(SEARCH_KNOWLEDGE, {"org": org, "query": query, "first": first}, token)
    results: list[dict[str, Any]] = data["searchKnowledge"]
    return results


async def test_the_file_about_the_query_topic_ranks_first(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    ids = await library(gql, team, run_worker)
    for query, title in [
        ("how long is an espresso pulled and what roast", "Espresso guide"),
        ("which tea leaves and how long to steep", "Tea catalogue"),
        ("when are croissants baked, almond pastry", "Bakery menu"),
    ]:
        results = await search(gql, team.reviewer.token, team.org, query)
        assert len(results) == 3
        best = results[0]
        assert best["file"] == {"id": ids[title], "title": title}
        assert best["chunk"]["file"] == best["file"]
        assert best["position"] == best["chunk"]["position"] == 0
        assert best["chunk"]["tokenCount"] > 0
        scores = [r["score"] for r in results]
        assert scores == sorted(scores, reverse=True)
        assert scores[0] > scores[1]
        assert -1.0 <= scores[-1] <= scores[0] <= 1.0


async def test_first_limits_results_and_is_bounded(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    await library(gql, team, run_worker)
    assert len(await search(gql, team.editor.token, team.org, "espresso", first=1)) == 1
    for first in (0, 51):
        body = await gql.execute(
            SEARCH_KNOWLEDGE,
            {"org": team.org, "query": "espresso", "first": first},
            team.editor.token,
        )
        assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_search_never_returns_another_organizations_chunks(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    await library(gql, team, run_worker)
    # The other organization has one file, on nothing like the query; the query's words are
    # all in Acme's espresso guide.
    await uploaded(gql, team.outsider.token, team.other_org, b"Bicycle repair notes.", "b.txt")
    await run_worker()
    results = await search(gql, team.outsider.token, team.other_org, ESPRESSO)
    assert [r["file"]["title"] for r in results] == ["b"]
    # And with nothing of its own, nothing at all (and no AI call).
    lonely = await search(gql, team.admin.token, team.org, "espresso")
    assert all(r["file"]["title"] != "b" for r in lonely)


async def test_an_organization_without_files_gets_nothing_and_costs_no_ai_call(
    gql: GraphQLClient, team: Team, ai: Any
) -> None:
    assert await search(gql, team.editor.token, team.org, "espresso") == []
    assert ai.embedding_requests == []


async def test_another_organization_is_answered_as_missing(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    await library(gql, team, run_worker)
    body = await gql.execute(
        SEARCH_KNOWLEDGE, {"org": team.org, "query": "espresso", "first": 5}, team.outsider.token
    )
    assert error_codes(body) == ["NOT_FOUND"]
    body = await gql.execute(SEARCH_KNOWLEDGE, {"org": team.org, "query": "espresso", "first": 5})
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_search_counts_embedding_tokens(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    await library(gql, team, run_worker)
    before = await UsageCounter.get(organization_id=team.org_pk, metric="embedding_tokens")
    await search(gql, team.editor.token, team.org, "three word query")
    after = await UsageCounter.get(organization_id=team.org_pk, metric="embedding_tokens")
    assert after.value - before.value == 3


async def test_search_without_an_ai_key_is_a_clear_error(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any, monkeypatch: Any
) -> None:
    from app.settings import get_settings

    await library(gql, team, run_worker)
    monkeypatch.setattr(get_settings(), "openai_api_key", None)
    body = await gql.execute(
        SEARCH_KNOWLEDGE, {"org": team.org, "query": "espresso", "first": 5}, team.editor.token
    )
    assert error_codes(body) == ["AI_NOT_CONFIGURED"]


async def seed_chunks(org_pk: int, texts: list[str]) -> None:
    """Chunks written as the processing job writes them, embedded by the local server's
    function, without going through files (hundreds of them, quickly)."""
    from tortoise import connections

    from app.settings import get_settings
    from models.knowledge import KnowledgeFile, to_pgvector
    from tests.fakes.openai_server import hashed_embedding

    dims = get_settings().embedding_dimensions
    file = await KnowledgeFile.create(
        organization_id=org_pk, title=f"Corpus {org_pk}", filename="corpus.txt",
        file_type="TEXT", content_type="text/plain", size_bytes=0, sha256="0" * 64,
        storage_backend="LOCAL", storage_key=f"seed/{org_pk}", processing_status="COMPLETED",
        chunk_count=len(texts),
    )  # fmt: skip
    await connections.get("default").execute_many(
        'INSERT INTO "knowledge_chunks" ("created_at", "organization_id", "file_id", "position", '
        '"text", "token_count", "embedding") VALUES (now(), $1, $2, $3, $4, 10, $5::text::vector)',
        [
            [org_pk, file.id, i, text, to_pgvector(hashed_embedding(text, dims))]
            for i, text in enumerate(texts)
        ],
    )
    # Earlier tests' rows are deleted, not truncated: vacuum them out of the HNSW index so
    # this test sees the index a settled table has.
    await connections.get("default").execute_script('VACUUM ANALYZE "knowledge_chunks"')


async def test_a_large_organization_is_searched_through_the_hnsw_index(
    gql: GraphQLClient,
    team: Team,
    ai: Any,
    count_sql: Any,
    monkeypatch: Any,
) -> None:
    from models import retrieval

    monkeypatch.setattr(retrieval, "EXACT_SEARCH_MAX_CHUNKS", 100)
    filler = [f"routine note {i} about shift {i % 7} and table {i % 13}" for i in range(300)]
    needle = "harbor roasters oat latte recipe steamed velvet foam"
    await seed_chunks(team.org_pk, [*filler[:150], needle, *filler[150:]])
    await seed_chunks(team.other_org_pk, [needle, *filler])  # the same passage, elsewhere
    with count_sql() as counter:
        results = await search(gql, team.editor.token, team.org, needle, first=5)
    assert any("hnsw.ef_search" in s for s in counter.statements)
    assert len(results) == 5
    assert results[0]["chunk"]["text"] == needle
    assert results[0]["chunk"]["position"] == 150
    assert results[0]["score"] > 0.999
    assert {r["file"]["title"] for r in results} == {f"Corpus {team.org_pk}"}


def test_the_index_is_used_only_when_it_can_find_enough_of_the_organizations_chunks() -> None:
    from models.retrieval import ef_search_for

    assert ef_search_for(10, 4_000, 1_000_000) is None  # small: exact
    assert ef_search_for(10, 100_000, 1_000_000) == 200  # a tenth of all: 200 candidates
    assert ef_search_for(10, 900_000, 1_000_000) == 100  # nearly all: the floor
    assert ef_search_for(10, 30_000, 10_000_000) is None  # 0.3 %: the index would miss
