"""Retrieval in generation: the brief's top passages go into the prompt, and each version
keeps the passages it was given as `sources { chunk file score }`."""

from __future__ import annotations

from typing import Any

import pytest

from app.settings import get_settings
from models.knowledge import ContentVersionSource
from tests.conftest import GraphQLClient
from tests.knowledge.conftest import Team
from tests.knowledge.helpers import DELETE_KNOWLEDGE_FILE, make_docx, make_pdf, uploaded

CREATE_BRIEF = """
mutation($input: CreateBriefInput!) {
  createBrief(input: $input) { brief { id } userErrors { field message code } }
}"""
REQUEST_GENERATION = """
mutation($input: RequestGenerationInput!) {
  requestGeneration(input: $input) {
    contentRequest { id status } userErrors { field message code }
  }
}"""
REQUEST = """
query($id: ID!) {
  node(id: $id) {
    ... on ContentRequest {
      status
      versions {
        id channel text
        sources { rank score excerpt fileTitle chunk { id position text } file { id title } }
      }
    }
  }
}"""

BRAND_BOOK = (
    "Harbor Roasters brand book. Our autumn blend is roasted in house in Hamburg. "
    "The autumn blend tastes of plum, cocoa and toasted hazelnut."
)
UNRELATED = "Office parking rules. Bicycles go in the courtyard; cars park on level two."


async def generate(gql: GraphQLClient, team: Team, run_worker: Any) -> dict[str, Any]:
    brief = await gql.data(
        CREATE_BRIEF,
        {
            "input": {
                "organizationId": team.org,
                "title": "Autumn blend launch",
                "objective": "Announce the autumn blend, roasted in house",
                "keyMessages": ["Tastes of plum and cocoa"],
                "channels": ["X", "LINKEDIN"],
            }
        },
        team.editor.token,
    )
    brief_id = brief["createBrief"]["brief"]["id"]
    data = await gql.data(REQUEST_GENERATION, {"input": {"briefId": brief_id}}, team.editor.token)
    payload = data["requestGeneration"]
    assert payload["userErrors"] == []
    await run_worker()
    node = await gql.data(REQUEST, {"id": payload["contentRequest"]["id"]}, team.reviewer.token)
    result: dict[str, Any] = node["node"]
    assert result["status"] == "DRAFTED", result
    return result


async def test_versions_keep_the_passages_they_were_given(
    gql: GraphQLClient,
    team: Team,
    ai: Any,
    run_worker: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "retrieval_top_k", 2)
    brand = await uploaded(
        gql, team.editor.token, team.org, make_pdf([[BRAND_BOOK]]), "brand.pdf", title="Brand"
    )
    await uploaded(
        gql, team.editor.token, team.org, make_docx("Parking", [UNRELATED]), "p.docx",
        title="Parking",
    )  # fmt: skip
    await uploaded(gql, team.editor.token, team.org, b"Tea steeps.", "t.txt", title="Tea")
    # The other organization's brand book is about the same topic: never retrieved.
    await uploaded(gql, team.outsider.token, team.other_org, BRAND_BOOK.encode(), "x.txt")
    assert await run_worker() == 4
    ai.reset()
    request = await generate(gql, team, run_worker)
    # One embedding of the brief, then one chat call per channel, each grounded.
    assert len(ai.embedding_requests) == 1
    assert "Autumn blend launch" in ai.embedding_requests[0]["input"][0]
    assert len(ai.requests) == 2
    for call in ai.requests:
        prompt = next(m["content"] for m in call["messages"] if m["role"] == "user")
        assert "Reference passages from the organization's knowledge files" in prompt
        assert f"[1] (Brand) {BRAND_BOOK}" in prompt
        assert "[3]" not in prompt  # top 2 only
    assert len(request["versions"]) == 2
    for version in request["versions"]:
        sources = version["sources"]
        assert [s["rank"] for s in sources] == [1, 2]
        first = sources[0]
        assert first["file"] == {"id": brand["id"], "title": "Brand"}
        assert first["fileTitle"] == "Brand"
        assert first["excerpt"] == first["chunk"]["text"] == BRAND_BOOK
        assert first["chunk"]["position"] == 0
        assert sources[0]["score"] > sources[1]["score"]
        assert sources[1]["file"]["title"] in {"Parking", "Tea"}
    assert await ContentVersionSource.all().count() == 4


