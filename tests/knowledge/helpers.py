"""Documents built in the tests, multipart uploads over HTTP, and the GraphQL documents."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx

from tests.conftest import GraphQLClient

USER_ERRORS = "userErrors { field message code }"
FILE_FIELDS = (
    "id title tags filename fileType contentType sizeBytes storage processingStatus "
    "failureReason chunkCount tokenCount embeddingModel processedAt uploadedBy { email }"
)
MEDIA_FIELDS = (
    "id kind format contentType filename sizeBytes width height durationMs altText position "
    "source prompt storage contentVersionId"
)

UPLOAD_KNOWLEDGE_FILE = f"""
mutation($input: UploadKnowledgeFileInput!) {{
  uploadKnowledgeFile(input: $input) {{ knowledgeFile {{ {FILE_FIELDS} }} {USER_ERRORS} }}
}}"""
ATTACH_MEDIA = f"""
mutation($input: AttachMediaInput!) {{
  attachMedia(input: $input) {{ media {{ {MEDIA_FIELDS} }} {USER_ERRORS} }}
}}"""
DELETE_KNOWLEDGE_FILE = f"""
mutation($input: KnowledgeFileIdInput!) {{
  deleteKnowledgeFile(input: $input) {{ deletedKnowledgeFileId {USER_ERRORS} }}
}}"""
REPROCESS_KNOWLEDGE_FILE = f"""
mutation($input: KnowledgeFileIdInput!) {{
  reprocessKnowledgeFile(input: $input) {{ knowledgeFile {{ {FILE_FIELDS} }} {USER_ERRORS} }}
}}"""
KNOWLEDGE_FILES = f"""
query($org: ID!, $filter: KnowledgeFileFilter, $first: Int, $after: String) {{
  knowledgeFiles(organizationId: $org, filter: $filter, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {FILE_FIELDS} }} }}
  }}
}}"""
SEARCH_KNOWLEDGE = """
query($org: ID!, $query: String!, $first: Int!) {
  searchKnowledge(organizationId: $org, query: $query, first: $first) {
    score position
    chunk { id position text tokenCount file { id title } }
    file { id title }
  }
}"""
UPDATE_MEDIA = f"""
mutation($input: UpdateMediaInput!) {{
  updateMedia(input: $input) {{ media {{ {MEDIA_FIELDS} }} {USER_ERRORS} }}
}}"""
REMOVE_MEDIA = f"""
mutation($input: RemoveMediaInput!) {{
  removeMedia(input: $input) {{ removedMediaId {USER_ERRORS} }}
}}"""
GENERATE_IMAGE = f"""
mutation($input: GenerateImageInput!) {{
  generateImage(input: $input) {{
    imageGeneration {{ id prompt status failureReason model media {{ {MEDIA_FIELDS} }} }}
    {USER_ERRORS}
  }}
}}"""
VERSION_MEDIA = f"""
query($id: ID!) {{
  node(id: $id) {{ ... on ContentVersion {{ id media {{ {MEDIA_FIELDS} }} }} }}
}}"""

PREFLIGHT = {"apollo-require-preflight": "true"}


async def post_multipart(
    http: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    files: dict[str, tuple[str, bytes, str]],
    token: str | None,
    *,
    preflight: bool = True,
) -> httpx.Response:
    """A request as apollo-upload-client sends it: `operations`, `map`, then one part per file.
    `files` maps a variable path (e.g. `variables.input.file`) to (name, bytes, content type)."""
    headers = dict(PREFLIGHT) if preflight else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    parts = {str(i): path for i, path in enumerate(files)}
    operations = {"query": query, "variables": variables}
    return await http.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({k: [v] for k, v in parts.items()}),
        },
        files={k: files[path] for k, path in parts.items()},
        headers=headers,
    )


async def upload(
    gql: GraphQLClient,
    token: str,
    org_id: str,
    data: bytes,
    filename: str,
    *,
    title: str | None = None,
    tags: list[str] | None = None,
    content_type: str = "application/octet-stream",
) -> dict[str, Any]:
    """The uploadKnowledgeFile payload (userErrors included) of a multipart upload."""
    variables = {
        "input": {"organizationId": org_id, "file": None, "title": title, "tags": tags or []}
    }
    response = await post_multipart(
        gql.http,
        UPLOAD_KNOWLEDGE_FILE,
        variables,
        {"variables.input.file": (filename, data, content_type)},
        token,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    payload: dict[str, Any] = body["data"]["uploadKnowledgeFile"]
    return payload


async def uploaded(
    gql: GraphQLClient, token: str, org_id: str, data: bytes, filename: str, **kwargs: Any
) -> dict[str, Any]:
    """The knowledge file of an upload that must succeed."""
    payload = await upload(gql, token, org_id, data, filename, **kwargs)
    assert payload["userErrors"] == [], payload["userErrors"]
    file: dict[str, Any] = payload["knowledgeFile"]
    return file


async def attach(
    gql: GraphQLClient,
    token: str,
    version_id: str,
    data: bytes,
    filename: str,
    alt_text: str | None = None,
) -> dict[str, Any]:
    variables = {"input": {"contentVersionId": version_id, "file": None, "altText": alt_text}}
    response = await post_multipart(
        gql.http,
        ATTACH_MEDIA,
        variables,
        {"variables.input.file": (filename, data, "application/octet-stream")},
        token,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert not body.get("errors"), body["errors"]
    payload: dict[str, Any] = body["data"]["attachMedia"]
    return payload


# Real documents


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one Helvetica text line per entry, one page per list, built by hand
    (objects, cross-reference table and trailer) so the bytes are exactly what a writer emits."""
    objects: list[bytes] = []
    page_ids = [3 + 2 * i for i in range(len(pages))]
    font_id = 3 + 2 * len(pages)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for page_id, lines in zip(page_ids, pages, strict=True):
        shown = " ".join(f"({_pdf_escape(line)}) '" for line in lines)
        stream = f"BT /F1 11 Tf 14 TL 56 780 Td {shown} ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_id + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(heading: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_image(
    fmt: str, size: tuple[int, int], color: tuple[int, int, int] = (200, 40, 40)
) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def _box(kind: bytes, payload: bytes) -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def make_mp4(width: int, height: int, duration_ms: int) -> bytes:
    """A minimal ISO base media file: `ftyp`, and a `moov` with `mvhd` (duration) and one
    track whose `tkhd` carries the frame size, as a muxer writes them."""
    ftyp = _box(b"ftyp", b"isom" + (512).to_bytes(4, "big") + b"isomiso2avc1mp41")
    mvhd = _box(
        b"mvhd",
        bytes(4)  # version 0, flags
        + bytes(8)  # creation, modification time
        + (1000).to_bytes(4, "big")  # timescale: ms
        + duration_ms.to_bytes(4, "big")
        + bytes(80),
    )
    tkhd = _box(
        b"tkhd",
        bytes(4) + bytes(72) + (width << 16).to_bytes(4, "big") + (height << 16).to_bytes(4, "big"),
    )
    moov = _box(b"moov", mvhd + _box(b"trak", tkhd))
    mdat = _box(b"mdat", bytes(256))
    return ftyp + moov + mdat
