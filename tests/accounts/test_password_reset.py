from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from app.security import hash_token
from app.settings import get_settings
from models.accounts import AuthSession, EmailToken, EmailTokenPurpose, User
from tests.accounts.helpers import (
    REQUEST_PASSWORD_RESET,
    RESET_PASSWORD,
    assert_token_refused,
    last_mail_link,
    log_in,
    mutate,
    outbox,
    refresh,
    tables_containing,
    user_error_codes,
    user_row,
    viewer_email,
)
from tests.conftest import Account, GraphQLClient, SmtpInbox, token_from_mail

NEW_PASSWORD = "copper-lantern-meadow-77"


async def request_reset(gql: GraphQLClient, email: str) -> dict[str, Any]:
    return await gql.data(REQUEST_PASSWORD_RESET, {"input": {"email": email}})


async def reset(gql: GraphQLClient, token: str, password: str = NEW_PASSWORD) -> dict[str, Any]:
    return await mutate(gql, RESET_PASSWORD, {"input": {"token": token, "newPassword": password}})


async def reset_token_for(gql: GraphQLClient, email: str) -> str:
    await request_reset(gql, email)
    return (await last_mail_link(email, "reset_password")).token


def invalid_token(payload: dict[str, Any]) -> bool:
    return payload["user"] is None and [(e["code"], e["field"]) for e in payload["userErrors"]] == [
        ("INVALID_TOKEN", ["token"])
    ]