async def test_sources_keep_their_excerpt_after_the_file_is_deleted(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    brand = await uploaded(gql, team.editor.token, team.org, BRAND_BOOK.encode(), "b.txt")
    await run_worker()
    request = await generate(gql, team, run_worker)
    await gql.data(
        DELETE_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": brand["id"]}}, team.editor.token
    )
    version_query = """
    query($id: ID!) { node(id: $id) { ... on ContentVersion {
      sources { excerpt fileTitle chunk { id } file { id } } } } }"""
    data = await gql.data(version_query, {"id": request["versions"][0]["id"]}, team.reviewer.token)
    assert data["node"]["sources"] == [
        {"excerpt": BRAND_BOOK, "fileTitle": "b", "chunk": None, "file": None}
    ]


async def test_an_organization_without_files_generates_as_before(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    # Another organization's files change nothing here.
    await uploaded(gql, team.outsider.token, team.other_org, BRAND_BOOK.encode(), "x.txt")
    await run_worker()
    ai.reset()
    request = await generate(gql, team, run_worker)
    assert ai.embedding_requests == []
    for call in ai.requests:
        prompt = next(m["content"] for m in call["messages"] if m["role"] == "user")
        assert "Reference passages" not in prompt
    assert all(v["sources"] == [] for v in request["versions"])


async def test_a_failing_retrieval_fails_the_generation_with_a_reason(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    from tests.fakes.openai_server import Reply

    await uploaded(gql, team.editor.token, team.org, BRAND_BOOK.encode(), "b.txt")
    await run_worker()
    ai.embedding_script.append(Reply(status=401))
    brief = await gql.data(
        CREATE_BRIEF,
        {"input": {"organizationId": team.org, "title": "Autumn", "channels": ["X"]}},
        team.editor.token,
    )
    data = await gql.data(
        REQUEST_GENERATION,
        {"input": {"briefId": brief["createBrief"]["brief"]["id"]}},
        team.editor.token,
    )
    await run_worker()
    query = "query($id: ID!) { node(id: $id) { ... on ContentRequest { status failureReason } } }"
    node = await gql.data(
        query, {"id": data["requestGeneration"]["contentRequest"]["id"]}, team.editor.token
    )
    assert node["node"] == {
        "status": "GENERATION_FAILED",
        "failureReason": "Knowledge retrieval failed: The AI provider refused the API key (401).",
    }
    assert ai.requests == []  # no chat call without the passages


VERSIONS_WITH_SOURCES = """
query($id: ID!) {
  node(id: $id) {
    ... on ContentRequest {
      versions {
        id
        sources { score chunk { id text } file { id title uploadedBy { email } } }
        media { id width }
      }
    }
  }
}"""


async def test_sources_and_media_of_many_versions_cost_constant_sql(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any, count_sql: Any
) -> None:
    for i in range(3):
        await uploaded(gql, team.editor.token, team.org, f"{BRAND_BOOK} {i}".encode(), f"{i}.txt")
    await run_worker()
    request_ids = []
    for variants in (1, 4):
        brief = await gql.data(
            CREATE_BRIEF,
            {
                "input": {
                    "organizationId": team.org,
                    "title": "Autumn blend",
                    "channels": ["X", "LINKEDIN"],
                }
            },
            team.editor.token,
        )
        data = await gql.data(
            REQUEST_GENERATION,
            {
                "input": {
                    "briefId": brief["createBrief"]["brief"]["id"],
                    "variantsPerChannel": variants,
                }
            },
            team.editor.token,
        )
        request_ids.append(data["requestGeneration"]["contentRequest"]["id"])
    await run_worker()
    costs = []
    for request_id in request_ids:
        with count_sql() as counter:
            data = await gql.data(VERSIONS_WITH_SOURCES, {"id": request_id}, team.reviewer.token)
        versions = data["node"]["versions"]
        assert all(len(v["sources"]) == 3 for v in versions)
        costs.append((len(versions), counter.count))
    (few, small), (many, large) = costs
    assert (few, many) == (2, 8)
    assert large == small
