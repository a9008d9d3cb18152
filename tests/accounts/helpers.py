"""GraphQL documents and small helpers shared by the account tests."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pyotp
from tortoise import connections

from models.accounts import User
from models.mail import OutboxMessage
from tests.conftest import PASSWORD, GraphQLClient, error_codes

# Documents

USER_FIELDS = "id email name emailVerified twoFactorEnabled lastLoginAt loginCount"
USER_ERRORS = "userErrors { field message code }"

LOG_IN = f"""
mutation($input: LogInInput!) {{
  logIn(input: $input) {{
    user {{ {USER_FIELDS} }}
    session {{ accessToken refreshToken expiresAt refreshExpiresAt }}
    {USER_ERRORS}
  }}
}}"""

REFRESH_SESSION = f"""
mutation($input: RefreshSessionInput!) {{
  refreshSession(input: $input) {{
    user {{ id email }}
    session {{ accessToken refreshToken expiresAt refreshExpiresAt }}
    {USER_ERRORS}
  }}
}}"""

LOG_OUT = f"mutation {{ logOut {{ ok {USER_ERRORS} }} }}"

VIEWER = f"{{ viewer {{ {USER_FIELDS} }} }}"

REQUEST_EMAIL_VERIFICATION = f"mutation {{ requestEmailVerification {{ ok {USER_ERRORS} }} }}"

VERIFY_EMAIL = f"""
mutation($input: VerifyEmailInput!) {{
  verifyEmail(input: $input) {{ user {{ id email emailVerified }} {USER_ERRORS} }}
}}"""

REQUEST_PASSWORD_RESET = f"""
mutation($input: RequestPasswordResetInput!) {{
  requestPasswordReset(input: $input) {{ ok {USER_ERRORS} }}
}}"""

RESET_PASSWORD = f"""
mutation($input: ResetPasswordInput!) {{
  resetPassword(input: $input) {{ user {{ id email }} {USER_ERRORS} }}
}}"""

ENABLE_TWO_FACTOR = f"mutation {{ enableTwoFactor {{ secret otpauthUri {USER_ERRORS} }} }}"

CONFIRM_TWO_FACTOR = f"""
mutation($input: ConfirmTwoFactorInput!) {{
  confirmTwoFactor(input: $input) {{ user {{ id twoFactorEnabled }} {USER_ERRORS} }}
}}"""

DISABLE_TWO_FACTOR = f"""
mutation($input: DisableTwoFactorInput!) {{
  disableTwoFactor(input: $input) {{ user {{ id twoFactorEnabled }} {USER_ERRORS} }}
}}"""


# Calls


async def mutate(
    gql: GraphQLClient,
    document: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """The payload of the one mutation in `document`; top-level errors fail the test."""
    data = await gql.data(document, variables, token)
    (payload,) = data.values()
    assert isinstance(payload, dict)
    return payload


async def log_in(
    gql: GraphQLClient, email: str, password: str = PASSWORD, totp_code: str | None = None
) -> dict[str, Any]:
    fields: dict[str, Any] = {"email": email, "password": password}
    if totp_code is not None:
        fields["totpCode"] = totp_code
    return await mutate(gql, LOG_IN, {"input": fields})


async def refresh(gql: GraphQLClient, refresh_token: str) -> dict[str, Any]:
    return await mutate(gql, REFRESH_SESSION, {"input": {"refreshToken": refresh_token}})


async def viewer_email(gql: GraphQLClient, token: str) -> str:
    """The viewer's email for a token that must still work."""
    data = await gql.data(VIEWER, token=token)
    email: str = data["viewer"]["email"]
    return email


async def assert_token_refused(gql: GraphQLClient, token: str) -> None:
    body = await gql.execute(VIEWER, token=token)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] == {"viewer": None}


def user_error_codes(payload: dict[str, Any]) -> list[str]:
    """The `userErrors` codes of a mutation payload."""
    return [e["code"] for e in payload["userErrors"]]


# Mail


LINK = re.compile(r"(?P<url>\S+)\?token=(?P<token>[^\s&]+)")


@dataclass(frozen=True)
class MailLink:
    url: str  # everything before `?token=`
    token: str


def link_in(body: str) -> MailLink:
    match = LINK.search(body)
    assert match, body
    return MailLink(match["url"], unquote(match["token"]))


async def outbox(to: str | None = None, kind: str | None = None) -> list[OutboxMessage]:
    query = OutboxMessage.all().order_by("id")
    if to is not None:
        query = query.filter(to=to)
    if kind is not None:
        query = query.filter(kind=kind)
    return await query


async def last_mail_link(to: str, kind: str) -> MailLink:
    """The link in the newest outbox message of `kind` to `to` (kept while SMTP is off)."""
    messages = await outbox(to, kind)
    assert messages, f"no {kind} mail to {to}"
    return link_in(messages[-1].body)


async def tables_containing(text: str) -> list[str]:
    """Every table with a row whose text form contains `text` (to prove secrets are not kept)."""
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    found = []
    for name in (r["tablename"] for r in rows):
        hits = await conn.execute_query_dict(
            f'SELECT 1 FROM "{name}" AS t WHERE strpos(t::text, $1) > 0 LIMIT 1', [text]
        )
        if hits:
            found.append(name)
    return found


# Users


async def user_row(email: str) -> User:
    return await User.get(email=email)


# Two-factor codes


@dataclass(frozen=True)
class TotpCodes:
    """Codes for the 30 s steps around now; the server accepts each step once, in order."""

    previous: str
    current: str
    next: str

    def wrong(self) -> str:
        """A well-formed code that matches none of the accepted steps."""
        return next(c for c in ("000000", "111111", "222222") if c not in self.all)

    @property
    def all(self) -> tuple[str, str, str]:
        return self.previous, self.current, self.next


async def totp_codes(secret: str, *, remaining: float = 5.0) -> TotpCodes:
    """Codes around the current step, waiting for a fresh step if fewer than `remaining`
    seconds are left in this one, so the server sees the same step for the whole test."""
    totp = pyotp.TOTP(secret)
    left = totp.interval - time.time() % totp.interval
    if left < remaining:
        await asyncio.sleep(left + 0.1)
    step = totp.timecode(time.time())
    previous, current, following = (totp.generate_otp(s) for s in (step - 1, step, step + 1))
    return TotpCodes(previous, current, following)


async def turn_on_two_factor(gql: GraphQLClient, token: str) -> tuple[str, TotpCodes]:
    """Enable and confirm two-factor (spending `previous`); returns the secret and the codes,
    of which `current` and `next` are still unused."""
    enabled = await mutate(gql, ENABLE_TWO_FACTOR, token=token)
    assert enabled["userErrors"] == []
    secret: str = enabled["secret"]
    totp = await totp_codes(secret)
    confirmed = await mutate(
        gql, CONFIRM_TWO_FACTOR, {"input": {"code": totp.previous}}, token=token
    )
    assert confirmed["userErrors"] == []
    assert confirmed["user"]["twoFactorEnabled"] is True
    return secret, totp