async def test_a_mailed_link_sets_a_new_password(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account("ana@example.com")
    old_hash = (await user_row("ana@example.com")).password_hash

    data = await request_reset(gql, " ANA@example.COM")

    assert data == {"requestPasswordReset": {"ok": True, "userErrors": []}}
    (mail,) = await outbox("ana@example.com", "reset_password")
    assert mail.subject == "Reset your password"
    link = await last_mail_link("ana@example.com", "reset_password")
    assert link.url == get_settings().app_url.rstrip("/") + "/reset-password"

    result = await reset(gql, link.token)

    assert result["userErrors"] == []
    assert result["user"] == {"id": account.id, "email": "ana@example.com"}
    user = await user_row("ana@example.com")
    assert user.password_hash.startswith("$argon2id$")
    assert user.password_hash != old_hash
    assert user_error_codes(await log_in(gql, account.email)) == ["INVALID_CREDENTIALS"]
    assert user_error_codes(await log_in(gql, account.email, NEW_PASSWORD)) == []


async def test_unknown_and_known_emails_get_the_same_answer_but_only_one_mail(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account("ana@example.com")
    mails_before = len(await outbox())

    known = await request_reset(gql, "ana@example.com")
    unknown = await request_reset(gql, "nobody@example.com")
    malformed = await request_reset(gql, "nobody-at-all")

    assert known == unknown == malformed == {"requestPasswordReset": {"ok": True, "userErrors": []}}
    assert [m.to for m in await outbox()][mails_before:] == ["ana@example.com"]
    tokens = await EmailToken.filter(purpose=EmailTokenPurpose.RESET_PASSWORD)
    assert [t.user_id for t in tokens] == [account.pk]


async def test_an_unknown_email_sends_nothing_over_smtp(
    gql: GraphQLClient, make_account: Any, smtp: SmtpInbox, run_worker: Any
) -> None:
    await make_account("ana@example.com")
    await run_worker()  # the sign-up's verification mail
    delivered = len(smtp.messages)

    await request_reset(gql, "nobody@example.com")

    assert await run_worker() == 0
    assert len(smtp.messages) == delivered


async def test_a_deactivated_account_gets_no_reset_mail(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    await User.filter(id=account.pk).update(is_active=False)
    assert (await request_reset(gql, account.email))["requestPasswordReset"]["ok"] is True
    assert await outbox(kind="reset_password") == []
    assert await EmailToken.filter(purpose=EmailTokenPurpose.RESET_PASSWORD).count() == 0


async def test_the_token_is_stored_hashed_and_expires_in_an_hour(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    token = await reset_token_for(gql, account.email)
    row = await EmailToken.get(purpose=EmailTokenPurpose.RESET_PASSWORD)
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash
    lifetime = row.expires_at - row.created_at
    assert timedelta(minutes=59) < lifetime <= timedelta(minutes=60)


async def test_the_mailed_token_is_not_kept_anywhere_once_delivered(
    gql: GraphQLClient, make_account: Any, smtp: SmtpInbox, run_worker: Any
) -> None:
    account: Account = await make_account()
    await request_reset(gql, account.email)
    await run_worker()
    (message,) = [m for m in smtp.to(account.email) if m["Subject"] == "Reset your password"]
    token = token_from_mail(message)

    assert await tables_containing(token) == []
    assert (await reset(gql, token))["userErrors"] == []


async def test_a_reset_signs_out_every_session(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    other = (await log_in(gql, account.email))["session"]
    rotated = (await refresh(gql, other["refreshToken"]))["session"]

    await reset(gql, await reset_token_for(gql, account.email))

    for access in (account.token, other["accessToken"], rotated["accessToken"]):
        await assert_token_refused(gql, access)
    for refresh_token in (account.refresh_token, rotated["refreshToken"]):
        assert user_error_codes(await refresh(gql, refresh_token)) == ["INVALID_REFRESH_TOKEN"]
    sessions = await AuthSession.filter(user_id=account.pk)
    assert len(sessions) == 2
    assert {s.revoked_reason for s in sessions} == {"password_reset"}


async def test_a_reset_unlocks_a_locked_account(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    for _ in range(5):
        await log_in(gql, account.email, "not-my-password-at-all")
    assert (await user_row(account.email)).locked_until is not None

    await reset(gql, await reset_token_for(gql, account.email))

    user = await user_row(account.email)
    assert (user.locked_until, user.failed_login_count) == (None, 0)
    assert user_error_codes(await log_in(gql, account.email, NEW_PASSWORD)) == []


async def test_a_weak_new_password_changes_nothing_and_keeps_the_link_usable(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    token = await reset_token_for(gql, account.email)
    old_hash = (await user_row(account.email)).password_hash

    weak = await reset(gql, token, "password1234")

    assert weak["user"] is None
    assert [(e["code"], e["field"]) for e in weak["userErrors"]] == [
        ("WEAK_PASSWORD", ["newPassword"])
    ]
    assert (await user_row(account.email)).password_hash == old_hash
    assert await viewer_email(gql, account.token) == account.email
    assert (await EmailToken.get(purpose=EmailTokenPurpose.RESET_PASSWORD)).used_at is None
    assert (await reset(gql, token))["userErrors"] == []


async def test_a_reset_link_works_once(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    token = await reset_token_for(gql, account.email)
    assert (await reset(gql, token))["userErrors"] == []
    hash_after_first = (await user_row(account.email)).password_hash

    assert invalid_token(await reset(gql, token, "another-strong-phrase-12"))

    assert (await user_row(account.email)).password_hash == hash_after_first


async def test_concurrent_resets_with_one_link_let_one_through(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    token = await reset_token_for(gql, account.email)
    passwords = ["first-choice-phrase-31", "second-choice-phrase-32"]

    results = await asyncio.gather(*(reset(gql, token, p) for p in passwords))

    assert sorted(user_error_codes(r) for r in results) == [[], ["INVALID_TOKEN"]]
    winner = passwords[[user_error_codes(r) for r in results].index([])]
    assert user_error_codes(await log_in(gql, account.email, winner)) == []


async def test_an_expired_reset_link_is_refused(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    token = await reset_token_for(gql, account.email)
    old_hash = (await user_row(account.email)).password_hash
    await EmailToken.filter(purpose=EmailTokenPurpose.RESET_PASSWORD).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    assert invalid_token(await reset(gql, token))

    assert (await user_row(account.email)).password_hash == old_hash
    assert await viewer_email(gql, account.token) == account.email


async def test_a_verification_token_cannot_reset_the_password(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    verification = (await last_mail_link(account.email, "verify_email")).token
    old_hash = (await user_row(account.email)).password_hash

    assert invalid_token(await reset(gql, verification))
    assert invalid_token(await reset(gql, "made-up-token"))

    assert (await user_row(account.email)).password_hash == old_hash
