"""GraphQL shapes for briefs, content requests, versions, edits, comments and their events."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from models import content as m
from models.channels import compose, counted_length
from schema.accounts import User
from schema.common import Node, UserError, encode_id

if TYPE_CHECKING:
    from schema.knowledge import KnowledgeSource, MediaAttachment

Platform = m.Platform
strawberry.enum(Platform)
BriefStatus = m.BriefStatus
strawberry.enum(BriefStatus)
ContentStatus = m.ContentStatus
strawberry.enum(ContentStatus)
VersionSource = m.VersionSource
strawberry.enum(VersionSource)


async def _user(info: Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = await info.context.loaders.user_by_id.load(user_id)
    return User.from_model(user) if user else None


@strawberry.type
class Brief(Node):
    _model: strawberry.Private[m.Brief]
    title: str
    objective: str
    key_messages: list[str]
    audience: str
    tone: str
    channels: list[Platform]
    call_to_action: str
    link: str
    due_at: datetime | None
    status: BriefStatus
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, brief: m.Brief) -> Brief:
        return cls(
            id=encode_id("Brief", brief.id),
            _model=brief,
            title=brief.title,
            objective=brief.objective,
            key_messages=list(brief.key_messages),
            audience=brief.audience,
            tone=brief.tone,
            channels=[m.Platform(c) for c in brief.channels],
            call_to_action=brief.call_to_action,
            link=brief.link,
            due_at=brief.due_at,
            status=brief.status,
            created_at=brief.created_at,
            updated_at=brief.updated_at,
        )

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        return await _user(info, self._model.created_by_id)


@strawberry.type
class ContentTransition:
    from_status: ContentStatus | None
    to_status: ContentStatus
    reason: str
    at: datetime
    _actor_id: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        return await _user(info, self._actor_id)


@strawberry.type
class ContentEdit(Node):
    _model: strawberry.Private[m.ContentEdit]
    previous_text: str
    new_text: str
    previous_hashtags: list[str]
    new_hashtags: list[str]
    reason: str
    created_at: datetime

    @classmethod
    def from_model(cls, edit: m.ContentEdit) -> ContentEdit:
        return cls(
            id=encode_id("ContentEdit", edit.id),
            _model=edit,
            previous_text=edit.previous_text,
            new_text=edit.new_text,
            previous_hashtags=list(edit.previous_hashtags),
            new_hashtags=list(edit.new_hashtags),
            reason=edit.reason,
            created_at=edit.created_at,
        )

    @strawberry.field
    async def editor(self, info: Info) -> User | None:
        return await _user(info, self._model.editor_id)


@strawberry.type
class Comment(Node):
    _model: strawberry.Private[m.Comment]
    _replies: strawberry.Private[list[m.Comment]]
    body: str
    is_deleted: bool
    is_resolved: bool
    resolved_at: datetime | None
    edited_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, comment: m.Comment, replies: list[m.Comment] | None = None) -> Comment:
        return cls(
            id=encode_id("Comment", comment.id),
            _model=comment,
            _replies=replies or [],
            body=comment.body,
            is_deleted=comment.deleted_at is not None,
            is_resolved=comment.resolved_at is not None,
            resolved_at=comment.resolved_at,
            edited_at=comment.edited_at,
            created_at=comment.created_at,
        )

    @strawberry.field
    def parent_id(self) -> strawberry.ID | None:
        pid = self._model.parent_id
        return encode_id("Comment", pid) if pid else None

    @strawberry.field
    async def author(self, info: Info) -> User | None:
        return await _user(info, self._model.author_id)

    @strawberry.field
    async def resolved_by(self, info: Info) -> User | None:
        return await _user(info, self._model.resolved_by_id)

    @strawberry.field(description="Replies, oldest first (threads are one level deep).")
    def replies(self) -> list[Comment]:
        return [Comment.from_model(r) for r in self._replies]


def threads(comments: list[m.Comment]) -> list[Comment]:
    replies: dict[int, list[m.Comment]] = {}
    for c in comments:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    return [Comment.from_model(c, replies.get(c.id)) for c in comments if c.parent_id is None]


@strawberry.type
class ContentVersion(Node):
    _model: strawberry.Private[m.ContentVersion]
    channel: Platform
    text: str
    hashtags: list[str]
    suggested_image_prompt: str
    source: VersionSource
    is_selected: bool
    violations: list[str]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, version: m.ContentVersion) -> ContentVersion:
        return cls(
            id=encode_id("ContentVersion", version.id),
            _model=version,
            channel=version.channel,
            text=version.text,
            hashtags=list(version.hashtags),
            suggested_image_prompt=version.suggested_image_prompt,
            source=version.source,
            is_selected=version.is_selected,
            violations=list(version.violations),
            created_at=version.created_at,
            updated_at=version.updated_at,
        )

    @strawberry.field(description="The post as it would be published: text, then hashtags.")
    def post_text(self) -> str:
        return compose(self._model.text, self._model.hashtags)

    @strawberry.field(description="Length as the channel counts it (X counts each URL as 23).")
    def character_count(self) -> int:
        return counted_length(self._model.channel, self.post_text())

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        return await _user(info, self._model.created_by_id)

    @strawberry.field(description="Every edit, oldest first.")
    async def edit_history(self, info: Info) -> list[ContentEdit]:
        edits = await info.context.loaders.content_edits_by_version.load(self._model.id)
        return [ContentEdit.from_model(e) for e in edits]

    @strawberry.field(description="Comment threads, oldest first.")
    async def comments(self, info: Info) -> list[Comment]:
        return threads(await info.context.loaders.comments_by_version.load(self._model.id))

    @strawberry.field(description="Knowledge passages the AI was given for this version.")
    async def sources(
        self, info: Info
    ) -> list[Annotated[KnowledgeSource, strawberry.lazy("schema.knowledge")]]:
        from schema.knowledge import version_sources

        return await version_sources(info, self._model.id)

    @strawberry.field(description="Attached images and video, in order.")
    async def media(
        self, info: Info
    ) -> list[Annotated[MediaAttachment, strawberry.lazy("schema.knowledge")]]:
        from schema.knowledge import version_media

        return await version_media(info, self._model.id)


@strawberry.type
class ContentRequest(Node):
    _model: strawberry.Private[m.ContentRequest]
    status: ContentStatus
    variants_per_channel: int
    instructions: str
    failure_reason: str
    submitted_at: datetime | None
    decided_at: datetime | None
    rejection_reason: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, request: m.ContentRequest) -> ContentRequest:
        return cls(
            id=encode_id("ContentRequest", request.id),
            _model=request,
            status=request.status,
            variants_per_channel=request.variants_per_channel,
            instructions=request.instructions,
            failure_reason=request.failure_reason,
            submitted_at=request.submitted_at,
            decided_at=request.decided_at,
            rejection_reason=request.rejection_reason,
            created_at=request.created_at,
            updated_at=request.updated_at,
        )

    @strawberry.field
    async def brief(self, info: Info) -> Brief:
        return Brief.from_model(await info.context.loaders.brief_by_id.load(self._model.brief_id))

    @strawberry.field
    async def created_by(self, info: Info) -> User | None:
        return await _user(info, self._model.created_by_id)

    @strawberry.field
    async def submitted_by(self, info: Info) -> User | None:
        return await _user(info, self._model.submitted_by_id)

    @strawberry.field
    async def decided_by(self, info: Info) -> User | None:
        return await _user(info, self._model.decided_by_id)

    @strawberry.field(description="Versions, oldest first; optionally one channel's.")
    async def versions(
        self, info: Info, channel: Platform | None = None, selected_only: bool = False
    ) -> list[ContentVersion]:
        rows = await info.context.loaders.content_versions_by_request.load(self._model.id)
        return [
            ContentVersion.from_model(v)
            for v in rows
            if (channel is None or v.channel == channel) and (v.is_selected or not selected_only)
        ]

    @strawberry.field(description="Every status change: who, when, from what, why.")
    async def transitions(self, info: Info) -> list[ContentTransition]:
        rows = await info.context.loaders.content_transitions_by_request.load(self._model.id)
        return [
            ContentTransition(
                from_status=t.from_status,
                to_status=t.to_status,
                reason=t.reason,
                at=t.created_at,
                _actor_id=t.actor_id,
            )
            for t in rows
        ]


@strawberry.type
class ContentEvent:
    kind: str = strawberry.field(
        description="STATUS_CHANGED, GENERATION_PROGRESS, VERSION_CREATED, VERSION_EDITED, "
        "COMMENT_ADDED, COMMENT_RESOLVED, COMMENT_REOPENED, COMMENT_DELETED"
    )
    content_request_id: strawberry.ID
    previous_status: ContentStatus | None
    status: ContentStatus | None
    version_id: strawberry.ID | None
    comment_id: strawberry.ID | None
    channel: Platform | None
    reason: str | None
    progress_done: int | None
    progress_total: int | None
    at: datetime
    _actor_id: strawberry.Private[int | None]

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> ContentEvent:
        data = message["data"]

        def gid(type_name: str, key: str) -> strawberry.ID | None:
            return encode_id(type_name, data[key]) if data.get(key) else None

        def enum(kind: type[Enum], key: str) -> Any:
            return kind(data[key]) if data.get(key) else None

        return cls(
            kind=message["kind"],
            content_request_id=encode_id("ContentRequest", data["contentRequestId"]),
            previous_status=enum(m.ContentStatus, "previousStatus"),
            status=enum(m.ContentStatus, "status"),
            version_id=gid("ContentVersion", "versionId"),
            comment_id=gid("Comment", "commentId"),
            channel=enum(m.Platform, "channel"),
            reason=data.get("reason"),
            progress_done=data.get("done"),
            progress_total=data.get("total"),
            at=datetime.fromisoformat(message["at"]),
            _actor_id=message["actor_id"],
        )

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        return await _user(info, self._actor_id)


# Inputs


@strawberry.input
class BriefInputFields:
    objective: str | None = None
    key_messages: list[str] | None = None
    audience: str | None = None
    tone: str | None = None
    call_to_action: str | None = None
    link: str | None = None
    due_at: datetime | None = None


@strawberry.input
class CreateBriefInput(BriefInputFields):
    organization_id: strawberry.ID
    title: str
    channels: list[Platform]


@strawberry.input
class UpdateBriefInput(BriefInputFields):
    brief_id: strawberry.ID
    title: str | None = None
    channels: list[Platform] | None = None
    clear_due_at: bool = False


@strawberry.input
class ArchiveBriefInput:
    brief_id: strawberry.ID


@strawberry.enum
class BriefOrderField(Enum):
    CREATED_AT = "id"
    DUE_AT = "due_at"
    TITLE = "title"


@strawberry.enum
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input
class BriefOrder:
    field: BriefOrderField = BriefOrderField.CREATED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input
class BriefFilter:
    status: BriefStatus | None = None
    channel: Platform | None = None
    search: str | None = None
    created_by: strawberry.ID | None = None


@strawberry.input
class ContentRequestFilter:
    status: list[ContentStatus] | None = None
    brief_id: strawberry.ID | None = None


@strawberry.input
class RequestGenerationInput:
    brief_id: strawberry.ID
    variants_per_channel: int = 1
    instructions: str | None = None


@strawberry.input
class RegenerateInput:
    content_request_id: strawberry.ID
    channel: Platform
    instructions: str | None = None


@strawberry.input
class EditContentVersionInput:
    content_version_id: strawberry.ID
    text: str | None = None
    hashtags: list[str] | None = None
    reason: str | None = None


@strawberry.input
class RevertContentVersionInput:
    edit_id: strawberry.ID


@strawberry.input
class CreateContentVersionInput:
    content_request_id: strawberry.ID
    channel: Platform
    text: str
    hashtags: list[str] | None = None


@strawberry.input
class SelectContentVersionInput:
    content_version_id: strawberry.ID


@strawberry.input
class SubmitForReviewInput:
    content_request_id: strawberry.ID


@strawberry.input
class ApproveContentInput:
    content_request_id: strawberry.ID
    note: str | None = None


@strawberry.input
class RejectContentInput:
    content_request_id: strawberry.ID
    reason: str


@strawberry.input
class AddCommentInput:
    content_version_id: strawberry.ID
    body: str
    parent_id: strawberry.ID | None = None


@strawberry.input
class EditCommentInput:
    comment_id: strawberry.ID
    body: str


@strawberry.input
class CommentIdInput:
    comment_id: strawberry.ID


# Payloads


@strawberry.type
class BriefPayload:
    brief: Brief | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContentRequestPayload:
    content_request: ContentRequest | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContentVersionPayload:
    content_version: ContentVersion | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CommentPayload:
    comment: Comment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


# One payload type per operation, as every mutation in the API has.
@strawberry.type
class CreateBriefPayload(BriefPayload):
    pass


@strawberry.type
class UpdateBriefPayload(BriefPayload):
    pass


@strawberry.type
class ArchiveBriefPayload(BriefPayload):
    pass


@strawberry.type
class RequestGenerationPayload(ContentRequestPayload):
    pass


@strawberry.type
class RegeneratePayload(ContentRequestPayload):
    pass


@strawberry.type
class SubmitForReviewPayload(ContentRequestPayload):
    pass


@strawberry.type
class ApproveContentPayload(ContentRequestPayload):
    pass


@strawberry.type
class RejectContentPayload(ContentRequestPayload):
    pass


@strawberry.type
class EditContentVersionPayload(ContentVersionPayload):
    pass


@strawberry.type
class RevertContentVersionPayload(ContentVersionPayload):
    pass


@strawberry.type
class CreateContentVersionPayload(ContentVersionPayload):
    pass


@strawberry.type
class SelectContentVersionPayload(ContentVersionPayload):
    pass


@strawberry.type
class AddCommentPayload(CommentPayload):
    pass


@strawberry.type
class EditCommentPayload(CommentPayload):
    pass


@strawberry.type
class DeleteCommentPayload(CommentPayload):
    pass


@strawberry.type
class ResolveCommentPayload(CommentPayload):
    pass


@strawberry.type
class ReopenCommentPayload(CommentPayload):
    pass
