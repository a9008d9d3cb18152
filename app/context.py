"""What every resolver knows about the request it serves."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from models.accounts import AuthSession, User
from models.organizations import Membership
from resolvers.dataloaders import Loaders


@dataclass
class RequestContext:
    request: Request | WebSocket
    response: Response | None = None
    user: User | None = None
    session: AuthSession | None = None
    # A token was sent but is not valid: answer UNAUTHENTICATED, never act anonymously.
    token_rejected: bool = False
    connection_params: dict[str, Any] | None = None
    loaders: Loaders = field(default_factory=Loaders)
    # The viewer's memberships by organization id, loaded once when first needed.
    memberships: dict[int, Membership] | None = None
    staff_reads_audited: set[int] = field(default_factory=set)
