"""Fixtures for the organization tests: a standard team, a staff user, mailed invitations."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Protocol

import pytest

from app.settings import get_settings
from models.admin import create_staff_user
from tests.conftest import Account, GraphQLClient, SmtpInbox, token_from_mail
from tests.organizations.helpers import (
    INVITE_MEMBER,
    STAFF_EMAIL,
    STAFF_PASSWORD,
    MakeAccount,
    MakeOrg,
    RunWorker,
    invitation_mails,
    sign_in,
)


@pytest.fixture(autouse=True)
def no_smtp_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mail stays HELD unless a test asks for `smtp` (which sets SMTP_URL after this runs),
    whatever the environment says."""
    monkeypatch.setattr(get_settings(), "smtp_url", None)


@pytest.fixture
def run_worker(run_worker: RunWorker) -> RunWorker:
    """The shared burst worker, minus one library warning: arq's `Worker.close` still calls
    redis' deprecated `close()`, which warnings-as-errors would turn into a failure after
    the jobs have run."""

    async def run() -> int:
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message="Call to deprecated close", category=DeprecationWarning
            )
            return await run_worker()

    return run


@dataclass
class Team:
    """`org` ("Acme") has one member per role; `outsider` is the sole ADMIN of `other_org`."""

    admin: Account
    editor: Account
    reviewer: Account
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
    outsider = await make_account("owner@globex.example.com", "Otto Outsider")
    org = await make_org(admin, "Acme", editor=[editor], reviewer=[reviewer])
    other_org = await make_org(outsider, "Globex")
    return Team(admin, editor, reviewer, outsider, org, other_org)


@pytest.fixture
async def staff(gql: GraphQLClient) -> Account:
    """A staff user made the operator's way, then signed in through the API."""
    user = await create_staff_user(STAFF_EMAIL, STAFF_PASSWORD, "Sam Staff")
    assert user.is_staff
    return await sign_in(gql, STAFF_EMAIL, STAFF_PASSWORD)


class InviteByMail(Protocol):
    async def __call__(
        self, org_id: str, inviter: Account, email: str, role: str = "EDITOR"
    ) -> str: ...


@pytest.fixture
def invite_by_mail(gql: GraphQLClient, smtp: SmtpInbox, run_worker: RunWorker) -> InviteByMail:
    """Invite `email` (lower case), deliver the mail through SMTP, return the mailed token."""

    async def invite(org_id: str, inviter: Account, email: str, role: str = "EDITOR") -> str:
        delivered = len(invitation_mails(smtp, email))
        await INVITE_MEMBER.ok(
            gql, {"organizationId": org_id, "email": email, "role": role}, inviter.token
        )
        await run_worker()
        mails = invitation_mails(smtp, email)
        assert len(mails) == delivered + 1
        return token_from_mail(mails[-1])

    return invite
