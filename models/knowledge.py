"""Knowledge files (brand book, product sheets, past posts), their chunks with embeddings,
and the passages a generated version was given (its sources)."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from tortoise import fields
from tortoise.models import Model
from tortoise.transactions import in_transaction

from app.ids import encode_id
from app.logging import get_logger
from app.settings import get_settings
from integrations.storage import StorageBackend
from models.base import DomainError, ErrorCode, TimestampedModel, invalid, not_found
from models.events import emit
from models.sessions import now
from models.usage import increment


class VectorField(fields.Field[list[float]]):
    """A pgvector `vector(n)` column. Values travel as pgvector's text form `[1,2,3]`."""

    indexable = False

    def __init__(self, dimensions: int, **kwargs: Any) -> None:
        self.dimensions = dimensions
        super().__init__(**kwargs)

    @property
    def SQL_TYPE(self) -> str:  # type: ignore[override]
        return f"vector({self.dimensions})"

    def to_db_value(self, value: Any, instance: Any) -> str | None:
        if value is None:
            return None
        return to_pgvector(value)

    def to_python_value(self, value: Any) -> list[float] | None:
        if value is None or isinstance(value, list):
            return value
        return from_pgvector(str(value))


def to_pgvector(vector: list[float]) -> str:
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


def from_pgvector(text: str) -> list[float]:
    inner = text.strip().removeprefix("[").removesuffix("]")
    return [float(x) for x in inner.split(",")] if inner else []


class KnowledgeFileType(StrEnum):
    TEXT = "TEXT"
    MARKDOWN = "MARKDOWN"
    HTML = "HTML"
    PDF = "PDF"
    DOCX = "DOCX"
    CSV = "CSV"


class ProcessingStatus(StrEnum):
    PENDING = "PENDING"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class KnowledgeFile(TimestampedModel):
    organization: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Organization", related_name="knowledge_files", on_delete=fields.CASCADE
    )
    organization_id: int
    title = fields.CharField(max_length=300)
    tags: list[str] = fields.JSONField(default=list)
    filename = fields.CharField(max_length=255)
    file_type = fields.CharEnumField(KnowledgeFileType, max_length=16)
    content_type = fields.CharField(max_length=120)
    size_bytes = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    storage_backend = fields.CharEnumField(StorageBackend, max_length=8)
    storage_key = fields.CharField(max_length=500)
    processing_status = fields.CharEnumField(
        ProcessingStatus, max_length=16, default=ProcessingStatus.PENDING
    )
    failure_reason = fields.TextField(default="")
    # Names the current processing run, so a stale or duplicated job recognises itself.
    processing_seq = fields.IntField(default=1)
    chunk_count = fields.IntField(default=0)
    token_count = fields.IntField(default=0)
    embedding_model = fields.CharField(max_length=100, default="")
    processed_at = fields.DatetimeField(null=True)
    uploaded_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "knowledge_files"
        indexes = (("organization_id", "id"),)


class KnowledgeChunk(Model):
    """One overlapping passage of a file's text and its embedding. Written only by the
    processing job, all of a file's chunks at once; (file, position) is unique."""

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    organization_id = fields.BigIntField(db_index=True)
    file: fields.ForeignKeyRelation[KnowledgeFile] = fields.ForeignKeyField(
        "models.KnowledgeFile", related_name="chunks", on_delete=fields.CASCADE
    )
    file_id: int
    position = fields.IntField()
    text = fields.TextField()
    token_count = fields.IntField()
    embedding = VectorField(get_settings().embedding_dimensions)

    class Meta:
        table = "knowledge_chunks"
        unique_together = (("file", "position"),)


class ContentVersionSource(Model):
    """A passage a generated version was given, as it was then: the chunk and file may be
    deleted later, the excerpt and file title stay so a reviewer can still check a claim."""

    id = fields.BigIntField(primary_key=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    organization_id = fields.BigIntField()
    version: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.ContentVersion", related_name="sources", on_delete=fields.CASCADE, db_index=True
    )
    version_id: int
    chunk: fields.ForeignKeyNullableRelation[KnowledgeChunk] = fields.ForeignKeyField(
        "models.KnowledgeChunk", related_name="cited_by", null=True, on_delete=fields.SET_NULL
    )
    chunk_id: int | None
    file: fields.ForeignKeyNullableRelation[KnowledgeFile] = fields.ForeignKeyField(
        "models.KnowledgeFile", related_name="cited_by", null=True, on_delete=fields.SET_NULL
    )
    file_id: int | None
    rank = fields.IntField()
    score = fields.FloatField()
    excerpt = fields.TextField()
    file_title = fields.CharField(max_length=300)

    class Meta:
        table = "content_version_sources"


# Rules: upload, delete, reprocess, and the processing job's body.

