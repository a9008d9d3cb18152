from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.security import hash_token
from app.settings import get_settings
from models.accounts import EmailToken, EmailTokenPurpose, User
from tests.accounts.helpers import (
    REQUEST_EMAIL_VERIFICATION,
    REQUEST_PASSWORD_RESET,
    VERIFY_EMAIL,
    last_mail_link,
    mutate,
    outbox,
    user_row,
)
from tests.conftest import Account, GraphQLClient, error_codes


async def verify(gql: GraphQLClient, token: str) -> dict[str, Any]:
    return await mutate(gql, VERIFY_EMAIL, {"input": {"token": token}})


def invalid_token(payload: dict[str, Any]) -> bool:
    return payload["user"] is None and [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID_TOKEN", ["token"])
    ]


async def test_sign_up_mails_a_link_that_verifies_the_email(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account("Ana@Example.com")
    link = await last_mail_link("ana@example.com", "verify_email")
    assert link.url == get_settings().app_url.rstrip("/") + "/verify-email"

    result = await verify(gql, link.token)

    assert result["userErrors"] == []
    assert result["user"] == {"id": account.id, "email": "ana@example.com", "emailVerified": True}
    assert (await user_row("ana@example.com")).email_verified_at is not None
    viewer = await gql.data("{ viewer { emailVerified } }", token=account.token)
    assert viewer == {"viewer": {"emailVerified": True}}


async def test_the_token_is_stored_hashed_and_expires_in_48_hours(make_account: Any) -> None:
    account: Account = await make_account()
    token = (await last_mail_link(account.email, "verify_email")).token
    (row,) = await EmailToken.filter(user_id=account.pk)
    assert row.purpose == EmailTokenPurpose.VERIFY_EMAIL
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash
    assert row.email == account.email
    lifetime = row.expires_at - row.created_at
    assert timedelta(hours=47, minutes=59) < lifetime <= timedelta(hours=48)


async def test_links_use_the_configured_app_url(
    gql: GraphQLClient, make_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "app_url", "https://app.example.test/")
    account: Account = await make_account()
    link = await last_mail_link(account.email, "verify_email")
    assert link.url == "https://app.example.test/verify-email"
    assert (await verify(gql, link.token))["userErrors"] == []


async def test_a_verification_link_works_once(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    token = (await last_mail_link(account.email, "verify_email")).token
    assert (await verify(gql, token))["userErrors"] == []
    used_at = (await EmailToken.get(user_id=account.pk)).used_at
    assert used_at is not None

    assert invalid_token(await verify(gql, token))
    assert (await EmailToken.get(user_id=account.pk)).used_at == used_at


async def test_an_expired_link_is_refused(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    token = (await last_mail_link(account.email, "verify_email")).token
    await EmailToken.filter(user_id=account.pk).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    assert invalid_token(await verify(gql, token))
    assert (await user_row(account.email)).email_verified_at is None
    assert (await EmailToken.get(user_id=account.pk)).used_at is None


@pytest.mark.parametrize("token", ["", "made-up-token", "%00" * 10])
async def test_an_unknown_token_is_refused(
    gql: GraphQLClient, make_account: Any, token: str
) -> None:
    account: Account = await make_account()
    assert invalid_token(await verify(gql, token))
    assert (await user_row(account.email)).email_verified_at is None


async def test_a_password_reset_token_does_not_verify_the_email(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    await mutate(gql, REQUEST_PASSWORD_RESET, {"input": {"email": account.email}})
    reset_token = (await last_mail_link(account.email, "reset_password")).token

    assert invalid_token(await verify(gql, reset_token))

    assert (await user_row(account.email)).email_verified_at is None
    reset_row = await EmailToken.get(purpose=EmailTokenPurpose.RESET_PASSWORD)
    assert reset_row.used_at is None  # still good for what it was made for


async def test_a_link_for_a_previous_address_is_refused(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account("old@example.com")
    token = (await last_mail_link("old@example.com", "verify_email")).token
    await User.filter(id=account.pk).update(email="new@example.com")

    assert invalid_token(await verify(gql, token))
    assert (await user_row("new@example.com")).email_verified_at is None


async def test_request_email_verification_mails_a_fresh_link(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    first = (await last_mail_link(account.email, "verify_email")).token

    result = await mutate(gql, REQUEST_EMAIL_VERIFICATION, token=account.token)

    assert result == {"ok": True, "userErrors": []}
    mails = await outbox(account.email, "verify_email")
    assert len(mails) == 2
    second = (await last_mail_link(account.email, "verify_email")).token
    assert second != first
    assert await EmailToken.filter(user_id=account.pk, used_at=None).count() == 2
    assert (await verify(gql, second))["user"]["emailVerified"] is True


async def test_a_verified_user_gets_no_new_link(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    await verify(gql, (await last_mail_link(account.email, "verify_email")).token)

    result = await mutate(gql, REQUEST_EMAIL_VERIFICATION, token=account.token)

    assert result["ok"] is False
    assert [e["code"] for e in result["userErrors"]] == ["ALREADY_VERIFIED"]
    assert len(await outbox(account.email)) == 1
    assert await EmailToken.filter(user_id=account.pk).count() == 1


async def test_request_email_verification_needs_a_signed_in_user(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    body = await gql.execute(REQUEST_EMAIL_VERIFICATION)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None
    assert len(await outbox(account.email)) == 1  # only the sign-up mail
