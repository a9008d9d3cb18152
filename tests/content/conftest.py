"""Fixtures for the content tests: a team with one member per role, and an outsider."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import Account
from tests.content.helpers import MakeAccount, MakeOrg


@dataclass
class Team:
    """`org` ("Acme") has an ADMIN, an EDITOR and two REVIEWERs; `outsider` is the sole ADMIN
    of `other_org` ("Globex")."""

    admin: Account
    editor: Account
    reviewer: Account
    second_reviewer: Account
    outsider: Account
    org: str
    other_org: str

    def by_role(self, role: str) -> Account:
        account: Account = getattr(self, role.lower())
        return account


@pytest.fixture
async def team(make_account: MakeAccount, make_org: MakeOrg) -> Team:
    admin = await make_account("admin@acme.example.com", "Ada Admin")
    editor = await make_account("editor@acme.example.com", "Eddie Editor")
    reviewer = await make_account("reviewer@acme.example.com", "Rita Reviewer")
    second = await make_account("reviewer2@acme.example.com", "Rob Reviewer")
    outsider = await make_account("owner@globex.example.com", "Otto Outsider")
    org = await make_org(admin, "Acme", editor=[editor], reviewer=[reviewer, second])
    other_org = await make_org(outsider, "Globex")
    return Team(admin, editor, reviewer, second, outsider, org, other_org)


@dataclass
class Desk:
    """`writer` created `org` (so is its ADMIN): enough for tests of the AI path."""

    writer: Account
    org: str


@pytest.fixture
async def desk(make_account: MakeAccount, make_org: MakeOrg) -> Desk:
    writer = await make_account("writer@acme.example.com", "Wanda Writer")
    return Desk(writer, await make_org(writer, "Acme"))
