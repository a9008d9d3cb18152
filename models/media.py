"""Media attached to a content version (images and video), and AI image generations."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.transactions import in_transaction

from app.ids import encode_id
from app.settings import get_settings
from integrations.storage import StorageBackend
from models.base import DomainError, ErrorCode, TimestampedModel, invalid, not_found
from models.events import emit
from models.usage import increment

if TYPE_CHECKING:
    from integrations.extract import MediaInfo


class MediaKind(StrEnum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class MediaFormat(StrEnum):
    JPEG = "JPEG"
    PNG = "PNG"
    GIF = "GIF"
    WEBP = "WEBP"
    MP4 = "MP4"
    MOV = "MOV"


class MediaSource(StrEnum):
    UPLOADED = "UPLOADED"
    GENERATED = "GENERATED"


class ImageGenerationStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class MediaAttachment(TimestampedModel):
    organization_id = fields.BigIntField(db_index=True)
    version: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.ContentVersion", related_name="media", on_delete=fields.CASCADE, db_index=True
    )
    version_id: int
    kind = fields.CharEnumField(MediaKind, max_length=8)
    format = fields.CharEnumField(MediaFormat, max_length=8)
    content_type = fields.CharField(max_length=120)
    filename = fields.CharField(max_length=255)
    size_bytes = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    duration_ms = fields.IntField(null=True)
    alt_text = fields.TextField(default="")
    # Order within the version, 0-based and dense.
    position = fields.IntField()
    source = fields.CharEnumField(MediaSource, max_length=12)
    prompt = fields.TextField(default="")
    storage_backend = fields.CharEnumField(StorageBackend, max_length=8)
    storage_key = fields.CharField(max_length=500)
    created_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "media_attachments"


class ImageGeneration(TimestampedModel):
    """One `generateImage` request: queued, run by a job, ends with media or a reason."""

    organization_id = fields.BigIntField(db_index=True)
    version: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.ContentVersion",
        related_name="image_generations",
        on_delete=fields.CASCADE,
        db_index=True,
    )
    version_id: int
    prompt = fields.TextField()
    status = fields.CharEnumField(
        ImageGenerationStatus, max_length=12, default=ImageGenerationStatus.QUEUED
    )
    failure_reason = fields.TextField(default="")
    media: fields.ForeignKeyNullableRelation[MediaAttachment] = fields.ForeignKeyField(
        "models.MediaAttachment", related_name="generations", null=True, on_delete=fields.SET_NULL
    )
    media_id: int | None
    model = fields.CharField(max_length=100, default="")
    requested_by_id = fields.BigIntField(null=True)

    class Meta:
        table = "image_generations"


# Rules: attach, update, remove, generate.

MAX_ALT_TEXT = 1500
MAX_PROMPT = 4000
MEDIA_LIMIT_PER_VERSION = 20


def max_media_bytes() -> int:
    return int(get_settings().media_max_upload_mb * 1024 * 1024)


def _alt_text(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_ALT_TEXT:
        raise invalid(f"Keep alt text under {MAX_ALT_TEXT} characters.", "altText")
    return text


async def _locked_media(version_id: int) -> list[MediaAttachment]:
    """The version's media in order, with the version row locked (the caller's transaction)."""
    from models.content import ContentVersion

    await ContentVersion.filter(id=version_id).select_for_update().first()
    return await MediaAttachment.filter(version_id=version_id).order_by("position", "id")


async def _renumber(items: list[MediaAttachment]) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            await MediaAttachment.filter(id=item.id).update(position=position)


async def _add(
    version: Any,
    actor_id: int | None,
    data: bytes,
    info: MediaInfo,
    *,
    filename: str,
    alt_text: str,
    source: MediaSource,
    prompt: str = "",
    key: str | None = None,
) -> MediaAttachment:
    """Store the blob, then the row at the end of the version's list; no row, no blob."""
    from integrations.extract import MEDIA_SUFFIXES
    from integrations.storage import default_store, new_key, sha256_hex

    store = default_store()
    key = key or new_key(version.organization_id, "media", MEDIA_SUFFIXES[info.format])
    await store.put(key, data, info.content_type)
    try:
        async with in_transaction():
            existing = await _locked_media(version.id)
            if len(existing) >= MEDIA_LIMIT_PER_VERSION:
                raise invalid(
                    f"A version holds at most {MEDIA_LIMIT_PER_VERSION} media items.", "file"
                )
            media = await MediaAttachment.create(
                organization_id=version.organization_id,
                version_id=version.id,
                kind=info.kind,
                format=info.format,
                content_type=info.content_type,
                filename=filename,
                size_bytes=len(data),
                sha256=sha256_hex(data),
                width=info.width,
                height=info.height,
                duration_ms=info.duration_ms,
                alt_text=alt_text,
                position=len(existing),
                source=source,
                prompt=prompt,
                storage_backend=store.backend,
                storage_key=key,
                created_by_id=actor_id,
            )
    except BaseException:
        await store.delete(key)
        raise
    await increment(version.organization_id, "media_files_uploaded")
    await increment(version.organization_id, "storage_bytes", len(data))
    return media


