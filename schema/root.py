"""The root schema: every domain's queries, mutations and subscriptions merged into one."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from app.settings import get_settings
from resolvers.accounts import AccountMutation, AccountQuery
from resolvers.audit import AuditQuery
from resolvers.content import ContentMutation, ContentQuery, ContentSubscription
from resolvers.events import EventSubscription
from resolvers.knowledge import KnowledgeMutation, KnowledgeQuery
from resolvers.node import NodeQuery
from resolvers.organizations import OrganizationMutation, OrganizationQuery
from resolvers.publishing import PublishingMutation, PublishingQuery, PublishingSubscription
from schema.accounts import User
from schema.audit import AuditEvent
from schema.content import Brief, Comment, ContentEdit, ContentRequest, ContentVersion
from schema.knowledge import ImageGeneration, KnowledgeChunk, KnowledgeFile, MediaAttachment
from schema.limits import limit_extensions
from schema.organizations import Member, Organization
from schema.publishing import (
    Notification,
    Occurrence,
    PlatformConnection,
    PublishedPost,
    Schedule,
)

Query = merge_types(
    "Query",
    (
        NodeQuery,
        AccountQuery,
        OrganizationQuery,
        AuditQuery,
        ContentQuery,
        KnowledgeQuery,
        PublishingQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (AccountMutation, OrganizationMutation, ContentMutation, KnowledgeMutation, PublishingMutation),
)
Subscription = merge_types(
    "Subscription", (EventSubscription, ContentSubscription, PublishingSubscription)
)


class Schema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Expected errors are answers, not incidents; MaskInternalErrors logs the rest.
        return None


@lru_cache(maxsize=1)
def build_schema() -> strawberry.Schema:
    settings = get_settings()
    extensions: list[Any] = limit_extensions(
        settings.max_query_depth, settings.max_aliases, settings.max_query_tokens
    )
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[
            User,
            Organization,
            Member,
            AuditEvent,
            Brief,
            ContentRequest,
            ContentVersion,
            Comment,
            ContentEdit,
            KnowledgeFile,
            KnowledgeChunk,
            MediaAttachment,
            ImageGeneration,
            PlatformConnection,
            Schedule,
            Occurrence,
            PublishedPost,
            Notification,
        ],
        extensions=extensions,
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
