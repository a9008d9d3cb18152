"""uploadKnowledgeFile: the GraphQL multipart request spec over HTTP, its CSRF guard, the
size limit, the type sniffed from the bytes, roles and tenancy, and usage."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from arq.constants import default_queue_name

from app.redis import get_redis
from app.settings import get_settings
from models.content import UsageCounter
from models.knowledge import KnowledgeFile
from tests.conftest import GraphQLClient, error_codes
from tests.knowledge.conftest import Team, blobs
from tests.knowledge.helpers import (
    UPLOAD_KNOWLEDGE_FILE,
    make_docx,
    make_pdf,
    post_multipart,
    upload,
    uploaded,
)

BRAND_BOOK = b"Our brand voice is warm and direct.\n\nWe roast every bean in house.\n"


async def queued() -> int:
    count: int = await (await get_redis()).zcard(default_queue_name)
    return count


def upload_vars(org_id: str, **extra: Any) -> dict[str, Any]:
    return {"input": {"organizationId": org_id, "file": None, **extra}}


async def test_multipart_upload_records_the_file_and_queues_processing(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    file = await uploaded(
        gql, team.editor.token, team.org, BRAND_BOOK, "brand.txt",
        title="  Brand book ", tags=["brand", "Brand", " voice  guide "],
    )  # fmt: skip
    assert file["title"] == "Brand book"
    assert file["tags"] == ["brand", "voice guide"]
    assert file["filename"] == "brand.txt"
    assert file["fileType"] == "TEXT"
    assert file["contentType"] == "text/plain; charset=utf-8"
    assert file["sizeBytes"] == len(BRAND_BOOK)
    assert file["storage"] == "LOCAL"
    assert file["processingStatus"] == "PENDING"
    assert file["chunkCount"] == 0
    assert file["uploadedBy"] == {"email": team.editor.email}
    [blob] = blobs(storage_root)
    assert blob.read_bytes() == BRAND_BOOK
    row = await KnowledgeFile.get(title="Brand book")
    assert blob.as_posix().endswith(row.storage_key)
    assert await queued() == 1


async def test_title_defaults_to_the_file_name(gql: GraphQLClient, team: Team) -> None:
    file = await uploaded(gql, team.editor.token, team.org, BRAND_BOOK, "dir/Brand Book.txt")
    assert file["title"] == "Brand Book"
    assert file["filename"] == "Brand Book.txt"  # never a path


async def test_multipart_without_the_preflight_header_is_refused(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    response = await post_multipart(
        gql.http,
        UPLOAD_KNOWLEDGE_FILE,
        upload_vars(team.org),
        {"variables.input.file": ("brand.txt", BRAND_BOOK, "text/plain")},
        team.editor.token,
        preflight=False,
    )
    assert response.status_code == 400
    assert error_codes(response.json()) == ["CSRF_PREFLIGHT_REQUIRED"]
    assert await KnowledgeFile.all().count() == 0
    assert blobs(storage_root) == []


async def test_the_other_preflight_header_is_accepted(gql: GraphQLClient, team: Team) -> None:
    response = await gql.http.post(
        "/graphql",
        data={
            "operations": json.dumps(
                {
                    "query": UPLOAD_KNOWLEDGE_FILE,
                    "variables": {"input": {"organizationId": team.org, "file": None}},
                }
            ),
            "map": '{"0": ["variables.input.file"]}',
        },
        files={"0": ("brand.txt", BRAND_BOOK, "text/plain")},
        headers={
            "x-apollo-operation-name": "Upload",
            "authorization": f"Bearer {team.editor.token}",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["uploadKnowledgeFile"]["userErrors"] == []


async def test_a_file_over_the_limit_is_refused_and_nothing_stored(
    gql: GraphQLClient, team: Team, storage_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "knowledge_max_upload_mb", 0.01)  # 10,485 bytes
    payload = await upload(gql, team.editor.token, team.org, b"word " * 2200, "big.txt")
    assert payload["knowledgeFile"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["FILE_TOO_LARGE"]
    assert payload["userErrors"][0]["field"] == ["file"]
    exact = await upload(gql, team.editor.token, team.org, b"word " * 2097, "fits.txt")
    assert exact["userErrors"] == []
    assert await KnowledgeFile.all().count() == 1
    assert len(blobs(storage_root)) == 1


async def test_a_request_body_over_the_cap_is_refused_before_parsing(
    gql: GraphQLClient, team: Team
) -> None:
    from app.uploads import MULTIPART_OVERHEAD

    settings = get_settings()
    cap = int(max(settings.knowledge_max_upload_mb, settings.media_max_upload_mb) * 2**20)
    response = await post_multipart(
        gql.http,
        UPLOAD_KNOWLEDGE_FILE,
        upload_vars(team.org),
        {"variables.input.file": ("huge.txt", b"x" * (cap + MULTIPART_OVERHEAD + 1), "text/plain")},
        team.editor.token,
    )
    assert response.status_code == 413
    assert error_codes(response.json()) == ["PAYLOAD_TOO_LARGE"]
    assert await KnowledgeFile.all().count() == 0


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("notes.pdf", b"Plain words in a file that claims to be a PDF.\n", "TEXT"),
        ("report.txt", make_pdf([["Quarterly report"]]), "PDF"),
        ("readme.md", b"# Title\n\nSome *emphasis* and a list:\n\n- one\n- two\n", "MARKDOWN"),
        ("notes.txt", b"# Heading\n\n- first point\n- second point\n", "MARKDOWN"),
        ("page.txt", b"<!doctype html><html><body><p>Hello</p></body></html>", "HTML"),
        ("prices.csv", b"product,price\nespresso,2.50\nlatte,3.20\n", "CSV"),
        ("prices.csv", b"Just a sentence, with a comma.\n", "TEXT"),
        ("upload.bin", make_docx("Guide", ["Write warmly."]), "DOCX"),
    ],
)
async def test_the_type_is_sniffed_from_the_bytes(
    gql: GraphQLClient, team: Team, name: str, data: bytes, expected: str
) -> None:
    file = await uploaded(gql, team.editor.token, team.org, data, name)
    assert file["fileType"] == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("archive.docx", b"PK\x03\x04" + bytes(60)),  # a zip signature, no document inside
        ("binary.md", bytes(range(256)) * 4),
        ("sheet.csv", b"\xff\xfe\x00\xd8" + b"\x00\x01" * 40),
    ],
)
async def test_an_unsupported_type_is_refused_and_nothing_stored(
    gql: GraphQLClient, team: Team, storage_root: Path, name: str, data: bytes
) -> None:
    payload = await upload(gql, team.editor.token, team.org, data, name)
    assert payload["knowledgeFile"] is None
    assert payload["userErrors"] == [
        {
            "field": ["file"],
            "message": "Upload plain text, Markdown, HTML, PDF, DOCX or CSV.",
            "code": "UNSUPPORTED_FILE_TYPE",
        }
    ]
    assert await KnowledgeFile.all().count() == 0
    assert blobs(storage_root) == []
    assert await queued() == 0
    assert await UsageCounter.all().count() == 0


async def test_a_zip_without_a_word_document_is_unsupported(gql: GraphQLClient, team: Team) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    payload = await upload(gql, team.editor.token, team.org, buffer.getvalue(), "brand.docx")
    assert [e["code"] for e in payload["userErrors"]] == ["UNSUPPORTED_FILE_TYPE"]


async def test_an_empty_file_is_refused(gql: GraphQLClient, team: Team) -> None:
    payload = await upload(gql, team.editor.token, team.org, b"", "empty.txt")
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_INPUT"]
    assert await KnowledgeFile.all().count() == 0


async def test_uploads_count_into_usage(gql: GraphQLClient, team: Team) -> None:
    pdf = make_pdf([["Brand book"]])
    await uploaded(gql, team.editor.token, team.org, BRAND_BOOK, "a.txt")
    await uploaded(gql, team.admin.token, team.org, pdf, "b.pdf")
    usage = {u.metric: u.value for u in await UsageCounter.filter(organization_id=team.org_pk)}
    assert usage["knowledge_files_uploaded"] == 2
    assert usage["storage_bytes"] == len(BRAND_BOOK) + len(pdf)
    assert await UsageCounter.filter(organization_id=team.other_org_pk).count() == 0


async def test_a_reviewer_may_not_upload(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    response = await post_multipart(
        gql.http,
        UPLOAD_KNOWLEDGE_FILE,
        upload_vars(team.org),
        {"variables.input.file": ("brand.txt", BRAND_BOOK, "text/plain")},
        team.reviewer.token,
    )
    assert error_codes(response.json()) == ["FORBIDDEN"]
    assert await KnowledgeFile.all().count() == 0
    assert blobs(storage_root) == []


async def test_another_organization_is_answered_as_missing(
    gql: GraphQLClient, team: Team, storage_root: Path
) -> None:
    payload = await upload(gql, team.outsider.token, team.org, BRAND_BOOK, "brand.txt")
    assert payload["knowledgeFile"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("NOT_FOUND", ["organizationId"])
    ]
    assert await KnowledgeFile.all().count() == 0
    assert blobs(storage_root) == []


async def test_signed_out_upload_is_unauthenticated(gql: GraphQLClient, team: Team) -> None:
    response = await post_multipart(
        gql.http,
        UPLOAD_KNOWLEDGE_FILE,
        upload_vars(team.org),
        {"variables.input.file": ("brand.txt", BRAND_BOOK, "text/plain")},
        None,
    )
    assert error_codes(response.json()) == ["UNAUTHENTICATED"]
    assert await KnowledgeFile.all().count() == 0