async def attach_media(
    version: Any, actor_id: int, data: bytes, filename: str | None, alt_text: str | None
) -> MediaAttachment:
    from integrations.extract import sniff_media
    from models.knowledge import clean_filename, too_large

    alt = _alt_text(alt_text)
    limit = max_media_bytes()
    if len(data) > limit:
        raise too_large(limit)
    if not data:
        raise invalid("The file is empty.", "file")
    info = await asyncio.to_thread(sniff_media, data)
    if info is None:
        raise DomainError.of(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            "Attach a JPEG, PNG, GIF or WebP image, or an MP4 or MOV video.",
            "file",
        )
    return await _add(
        version,
        actor_id,
        data,
        info,
        filename=clean_filename(filename),
        alt_text=alt,
        source=MediaSource.UPLOADED,
    )


async def update_media(
    media: MediaAttachment, alt_text: str | None, position: int | None
) -> MediaAttachment:
    """New alt text, and/or a new place in the version's order (0-based; others shift)."""
    alt = _alt_text(alt_text) if alt_text is not None else None
    if position is not None and position < 0:
        raise invalid("Position starts at 0.", "position")
    async with in_transaction():
        items = await _locked_media(media.version_id)
        current = next((m for m in items if m.id == media.id), None)
        if current is None:
            raise not_found("Media", "mediaId")
        if alt is not None:
            current.alt_text = alt
            await MediaAttachment.filter(id=current.id).update(alt_text=alt)
        if position is not None:
            items.remove(current)
            items.insert(min(position, len(items)), current)
            await _renumber(items)
    await current.refresh_from_db()
    return current


async def remove_media(media: MediaAttachment) -> None:
    from models.knowledge import delete_blob

    async with in_transaction():
        items = await _locked_media(media.version_id)
        if not any(m.id == media.id for m in items):
            raise not_found("Media", "mediaId")
        await MediaAttachment.filter(id=media.id).delete()
        await _renumber([m for m in items if m.id != media.id])
    await delete_blob(media.storage_backend, media.storage_key)
    await increment(media.organization_id, "storage_bytes", -media.size_bytes)


async def request_image(version: Any, actor_id: int, prompt: str | None) -> ImageGeneration:
    """Queue an AI image for `version` (its suggested image prompt unless one is given)."""
    from integrations.ai import ai_configured
    from jobs.queue import enqueue

    text = (prompt if prompt is not None else version.suggested_image_prompt).strip()
    if not text:
        raise invalid("Give a prompt: this version has no suggested image prompt.", "prompt")
    if len(text) > MAX_PROMPT:
        raise invalid(f"Keep the prompt under {MAX_PROMPT} characters.", "prompt")
    if not ai_configured():
        raise DomainError.of(
            ErrorCode.AI_NOT_CONFIGURED,
            "AI image generation is not configured on this server (OPENAI_API_KEY is not set).",
        )
    generation = await ImageGeneration.create(
        organization_id=version.organization_id,
        version_id=version.id,
        prompt=text,
        model=get_settings().image_model,
        requested_by_id=actor_id,
    )
    await enqueue("generate_image", generation.id, job_id=f"generate_image:{generation.id}")
    return generation


async def _finished(generation: ImageGeneration) -> None:
    await emit(
        generation.organization_id,
        "IMAGE_GENERATION_FINISHED",
        generation.requested_by_id,
        imageGenerationId=encode_id("ImageGeneration", generation.id),
        contentVersionId=encode_id("ContentVersion", generation.version_id),
        status=generation.status.value,
        mediaId=encode_id("MediaAttachment", generation.media_id) if generation.media_id else None,
        reason=generation.failure_reason,
    )


async def run_image_generation(
    generation_id: int, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> str:
    """The job body. Safe to run twice: a finished generation is left alone, and a retried
    one overwrites the same blob key and attaches at most one media row."""
    from integrations.ai import AIError, generate_image, with_retries
    from integrations.extract import MEDIA_SUFFIXES, sniff_media
    from integrations.storage import StorageError
    from models.content import ContentVersion

    G = ImageGenerationStatus
    generation = await ImageGeneration.filter(id=generation_id).first()
    if generation is None or generation.status in (G.COMPLETED, G.FAILED):
        return "already-done"
    await ImageGeneration.filter(id=generation.id).update(status=G.RUNNING)
    try:
        image = await with_retries(lambda: generate_image(generation.prompt), sleep)
        info = await asyncio.to_thread(sniff_media, image.data)
        if info is None or info.kind != MediaKind.IMAGE:
            raise AIError(
                "The images API answered something that is not an image.", transient=False
            )
        version = await ContentVersion.filter(id=generation.version_id).first()
        if version is None:
            return "already-done"  # the version was deleted meanwhile (its rows cascade)
        key = (
            f"org/{generation.organization_id}/media/generated-{generation.id}"
            f"{MEDIA_SUFFIXES[info.format]}"
        )
        async with in_transaction():
            locked = await ImageGeneration.filter(id=generation.id).select_for_update().first()
            if locked is None or locked.media_id is not None:
                return "already-done"
            media = await _add(
                version,
                generation.requested_by_id,
                image.data,
                info,
                filename=f"generated-{generation.id}{MEDIA_SUFFIXES[info.format]}",
                alt_text="",
                source=MediaSource.GENERATED,
                prompt=generation.prompt,
                key=key,
            )
            await ImageGeneration.filter(id=generation.id).update(
                status=G.COMPLETED, media_id=media.id, model=image.model[:100]
            )
        await increment(generation.organization_id, "ai_images")
    except (AIError, StorageError) as exc:
        await ImageGeneration.filter(id=generation.id).update(
            status=G.FAILED, failure_reason=str(exc)[:2000]
        )
        await generation.refresh_from_db()
        await _finished(generation)
        return "failed"
    await generation.refresh_from_db()
    await _finished(generation)
    return "completed"