log = get_logger("ezre.knowledge")
MAX_TITLE = 300
MAX_TAGS = 20
MAX_TAG_LENGTH = 50
FILE_TOPIC_KIND = "KNOWLEDGE_FILE_PROGRESS"


def max_upload_bytes() -> int:
    return int(get_settings().knowledge_max_upload_mb * 1024 * 1024)


def too_large(limit: int, field: str = "file") -> DomainError:
    return DomainError.of(
        ErrorCode.FILE_TOO_LARGE,
        f"The file is larger than the {limit / 1024 / 1024:g} MB limit.",
        field,
    )


def clean_title(title: str | None, filename: str) -> str:
    title = (title or "").strip() or PurePosixPath(filename).stem.strip() or "Untitled"
    if len(title) > MAX_TITLE:
        raise invalid(f"Keep the title under {MAX_TITLE} characters.", "title")
    return title


def clean_tags(tags: list[str] | None) -> list[str]:
    seen: dict[str, str] = {}
    for raw in tags or []:
        tag = " ".join(raw.split())
        if not tag:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise invalid(f"Keep each tag under {MAX_TAG_LENGTH} characters.", "tags")
        seen.setdefault(tag.casefold(), tag)
    if len(seen) > MAX_TAGS:
        raise invalid(f"Use at most {MAX_TAGS} tags.", "tags")
    return list(seen.values())


def clean_filename(filename: str | None) -> str:
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:255] or "upload"


async def _progress(file: KnowledgeFile, stage: str, **data: Any) -> None:
    await emit(
        file.organization_id,
        FILE_TOPIC_KIND,
        None,
        knowledgeFileId=encode_id("KnowledgeFile", file.id),
        status=file.processing_status.value,
        stage=stage,
        **data,
    )


async def _enqueue_processing(file: KnowledgeFile) -> None:
    from jobs.queue import enqueue

    await enqueue(
        "process_knowledge_file",
        file.id,
        file.processing_seq,
        job_id=f"process_knowledge_file:{file.id}:{file.processing_seq}",
    )


async def upload_file(
    organization_id: int,
    actor_id: int | None,
    data: bytes,
    filename: str | None,
    title: str | None,
    tags: list[str] | None,
) -> KnowledgeFile:
    """Validate, store the blob, record the file and queue its processing.

    Nothing is stored for a rejected file; a blob whose row could not be written is removed.
    """
    from integrations.extract import CONTENT_TYPES, sniff_document
    from integrations.storage import default_store, new_key, sha256_hex

    name = clean_filename(filename)
    title = clean_title(title, name)
    tags = clean_tags(tags)
    limit = max_upload_bytes()
    if len(data) > limit:
        raise too_large(limit)
    if not data:
        raise invalid("The file is empty.", "file")
    file_type = sniff_document(data, name)
    if file_type is None:
        raise DomainError.of(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            "Upload plain text, Markdown, HTML, PDF, DOCX or CSV.",
            "file",
        )
    store = default_store()
    key = new_key(organization_id, "knowledge")
    await store.put(key, data, CONTENT_TYPES[file_type])
    try:
        file = await KnowledgeFile.create(
            organization_id=organization_id,
            title=title,
            tags=tags,
            filename=name,
            file_type=file_type,
            content_type=CONTENT_TYPES[file_type],
            size_bytes=len(data),
            sha256=sha256_hex(data),
            storage_backend=store.backend,
            storage_key=key,
            uploaded_by_id=actor_id,
        )
    except BaseException:
        await store.delete(key)
        raise
    await increment(organization_id, "knowledge_files_uploaded")
    await increment(organization_id, "storage_bytes", len(data))
    await _enqueue_processing(file)
    await _progress(file, "QUEUED")
    return file


async def delete_blob(backend: StorageBackend, key: str) -> None:
    """After the row is gone: a blob that cannot be deleted now is logged, not an error for
    the user, whose file is already gone everywhere it could be seen."""
    from integrations.storage import StorageError, store_for

    try:
        await store_for(backend).delete(key)
    except StorageError as exc:
        log.warning("orphaned_blob", backend=backend.value, key=key, error=str(exc))


async def delete_file(file: KnowledgeFile) -> None:
    """The row, its chunks (cascade) and its blob. Sources already cited keep their excerpt."""
    async with in_transaction():
        deleted = await KnowledgeFile.filter(id=file.id).delete()
    if not deleted:
        raise not_found("Knowledge file", "knowledgeFileId")
    await delete_blob(file.storage_backend, file.storage_key)
    await increment(file.organization_id, "storage_bytes", -file.size_bytes)
    await emit(
        file.organization_id,
        "KNOWLEDGE_FILE_DELETED",
        None,
        knowledgeFileId=encode_id("KnowledgeFile", file.id),
    )


