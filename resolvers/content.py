"""Content queries, mutations and the live event stream: thin calls into the content rules."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Callable
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from models import briefs, comments, drafting, review
from models import content as m
from models.events import CONTENT_TOPIC
from models.organizations import Role
from resolvers.common import user_errors_as
from resolvers.events import organization_stream
from resolvers.pagination import paginate, paginate_ordered
from resolvers.permissions import (
    ANY_ROLE,
    REVIEWERS,
    WRITERS,
    context,
    require_object,
    require_readable,
    require_user,
)
from schema.common import Connection, bad_input, decode_id
from schema.content import (
    AddCommentInput,
    AddCommentPayload,
    ApproveContentInput,
    ApproveContentPayload,
    ArchiveBriefInput,
    ArchiveBriefPayload,
    Brief,
    BriefFilter,
    BriefOrder,
    CommentIdInput,
    ContentEvent,
    ContentRequest,
    ContentRequestFilter,
    ContentVersion,
    CreateBriefInput,
    CreateBriefPayload,
    CreateContentVersionInput,
    CreateContentVersionPayload,
    DeleteCommentPayload,
    EditCommentInput,
    EditCommentPayload,
    EditContentVersionInput,
    EditContentVersionPayload,
    OrderDirection,
    RegenerateInput,
    RegeneratePayload,
    RejectContentInput,
    RejectContentPayload,
    ReopenCommentPayload,
    RequestGenerationInput,
    RequestGenerationPayload,
    ResolveCommentPayload,
    RevertContentVersionInput,
    RevertContentVersionPayload,
    SelectContentVersionInput,
    SelectContentVersionPayload,
    SubmitForReviewInput,
    SubmitForReviewPayload,
    UpdateBriefInput,
    UpdateBriefPayload,
)
from schema.content import Comment as CommentType


def _brief_fields(input: CreateBriefInput | UpdateBriefInput) -> briefs.BriefFields:
    return briefs.BriefFields(
        title=input.title,
        objective=input.objective,
        key_messages=input.key_messages,
        audience=input.audience,
        tone=input.tone,
        channels=input.channels,
        call_to_action=input.call_to_action,
        link=input.link,
        due_at=input.due_at,
        clear_due_at=getattr(input, "clear_due_at", False),
    )


def _cursor_value(field: str) -> Callable[[Any], Any]:
    """A keyset cursor's value as the ordered field's type; a cursor made for another order
    is the client's mistake (BAD_USER_INPUT), not a server error."""

    def parse(value: Any) -> Any:
        if field == "due_at" and isinstance(value, str):
            with contextlib.suppress(ValueError):
                if (parsed := datetime.fromisoformat(value)).tzinfo is not None:
                    return parsed
        elif isinstance(value, int if field == "id" else str) and not isinstance(value, bool):
            return value
        raise bad_input("`after` is not a cursor for this order.")

    return parse


@strawberry.type
class ContentQuery:
    @strawberry.field
    async def briefs(
        self,
        info: Info,
        organization_id: strawberry.ID,
        filter: BriefFilter | None = None,
        order_by: BriefOrder | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Brief]:
        org = await require_readable(info, organization_id)
        qs = m.Brief.filter(organization_id=org.id)
        if filter is not None:
            if filter.status is not None:
                qs = qs.filter(status=filter.status)
            if filter.channel is not None:
                qs = qs.filter(channels__contains=[filter.channel.value])
            if filter.search:
                qs = qs.filter(title__icontains=filter.search.strip())
            if filter.created_by is not None:
                qs = qs.filter(created_by_id=decode_id(filter.created_by, "User") or 0)
        order = order_by or BriefOrder()
        return await paginate_ordered(
            qs,
            order.field.value,
            order.direction == OrderDirection.DESC,
            first,
            after,
            Brief.from_model,
            parse=_cursor_value(order.field.value),
        )

    @strawberry.field(description="Newest first.")
    async def content_requests(
        self,
        info: Info,
        organization_id: strawberry.ID,
        filter: ContentRequestFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ContentRequest]:
        org = await require_readable(info, organization_id)
        qs = m.ContentRequest.filter(organization_id=org.id)
        if filter is not None:
            if filter.status:
                qs = qs.filter(status__in=list(filter.status))
            if filter.brief_id is not None:
                qs = qs.filter(brief_id=decode_id(filter.brief_id, "Brief") or 0)
        return await paginate(qs, first, after, ContentRequest.from_model, newest_first=True)


