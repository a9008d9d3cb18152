"""Fixtures for the publishing tests: a team, a real webhook receiver, fast retry settings."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from app.security import hash_password
from app.settings import get_settings
from models.accounts import User
from models.sessions import now, start_session
from schema.common import encode_id
from tests.conftest import PASSWORD, Account, free_port
from tests.content.helpers import MakeOrg
from tests.publishing.receiver import WebhookReceiver


@dataclass
class Team:
    """`org` has an ADMIN, an EDITOR and a REVIEWER; `outsider` is the ADMIN of `other_org`."""

    admin: Account
    editor: Account
    reviewer: Account
    outsider: Account
    org: str
    other_org: str


@functools.cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


async def quick_account(email: str, name: str) -> Account:
    """A signed-in user without the argon2 cost of signUp per test (signUp has its own tests):
    the row and a real session, so the bearer token is checked like any other."""
    user = await User.create(
        email=email, name=name, password_hash=_password_hash(), email_verified_at=now()
    )
    tokens = await start_session(user)
    return Account(
        encode_id("User", user.id), email, tokens.access_token, tokens.refresh_token, user.id
    )


@pytest.fixture
async def team(make_org: MakeOrg) -> Team:
    admin = await quick_account("admin@acme.example.com", "Ada Admin")
    editor = await quick_account("editor@acme.example.com", "Eddie Editor")
    reviewer = await quick_account("reviewer@acme.example.com", "Rita Reviewer")
    outsider = await quick_account("owner@globex.example.com", "Otto Outsider")
    org = await make_org(admin, "Acme", editor=[editor], reviewer=[reviewer])
    other_org = await make_org(outsider, "Globex")
    return Team(admin, editor, reviewer, outsider, org, other_org)


@pytest.fixture(scope="session")
def receiver_server() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start(free_port())
    yield server
    server.stop()


@pytest.fixture
def receiver(receiver_server: WebhookReceiver) -> Iterator[WebhookReceiver]:
    receiver_server.reset()
    yield receiver_server
    receiver_server.reset()


@pytest.fixture(autouse=True)
def publishing_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback destinations allowed, and retries in tens of milliseconds instead of minutes."""
    settings = get_settings()
    monkeypatch.setattr(settings, "webhook_allow_private_networks", True)
    monkeypatch.setattr(settings, "publish_retry_base_seconds", 0.05)
    monkeypatch.setattr(settings, "publish_retry_max_seconds", 5.0)
    monkeypatch.setattr(settings, "platform_http_timeout_seconds", 5.0)
