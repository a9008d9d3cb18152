"""deleteKnowledgeFile: the row, its chunks and its blob go; usage bytes go down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.content import UsageCounter
from models.knowledge import KnowledgeChunk, KnowledgeFile
from tests.conftest import GraphQLClient, error_codes
from tests.knowledge.conftest import Team, blobs
from tests.knowledge.helpers import DELETE_KNOWLEDGE_FILE, SEARCH_KNOWLEDGE, uploaded

TEXT = b"Our espresso is pulled for twenty seven seconds.\n\nTea steeps for two minutes."


async def delete(gql: GraphQLClient, token: str, file_id: str) -> dict[str, Any]:
    data = await gql.data(DELETE_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file_id}}, token)
    payload: dict[str, Any] = data["deleteKnowledgeFile"]
    return payload


async def test_delete_removes_the_blob_the_chunks_and_the_row(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any, storage_root: Path
) -> None:
    keep = await uploaded(gql, team.editor.token, team.org, b"Keep me around.", "keep.txt")
    file = await uploaded(gql, team.editor.token, team.org, TEXT, "brand.txt")
    await run_worker()
    assert await KnowledgeChunk.all().count() == 2
    assert len(blobs(storage_root)) == 2
    payload = await delete(gql, team.editor.token, file["id"])
    assert payload == {"deletedKnowledgeFileId": file["id"], "userErrors": []}
    assert [f.title for f in await KnowledgeFile.all()] == ["keep"]
    assert await KnowledgeChunk.all().count() == 1  # keep's only
    [left] = blobs(storage_root)
    assert left.read_bytes() == b"Keep me around."
    data = await gql.data(
        SEARCH_KNOWLEDGE, {"org": team.org, "query": "espresso", "first": 5}, team.editor.token
    )
    assert [r["file"]["id"] for r in data["searchKnowledge"]] == [keep["id"]]
    usage = await UsageCounter.get(organization_id=team.org_pk, metric="storage_bytes")
    assert usage.value == len(b"Keep me around.")


async def test_deleting_twice_is_not_found(gql: GraphQLClient, team: Team) -> None:
    file = await uploaded(gql, team.editor.token, team.org, TEXT, "brand.txt")
    await delete(gql, team.admin.token, file["id"])
    again = await delete(gql, team.admin.token, file["id"])
    assert again["deletedKnowledgeFileId"] is None
    assert [e["code"] for e in again["userErrors"]] == ["NOT_FOUND"]


async def test_a_pending_file_can_be_deleted_and_its_job_then_does_nothing(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any, storage_root: Path
) -> None:
    file = await uploaded(gql, team.editor.token, team.org, TEXT, "brand.txt")
    await delete(gql, team.editor.token, file["id"])
    assert await run_worker() == 1
    assert await KnowledgeChunk.all().count() == 0
    assert blobs(storage_root) == []
    assert ai.embedding_requests == []


async def test_another_organization_cannot_delete_and_a_reviewer_is_forbidden(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    file = await uploaded(gql, team.editor.token, team.org, TEXT, "brand.txt")
    outsider = await delete(gql, team.outsider.token, file["id"])
    assert outsider == {
        "deletedKnowledgeFileId": None,
        "userErrors": [
            {
                "field": ["knowledgeFileId"],
                "message": "Knowledge file not found.",
                "code": "NOT_FOUND",
            }
        ],
    }
    body = await gql.execute(
        DELETE_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.reviewer.token
    )
    assert error_codes(body) == ["FORBIDDEN"]
    assert await KnowledgeFile.all().count() == 1
    assert len(blobs(storage_root)) == 1
