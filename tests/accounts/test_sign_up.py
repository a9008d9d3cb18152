from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.security import hash_token
from models.accounts import AuthSession, EmailToken, RefreshToken, User
from models.audit import AuditEvent
from models.mail import OutboxMessage
from tests.accounts.helpers import user_error_codes
from tests.conftest import PASSWORD, SIGN_UP, GraphQLClient


async def sign_up(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    payload = {"email": "Ana@Example.COM ", "password": PASSWORD, "name": "Ana"} | fields
    data = await gql.data(SIGN_UP, {"input": payload})
    result: dict[str, Any] = data["signUp"]
    return result


async def assert_nothing_written() -> None:
    for model in (User, AuthSession, RefreshToken, EmailToken, OutboxMessage, AuditEvent):
        assert await model.all().count() == 0, model.__name__


async def test_sign_up_normalizes_email_hashes_password_and_opens_a_session(
    gql: GraphQLClient,
) -> None:
    result = await sign_up(gql)
    assert result["userErrors"] == []
    assert result["user"]["email"] == "ana@example.com"
    assert result["session"]["accessToken"] and result["session"]["refreshToken"]
    user = await User.get(email="ana@example.com")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    viewer = await gql.data(
        "{ viewer { email emailVerified } }", token=result["session"]["accessToken"]
    )
    assert viewer["viewer"] == {"email": "ana@example.com", "emailVerified": False}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("  Ana.Lopez+news@EXAMPLE.com\t", "ana.lopez+news@example.com"),
        ("ÉLODIE@Example.org", "élodie@example.org"),
    ],
)
async def test_sign_up_stores_the_normalized_email(
    gql: GraphQLClient, raw: str, stored: str
) -> None:
    result = await sign_up(gql, email=raw)
    assert result["userErrors"] == []
    assert result["user"]["email"] == stored
    assert await User.filter(email=stored).count() == 1


async def test_sign_up_stores_the_refresh_token_hashed_with_a_short_lived_access_token(
    gql: GraphQLClient,
) -> None:
    started = datetime.now(UTC)
    session = (await sign_up(gql))["session"]
    user = await User.get(email="ana@example.com")
    auth_session = await AuthSession.get(user_id=user.id)
    assert auth_session.revoked_at is None
    (row,) = await RefreshToken.filter(session_id=auth_session.id)
    assert row.token_hash == hash_token(session["refreshToken"])
    assert session["refreshToken"] not in row.token_hash
    assert row.used_at is None
    expires_at = datetime.fromisoformat(session["expiresAt"])
    assert started + timedelta(minutes=14) < expires_at <= datetime.now(UTC) + timedelta(minutes=15)
    assert row.expires_at - started > timedelta(days=29)


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("Sh0rt-pw!", id="nine-characters"),
        pytest.param("aaaaaaaaaa", id="repeated"),
        pytest.param("password1234", id="common"),
        pytest.param("qwertyuiop", id="keyboard-walk"),
        pytest.param("violet-harbor-" * 19, id="too-long"),
    ],
)
async def test_weak_passwords_are_refused_and_nothing_is_written(
    gql: GraphQLClient, password: str
) -> None:
    result = await sign_up(gql, password=password)
    assert result["user"] is None
    assert result["session"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("WEAK_PASSWORD", ["password"])
    ]
    await assert_nothing_written()


async def test_a_password_made_from_the_own_email_is_weak(gql: GraphQLClient) -> None:
    password = "ana@example.com12"
    mine = await sign_up(gql, email="ana@example.com", password=password)
    assert user_error_codes(mine) == ["WEAK_PASSWORD"]
    # The same string is strong enough for someone else: the check uses the account's details.
    theirs = await sign_up(gql, email="bo@example.com", password=password)
    assert theirs["userErrors"] == []


async def test_a_password_of_exactly_ten_strong_characters_is_accepted(
    gql: GraphQLClient,
) -> None:
    result = await sign_up(gql, password="Tq8#vLm2!x")
    assert result["userErrors"] == []


@pytest.mark.parametrize(
    "email",
    ["not-an-email", "ana@", "@example.com", "ana@example", "ana@@example.com", "", "   "],
)
async def test_invalid_emails_are_refused_and_nothing_is_written(
    gql: GraphQLClient, email: str
) -> None:
    result = await sign_up(gql, email=email)
    assert result["user"] is None
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [("INVALID_EMAIL", ["email"])]
    await assert_nothing_written()


async def test_every_problem_is_reported_at_once(gql: GraphQLClient) -> None:
    result = await sign_up(gql, email="nope", name="   ", password="short")
    assert sorted((e["field"][0], e["code"]) for e in result["userErrors"]) == [
        ("email", "INVALID_EMAIL"),
        ("name", "INVALID_INPUT"),
        ("password", "WEAK_PASSWORD"),
    ]
    assert all(e["message"] for e in result["userErrors"])
    await assert_nothing_written()


async def test_an_email_that_differs_only_in_case_is_taken(gql: GraphQLClient) -> None:
    first = await sign_up(gql, email="ana@example.com")
    assert first["userErrors"] == []
    original = await User.get(email="ana@example.com")

    again = await sign_up(gql, email="  ANA@example.COM", password="another-fine-passphrase-9")
    assert again["user"] is None
    assert again["session"] is None
    assert [(e["code"], e["field"]) for e in again["userErrors"]] == [("EMAIL_TAKEN", ["email"])]
    # The existing account is untouched and the attempt left no session or mail behind.
    assert await User.all().count() == 1
    assert (await User.get(id=original.id)).password_hash == original.password_hash
    assert await AuthSession.all().count() == 1
    assert await EmailToken.all().count() == 1
    assert await OutboxMessage.all().count() == 1


async def test_concurrent_sign_ups_with_one_email_make_one_account(gql: GraphQLClient) -> None:
    payload = {"email": "race@example.com", "password": PASSWORD, "name": "Race"}
    bodies = await asyncio.gather(*(gql.execute(SIGN_UP, {"input": payload}) for _ in range(4)))
    assert [b.get("errors") for b in bodies] == [None] * 4
    results = [b["data"]["signUp"] for b in bodies]
    assert sorted(user_error_codes(r) for r in results) == [[]] + [["EMAIL_TAKEN"]] * 3
    assert await User.filter(email="race@example.com").count() == 1
    assert await AuthSession.all().count() == 1
    assert await OutboxMessage.all().count() == 1
