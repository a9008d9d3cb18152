"""Threaded, resolvable comments on content versions."""

from __future__ import annotations

from models.base import PermissionDeniedError, invalid, not_found
from models.content import Comment, ContentVersion
from models.events import CONTENT_TOPIC, emit
from models.sessions import now

MAX_BODY = 5000


def _body(body: str) -> str:
    body = body.strip()
    if not body or len(body) > MAX_BODY:
        raise invalid(f"Write 1 to {MAX_BODY} characters.", "body")
    return body


async def _emit(comment: Comment, kind: str, actor_id: int, request_id: int) -> None:
    await emit(
        comment.organization_id,
        kind,
        actor_id,
        topic=CONTENT_TOPIC,
        contentRequestId=request_id,
        versionId=comment.version_id,
        commentId=comment.id,
    )


async def _request_id(comment: Comment) -> int:
    version = await ContentVersion.get(id=comment.version_id)
    return version.request_id


async def add_comment(
    version: ContentVersion, author_id: int, body: str, parent_id: int | None
) -> Comment:
    text = _body(body)
    if parent_id is not None:
        parent = await Comment.filter(id=parent_id, version_id=version.id).first()
        if parent is None or parent.deleted_at is not None:
            raise not_found("Parent comment", "parentId")
        # Threads are one level deep: a reply to a reply joins the same thread.
        parent_id = parent.parent_id or parent.id
    comment = await Comment.create(
        organization_id=version.organization_id,
        version_id=version.id,
        parent_id=parent_id,
        author_id=author_id,
        body=text,
    )
    await _emit(comment, "COMMENT_ADDED", author_id, version.request_id)
    return comment


def _alive(comment: Comment) -> None:
    if comment.deleted_at is not None:
        raise not_found("Comment", "commentId")


async def edit_comment(comment: Comment, actor_id: int, body: str) -> Comment:
    _alive(comment)
    if comment.author_id != actor_id:
        raise PermissionDeniedError("Only the author can edit a comment.")
    comment.body, comment.edited_at = _body(body), now()
    await comment.save(update_fields=["body", "edited_at", "updated_at"])
    return comment


async def delete_comment(comment: Comment, actor_id: int, *, is_admin: bool) -> None:
    _alive(comment)
    if comment.author_id != actor_id and not is_admin:
        raise PermissionDeniedError("Only the author or an admin can delete a comment.")
    # Soft delete keeps replies attached to their thread.
    comment.deleted_at, comment.body = now(), ""
    await comment.save(update_fields=["deleted_at", "body", "updated_at"])
    await _emit(comment, "COMMENT_DELETED", actor_id, await _request_id(comment))


async def set_resolved(comment: Comment, actor_id: int, *, resolved: bool) -> Comment:
    _alive(comment)
    if resolved == (comment.resolved_at is not None):
        return comment
    comment.resolved_at = now() if resolved else None
    comment.resolved_by_id = actor_id if resolved else None
    await comment.save(update_fields=["resolved_at", "resolved_by_id", "updated_at"])
    kind = "COMMENT_RESOLVED" if resolved else "COMMENT_REOPENED"
    await _emit(comment, kind, actor_id, await _request_id(comment))
    return comment
