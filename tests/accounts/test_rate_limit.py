from __future__ import annotations

from typing import Any

import pytest

from app.redis import get_redis
from app.settings import get_settings
from models.accounts import AuthSession, User
from tests.accounts.helpers import (
    LOG_IN,
    REFRESH_SESSION,
    REQUEST_EMAIL_VERIFICATION,
    REQUEST_PASSWORD_RESET,
    RESET_PASSWORD,
    VERIFY_EMAIL,
    log_in,
    outbox,
    refresh,
    user_error_codes,
    user_row,
)
from tests.conftest import PASSWORD, SIGN_UP, Account, GraphQLClient, error_codes

LIMIT = 3

# One harmless call per rate-limited mutation; each answers normally until the limit.
CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "signUp": (SIGN_UP, {"input": {"email": "x@example.com", "password": "short", "name": "X"}}),
    "logIn": (LOG_IN, {"input": {"email": "nobody@example.com", "password": PASSWORD}}),
    "refreshSession": (REFRESH_SESSION, {"input": {"refreshToken": "ezr_nope"}}),
    "verifyEmail": (VERIFY_EMAIL, {"input": {"token": "nope"}}),
    "requestPasswordReset": (REQUEST_PASSWORD_RESET, {"input": {"email": "nobody@example.com"}}),
    "resetPassword": (RESET_PASSWORD, {"input": {"token": "nope", "newPassword": PASSWORD}}),
}


@pytest.fixture(autouse=True)
def small_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "auth_rate_limit_per_minute", LIMIT)


async def call(gql: GraphQLClient, mutation: str) -> dict[str, Any]:
    document, variables = CALLS[mutation]
    return await gql.execute(document, variables)


async def exhaust(gql: GraphQLClient, mutation: str) -> None:
    for _ in range(LIMIT):
        body = await call(gql, mutation)
        assert not body.get("errors"), body


@pytest.mark.parametrize("mutation", list(CALLS))
async def test_auth_mutations_are_limited_per_minute(gql: GraphQLClient, mutation: str) -> None:
    await exhaust(gql, mutation)

    body = await call(gql, mutation)

    assert error_codes(body) == ["RATE_LIMITED"]
    assert body["data"] is None
    assert body["errors"][0]["message"]


async def test_the_window_is_one_minute_per_client_address(gql: GraphQLClient) -> None:
    await call(gql, "logIn")
    redis = await get_redis()
    keys = await redis.keys("ezre:rl:*")
    assert [k.decode() if isinstance(k, bytes) else k for k in keys] == ["ezre:rl:log_in:127.0.0.1"]
    assert 0 < await redis.ttl(keys[0]) <= 60


async def test_each_mutation_has_its_own_budget(gql: GraphQLClient, make_account: Any) -> None:
    await exhaust(gql, "logIn")
    assert error_codes(await call(gql, "logIn")) == ["RATE_LIMITED"]

    account: Account = await make_account()
    assert user_error_codes(await refresh(gql, account.refresh_token)) == []


async def test_a_limited_log_in_is_not_attempted(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    for _ in range(LIMIT):
        await log_in(gql, account.email, "not-my-password-at-all")
    sessions = await AuthSession.filter(user_id=account.pk).count()

    body = await gql.execute(LOG_IN, {"input": {"email": account.email, "password": PASSWORD}})

    assert error_codes(body) == ["RATE_LIMITED"]
    user = await user_row(account.email)
    assert (user.failed_login_count, user.login_count) == (LIMIT, 0)
    assert await AuthSession.filter(user_id=account.pk).count() == sessions


async def test_a_limited_sign_up_writes_nothing(gql: GraphQLClient) -> None:
    await exhaust(gql, "signUp")
    good = {"input": {"email": "ana@example.com", "password": PASSWORD, "name": "Ana"}}
    assert error_codes(await gql.execute(SIGN_UP, good)) == ["RATE_LIMITED"]
    assert await User.all().count() == 0
    assert await outbox() == []


async def test_request_email_verification_allows_five_a_minute(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    for _ in range(5):
        body = await gql.execute(REQUEST_EMAIL_VERIFICATION, token=account.token)
        assert body["data"]["requestEmailVerification"]["ok"] is True
    body = await gql.execute(REQUEST_EMAIL_VERIFICATION, token=account.token)
    assert error_codes(body) == ["RATE_LIMITED"]
    assert len(await outbox(account.email, "verify_email")) == 6  # sign-up + five
