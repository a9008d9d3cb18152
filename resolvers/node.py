"""Relay `node(id:)`: every type resolves through the same restriction point."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.types import Info

from models import connections, content, knowledge, media, scheduling
from models.audit import AuditEvent as AuditEventModel
from models.organizations import Membership
from resolvers.permissions import (
    ADMINS,
    can_read_organization,
    context,
    readable_object,
    readable_organization,
    require_user,
    viewer_memberships,
)
from schema.accounts import User
from schema.audit import AuditEvent
from schema.common import Node, decode_any_id
from schema.content import Brief, Comment, ContentEdit, ContentRequest, ContentVersion
from schema.knowledge import ImageGeneration, KnowledgeChunk, KnowledgeFile, MediaAttachment
from schema.organizations import Member, Organization
from schema.publishing import Occurrence, PlatformConnection, PublishedPost, Schedule


async def _user(info: Info, pk: int) -> User | None:
    """Users are visible to themselves and to people who share an organization with them."""
    ctx = context(info)
    assert ctx.user is not None
    if pk != ctx.user.id:
        shared = await Membership.filter(
            user_id=pk, organization_id__in=list(await viewer_memberships(ctx))
        ).exists()
        if not shared:
            return None
    user = await ctx.loaders.user_by_id.load(pk)
    return User.from_model(user) if user else None


async def _member(info: Info, pk: int) -> Member | None:
    member = await Membership.filter(id=pk).first()
    if member is None or not await can_read_organization(context(info), member.organization_id):
        return None
    return Member.from_model(member)


async def _organization(info: Info, pk: int) -> Organization | None:
    org = await readable_organization(info, pk)
    return Organization.from_model(org) if org else None


async def _audit_event(info: Info, pk: int) -> AuditEvent | None:
    event = await AuditEventModel.filter(id=pk).first()
    if event is None or event.organization_id is None:
        return None
    ctx = context(info)
    membership = (await viewer_memberships(ctx)).get(event.organization_id)
    allowed = (
        membership.role in ADMINS if membership else ctx.user is not None and ctx.user.is_staff
    )
    if not allowed or not await can_read_organization(ctx, event.organization_id):
        return None
    return AuditEvent.from_model(event)


def _owned(model: type[Any], convert: Callable[[Any], Node]) -> Resolver:
    async def resolve(info: Info, pk: int) -> Node | None:
        obj = await readable_object(info, model, pk)
        return convert(obj) if obj else None

    return resolve


Resolver = Callable[[Info, int], Awaitable[Node | None]]
RESOLVERS: dict[str, Resolver] = {
    "User": _user,
    "Member": _member,
    "Organization": _organization,
    "AuditEvent": _audit_event,
    "Brief": _owned(content.Brief, Brief.from_model),
    "ContentRequest": _owned(content.ContentRequest, ContentRequest.from_model),
    "ContentVersion": _owned(content.ContentVersion, ContentVersion.from_model),
    "ContentEdit": _owned(content.ContentEdit, ContentEdit.from_model),
    "Comment": _owned(content.Comment, Comment.from_model),
    "KnowledgeFile": _owned(knowledge.KnowledgeFile, KnowledgeFile.from_model),
    "KnowledgeChunk": _owned(knowledge.KnowledgeChunk, KnowledgeChunk.from_model),
    "MediaAttachment": _owned(media.MediaAttachment, MediaAttachment.from_model),
    "ImageGeneration": _owned(media.ImageGeneration, ImageGeneration.from_model),
    "PlatformConnection": _owned(connections.PlatformConnection, PlatformConnection.from_model),
    "Schedule": _owned(scheduling.Schedule, Schedule.from_model),
    "Occurrence": _owned(scheduling.Occurrence, Occurrence.from_model),
    "PublishedPost": _owned(scheduling.PublishedPost, PublishedPost.from_model),
}


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by global id; null when missing or not visible.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        require_user(info)
        decoded = decode_any_id(id)
        if decoded is None or decoded[0] not in RESOLVERS:
            return None
        result: Node | None = await RESOLVERS[decoded[0]](info, decoded[1])
        return result
