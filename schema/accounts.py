"""GraphQL shapes for users, sessions and account operations."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from models import accounts as m
from models.sessions import SessionTokens
from schema.common import Node, UserError, encode_id

if TYPE_CHECKING:
    from schema.organizations import Member


@strawberry.type
class User(Node):
    _model: strawberry.Private[m.User]
    email: str
    name: str
    is_staff: bool
    email_verified: bool
    two_factor_enabled: bool
    created_at: datetime

    @classmethod
    def from_model(cls, user: m.User) -> User:
        return cls(
            id=encode_id("User", user.id),
            _model=user,
            email=user.email,
            name=user.name,
            is_staff=user.is_staff,
            email_verified=user.email_verified_at is not None,
            two_factor_enabled=user.two_factor_enabled,
            created_at=user.created_at,
        )

    def _is_viewer(self, info: Info) -> bool:
        viewer = info.context.user
        return viewer is not None and viewer.id == self._model.id

    @strawberry.field(description="Only on the viewer; null for other users.")
    def last_login_at(self, info: Info) -> datetime | None:
        return self._model.last_login_at if self._is_viewer(info) else None

    @strawberry.field(description="Only on the viewer; null for other users.")
    def login_count(self, info: Info) -> int | None:
        return self._model.login_count if self._is_viewer(info) else None

    @strawberry.field(description="The viewer's memberships; empty on other users.")
    async def memberships(
        self, info: Info
    ) -> list[Annotated[Member, strawberry.lazy("schema.organizations")]]:
        from resolvers.permissions import viewer_memberships
        from schema.organizations import Member

        if not self._is_viewer(info):
            return []
        return [Member.from_model(x) for x in (await viewer_memberships(info.context)).values()]


@strawberry.type
class Session:
    access_token: str
    refresh_token: str
    expires_at: datetime = strawberry.field(description="When the access token expires.")
    refresh_expires_at: datetime

    @classmethod
    def from_tokens(cls, tokens: SessionTokens) -> Session:
        return cls(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=tokens.expires_at,
            refresh_expires_at=tokens.refresh_expires_at,
        )


@strawberry.input
class SignUpInput:
    email: str
    password: str
    name: str


@strawberry.input
class LogInInput:
    email: str
    password: str
    totp_code: str | None = None


@strawberry.input
class RefreshSessionInput:
    refresh_token: str


@strawberry.input
class VerifyEmailInput:
    token: str


@strawberry.input
class RequestPasswordResetInput:
    email: str


@strawberry.input
class ResetPasswordInput:
    token: str
    new_password: str


@strawberry.input
class ConfirmTwoFactorInput:
    code: str


@strawberry.input
class DisableTwoFactorInput:
    code: str


@strawberry.type
class SessionPayload:
    user: User | None = None
    session: Session | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SignUpPayload(SessionPayload):
    pass


@strawberry.type
class LogInPayload(SessionPayload):
    pass


@strawberry.type
class RefreshSessionPayload(SessionPayload):
    pass


@strawberry.type
class OkPayload:
    ok: bool = False
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogOutPayload(OkPayload):
    pass


@strawberry.type
class RequestEmailVerificationPayload(OkPayload):
    pass


@strawberry.type
class RequestPasswordResetPayload(OkPayload):
    pass


@strawberry.type
class UserPayload:
    user: User | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class VerifyEmailPayload(UserPayload):
    pass


@strawberry.type
class ResetPasswordPayload(UserPayload):
    pass


@strawberry.type
class ConfirmTwoFactorPayload(UserPayload):
    pass


@strawberry.type
class DisableTwoFactorPayload(UserPayload):
    pass


@strawberry.type
class EnableTwoFactorPayload:
    secret: str | None = strawberry.field(
        default=None, description="Base32 secret for authenticator apps that cannot scan."
    )
    otpauth_uri: str | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