@strawberry.type
class ContentMutation:
    @strawberry.mutation
    @user_errors_as(CreateBriefPayload)
    async def create_brief(self, info: Info, input: CreateBriefInput) -> CreateBriefPayload:
        from resolvers.permissions import require_member

        org, _ = await require_member(info, input.organization_id, WRITERS)
        brief = await briefs.create_brief(org.id, require_user(info).id, _brief_fields(input))
        return CreateBriefPayload(brief=Brief.from_model(brief))

    @strawberry.mutation
    @user_errors_as(UpdateBriefPayload)
    async def update_brief(self, info: Info, input: UpdateBriefInput) -> UpdateBriefPayload:
        brief, _ = await require_object(info, m.Brief, input.brief_id, WRITERS, "briefId")
        brief = await briefs.update_brief(brief, _brief_fields(input))
        return UpdateBriefPayload(brief=Brief.from_model(brief))

    @strawberry.mutation
    @user_errors_as(ArchiveBriefPayload)
    async def archive_brief(self, info: Info, input: ArchiveBriefInput) -> ArchiveBriefPayload:
        brief, _ = await require_object(info, m.Brief, input.brief_id, WRITERS, "briefId")
        return ArchiveBriefPayload(brief=Brief.from_model(await briefs.archive_brief(brief)))

    @strawberry.mutation(description="Queue AI generation for every channel of a brief.")
    @user_errors_as(RequestGenerationPayload)
    async def request_generation(
        self, info: Info, input: RequestGenerationInput
    ) -> RequestGenerationPayload:
        brief, _ = await require_object(info, m.Brief, input.brief_id, WRITERS, "briefId")
        request = await drafting.request_generation(
            brief, require_user(info).id, input.variants_per_channel, input.instructions
        )
        return RequestGenerationPayload(content_request=ContentRequest.from_model(request))

    @strawberry.mutation(description="Generate more versions for one channel; old ones stay.")
    @user_errors_as(RegeneratePayload)
    async def regenerate(self, info: Info, input: RegenerateInput) -> RegeneratePayload:
        request, _ = await require_object(
            info, m.ContentRequest, input.content_request_id, WRITERS, "contentRequestId"
        )
        request = await drafting.regenerate(
            request, require_user(info).id, input.channel, input.instructions
        )
        return RegeneratePayload(content_request=ContentRequest.from_model(request))

    @strawberry.mutation
    @user_errors_as(EditContentVersionPayload)
    async def edit_content_version(
        self, info: Info, input: EditContentVersionInput
    ) -> EditContentVersionPayload:
        version, _ = await require_object(
            info, m.ContentVersion, input.content_version_id, WRITERS, "contentVersionId"
        )
        version = await drafting.edit_version(
            version, require_user(info).id, input.text, input.hashtags, input.reason
        )
        return EditContentVersionPayload(content_version=ContentVersion.from_model(version))

    @strawberry.mutation(description="Restore the text an edit replaced (recorded as an edit).")
    @user_errors_as(RevertContentVersionPayload)
    async def revert_content_version(
        self, info: Info, input: RevertContentVersionInput
    ) -> RevertContentVersionPayload:
        edit, _ = await require_object(info, m.ContentEdit, input.edit_id, WRITERS, "editId")
        version = await drafting.revert_edit(edit, require_user(info).id)
        return RevertContentVersionPayload(content_version=ContentVersion.from_model(version))

    @strawberry.mutation(description="Add a human-written version.")
    @user_errors_as(CreateContentVersionPayload)
    async def create_content_version(
        self, info: Info, input: CreateContentVersionInput
    ) -> CreateContentVersionPayload:
        request, _ = await require_object(
            info, m.ContentRequest, input.content_request_id, WRITERS, "contentRequestId"
        )
        version = await drafting.create_version(
            request, require_user(info).id, input.channel, input.text, input.hashtags
        )
        return CreateContentVersionPayload(content_version=ContentVersion.from_model(version))

    @strawberry.mutation(description="Make this the one selected version of its channel.")
    @user_errors_as(SelectContentVersionPayload)
    async def select_content_version(
        self, info: Info, input: SelectContentVersionInput
    ) -> SelectContentVersionPayload:
        version, _ = await require_object(
            info, m.ContentVersion, input.content_version_id, WRITERS, "contentVersionId"
        )
        version = await drafting.select_version(version, require_user(info).id)
        return SelectContentVersionPayload(content_version=ContentVersion.from_model(version))

    @strawberry.mutation
    @user_errors_as(SubmitForReviewPayload)
    async def submit_for_review(
        self, info: Info, input: SubmitForReviewInput
    ) -> SubmitForReviewPayload:
        request, _ = await require_object(
            info, m.ContentRequest, input.content_request_id, WRITERS, "contentRequestId"
        )
        request = await review.submit_for_review(request, require_user(info).id)
        return SubmitForReviewPayload(content_request=ContentRequest.from_model(request))

    @strawberry.mutation
    @user_errors_as(ApproveContentPayload)
    async def approve_content(
        self, info: Info, input: ApproveContentInput
    ) -> ApproveContentPayload:
        request, _ = await require_object(
            info, m.ContentRequest, input.content_request_id, REVIEWERS, "contentRequestId"
        )
        org = await context(info).loaders.organization_by_id.load(request.organization_id)
        request = await review.decide(
            request,
            require_user(info).id,
            approve=True,
            reason=input.note or "",
            forbid_self_approval=bool(org and org.forbid_self_approval),
        )
        return ApproveContentPayload(content_request=ContentRequest.from_model(request))

    @strawberry.mutation
    @user_errors_as(RejectContentPayload)
    async def reject_content(self, info: Info, input: RejectContentInput) -> RejectContentPayload:
        request, _ = await require_object(
            info, m.ContentRequest, input.content_request_id, REVIEWERS, "contentRequestId"
        )
        request = await review.decide(
            request, require_user(info).id, approve=False, reason=input.reason
        )
        return RejectContentPayload(content_request=ContentRequest.from_model(request))

    @strawberry.mutation
    @user_errors_as(AddCommentPayload)
    async def add_comment(self, info: Info, input: AddCommentInput) -> AddCommentPayload:
        version, _ = await require_object(
            info, m.ContentVersion, input.content_version_id, ANY_ROLE, "contentVersionId"
        )
        parent = decode_id(input.parent_id, "Comment") if input.parent_id else None
        if input.parent_id and parent is None:
            parent = 0  # a malformed id is a missing parent
        comment = await comments.add_comment(version, require_user(info).id, input.body, parent)
        return AddCommentPayload(comment=CommentType.from_model(comment))

    @strawberry.mutation(description="Author only.")
    @user_errors_as(EditCommentPayload)
    async def edit_comment(self, info: Info, input: EditCommentInput) -> EditCommentPayload:
        comment, _ = await require_object(info, m.Comment, input.comment_id, ANY_ROLE, "commentId")
        comment = await comments.edit_comment(comment, require_user(info).id, input.body)
        return EditCommentPayload(comment=CommentType.from_model(comment))

    @strawberry.mutation(description="Author, or an ADMIN.")
    @user_errors_as(DeleteCommentPayload)
    async def delete_comment(self, info: Info, input: CommentIdInput) -> DeleteCommentPayload:
        comment, membership = await require_object(
            info, m.Comment, input.comment_id, ANY_ROLE, "commentId"
        )
        await comments.delete_comment(
            comment, require_user(info).id, is_admin=membership.role == Role.ADMIN
        )
        return DeleteCommentPayload(comment=CommentType.from_model(comment))

    @strawberry.mutation
    @user_errors_as(ResolveCommentPayload)
    async def resolve_comment(self, info: Info, input: CommentIdInput) -> ResolveCommentPayload:
        comment, _ = await require_object(info, m.Comment, input.comment_id, ANY_ROLE, "commentId")
        comment = await comments.set_resolved(comment, require_user(info).id, resolved=True)
        return ResolveCommentPayload(comment=CommentType.from_model(comment))

    @strawberry.mutation
    @user_errors_as(ReopenCommentPayload)
    async def reopen_comment(self, info: Info, input: CommentIdInput) -> ReopenCommentPayload:
        comment, _ = await require_object(info, m.Comment, input.comment_id, ANY_ROLE, "commentId")
        comment = await comments.set_resolved(comment, require_user(info).id, resolved=False)
        return ReopenCommentPayload(comment=CommentType.from_model(comment))


@strawberry.type
class ContentSubscription:
    @strawberry.subscription(
        description="Status changes, generation progress, new versions and comments."
    )
    async def content_events(
        self, info: Info, organization_id: strawberry.ID
    ) -> AsyncGenerator[ContentEvent, None]:
        async for event in organization_stream(
            info, organization_id, CONTENT_TOPIC, ContentEvent.from_message
        ):
            yield event
