from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from models.accounts import AuthSession, User
from models.audit import AuditAction, AuditEvent
from schema.common import decode_id
from tests.accounts.helpers import (
    VIEWER,
    assert_token_refused,
    log_in,
    user_error_codes,
    user_row,
    viewer_email,
)
from tests.conftest import Account, GraphQLClient

WRONG = "not-my-password-at-all"


async def fail(gql: GraphQLClient, email: str, times: int) -> list[list[str]]:
    return [user_error_codes(await log_in(gql, email, WRONG)) for _ in range(times)]


async def actions(user_id: int) -> list[AuditAction]:
    rows = await AuditEvent.filter(actor_id=user_id, organization_id=None).order_by("id")
    return [r.action for r in rows]


async def test_log_in_opens_a_session_and_records_the_login(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account("ana@example.com")
    started = datetime.now(UTC)

    result = await log_in(gql, "  ANA@Example.com ")

    assert result["userErrors"] == []
    assert result["user"]["email"] == "ana@example.com"
    assert result["user"]["loginCount"] == 1
    assert datetime.fromisoformat(result["user"]["lastLoginAt"]) >= started
    token = result["session"]["accessToken"]
    assert token != account.token
    assert await viewer_email(gql, token) == "ana@example.com"
    user = await user_row("ana@example.com")
    assert user.login_count == 1
    assert user.last_login_at is not None and user.last_login_at >= started

    again = await log_in(gql, "ana@example.com")
    assert again["user"]["loginCount"] == 2
    assert (await user_row("ana@example.com")).login_count == 2


async def test_each_log_in_is_its_own_session_recorded_with_the_client(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    first = (await log_in(gql, account.email))["session"]
    second = (await log_in(gql, account.email))["session"]
    sessions = await AuthSession.filter(user_id=account.pk).order_by("id")
    assert len(sessions) == 3  # sign-up, then two log-ins
    assert {s.ip for s in sessions} == {"127.0.0.1"}
    assert all(s.user_agent.startswith("python-httpx/") for s in sessions)
    for token in (account.token, first["accessToken"], second["accessToken"]):
        assert await viewer_email(gql, token) == account.email


async def test_log_in_is_audited_in_each_organization_of_the_user(
    gql: GraphQLClient, make_account: Any, make_org: Any
) -> None:
    account: Account = await make_account()
    org_id = decode_id(await make_org(account), "Organization")
    await log_in(gql, account.email)
    events = await AuditEvent.filter(action=AuditAction.SIGN_IN).order_by("id")
    assert sorted((e.organization_id or 0) for e in events) == [0, org_id]
    for event in events:
        assert (event.actor_id, event.target_type, event.target_id) == (
            account.pk,
            "User",
            account.pk,
        )
        assert event.ip == "127.0.0.1"
        assert event.request_id


async def test_unknown_email_and_wrong_password_get_the_same_answer(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account("ana@example.com")
    sessions_before = await AuthSession.all().count()

    wrong_password = await log_in(gql, "ana@example.com", WRONG)
    unknown_email = await log_in(gql, "nobody@example.com", WRONG)
    malformed_email = await log_in(gql, "nobody-at-all", WRONG)

    assert wrong_password == unknown_email == malformed_email
    assert wrong_password["user"] is None and wrong_password["session"] is None
    assert [(e["code"], e["field"]) for e in wrong_password["userErrors"]] == [
        ("INVALID_CREDENTIALS", None)
    ]
    assert await AuthSession.all().count() == sessions_before
    # Only the real account has a failure to count and audit.
    user = await user_row("ana@example.com")
    assert (user.failed_login_count, user.login_count, user.last_login_at) == (1, 0, None)
    assert await actions(account.pk) == [AuditAction.SIGN_IN_FAILED]
    assert await AuditEvent.filter(actor_id=None).count() == 0


async def test_a_deactivated_account_cannot_log_in(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    await User.filter(id=account.pk).update(is_active=False)
    result = await log_in(gql, account.email)
    assert user_error_codes(result) == ["INVALID_CREDENTIALS"]
    assert await AuthSession.filter(user_id=account.pk).count() == 1  # the sign-up's
    await assert_token_refused(gql, account.token)


async def test_five_failures_in_a_row_lock_the_account_for_fifteen_minutes(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()

    assert await fail(gql, account.email, 4) == [["INVALID_CREDENTIALS"]] * 4
    user = await user_row(account.email)
    assert (user.failed_login_count, user.locked_until) == (4, None)

    locked_at = datetime.now(UTC)
    fifth = await log_in(gql, account.email, WRONG)
    assert user_error_codes(fifth) == ["ACCOUNT_LOCKED"]
    user = await user_row(account.email)
    assert user.locked_until is not None
    lock = user.locked_until - locked_at
    assert timedelta(minutes=14, seconds=50) < lock <= timedelta(minutes=15, seconds=10)

    # Even the right password is refused while locked, and no session is opened.
    right = await log_in(gql, account.email)
    assert right["session"] is None
    assert user_error_codes(right) == ["ACCOUNT_LOCKED"]
    assert await AuthSession.filter(user_id=account.pk).count() == 1
    assert (await user_row(account.email)).login_count == 0
    assert await actions(account.pk) == [AuditAction.SIGN_IN_FAILED] * 5 + [
        AuditAction.ACCOUNT_LOCKED
    ]


async def test_a_successful_log_in_resets_the_failure_count(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    await fail(gql, account.email, 4)
    assert user_error_codes(await log_in(gql, account.email)) == []
    assert (await user_row(account.email)).failed_login_count == 0

    assert await fail(gql, account.email, 4) == [["INVALID_CREDENTIALS"]] * 4
    assert (await user_row(account.email)).locked_until is None
    assert user_error_codes(await log_in(gql, account.email)) == []


async def test_the_account_opens_again_when_the_lock_expires(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    await fail(gql, account.email, 5)
    await User.filter(id=account.pk).update(locked_until=datetime.now(UTC) - timedelta(seconds=1))

    result = await log_in(gql, account.email)

    assert result["userErrors"] == []
    assert await viewer_email(gql, result["session"]["accessToken"]) == account.email
    user = await user_row(account.email)
    assert (user.failed_login_count, user.locked_until, user.login_count) == (0, None, 1)


async def test_concurrent_failures_are_all_counted(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    results = await asyncio.gather(*(log_in(gql, account.email, WRONG) for _ in range(5)))
    assert (
        sorted(user_error_codes(r)[0] for r in results)
        == ["ACCOUNT_LOCKED"] + ["INVALID_CREDENTIALS"] * 4
    )
    assert (await user_row(account.email)).locked_until is not None
    assert user_error_codes(await log_in(gql, account.email)) == ["ACCOUNT_LOCKED"]


async def test_an_access_token_is_checked_in_one_statement(
    gql: GraphQLClient, make_account: Any, count_sql: Any
) -> None:
    account: Account = await make_account()
    with count_sql() as counter:
        assert await viewer_email(gql, account.token) == account.email
    assert counter.count == 1, counter.statements


async def test_a_malformed_access_token_is_refused_not_treated_as_anonymous(
    gql: GraphQLClient,
) -> None:
    await assert_token_refused(gql, "not-a-jwt")
    assert await gql.data(VIEWER) == {"viewer": None}
