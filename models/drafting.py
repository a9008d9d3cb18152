"""Content requests and their versions: asking the AI, writing by hand, editing, selecting."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from integrations.ai import ai_configured
from models.base import DomainError, ErrorCode, invalid
from models.channels import normalize_hashtags, violations
from models.content import (
    Brief,
    BriefStatus,
    ContentEdit,
    ContentRequest,
    ContentStatus,
    ContentVersion,
    Platform,
    VersionSource,
)
from models.events import CONTENT_TOPIC, emit
from models.review import move, status_changed

S = ContentStatus
MAX_TEXT = 70_000
MAX_INSTRUCTIONS = 2000
EDITABLE = frozenset(
    {S.DRAFTED, S.GENERATION_FAILED, S.IN_REVIEW, S.APPROVED, S.REJECTED, S.SCHEDULED, S.PUBLISHED}
)


def _require_ai() -> None:
    if not ai_configured():
        raise DomainError.of(
            ErrorCode.AI_NOT_CONFIGURED,
            "AI generation is not configured on this server (OPENAI_API_KEY is not set).",
        )


def _instructions(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_INSTRUCTIONS:
        raise invalid(f"Keep instructions under {MAX_INSTRUCTIONS} characters.", "instructions")
    return text


async def _enqueue_generation(request: ContentRequest) -> None:
    from jobs.queue import enqueue

    await enqueue(
        "generate_content",
        request.id,
        request.generation_seq,
        job_id=f"generate_content:{request.id}:{request.generation_seq}",
    )


async def request_generation(
    brief: Brief, actor_id: int, variants_per_channel: int, instructions: str | None
) -> ContentRequest:
    if not 1 <= variants_per_channel <= 5:
        raise invalid("Ask for 1 to 5 variants per channel.", "variantsPerChannel")
    text = _instructions(instructions)
    if brief.status == BriefStatus.ARCHIVED:
        raise invalid("This brief is archived.", "briefId")
    _require_ai()
    async with in_transaction():
        request = await ContentRequest.create(
            organization_id=brief.organization_id,
            brief=brief,
            status=S.QUEUED,
            variants_per_channel=variants_per_channel,
            instructions=text,
            pending_channels=list(brief.channels),
            pending_instructions=text,
            generation_seq=1,
            created_by_id=actor_id,
        )
    await _enqueue_generation(request)
    await emit(
        request.organization_id,
        "STATUS_CHANGED",
        actor_id,
        topic=CONTENT_TOPIC,
        contentRequestId=request.id,
        previousStatus=None,
        status=S.QUEUED.value,
        reason="",
    )
    return request


async def regenerate(
    request: ContentRequest, actor_id: int, channel: Platform, instructions: str | None
) -> ContentRequest:
    text = _instructions(instructions)
    brief = await Brief.get(id=request.brief_id)
    if brief.status == BriefStatus.ARCHIVED:
        raise invalid("This request's brief is archived.", "contentRequestId")
    if channel.value not in brief.channels:
        raise DomainError.of(
            ErrorCode.INVALID_CHANNEL, "The brief does not target this channel.", "channel"
        )
    _require_ai()
    async with in_transaction():
        locked = await ContentRequest.filter(id=request.id).select_for_update().get()
        previous = await move(
            locked,
            S.QUEUED,
            actor_id,
            "regenerate",
            pending_channels=[channel.value],
            pending_instructions=text,
            generation_seq=locked.generation_seq + 1,
        )
    await _enqueue_generation(locked)
    await status_changed(locked, previous, actor_id, "regenerate")
    return locked


async def _back_to_draft(
    request: ContentRequest, actor_id: int, reason: str, field: str = "contentVersionId"
) -> S | None:
    """Any change to the words sends approved or in-review content back to DRAFTED."""
    if request.status not in EDITABLE:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"Content in status {request.status.value} cannot be edited now.",
            field,
        )
    if request.status == S.SCHEDULED:
        from models.schedules import pause_for_request

        # Approval was for the words approved: nothing goes out until approved again.
        await pause_for_request(request.id, "The content changed after approval.")
    if request.status == S.GENERATION_FAILED:
        # Words written or chosen by hand rescue a failed run; otherwise the request could
        # never reach review without another successful generation.
        return await move(request, S.DRAFTED, actor_id, reason, failure_reason="")
    if request.status in (S.IN_REVIEW, S.APPROVED, S.REJECTED, S.SCHEDULED, S.PUBLISHED):
        return await move(request, S.DRAFTED, actor_id, reason)
    return None


def _check_text(text: str) -> str:
    if not text.strip() or len(text) > MAX_TEXT:
        raise invalid(f"Give a text of 1 to {MAX_TEXT} characters.", "text")
    return text.strip()


async def create_version(
    request: ContentRequest,
    actor_id: int,
    channel: Platform,
    text: str,
    hashtags: list[str] | None,
) -> ContentVersion:
    text = _check_text(text)
    tags = normalize_hashtags(hashtags or [])
    brief = await Brief.get(id=request.brief_id)
    if channel.value not in brief.channels:
        raise DomainError.of(
            ErrorCode.INVALID_CHANNEL, "The brief does not target this channel.", "channel"
        )
    async with in_transaction():
        locked = await ContentRequest.filter(id=request.id).select_for_update().get()
        previous = await _back_to_draft(locked, actor_id, "new version", "contentRequestId")
        version = await ContentVersion.create(
            organization_id=locked.organization_id,
            request_id=locked.id,
            channel=channel,
            text=text,
            hashtags=tags,
            source=VersionSource.HUMAN,
            violations=violations(channel, text, tags),
            created_by_id=actor_id,
            generation_seq=locked.generation_seq,
        )
    await _after_change(locked, previous, actor_id, "new version")
    await version_created(version, actor_id)
    return version


async def version_created(version: ContentVersion, actor_id: int | None) -> None:
    await emit(
        version.organization_id,
        "VERSION_CREATED",
        actor_id,
        topic=CONTENT_TOPIC,
        contentRequestId=version.request_id,
        versionId=version.id,
        channel=version.channel.value,
    )


async def _after_change(
    request: ContentRequest, previous: S | None, actor_id: int, reason: str
) -> None:
    if previous is not None:
        await status_changed(request, previous, actor_id, reason)


async def edit_version(
    version: ContentVersion,
    actor_id: int,
    text: str | None,
    hashtags: list[str] | None,
    reason: str | None,
) -> ContentVersion:
    new_text = _check_text(text) if text is not None else version.text
    new_tags = normalize_hashtags(hashtags) if hashtags is not None else version.hashtags
    return await _apply_edit(version, actor_id, new_text, new_tags, (reason or "").strip(), None)


async def _apply_edit(
    version: ContentVersion,
    actor_id: int,
    new_text: str,
    new_tags: list[str],
    reason: str,
    reverts_edit_id: int | None,
    field: str = "contentVersionId",
) -> ContentVersion:
    if len(reason) > 1000:
        raise invalid("Keep the reason under 1000 characters.", "reason")
    async with in_transaction():
        request = await ContentRequest.filter(id=version.request_id).select_for_update().get()
        current = await ContentVersion.get(id=version.id)
        if current.text == new_text and current.hashtags == new_tags:
            return current
        previous = await _back_to_draft(request, actor_id, "edited", field)
        await ContentEdit.create(
            organization_id=current.organization_id,
            version_id=current.id,
            editor_id=actor_id,
            previous_text=current.text,
            new_text=new_text,
            previous_hashtags=current.hashtags,
            new_hashtags=new_tags,
            reason=reason,
            reverts_edit_id=reverts_edit_id,
        )
        current.text, current.hashtags = new_text, new_tags
        current.violations = violations(current.channel, new_text, new_tags)
        await current.save(update_fields=["text", "hashtags", "violations", "updated_at"])
    await _after_change(request, previous, actor_id, "edited")
    await emit(
        current.organization_id,
        "VERSION_EDITED",
        actor_id,
        topic=CONTENT_TOPIC,
        contentRequestId=current.request_id,
        versionId=current.id,
        channel=current.channel.value,
    )
    return current


async def revert_edit(edit: ContentEdit, actor_id: int) -> ContentVersion:
    """Put back the text an edit replaced, recorded as a new edit (history only grows)."""
    version = await ContentVersion.get(id=edit.version_id)
    return await _apply_edit(
        version,
        actor_id,
        edit.previous_text,
        edit.previous_hashtags,
        f"Revert of edit {edit.id}",
        edit.id,
        "editId",
    )


async def select_version(version: ContentVersion, actor_id: int) -> ContentVersion:
    async with in_transaction():
        request = await ContentRequest.filter(id=version.request_id).select_for_update().get()
        current = await ContentVersion.get(id=version.id)
        if current.is_selected:
            return current
        previous = await _back_to_draft(request, actor_id, "selection changed")
        await ContentVersion.filter(
            request_id=current.request_id, channel=current.channel, is_selected=True
        ).update(is_selected=False)
        await ContentVersion.filter(id=current.id).update(is_selected=True)
        current.is_selected = True
    await _after_change(request, previous, actor_id, "selection changed")
    return current
