"""GraphQL shapes for knowledge files, chunks, search results, version sources and media."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.file_uploads import Upload
from strawberry.types import Info

from integrations.storage import StorageBackend
from models import knowledge as k
from models import media as md
from schema.accounts import User
from schema.common import Node, UserError, encode_id

KnowledgeFileType = k.KnowledgeFileType
strawberry.enum(KnowledgeFileType)
ProcessingStatus = k.ProcessingStatus
strawberry.enum(ProcessingStatus, name="KnowledgeProcessingStatus")
strawberry.enum(StorageBackend)
MediaKind = md.MediaKind
strawberry.enum(MediaKind)
MediaFormat = md.MediaFormat
strawberry.enum(MediaFormat)
MediaSource = md.MediaSource
strawberry.enum(MediaSource)
ImageGenerationStatus = md.ImageGenerationStatus
strawberry.enum(ImageGenerationStatus)


async def _user(info: Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = await info.context.loaders.user_by_id.load(user_id)
    return User.from_model(user) if user else None


async def _file(info: Info, file_id: int | None) -> KnowledgeFile | None:
    if file_id is None:
        return None
    row = await info.context.loaders.knowledge_file_by_id.load(file_id)
    return KnowledgeFile.from_model(row) if row else None


@strawberry.type
class KnowledgeFile(Node):
    _model: strawberry.Private[k.KnowledgeFile]
    title: str
    tags: list[str]
    filename: str
    file_type: KnowledgeFileType = strawberry.field(description="Sniffed from the bytes.")
    content_type: str
    size_bytes: int
    storage: StorageBackend
    processing_status: ProcessingStatus
    failure_reason: str
    chunk_count: int
    token_count: int
    embedding_model: str
    processed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, row: k.KnowledgeFile) -> KnowledgeFile:
        return cls(
            id=encode_id("KnowledgeFile", row.id),
            _model=row,
            title=row.title,
            tags=list(row.tags),
            filename=row.filename,
            file_type=row.file_type,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            storage=row.storage_backend,
            processing_status=row.processing_status,
            failure_reason=row.failure_reason,
            chunk_count=row.chunk_count,
            token_count=row.token_count,
            embedding_model=row.embedding_model,
            processed_at=row.processed_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field
    async def uploaded_by(self, info: Info) -> User | None:
        return await _user(info, self._model.uploaded_by_id)


@strawberry.type
class KnowledgeChunk(Node):
    _file_id: strawberry.Private[int]
    position: int = strawberry.field(description="0-based order of the passage in its file.")
    text: str
    token_count: int

    @classmethod
    def from_model(cls, row: Any) -> KnowledgeChunk:
        """From a chunk row or a search hit (both carry these attributes)."""
        return cls(
            id=encode_id("KnowledgeChunk", row.id),
            _file_id=row.file_id,
            position=row.position,
            text=row.text,
            token_count=row.token_count,
        )

    @strawberry.field
    async def file(self, info: Info) -> KnowledgeFile | None:
        return await _file(info, self._file_id)


@strawberry.type
class KnowledgeSearchResult:
    chunk: KnowledgeChunk
    score: float = strawberry.field(description="Cosine similarity, 1 is identical.")
    position: int
    _file_id: strawberry.Private[int]

    @strawberry.field
    async def file(self, info: Info) -> KnowledgeFile | None:
        return await _file(info, self._file_id)


@strawberry.type(description="A passage a generated version was given, as it was then.")
class KnowledgeSource:
    _model: strawberry.Private[k.ContentVersionSource]
    rank: int
    score: float
    excerpt: str
    file_title: str

    @classmethod
    def from_model(cls, row: k.ContentVersionSource) -> KnowledgeSource:
        return cls(
            _model=row,
            rank=row.rank,
            score=row.score,
            excerpt=row.excerpt,
            file_title=row.file_title,
        )

    @strawberry.field(description="Null once the file was deleted or reprocessed.")
    async def chunk(self, info: Info) -> KnowledgeChunk | None:
        if self._model.chunk_id is None:
            return None
        row = await info.context.loaders.knowledge_chunk_by_id.load(self._model.chunk_id)
        return KnowledgeChunk.from_model(row) if row else None

    @strawberry.field(description="Null once the file was deleted.")
    async def file(self, info: Info) -> KnowledgeFile | None:
        return await _file(info, self._model.file_id)


@strawberry.type
class MediaAttachment(Node):
    _model: strawberry.Private[md.MediaAttachment]
    kind: MediaKind
    format: MediaFormat
    content_type: str
    filename: str
    size_bytes: int
    width: int | None
    height: int | None
    duration_ms: int | None
    alt_text: str
    position: int = strawberry.field(description="0-based order within the version.")
    source: MediaSource
    prompt: str = strawberry.field(description="The prompt of a generated image.")
    storage: StorageBackend
    created_at: datetime

    @classmethod
    def from_model(cls, row: md.MediaAttachment) -> MediaAttachment:
        return cls(
            id=encode_id("MediaAttachment", row.id),
            _model=row,
            kind=row.kind,
            format=row.format,
            content_type=row.content_type,
            filename=row.filename,
            size_bytes=row.size_bytes,
            width=row.width,
            height=row.height,
            duration_ms=row.duration_ms,
            alt_text=row.alt_text,
            position=row.position,
            source=row.source,
            prompt=row.prompt,
            storage=row.storage_backend,
            created_at=row.created_at,
        )

    @strawberry.field
    def content_version_id(self) -> strawberry.ID:
        return encode_id("ContentVersion", self._model.version_id)

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        return await _user(info, self._model.created_by_id)


@strawberry.type
class ImageGeneration(Node):
    _model: strawberry.Private[md.ImageGeneration]
    prompt: str
    status: ImageGenerationStatus
    failure_reason: str
    model: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, row: md.ImageGeneration) -> ImageGeneration:
        return cls(
            id=encode_id("ImageGeneration", row.id),
            _model=row,
            prompt=row.prompt,
            status=row.status,
            failure_reason=row.failure_reason,
            model=row.model,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field
    def content_version_id(self) -> strawberry.ID:
        return encode_id("ContentVersion", self._model.version_id)

    @strawberry.field
    async def media(self, info: Info) -> MediaAttachment | None:
        if self._model.media_id is None:
            return None
        row = await info.context.loaders.media_by_id.load(self._model.media_id)
        return MediaAttachment.from_model(row) if row else None


async def version_sources(info: Info, version_id: int) -> list[KnowledgeSource]:
    rows = await info.context.loaders.sources_by_version.load(version_id)
    return [KnowledgeSource.from_model(r) for r in sorted(rows, key=lambda r: r.rank)]


async def version_media(info: Info, version_id: int) -> list[MediaAttachment]:
    rows = await info.context.loaders.media_by_version.load(version_id)
    return [MediaAttachment.from_model(r) for r in sorted(rows, key=lambda r: (r.position, r.id))]


# Inputs


@strawberry.input
class UploadKnowledgeFileInput:
    organization_id: strawberry.ID
    file: Upload
    title: str | None = None
    tags: list[str] | None = None


@strawberry.input
class KnowledgeFileFilter:
    status: ProcessingStatus | None = None
    file_type: KnowledgeFileType | None = None
    tag: str | None = None
    search: str | None = strawberry.field(default=None, description="In title or filename.")


@strawberry.input
class KnowledgeFileIdInput:
    knowledge_file_id: strawberry.ID


@strawberry.input
class AttachMediaInput:
    content_version_id: strawberry.ID
    file: Upload
    alt_text: str | None = None


@strawberry.input
class UpdateMediaInput:
    media_id: strawberry.ID
    alt_text: str | None = None
    position: int | None = strawberry.field(
        default=None, description="New 0-based place in the version's order."
    )


@strawberry.input
class RemoveMediaInput:
    media_id: strawberry.ID


@strawberry.input
class GenerateImageInput:
    content_version_id: strawberry.ID
    prompt: str | None = strawberry.field(
        default=None, description="Defaults to the version's suggested image prompt."
    )


# Payloads


@strawberry.type
class KnowledgeFilePayload:
    knowledge_file: KnowledgeFile | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class UploadKnowledgeFilePayload(KnowledgeFilePayload):
    pass


@strawberry.type
class ReprocessKnowledgeFilePayload(KnowledgeFilePayload):
    pass


@strawberry.type
class DeleteKnowledgeFilePayload:
    deleted_knowledge_file_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MediaPayload:
    media: MediaAttachment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AttachMediaPayload(MediaPayload):
    pass


@strawberry.type
class UpdateMediaPayload(MediaPayload):
    pass


@strawberry.type
class RemoveMediaPayload:
    removed_media_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class GenerateImagePayload:
    image_generation: ImageGeneration | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
