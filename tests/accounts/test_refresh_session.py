from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.security import hash_token
from app.settings import get_settings
from models.accounts import AuthSession, RefreshToken, User
from tests.accounts.helpers import (
    assert_token_refused,
    log_in,
    refresh,
    user_error_codes,
    viewer_email,
)
from tests.conftest import Account, GraphQLClient


def refused(payload: dict[str, Any]) -> bool:
    return (
        payload["session"] is None
        and payload["user"] is None
        and [(e["code"], e["field"]) for e in payload["userErrors"]]
        == [("INVALID_REFRESH_TOKEN", ["refreshToken"])]
    )


async def test_refresh_rotates_the_refresh_token(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()

    result = await refresh(gql, account.refresh_token)

    assert result["userErrors"] == []
    assert result["user"]["email"] == account.email
    session = result["session"]
    assert session["refreshToken"] != account.refresh_token
    assert await viewer_email(gql, session["accessToken"]) == account.email
    # Both tokens belong to the one session (the family); the old one is spent, stored hashed.
    old = await RefreshToken.get(token_hash=hash_token(account.refresh_token))
    new = await RefreshToken.get(token_hash=hash_token(session["refreshToken"]))
    assert old.used_at is not None and new.used_at is None
    assert old.session_id == new.session_id
    assert await AuthSession.filter(user_id=account.pk).count() == 1
    assert await RefreshToken.filter(token_hash__contains=session["refreshToken"]).count() == 0

    # The rotated token rotates again.
    again = await refresh(gql, session["refreshToken"])
    assert again["userErrors"] == []


async def test_replaying_a_used_refresh_token_revokes_its_whole_family(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    other_session = (await log_in(gql, account.email))["session"]
    rotated = (await refresh(gql, account.refresh_token))["session"]

    replay = await refresh(gql, account.refresh_token)

    assert refused(replay)
    used = await RefreshToken.get(token_hash=hash_token(account.refresh_token))
    family = await AuthSession.get(id=used.session_id)
    assert family.revoked_at is not None
    assert family.revoked_reason == "refresh_token_reuse"
    # Every token of the family stops working, including the ones the rotation handed out.
    await assert_token_refused(gql, rotated["accessToken"])
    await assert_token_refused(gql, account.token)
    assert refused(await refresh(gql, rotated["refreshToken"]))
    # The user's other sign-in is a different family and keeps working.
    assert await viewer_email(gql, other_session["accessToken"]) == account.email
    assert (await refresh(gql, other_session["refreshToken"]))["userErrors"] == []


async def test_two_concurrent_refreshes_with_one_token_count_as_a_replay(
    gql: GraphQLClient, make_account: Any
) -> None:
    account: Account = await make_account()
    results = await asyncio.gather(*(refresh(gql, account.refresh_token) for _ in range(2)))
    winners = [r for r in results if r["session"] is not None]
    assert len(winners) == 1
    assert sum(refused(r) for r in results) == 1
    await assert_token_refused(gql, winners[0]["session"]["accessToken"])
    assert await AuthSession.filter(user_id=account.pk, revoked_at=None).count() == 0


@pytest.mark.parametrize("token", ["ezr_not-a-real-token", "", "x" * 500])
async def test_an_unknown_refresh_token_is_refused_and_revokes_nothing(
    gql: GraphQLClient, make_account: Any, token: str
) -> None:
    account: Account = await make_account()
    assert refused(await refresh(gql, token))
    assert await AuthSession.filter(revoked_at__isnull=False).count() == 0
    assert await viewer_email(gql, account.token) == account.email


async def test_an_expired_refresh_token_is_refused(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    await RefreshToken.filter(token_hash=hash_token(account.refresh_token)).update(
        expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )

    assert refused(await refresh(gql, account.refresh_token))

    # Expiry is not a sign of theft: nothing new is issued and the session is not revoked.
    assert await RefreshToken.all().count() == 1
    assert await viewer_email(gql, account.token) == account.email


async def test_a_deactivated_user_cannot_refresh(gql: GraphQLClient, make_account: Any) -> None:
    account: Account = await make_account()
    await User.filter(id=account.pk).update(is_active=False)
    assert refused(await refresh(gql, account.refresh_token))
    assert await RefreshToken.all().count() == 1


async def test_an_expired_access_token_is_refused_until_the_session_is_refreshed(
    gql: GraphQLClient, make_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    account: Account = await make_account()
    with monkeypatch.context() as patch:
        patch.setattr(get_settings(), "access_token_ttl_seconds", -5)
        expired = (await log_in(gql, account.email))["session"]
    await assert_token_refused(gql, expired["accessToken"])

    result = await refresh(gql, expired["refreshToken"])

    assert user_error_codes(result) == []
    assert await viewer_email(gql, result["session"]["accessToken"]) == account.email
