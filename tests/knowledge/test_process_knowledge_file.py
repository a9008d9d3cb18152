"""The processing job, run by a real arq worker: extract → split → embed (the local
OpenAI-compatible server) → chunks in pgvector; status, progress events, failures, reruns."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from app.settings import get_settings
from models.content import UsageCounter
from models.knowledge import KnowledgeChunk, KnowledgeFile, ProcessingStatus, process_file
from schema.common import decode_id
from tests.conftest import GraphQLClient
from tests.fakes.openai_server import Reply, hashed_embedding
from tests.knowledge.conftest import Team, captured_events
from tests.knowledge.helpers import (
    KNOWLEDGE_FILES,
    REPROCESS_KNOWLEDGE_FILE,
    make_docx,
    make_pdf,
    uploaded,
)


async def chunks_of(file_id: str) -> list[KnowledgeChunk]:
    pk = decode_id(file_id, "KnowledgeFile")
    return await KnowledgeChunk.filter(file_id=pk).order_by("position")


async def file_row(file_id: str) -> KnowledgeFile:
    return await KnowledgeFile.get(id=decode_id(file_id, "KnowledgeFile"))


async def process(
    gql: GraphQLClient, team: Team, data: bytes, name: str, run_worker: Any
) -> tuple[dict[str, Any], list[KnowledgeChunk]]:
    file = await uploaded(gql, team.editor.token, team.org, data, name)
    assert await run_worker() == 1
    return file, await chunks_of(file["id"])


def joined(chunks: list[KnowledgeChunk]) -> str:
    return " ".join(c.text for c in chunks)


async def test_a_pdf_is_extracted_chunked_and_embedded(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    pdf = make_pdf(
        [
            ["Acme Roasters brand book.", "Our espresso is roasted for twelve minutes."],
            ["Page two: the oat latte is our best seller."],
        ]
    )
    file, chunks = await process(gql, team, pdf, "brand.pdf", run_worker)
    assert file["fileType"] == "PDF"
    text = joined(chunks)
    assert "Our espresso is roasted for twelve minutes." in text
    assert "the oat latte is our best seller." in text
    row = await file_row(file["id"])
    assert row.processing_status == ProcessingStatus.COMPLETED
    assert row.chunk_count == len(chunks) >= 1
    assert row.token_count == sum(c.token_count for c in chunks)
    assert row.embedding_model == "text-embedding-3-small"
    assert row.processed_at is not None
    # The stored vector is the one the embeddings API answered for that passage.
    dims = get_settings().embedding_dimensions
    stored = chunks[0].embedding
    expected = hashed_embedding(chunks[0].text, dims)
    assert len(stored) == dims
    assert max(abs(a - b) for a, b in zip(stored, expected, strict=True)) < 1e-6
    [request] = ai.embedding_requests
    assert request["model"] == "text-embedding-3-small"
    assert request["dimensions"] == dims
    assert request["input"] == [c.text for c in chunks]


async def test_a_docx_keeps_paragraphs_and_tables(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    docx = make_docx(
        "Product sheet",
        ["The Harbor grinder has forty settings.", "It ships with a two-year warranty."],
        table=[["Model", "Price"], ["Harbor", "199 EUR"]],
    )
    _, chunks = await process(gql, team, docx, "sheet.docx", run_worker)
    text = joined(chunks)
    assert "Product sheet" in text
    assert "The Harbor grinder has forty settings." in text
    assert "Harbor | 199 EUR" in text


async def test_html_keeps_text_without_markup_or_scripts(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    html = (
        b"<!DOCTYPE html><html><head><title>Press kit</title>"
        b"<style>p { color: red }</style><script>var secret = 1;</script></head>"
        b"<body><h1>About us</h1><p>We opened our first caf&eacute; in 2019.</p>"
        b"<ul><li>Fair trade</li><li>Zero waste</li></ul></body></html>"
    )
    _, chunks = await process(gql, team, html, "press.html", run_worker)
    text = joined(chunks)
    assert "Press kit" in text
    assert "We opened our first café in 2019." in text
    assert "Fair trade" in text and "Zero waste" in text
    assert "secret" not in text and "color" not in text and "<" not in text


async def test_csv_rows_keep_their_column_names(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    csv = b"product,price,origin\nEspresso blend,12.50,Brazil\nDecaf,11.00,Colombia\n"
    _, chunks = await process(gql, team, csv, "prices.csv", run_worker)
    text = joined(chunks)
    assert "product: Espresso blend; price: 12.50; origin: Brazil" in text
    assert "product: Decaf; price: 11.00; origin: Colombia" in text


async def test_markdown_and_plain_text(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    _, md_chunks = await process(
        gql, team, b"# Voice\n\n- Be warm.\n- Be brief.\n", "voice.md", run_worker
    )
    assert "# Voice" in joined(md_chunks) and "- Be brief." in joined(md_chunks)
    _, txt_chunks = await process(
        gql, team, "Crème brûlée latte.\r\n".encode(), "a.txt", run_worker
    )
    assert joined(txt_chunks) == "Crème brûlée latte."


async def test_long_text_is_split_into_overlapping_passages_sized_in_tokens(
    gql: GraphQLClient,
    team: Team,
    ai: Any,
    run_worker: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "knowledge_chunk_tokens", 60)
    monkeypatch.setattr(get_settings(), "knowledge_chunk_overlap_tokens", 25)
    monkeypatch.setattr(get_settings(), "embedding_batch_size", 3)
    sentences = [f"Fact number {i} is that batch {i} was roasted on day {i}." for i in range(40)]
    text = "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 40, 4))
    _, chunks = await process(gql, team, text.encode(), "facts.txt", run_worker)
    assert len(chunks) >= 6
    assert [c.position for c in chunks] == list(range(len(chunks)))
    assert all(c.token_count <= 60 for c in chunks)
    for sentence in sentences:  # nothing is lost
        assert any(sentence in c.text for c in chunks), sentence
    # Each passage starts with the last sentence of the one before (≤ 25 tokens of overlap).
    for before, after in itertools.pairwise(chunks):
        first_sentence = re.split(r"(?<=\.)\s+", after.text)[0]
        assert before.text.endswith(first_sentence)
    # Embedded in batches of three, in order.
    assert [len(r["input"]) for r in ai.embedding_requests] == [
        min(3, len(chunks) - i) for i in range(0, len(chunks), 3)
    ]


async def test_status_moves_through_processing_with_progress_events(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    async with captured_events(team.org_pk) as log:
        file = await uploaded(gql, team.editor.token, team.org, b"Warm and direct.", "v.txt")
        assert file["processingStatus"] == "PENDING"
        await run_worker()
    progress = [
        (e["data"]["stage"], e["data"]["status"]) for e in log.of("KNOWLEDGE_FILE_PROGRESS")
    ]
    assert progress == [
        ("QUEUED", "PENDING"),
        ("EXTRACTING", "PROCESSING"),
        ("EMBEDDING", "PROCESSING"),
        ("COMPLETED", "COMPLETED"),
    ]
    events = log.of("KNOWLEDGE_FILE_PROGRESS")
    assert {e["data"]["knowledgeFileId"] for e in events} == {file["id"]}
    assert events[2]["data"]["done"] == events[2]["data"]["total"] == 1
    assert events[3]["data"]["chunks"] == 1
    data = await gql.data(KNOWLEDGE_FILES, {"org": team.org}, team.reviewer.token)
    [node] = [e["node"] for e in data["knowledgeFiles"]["edges"]]
    assert node["processingStatus"] == "COMPLETED"
    assert node["chunkCount"] == 1
    usage = {u.metric: u.value for u in await UsageCounter.filter(organization_id=team.org_pk)}
    assert usage["embedding_tokens"] == 3


async def test_a_corrupt_pdf_fails_with_a_reason_and_no_chunks(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    good = make_pdf([["Some text that will never be read."]])
    corrupt = good[: len(good) // 2]  # cut mid-file: no objects table, no trailer
    async with captured_events(team.org_pk) as log:
        file, chunks = await process(gql, team, corrupt, "broken.pdf", run_worker)
    assert file["fileType"] == "PDF"
    assert chunks == []
    row = await file_row(file["id"])
    assert row.processing_status == ProcessingStatus.FAILED
    assert row.failure_reason.startswith(("The PDF could not be read", "No text could be"))
    assert row.chunk_count == 0
    assert ai.embedding_requests == []
    failed = log.of("KNOWLEDGE_FILE_PROGRESS")[-1]["data"]
    assert failed["stage"] == "FAILED"
    assert failed["reason"] == row.failure_reason
    data = await gql.data(
        KNOWLEDGE_FILES, {"org": team.org, "filter": {"status": "FAILED"}}, team.editor.token
    )
    [node] = [e["node"] for e in data["knowledgeFiles"]["edges"]]
    assert node["failureReason"] == row.failure_reason


async def test_a_garbage_pdf_fails(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    file, chunks = await process(
        gql, team, b"%PDF-1.7\n" + bytes(range(256)) * 8, "garbage.pdf", run_worker
    )
    row = await file_row(file["id"])
    assert row.processing_status == ProcessingStatus.FAILED
    assert row.failure_reason
    assert chunks == []


async def test_a_permanent_embedding_failure_fails_the_file(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    ai.embedding_script.append(Reply(status=400))
    file, chunks = await process(gql, team, b"Some words.", "a.txt", run_worker)
    row = await file_row(file["id"])
    assert row.processing_status == ProcessingStatus.FAILED
    assert row.failure_reason == "The AI provider rejected the request (400)."
    assert chunks == []


async def test_a_transient_embedding_failure_is_retried(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    ai.embedding_script.extend([Reply(status=503), Reply(status=429)])
    file, chunks = await process(gql, team, b"Some words.", "a.txt", run_worker)
    assert (await file_row(file["id"])).processing_status == ProcessingStatus.COMPLETED
    assert len(ai.embedding_requests) == 3
    assert len(chunks) == 1


async def test_reprocessing_replaces_chunks_and_never_duplicates(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    text = "\n\n".join(f"Paragraph {i} about roasting coffee beans slowly." for i in range(5))
    file, first = await process(gql, team, text.encode(), "a.txt", run_worker)
    assert first
    data = await gql.data(
        REPROCESS_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.editor.token
    )
    payload = data["reprocessKnowledgeFile"]
    assert payload["userErrors"] == []
    assert payload["knowledgeFile"]["processingStatus"] == "PENDING"
    # A duplicate delivery of the same job, and the superseded first run's job, change nothing.
    row = await file_row(file["id"])
    assert row.processing_seq == 2
    assert await run_worker() == 1
    assert await process_file(row.id, 2) == "already-done"
    assert await process_file(row.id, 1) == "superseded"
    second = await chunks_of(file["id"])
    assert [(c.position, c.text) for c in second] == [(c.position, c.text) for c in first]
    assert {c.id for c in second}.isdisjoint({c.id for c in first})
    assert await KnowledgeChunk.all().count() == len(first)
    assert (await file_row(file["id"])).chunk_count == len(first)


async def test_a_job_that_died_half_way_is_redone_cleanly(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    file = await uploaded(gql, team.editor.token, team.org, b"Some words here.", "a.txt")
    row = await file_row(file["id"])
    # As if a worker died after marking the file PROCESSING: arq runs the job again.
    await KnowledgeFile.filter(id=row.id).update(processing_status=ProcessingStatus.PROCESSING)
    assert await run_worker() == 1
    assert (await file_row(file["id"])).processing_status == ProcessingStatus.COMPLETED
    assert len(await chunks_of(file["id"])) == 1


async def test_a_failed_file_can_be_reprocessed(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    ai.embedding_script.append(Reply(status=400))
    file, _ = await process(gql, team, b"Some words.", "a.txt", run_worker)
    assert (await file_row(file["id"])).processing_status == ProcessingStatus.FAILED
    await gql.data(
        REPROCESS_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.editor.token
    )
    await run_worker()
    row = await file_row(file["id"])
    assert row.processing_status == ProcessingStatus.COMPLETED
    assert row.failure_reason == ""
    assert len(await chunks_of(file["id"])) == 1


async def test_reprocess_needs_a_writer_of_the_organization(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    file = await uploaded(gql, team.editor.token, team.org, b"Some words.", "a.txt")
    body = await gql.execute(
        REPROCESS_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.reviewer.token
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    data = await gql.data(
        REPROCESS_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.outsider.token
    )
    assert data["reprocessKnowledgeFile"] == {
        "knowledgeFile": None,
        "userErrors": [
            {
                "field": ["knowledgeFileId"],
                "message": "Knowledge file not found.",
                "code": "NOT_FOUND",
            }
        ],
    }
    assert (await file_row(file["id"])).processing_seq == 1


async def test_a_docx_with_broken_xml_fails_with_a_reason(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any
) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("word/document.xml", "<w:document><unclosed")
    file, chunks = await process(gql, team, buffer.getvalue(), "broken.docx", run_worker)
    assert file["fileType"] == "DOCX"
    row = await file_row(file["id"])
    assert row.processing_status == ProcessingStatus.FAILED
    assert row.failure_reason.startswith("The DOCX could not be read (")
    assert chunks == []
