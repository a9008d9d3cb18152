"""Fixtures for the knowledge and media tests: a team, blobs kept under the test's own
directory, and pub/sub capture of the organization's event stream."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from app.pubsub import organization_channel
from app.redis import get_redis
from app.security import hash_password
from app.settings import get_settings
from models.accounts import User
from models.membership import create_organization
from models.organizations import Membership, Role
from models.sessions import start_session
from schema.common import decode_id, encode_id
from tests.conftest import PASSWORD, Account


@dataclass
class Team:
    """`org` has an ADMIN, an EDITOR and a REVIEWER; `outsider` is the ADMIN of `other_org`."""

    admin: Account
    editor: Account
    reviewer: Account
    outsider: Account
    org: str
    other_org: str

    @property
    def org_pk(self) -> int:
        return decode_id(self.org, "Organization") or 0

    @property
    def other_org_pk(self) -> int:
        return decode_id(self.other_org, "Organization") or 0


# Argon2 is the slow part of signing up; it is exercised by tests/accounts. Here people are
# written with one precomputed hash and signed in through the real session code.
_HASH = hash_password(PASSWORD)


async def person(email: str, name: str) -> Account:
    user = await User.create(email=email, name=name, password_hash=_HASH)
    tokens = await start_session(user)
    return Account(
        id=encode_id("User", user.id),
        email=email,
        token=tokens.access_token,
        refresh_token=tokens.refresh_token,
        pk=user.id,
    )


async def organization(owner: Account, name: str, **members: list[Account]) -> str:
    org = await create_organization(await User.get(id=owner.pk), name, "Europe/Berlin")
    for role, accounts in members.items():
        for account in accounts:
            await Membership.create(
                organization_id=org.id, user_id=account.pk, role=Role(role.upper())
            )
    return encode_id("Organization", org.id)


@pytest.fixture
async def team() -> Team:
    admin = await person("admin@acme.example.com", "Ada Admin")
    editor = await person("editor@acme.example.com", "Eddie Editor")
    reviewer = await person("reviewer@acme.example.com", "Rita Reviewer")
    outsider = await person("owner@globex.example.com", "Otto Outsider")
    org = await organization(admin, "Acme", editor=[editor], reviewer=[reviewer])
    other_org = await organization(outsider, "Globex")
    return Team(admin, editor, reviewer, outsider, org, other_org)


@pytest.fixture(autouse=True)
def storage_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Local blobs of each test go to its own directory."""
    root = tmp_path / "blobs"
    monkeypatch.setattr(get_settings(), "storage_dir", root)
    monkeypatch.setattr(get_settings(), "storage_backend", "local")
    return root


def blobs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@dataclass
class EventLog:
    events: list[dict[str, Any]] = field(default_factory=list)

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["kind"] == kind]


@contextlib.asynccontextmanager
async def captured_events(organization_id: int) -> AsyncIterator[EventLog]:
    """Everything published on the organization's event stream while the block runs."""
    log = EventLog()
    pubsub = (await get_redis()).pubsub()
    await pubsub.subscribe(organization_channel(organization_id))
    confirmed = await pubsub.get_message(timeout=2.0)
    assert confirmed is not None and confirmed["type"] == "subscribe"
    try:
        yield log
        # Everything published before the block ended is buffered on this connection.
        while (message := await pubsub.get_message(timeout=0.2)) is not None:
            if message["type"] == "message":
                log.events.append(json.loads(message["data"]))
    finally:
        await pubsub.unsubscribe()
        await pubsub.aclose()
