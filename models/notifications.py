"""In-app notifications for an organization's admins (or one user)."""

from __future__ import annotations

from typing import Any

from models.events import emit
from models.scheduling import Notification


async def notify(
    organization_id: int, kind: str, message: str, user_id: int | None = None, **data: Any
) -> Notification:
    note = await Notification.create(
        organization_id=organization_id, user_id=user_id, kind=kind, message=message, data=data
    )
    await emit(organization_id, "NOTIFICATION", None, notificationId=note.id, notificationKind=kind)
    return note
