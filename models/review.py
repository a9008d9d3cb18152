"""The content request state machine. Every status change goes through `move`, which is a
compare-and-set on the row: of two racing transitions exactly one wins."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from models.base import DomainError, ErrorCode
from models.content import Brief, ContentRequest, ContentStatus, ContentTransition, ContentVersion
from models.events import CONTENT_TOPIC, emit
from models.media_rules import require_media_rules
from models.sessions import now

S = ContentStatus
# Where each status may be entered from.
ENTERED_FROM: dict[ContentStatus, frozenset[ContentStatus]] = {
    S.QUEUED: frozenset({S.DRAFTED, S.GENERATION_FAILED, S.IN_REVIEW, S.APPROVED, S.REJECTED}),
    S.GENERATING: frozenset({S.QUEUED}),
    S.DRAFTED: frozenset(
        {
            S.GENERATING,
            S.GENERATION_FAILED,
            S.IN_REVIEW,
            S.APPROVED,
            S.REJECTED,
            S.SCHEDULED,
            S.PUBLISHED,
        }
    ),
    S.GENERATION_FAILED: frozenset({S.GENERATING}),
    S.IN_REVIEW: frozenset({S.DRAFTED}),
    S.APPROVED: frozenset({S.IN_REVIEW, S.SCHEDULED}),
    S.REJECTED: frozenset({S.IN_REVIEW}),
    S.SCHEDULED: frozenset({S.APPROVED, S.PUBLISHED}),
    S.PUBLISHED: frozenset({S.SCHEDULED}),
}


def invalid_transition(current: ContentStatus, target: ContentStatus) -> DomainError:
    return DomainError.of(
        ErrorCode.INVALID_TRANSITION,
        f"Content in status {current.value} cannot move to {target.value}.",
        "contentRequestId",
    )


async def move(
    request: ContentRequest,
    target: ContentStatus,
    actor_id: int | None,
    reason: str = "",
    *,
    only_from: frozenset[ContentStatus] | None = None,
    **updates: Any,
) -> ContentStatus:
    """Move `request` to `target` inside the caller's transaction; returns the old status.

    The caller emits `status_changed` after its transaction commits.
    """
    allowed = ENTERED_FROM[target] & (only_from or ENTERED_FROM[target])
    previous = request.status
    if previous not in allowed:
        raise invalid_transition(previous, target)
    changed = await ContentRequest.filter(id=request.id, status=previous).update(
        status=target, **updates
    )
    if not changed:
        await request.refresh_from_db()
        raise invalid_transition(request.status, target)
    await ContentTransition.create(
        request_id=request.id,
        from_status=previous,
        to_status=target,
        actor_id=actor_id,
        reason=reason,
    )
    request.status = target
    for name, value in updates.items():
        setattr(request, name, value)
    return previous


async def status_changed(
    request: ContentRequest, previous: ContentStatus, actor_id: int | None, reason: str = ""
) -> None:
    await emit(
        request.organization_id,
        "STATUS_CHANGED",
        actor_id,
        topic=CONTENT_TOPIC,
        contentRequestId=request.id,
        previousStatus=previous.value,
        status=request.status.value,
        reason=reason,
    )


async def _locked(request_id: int) -> ContentRequest:
    return await ContentRequest.filter(id=request_id).select_for_update().get()


async def submit_for_review(request: ContentRequest, actor_id: int) -> ContentRequest:
    async with in_transaction():
        locked = await _locked(request.id)
        brief = await Brief.get(id=locked.brief_id)
        selected = set(
            await ContentVersion.filter(request_id=locked.id, is_selected=True).values_list(
                "channel", flat=True
            )
        )
        missing = [c for c in brief.channels if c not in selected]
        if locked.status == S.DRAFTED and missing:
            raise DomainError.of(
                ErrorCode.NO_SELECTED_VERSION,
                "Select a version for every channel first: " + ", ".join(missing) + ".",
                "contentRequestId",
            )
        # Each platform's media rules (models/media_rules.py), on what would be published.
        await require_media_rules(
            await ContentVersion.filter(request_id=locked.id, is_selected=True).order_by("id")
        )
        previous = await move(
            locked, S.IN_REVIEW, actor_id, submitted_by_id=actor_id, submitted_at=now()
        )
    await status_changed(locked, previous, actor_id)
    return locked


async def decide(
    request: ContentRequest,
    actor_id: int,
    *,
    approve: bool,
    reason: str = "",
    forbid_self_approval: bool = False,
) -> ContentRequest:
    reason = reason.strip()
    if not approve and not reason:
        raise DomainError.of(ErrorCode.INVALID_INPUT, "Say why it is rejected.", "reason")
    if len(reason) > 2000:
        raise DomainError.of(ErrorCode.INVALID_INPUT, "Keep it under 2000 characters.", "reason")
    target = S.APPROVED if approve else S.REJECTED
    async with in_transaction():
        locked = await _locked(request.id)
        if (
            approve
            and forbid_self_approval
            and actor_id in (locked.created_by_id, locked.submitted_by_id)
        ):
            raise DomainError.of(
                ErrorCode.SELF_APPROVAL_FORBIDDEN,
                "This organization does not allow approving your own content.",
                "contentRequestId",
            )
        previous = await move(
            locked,
            target,
            actor_id,
            reason,
            only_from=frozenset({S.IN_REVIEW}),
            decided_by_id=actor_id,
            decided_at=now(),
            rejection_reason="" if approve else reason,
        )
    await status_changed(locked, previous, actor_id, reason)
    return locked
