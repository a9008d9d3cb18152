"""Account queries and mutations: thin calls into models.auth and models.sessions."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.settings import get_settings
from models import accounts as m
from models import auth, sessions
from resolvers.common import rate_limit, user_errors_as
from resolvers.permissions import context, require_user
from schema.accounts import (
    ConfirmTwoFactorInput,
    ConfirmTwoFactorPayload,
    DisableTwoFactorInput,
    DisableTwoFactorPayload,
    EnableTwoFactorPayload,
    LogInInput,
    LogInPayload,
    LogOutPayload,
    RefreshSessionInput,
    RefreshSessionPayload,
    RequestEmailVerificationPayload,
    RequestPasswordResetInput,
    RequestPasswordResetPayload,
    ResetPasswordInput,
    ResetPasswordPayload,
    Session,
    SignUpInput,
    SignUpPayload,
    User,
    VerifyEmailInput,
    VerifyEmailPayload,
)


async def _limit_auth(name: str) -> None:
    await rate_limit(name, get_settings().auth_rate_limit_per_minute)


def _become_viewer(info: Info, user: m.User) -> None:
    """After signing in, the payload's `user` is the viewer (so `memberships` resolve)."""
    ctx = context(info)
    ctx.user, ctx.memberships = user, None


@strawberry.type
class AccountQuery:
    @strawberry.field(description="The signed-in user; null when not signed in.")
    def viewer(self, info: Info) -> User | None:
        ctx = context(info)
        if ctx.token_rejected:
            require_user(info)
        return User.from_model(ctx.user) if ctx.user else None


@strawberry.type
class AccountMutation:
    @strawberry.mutation
    @user_errors_as(SignUpPayload)
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        await _limit_auth("sign_up")
        user, tokens = await auth.sign_up(input.email, input.password, input.name)
        _become_viewer(info, user)
        return SignUpPayload(user=User.from_model(user), session=Session.from_tokens(tokens))

    @strawberry.mutation
    @user_errors_as(LogInPayload)
    async def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        await _limit_auth("log_in")
        user, tokens = await auth.log_in(input.email, input.password, input.totp_code)
        _become_viewer(info, user)
        return LogInPayload(user=User.from_model(user), session=Session.from_tokens(tokens))

    @strawberry.mutation
    @user_errors_as(RefreshSessionPayload)
    async def refresh_session(self, input: RefreshSessionInput) -> RefreshSessionPayload:
        await _limit_auth("refresh_session")
        user, tokens = await sessions.refresh_session(input.refresh_token)
        return RefreshSessionPayload(
            user=User.from_model(user), session=Session.from_tokens(tokens)
        )

    @strawberry.mutation(description="Revoke the session this access token belongs to.")
    async def log_out(self, info: Info) -> LogOutPayload:
        require_user(info)
        session = context(info).session
        assert session is not None
        await auth.log_out(session.id)
        return LogOutPayload(ok=True)

    @strawberry.mutation
    @user_errors_as(RequestEmailVerificationPayload)
    async def request_email_verification(self, info: Info) -> RequestEmailVerificationPayload:
        await rate_limit("verify_email_request", 5)
        await auth.request_email_verification(require_user(info))
        return RequestEmailVerificationPayload(ok=True)

    @strawberry.mutation
    @user_errors_as(VerifyEmailPayload)
    async def verify_email(self, input: VerifyEmailInput) -> VerifyEmailPayload:
        await _limit_auth("verify_email")
        return VerifyEmailPayload(user=User.from_model(await auth.verify_email(input.token)))

    @strawberry.mutation(
        description="Always answers ok, whether or not the address has an account."
    )
    async def request_password_reset(
        self, input: RequestPasswordResetInput
    ) -> RequestPasswordResetPayload:
        await _limit_auth("password_reset_request")
        await auth.request_password_reset(input.email)
        return RequestPasswordResetPayload(ok=True)

    @strawberry.mutation(description="Sets a new password and signs out every session.")
    @user_errors_as(ResetPasswordPayload)
    async def reset_password(self, input: ResetPasswordInput) -> ResetPasswordPayload:
        await _limit_auth("reset_password")
        user = await auth.reset_password(input.token, input.new_password)
        return ResetPasswordPayload(user=User.from_model(user))

    @strawberry.mutation
    @user_errors_as(EnableTwoFactorPayload)
    async def enable_two_factor(self, info: Info) -> EnableTwoFactorPayload:
        secret, uri = await auth.enable_two_factor(require_user(info))
        return EnableTwoFactorPayload(secret=secret, otpauth_uri=uri)

    @strawberry.mutation
    @user_errors_as(ConfirmTwoFactorPayload)
    async def confirm_two_factor(
        self, info: Info, input: ConfirmTwoFactorInput
    ) -> ConfirmTwoFactorPayload:
        await _limit_auth("two_factor")
        user = await auth.confirm_two_factor(require_user(info), input.code)
        return ConfirmTwoFactorPayload(user=User.from_model(user))

    @strawberry.mutation
    @user_errors_as(DisableTwoFactorPayload)
    async def disable_two_factor(
        self, info: Info, input: DisableTwoFactorInput
    ) -> DisableTwoFactorPayload:
        await _limit_auth("two_factor")
        user = await auth.disable_two_factor(require_user(info), input.code)
        return DisableTwoFactorPayload(user=User.from_model(user))
