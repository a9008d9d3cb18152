"""Knowledge files, search, media and image generation: thin calls into the domain rules."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info
from tortoise.expressions import Q

from integrations.ai import AIError, AINotConfiguredError
from models import knowledge as k
from models import media as md
from models.content import ContentVersion as ContentVersionModel
from models.retrieval import MAX_RESULTS, search
from resolvers.common import user_errors_as
from resolvers.pagination import paginate
from resolvers.permissions import WRITERS, require_member, require_object, require_readable
from resolvers.permissions import require_user as viewer
from schema.common import ApiError, Connection, bad_input, encode_id
from schema.knowledge import (
    AttachMediaInput,
    AttachMediaPayload,
    DeleteKnowledgeFilePayload,
    GenerateImageInput,
    GenerateImagePayload,
    ImageGeneration,
    KnowledgeChunk,
    KnowledgeFile,
    KnowledgeFileFilter,
    KnowledgeFileIdInput,
    KnowledgeSearchResult,
    MediaAttachment,
    RemoveMediaInput,
    RemoveMediaPayload,
    ReprocessKnowledgeFilePayload,
    UpdateMediaInput,
    UpdateMediaPayload,
    UploadKnowledgeFileInput,
    UploadKnowledgeFilePayload,
)


async def read_upload(upload: Any, limit: int) -> tuple[bytes, str]:
    """At most limit + 1 bytes of an upload (one more than allowed says "too large")."""
    data: bytes = await upload.read(limit + 1)
    return data, str(getattr(upload, "filename", "") or "")


@strawberry.type
class KnowledgeQuery:
    @strawberry.field(description="Newest first.")
    async def knowledge_files(
        self,
        info: Info,
        organization_id: strawberry.ID,
        filter: KnowledgeFileFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[KnowledgeFile]:
        org = await require_readable(info, organization_id)
        qs = k.KnowledgeFile.filter(organization_id=org.id)
        if filter is not None:
            if filter.status is not None:
                qs = qs.filter(processing_status=filter.status)
            if filter.file_type is not None:
                qs = qs.filter(file_type=filter.file_type)
            if filter.tag:
                qs = qs.filter(tags__contains=[filter.tag.strip()])
            if filter.search and filter.search.strip():
                term = filter.search.strip()
                qs = qs.filter(Q(title__icontains=term) | Q(filename__icontains=term))
        return await paginate(qs, first, after, KnowledgeFile.from_model, newest_first=True)

    @strawberry.field(description="The organization's passages nearest in meaning to `query`.")
    async def search_knowledge(
        self, info: Info, organization_id: strawberry.ID, query: str, first: int = 10
    ) -> list[KnowledgeSearchResult]:
        org = await require_readable(info, organization_id)
        if not 1 <= first <= MAX_RESULTS:
            raise bad_input(f"`first` must be between 1 and {MAX_RESULTS}.")
        try:
            hits = await search(org.id, query, first)
        except AINotConfiguredError as exc:
            raise ApiError("AI_NOT_CONFIGURED", str(exc)) from exc
        except AIError as exc:
            raise ApiError("AI_UNAVAILABLE", f"Search is unavailable: {exc}") from exc
        return [
            KnowledgeSearchResult(
                chunk=KnowledgeChunk.from_model(hit),
                score=hit.score,
                position=hit.position,
                _file_id=hit.file_id,
            )
            for hit in hits
        ]


@strawberry.type
class KnowledgeMutation:
    @strawberry.mutation(description="Multipart upload; processed in the background.")
    @user_errors_as(UploadKnowledgeFilePayload)
    async def upload_knowledge_file(
        self, info: Info, input: UploadKnowledgeFileInput
    ) -> UploadKnowledgeFilePayload:
        org, _ = await require_member(info, input.organization_id, WRITERS)
        data, filename = await read_upload(input.file, k.max_upload_bytes())
        file = await k.upload_file(org.id, viewer(info).id, data, filename, input.title, input.tags)
        return UploadKnowledgeFilePayload(knowledge_file=KnowledgeFile.from_model(file))

    @strawberry.mutation(description="Deletes the file, its stored blob and its chunks.")
    @user_errors_as(DeleteKnowledgeFilePayload)
    async def delete_knowledge_file(
        self, info: Info, input: KnowledgeFileIdInput
    ) -> DeleteKnowledgeFilePayload:
        file, _ = await require_object(
            info, k.KnowledgeFile, input.knowledge_file_id, WRITERS, "knowledgeFileId"
        )
        await k.delete_file(file)
        return DeleteKnowledgeFilePayload(
            deleted_knowledge_file_id=encode_id("KnowledgeFile", file.id)
        )

    @strawberry.mutation(description="Extract, split and embed the file again.")
    @user_errors_as(ReprocessKnowledgeFilePayload)
    async def reprocess_knowledge_file(
        self, info: Info, input: KnowledgeFileIdInput
    ) -> ReprocessKnowledgeFilePayload:
        file, _ = await require_object(
            info, k.KnowledgeFile, input.knowledge_file_id, WRITERS, "knowledgeFileId"
        )
        file = await k.reprocess_file(file)
        return ReprocessKnowledgeFilePayload(knowledge_file=KnowledgeFile.from_model(file))

    @strawberry.mutation(description="Multipart upload of an image or video for a version.")
    @user_errors_as(AttachMediaPayload)
    async def attach_media(self, info: Info, input: AttachMediaInput) -> AttachMediaPayload:
        version, _ = await require_object(
            info, ContentVersionModel, input.content_version_id, WRITERS, "contentVersionId"
        )
        data, filename = await read_upload(input.file, md.max_media_bytes())
        media = await md.attach_media(version, viewer(info).id, data, filename, input.alt_text)
        return AttachMediaPayload(media=MediaAttachment.from_model(media))

    @strawberry.mutation(description="Change alt text and/or the place in the order.")
    @user_errors_as(UpdateMediaPayload)
    async def update_media(self, info: Info, input: UpdateMediaInput) -> UpdateMediaPayload:
        media, _ = await require_object(
            info, md.MediaAttachment, input.media_id, WRITERS, "mediaId"
        )
        media = await md.update_media(media, input.alt_text, input.position)
        return UpdateMediaPayload(media=MediaAttachment.from_model(media))

    @strawberry.mutation
    @user_errors_as(RemoveMediaPayload)
    async def remove_media(self, info: Info, input: RemoveMediaInput) -> RemoveMediaPayload:
        media, _ = await require_object(
            info, md.MediaAttachment, input.media_id, WRITERS, "mediaId"
        )
        await md.remove_media(media)
        return RemoveMediaPayload(removed_media_id=encode_id("MediaAttachment", media.id))

    @strawberry.mutation(description="Queue an AI image; it is attached when it is ready.")
    @user_errors_as(GenerateImagePayload)
    async def generate_image(self, info: Info, input: GenerateImageInput) -> GenerateImagePayload:
        version, _ = await require_object(
            info, ContentVersionModel, input.content_version_id, WRITERS, "contentVersionId"
        )
        generation = await md.request_image(version, viewer(info).id, input.prompt)
        return GenerateImagePayload(image_generation=ImageGeneration.from_model(generation))
