"""GraphQL shape of organization events streamed over subscriptions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.accounts import User
from schema.common import encode_id


@strawberry.type
class OrganizationEvent:
    kind: str = strawberry.field(
        description="MEMBER_JOINED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED, ORGANIZATION_UPDATED, …"
    )
    organization_id: strawberry.ID
    at: datetime
    data: JSON
    _actor_id: strawberry.Private[int | None]

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> OrganizationEvent:
        return cls(
            kind=message["kind"],
            organization_id=encode_id("Organization", message["organization_id"]),
            at=datetime.fromisoformat(message["at"]),
            data=message["data"],
            _actor_id=message["actor_id"],
        )

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self._actor_id is None:
            return None
        user = await info.context.loaders.user_by_id.load(self._actor_id)
        return User.from_model(user) if user else None
