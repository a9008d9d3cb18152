from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from app.security import decrypt
from models.accounts import AuthSession
from models.audit import AuditAction, AuditEvent
from tests.accounts.helpers import (
    CONFIRM_TWO_FACTOR,
    DISABLE_TWO_FACTOR,
    ENABLE_TWO_FACTOR,
    log_in,
    mutate,
    tables_containing,
    totp_codes,
    turn_on_two_factor,
    user_error_codes,
    user_row,
    viewer_email,
)
from tests.conftest import Account, GraphQLClient, error_codes


async def enable(gql: GraphQLClient, account: Account) -> dict[str, Any]:
    return await mutate(gql, ENABLE_TWO_FACTOR, token=account.token)


async def confirm(gql: GraphQLClient, account: Account, code: str) -> dict[str, Any]:
    return await mutate(gql, CONFIRM_TWO_FACTOR, {"input": {"code": code}}, token=account.token)


async def disable(gql: GraphQLClient, account: Account, code: str) -> dict[str, Any]:
    return await mutate(gql, DISABLE_TWO_FACTOR, {"input": {"code": code}}, token=account.token)


def only_error(payload: dict[str, Any]) -> tuple[str, list[str] | None]:
    (error,) = payload["userErrors"]
    return error["code"], error["field"]


@pytest.mark.parametrize(
    ("document", "variables"),
    [
        pytest.param(ENABLE_TWO_FACTOR, None, id="enableTwoFactor"),
        pytest.param(CONFIRM_TWO_FACTOR, {"input": {"code": "123456"}}, id="confirmTwoFactor"),
        pytest.param(DISABLE_TWO_FACTOR, {"input": {"code": "123456"}}, id="disableTwoFactor"),
    ],
)
@pytest.mark.parametrize("token", [None, "not-a-jwt"], ids=["no-token", "bad-token"])
async def test_two_factor_mutations_need_a_signed_in_user(
    gql: GraphQLClient,
    make_account: Any,
    document: str,
    variables: dict[str, Any] | None,
    token: str | None,
) -> None:
    account: Account = await make_account()
    body = await gql.execute(document, variables, token=token)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None
    assert (await user_row(account.email)).totp_secret_encrypted is None