async def reprocess_file(file: KnowledgeFile) -> KnowledgeFile:
    """Start a new processing run; a run still going is superseded and stops writing."""
    while True:
        changed = await KnowledgeFile.filter(id=file.id, processing_seq=file.processing_seq).update(
            processing_seq=file.processing_seq + 1,
            processing_status=ProcessingStatus.PENDING,
            failure_reason="",
        )
        current = await KnowledgeFile.filter(id=file.id).first()
        if current is None:
            raise not_found("Knowledge file", "knowledgeFileId")
        file = current
        if changed:
            break  # else another reprocess won the race: bump again from its sequence
    await _enqueue_processing(file)
    await _progress(file, "QUEUED")
    return file


class _Superseded(Exception):
    pass


async def _set_status(
    file: KnowledgeFile, seq: int, status: ProcessingStatus, **updates: Any
) -> None:
    changed = await KnowledgeFile.filter(id=file.id, processing_seq=seq).update(
        processing_status=status, **updates
    )
    if not changed:
        raise _Superseded()
    file.processing_status = status
    for name, value in updates.items():
        setattr(file, name, value)


async def process_file(
    file_id: int, seq: int, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> str:
    """The job body: extract → split → embed in batches → replace the file's chunks at once.

    Safe to run twice and to die half-way: chunks are only ever written together with the
    COMPLETED status in one transaction that first removes any earlier ones, and a run whose
    `seq` is no longer the file's stops without writing.
    """
    from integrations.ai import AIError, embed, with_retries
    from integrations.extract import ExtractionError, extract_text
    from integrations.storage import StorageError, store_for
    from models.chunking import split_passages

    file = await KnowledgeFile.filter(id=file_id).first()
    if file is None or file.processing_seq != seq:
        return "superseded"
    if file.processing_status in (ProcessingStatus.COMPLETED, ProcessingStatus.FAILED):
        return "already-done"
    settings = get_settings()
    try:
        await _set_status(file, seq, ProcessingStatus.PROCESSING)
        await _progress(file, "EXTRACTING")
        try:
            data = await store_for(file.storage_backend).get(file.storage_key)
            text = await asyncio.to_thread(extract_text, data, file.file_type)
            passages = await asyncio.to_thread(
                split_passages,
                text,
                settings.knowledge_chunk_tokens,
                settings.knowledge_chunk_overlap_tokens,
            )
            vectors: list[list[float]] = []
            tokens = 0
            batch = max(1, settings.embedding_batch_size)
            model = settings.embedding_model
            for start in range(0, len(passages), batch):
                texts = [p.text for p in passages[start : start + batch]]
                result = await with_retries(functools.partial(embed, texts), sleep)
                vectors.extend(result.vectors)
                tokens += result.prompt_tokens
                model = result.model
                await _progress(file, "EMBEDDING", done=len(vectors), total=len(passages))
        except (ExtractionError, AIError, StorageError) as exc:
            await _fail(file, seq, str(exc))
            return "failed"
        await _store_chunks(file, seq, passages, vectors, model)
    except _Superseded:
        return "superseded"
    await increment(file.organization_id, "embedding_tokens", tokens)
    await _progress(file, "COMPLETED", chunks=len(passages))
    return "completed"


async def _fail(file: KnowledgeFile, seq: int, reason: str) -> None:
    async with in_transaction():
        locked = await KnowledgeFile.filter(id=file.id).select_for_update().first()
        if locked is None or locked.processing_seq != seq:
            raise _Superseded()
        await KnowledgeChunk.filter(file_id=file.id).delete()
        await _set_status(
            file, seq, ProcessingStatus.FAILED, failure_reason=reason[:2000], chunk_count=0,
            token_count=0, processed_at=now(),
        )  # fmt: skip
    await _progress(file, "FAILED", reason=reason[:2000])


async def _store_chunks(
    file: KnowledgeFile, seq: int, passages: list[Any], vectors: list[list[float]], model: str
) -> None:
    async with in_transaction() as conn:
        locked = await KnowledgeFile.filter(id=file.id).select_for_update().first()
        if locked is None or locked.processing_seq != seq:
            raise _Superseded()
        await KnowledgeChunk.filter(file_id=file.id).delete()
        if passages:
            await conn.execute_many(
                'INSERT INTO "knowledge_chunks" ("created_at", "organization_id", "file_id", '
                '"position", "text", "token_count", "embedding") '
                "VALUES (now(), $1, $2, $3, $4, $5, $6::text::vector)",
                [
                    [file.organization_id, file.id, p.position, p.text, p.token_count,
                     to_pgvector(v)]
                    for p, v in zip(passages, vectors, strict=True)
                ],
            )  # fmt: skip
        await _set_status(
            file,
            seq,
            ProcessingStatus.COMPLETED,
            chunk_count=len(passages),
            token_count=sum(p.token_count for p in passages),
            embedding_model=model[:100],
            failure_reason="",
            processed_at=now(),
        )
