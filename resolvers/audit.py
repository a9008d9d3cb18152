"""Audit log query (ADMINs; staff reads are themselves audited)."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models.audit import AuditEvent as AuditEventModel
from resolvers.pagination import paginate
from resolvers.permissions import ADMINS, require_readable
from schema.audit import AuditEvent
from schema.common import Connection


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Newest first.")
    async def audit_log(
        self,
        info: Info,
        organization_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[AuditEvent]:
        org = await require_readable(info, organization_id, ADMINS)
        return await paginate(
            AuditEventModel.filter(organization_id=org.id),
            first,
            after,
            AuditEvent.from_model,
            newest_first=True,
        )