async def test_enable_gives_a_secret_that_is_encrypted_at_rest(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account("ana@example.com")

    result = await enable(gql, account)

    assert result["userErrors"] == []
    secret = result["secret"]
    uri = urlparse(result["otpauthUri"])
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert parse_qs(uri.query)["secret"] == [secret]
    assert parse_qs(uri.query)["issuer"] == ["Ezre Comms"]
    assert "ana%40example.com" in uri.path
    user = await user_row(account.email)
    assert user.totp_secret_encrypted is not None
    assert decrypt(user.totp_secret_encrypted) == secret
    assert await tables_containing(secret) == []
    # Not on until confirmed: signing in still needs no code.
    assert user.totp_enabled_at is None
    assert user_error_codes(await log_in(gql, account.email)) == []


async def test_confirm_turns_two_factor_on_with_a_valid_code_only(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    codes = await totp_codes((await enable(gql, account))["secret"])

    wrong = await confirm(gql, account, codes.wrong())
    assert wrong["user"] is None
    assert only_error(wrong) == ("INVALID_TWO_FACTOR_CODE", ["code"])
    assert (await user_row(account.email)).totp_enabled_at is None

    right = await confirm(gql, account, codes.current)
    assert right["userErrors"] == []
    assert right["user"]["twoFactorEnabled"] is True
    assert (await user_row(account.email)).totp_enabled_at is not None
    viewer = await gql.data("{ viewer { twoFactorEnabled } }", token=account.token)
    assert viewer == {"viewer": {"twoFactorEnabled": True}}


async def test_confirm_needs_enable_first(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    result = await confirm(gql, account, "123456")
    assert only_error(result) == ("TWO_FACTOR_NOT_ENABLED", None)


async def test_enable_and_confirm_refuse_when_already_on(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)
    stored = (await user_row(account.email)).totp_secret_encrypted

    again = await enable(gql, account)
    assert (again["secret"], again["otpauthUri"]) == (None, None)
    assert only_error(again) == ("TWO_FACTOR_ALREADY_ENABLED", None)
    assert only_error(await confirm(gql, account, codes.current)) == (
        "TWO_FACTOR_ALREADY_ENABLED",
        None,
    )
    assert (await user_row(account.email)).totp_secret_encrypted == stored


async def test_log_in_asks_for_the_code_and_accepts_a_valid_one(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)
    sessions_before = await AuthSession.filter(user_id=account.pk).count()

    missing = await log_in(gql, account.email)
    assert missing["session"] is None
    assert only_error(missing) == ("TWO_FACTOR_REQUIRED", ["totpCode"])
    # The password was right, so this is not a failed attempt.
    assert (await user_row(account.email)).failed_login_count == 0

    wrong = await log_in(gql, account.email, totp_code=codes.wrong())
    assert wrong["session"] is None
    assert only_error(wrong) == ("INVALID_TWO_FACTOR_CODE", ["totpCode"])
    assert (await user_row(account.email)).failed_login_count == 1

    right = await log_in(gql, account.email, totp_code=codes.current)
    assert right["userErrors"] == []
    assert await viewer_email(gql, right["session"]["accessToken"]) == account.email
    assert await AuthSession.filter(user_id=account.pk).count() == sessions_before + 1
    user = await user_row(account.email)
    assert (user.failed_login_count, user.login_count) == (0, 1)
    events = await AuditEvent.filter(actor_id=account.pk).order_by("id")
    assert [e.action for e in events] == [AuditAction.SIGN_IN_FAILED, AuditAction.SIGN_IN]


async def test_a_code_cannot_be_replayed(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)

    # The code spent on confirming does not sign in.
    reused = await log_in(gql, account.email, totp_code=codes.previous)
    assert user_error_codes(reused) == ["INVALID_TWO_FACTOR_CODE"]

    assert user_error_codes(await log_in(gql, account.email, totp_code=codes.current)) == []
    replay = await log_in(gql, account.email, totp_code=codes.current)
    assert replay["session"] is None
    assert user_error_codes(replay) == ["INVALID_TWO_FACTOR_CODE"]

    # A later step's code is still good.
    assert user_error_codes(await log_in(gql, account.email, totp_code=codes.next)) == []


async def test_concurrent_log_ins_with_one_code_let_one_in(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)
    results = await asyncio.gather(
        *(log_in(gql, account.email, totp_code=codes.current) for _ in range(2))
    )
    assert sorted(user_error_codes(r) for r in results) == [[], ["INVALID_TWO_FACTOR_CODE"]]


async def test_a_wrong_password_does_not_spend_the_code(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)

    bad = await log_in(gql, account.email, "not-my-password-at-all", totp_code=codes.current)

    assert user_error_codes(bad) == ["INVALID_CREDENTIALS"]
    assert user_error_codes(await log_in(gql, account.email, totp_code=codes.current)) == []


async def test_wrong_codes_count_towards_the_lockout(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)
    answers = [
        user_error_codes(await log_in(gql, account.email, totp_code=codes.wrong()))
        for _ in range(5)
    ]
    assert answers == [["INVALID_TWO_FACTOR_CODE"]] * 4 + [["ACCOUNT_LOCKED"]]
    locked = await log_in(gql, account.email, totp_code=codes.current)
    assert user_error_codes(locked) == ["ACCOUNT_LOCKED"]


async def test_disable_needs_a_valid_code_and_then_clears_the_secret(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    _, codes = await turn_on_two_factor(gql, account.token)

    wrong = await disable(gql, account, codes.wrong())
    assert wrong["user"] is None
    assert only_error(wrong) == ("INVALID_TWO_FACTOR_CODE", ["code"])
    assert (await user_row(account.email)).totp_enabled_at is not None
    assert only_error(await disable(gql, account, codes.previous)) == (
        "INVALID_TWO_FACTOR_CODE",
        ["code"],
    )

    result = await disable(gql, account, codes.current)

    assert result["userErrors"] == []
    assert result["user"]["twoFactorEnabled"] is False
    user = await user_row(account.email)
    assert (user.totp_enabled_at, user.totp_secret_encrypted, user.totp_last_step) == (
        None,
        None,
        None,
    )
    assert user_error_codes(await log_in(gql, account.email)) == []


async def test_disable_when_off_is_refused(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    assert only_error(await disable(gql, account, "123456")) == ("TWO_FACTOR_NOT_ENABLED", None)


async def test_turning_it_on_again_gives_a_new_secret(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    first, codes = await turn_on_two_factor(gql, account.token)
    await disable(gql, account, codes.current)
    second, _ = await turn_on_two_factor(gql, account.token)
    assert second != first
