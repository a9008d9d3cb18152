from __future__ import annotations

from typing import Any

from models.accounts import AuthSession
from tests.accounts.helpers import (
    LOG_OUT,
    assert_token_refused,
    log_in,
    mutate,
    refresh,
    user_error_codes,
    viewer_email,
)
from tests.conftest import Account, GraphQLClient, error_codes


async def test_log_out_revokes_the_current_session_only(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    laptop = (await log_in(gql, account.email))["session"]

    result = await mutate(gql, LOG_OUT, token=laptop["accessToken"])

    assert result == {"ok": True, "userErrors": []}
    await assert_token_refused(gql, laptop["accessToken"])
    assert user_error_codes(await refresh(gql, laptop["refreshToken"])) == ["INVALID_REFRESH_TOKEN"]
    revoked = await AuthSession.filter(user_id=account.pk, revoked_at__isnull=False)
    assert [s.revoked_reason for s in revoked] == ["logout"]
    # The sign-up session is another device and stays signed in.
    assert await viewer_email(gql, account.token) == account.email
    assert user_error_codes(await refresh(gql, account.refresh_token)) == []


async def test_log_out_ends_the_session_for_tokens_issued_before_a_refresh(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    rotated = (await refresh(gql, account.refresh_token))["session"]
    await mutate(gql, LOG_OUT, token=rotated["accessToken"])
    await assert_token_refused(gql, account.token)
    await assert_token_refused(gql, rotated["accessToken"])


async def test_log_out_needs_a_signed_in_user(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    body = await gql.execute(LOG_OUT)
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert body["data"] is None
    assert await AuthSession.filter(revoked_at__isnull=False).count() == 0
    assert await viewer_email(gql, account.token) == account.email


async def test_a_logged_out_token_cannot_log_out_again(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    await mutate(gql, LOG_OUT, token=account.token)
    body = await gql.execute(LOG_OUT, token=account.token)
    assert error_codes(body) == ["UNAUTHENTICATED"]
