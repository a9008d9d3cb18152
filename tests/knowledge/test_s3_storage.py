"""S3-compatible storage: moto's S3 server on 127.0.0.1, spoken to by the real boto3 client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from app.settings import get_settings
from integrations.storage import S3Store, StorageBackend, StorageError, store_for
from models.knowledge import KnowledgeChunk, KnowledgeFile, ProcessingStatus
from tests.conftest import GraphQLClient, free_port
from tests.knowledge.conftest import Team, blobs
from tests.knowledge.helpers import DELETE_KNOWLEDGE_FILE, make_pdf, uploaded

BUCKET = "ezre-test-files"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """STORAGE_BACKEND=s3 against a fresh bucket; returns a boto3 client to look inside."""
    settings = get_settings()
    for name, value in {
        "storage_backend": "s3",
        "s3_endpoint_url": s3_endpoint,
        "s3_bucket": BUCKET,
        "s3_region": "us-east-1",
        "s3_access_key_id": "test-key",
        "s3_secret_access_key": "test-secret",
        "s3_prefix": "tenant-files/",
    }.items():
        monkeypatch.setattr(settings, name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client: Any) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


async def test_upload_process_and_delete_through_s3(
    gql: GraphQLClient, team: Team, ai: Any, run_worker: Any, s3: Any, storage_root: Path
) -> None:
    pdf = make_pdf([["Stored in object storage: the cold brew steeps for eighteen hours."]])
    file = await uploaded(gql, team.editor.token, team.org, pdf, "brew.pdf")
    assert file["storage"] == "S3"
    row = await KnowledgeFile.get(title="brew")
    assert row.storage_backend == StorageBackend.S3
    [key] = keys(s3)
    assert key == "tenant-files/" + row.storage_key
    stored = s3.get_object(Bucket=BUCKET, Key=key)
    assert stored["Body"].read() == pdf
    assert stored["ContentType"] == "application/pdf"
    assert blobs(storage_root) == []  # nothing on local disk
    await run_worker()  # the job reads the blob back from S3
    await row.refresh_from_db()
    assert row.processing_status == ProcessingStatus.COMPLETED
    [chunk] = await KnowledgeChunk.filter(file_id=row.id)
    assert "cold brew steeps for eighteen hours" in chunk.text
    data = await gql.data(
        DELETE_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.editor.token
    )
    assert data["deleteKnowledgeFile"]["userErrors"] == []
    assert keys(s3) == []


async def test_a_file_stays_readable_where_it_was_stored_after_switching_backend(
    gql: GraphQLClient,
    team: Team,
    ai: Any,
    run_worker: Any,
    s3: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await uploaded(gql, team.editor.token, team.org, b"Kept in S3.", "s3.txt")
    monkeypatch.setattr(get_settings(), "storage_backend", "local")
    local = await uploaded(gql, team.editor.token, team.org, b"Kept on disk.", "disk.txt")
    assert local["storage"] == "LOCAL"
    await run_worker()
    statuses = {f.title: f.processing_status for f in await KnowledgeFile.all()}
    assert statuses == {"s3": ProcessingStatus.COMPLETED, "disk": ProcessingStatus.COMPLETED}


async def test_a_missing_bucket_is_a_storage_error(s3_endpoint: str) -> None:
    store = S3Store(
        "no-such-bucket",
        endpoint_url=s3_endpoint,
        region="us-east-1",
        access_key_id="k",
        secret_access_key="s",
    )
    with pytest.raises(StorageError, match="put_object failed"):
        await store.put("org/1/knowledge/x", b"data", "text/plain")


async def test_s3_without_a_bucket_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "s3_bucket", None)
    with pytest.raises(StorageError, match="S3_BUCKET is not set"):
        store_for(StorageBackend.S3)


async def test_a_blob_that_cannot_be_deleted_does_not_fail_the_delete(
    gql: GraphQLClient, team: Team, s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = await uploaded(gql, team.editor.token, team.org, b"Kept in S3.", "s3.txt")
    # The object store becomes unreachable: the row still goes, the blob is left behind.
    monkeypatch.setattr(get_settings(), "s3_endpoint_url", "http://127.0.0.1:9")
    data = await gql.data(
        DELETE_KNOWLEDGE_FILE, {"input": {"knowledgeFileId": file["id"]}}, team.editor.token
    )
    assert data["deleteKnowledgeFile"]["userErrors"] == []
    assert await KnowledgeFile.all().count() == 0
    assert len(keys(s3)) == 1
