"""GraphQL shape of the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from models import audit as m
from schema.accounts import User
from schema.common import Node, encode_id

AuditAction = m.AuditAction
strawberry.enum(AuditAction)


@strawberry.type
class AuditEvent(Node):
    _model: strawberry.Private[m.AuditEvent]
    action: AuditAction
    target_type: str
    target_id: strawberry.ID | None
    data: JSON
    ip: str
    request_id: str
    created_at: datetime

    @classmethod
    def from_model(cls, event: m.AuditEvent) -> AuditEvent:
        return cls(
            id=encode_id("AuditEvent", event.id),
            _model=event,
            action=event.action,
            target_type=event.target_type,
            target_id=(
                encode_id(event.target_type, event.target_id)
                if event.target_type and event.target_id
                else None
            ),
            data=cast(JSON, event.data),
            ip=event.ip,
            request_id=event.request_id,
            created_at=event.created_at,
        )

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self._model.actor_id is None:
            return None
        user = await info.context.loaders.user_by_id.load(self._model.actor_id)
        return User.from_model(user) if user else None
