"""Subscriptions fed by Redis pub/sub."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from app.pubsub import listen, organization_channel
from models.events import ORGANIZATION_TOPIC
from resolvers.dataloaders import Loaders
from resolvers.permissions import can_read_organization, context, require_readable
from schema.events import OrganizationEvent

E = TypeVar("E")


async def organization_stream(
    info: Info, organization_id: str, topic: str, convert: Callable[[dict[str, Any]], E]
) -> AsyncGenerator[E, None]:
    """Events of one topic in one organization, for as long as the viewer may read it."""
    org = await require_readable(info, organization_id)
    async for message in listen(organization_channel(org.id, topic)):
        # A websocket context lives as long as the connection: refresh what it caches,
        # and stop when the viewer has lost access since subscribing.
        ctx = context(info)
        ctx.loaders, ctx.memberships = Loaders(), None
        if not await can_read_organization(ctx, org.id):
            return
        yield convert(message)


@strawberry.type
class EventSubscription:
    @strawberry.subscription(description="Membership and settings changes in one organization.")
    async def organization_events(
        self, info: Info, organization_id: strawberry.ID
    ) -> AsyncGenerator[OrganizationEvent, None]:
        async for event in organization_stream(
            info, organization_id, ORGANIZATION_TOPIC, OrganizationEvent.from_message
        ):
            yield event
