from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.security import hash_token
from app.settings import get_settings
from models.audit import AuditAction, AuditEvent
from models.mail import MailStatus, OutboxMessage
from models.organizations import Invitation, Role
from tests.conftest import GraphQLClient, SmtpInbox, token_from_mail
from tests.organizations.conftest import InviteByMail, Team
from tests.organizations.helpers import (
    ACCEPT_INVITATION,
    INVITE_MEMBER,
    UNAUTHENTICATED_TOKENS,
    MakeAccount,
    RunWorker,
    assert_single_user_error,
    assert_top_level_error,
    invitation_mails,
    missing_id,
    pk_of,
    role_in,
    writes_nothing,
)

INVITEE = "new.person@example.com"


def invite_input(org_id: str, email: str = INVITEE, role: str = "EDITOR") -> dict[str, str]:
    return {"organizationId": org_id, "email": email, "role": role}


async def pending(org_id: str, email: str = INVITEE) -> list[Invitation]:
    return await Invitation.filter(
        organization_id=pk_of(org_id, "Organization"),
        email=email,
        accepted_at=None,
        revoked_at=None,
    )


async def test_admin_invites_by_email_and_the_mail_carries_a_working_link(
    gql: GraphQLClient,
    team: Team,
    smtp: SmtpInbox,
    run_worker: RunWorker,
    make_account: MakeAccount,
) -> None:
    started = datetime.now(UTC)
    result = await INVITE_MEMBER.ok(
        gql, invite_input(team.org, " New.Person@EXAMPLE.com ", "REVIEWER"), team.admin.token
    )
    invitation = result["invitation"]
    assert (invitation["email"], invitation["role"]) == (INVITEE, "REVIEWER")
    expires_at = datetime.fromisoformat(invitation["expiresAt"])
    ttl = timedelta(days=get_settings().invitation_ttl_days)
    assert started + ttl <= expires_at <= datetime.now(UTC) + ttl

    [row] = await pending(team.org)
    assert pk_of(invitation["id"], "Invitation") == row.id
    assert (row.role, row.invited_by_id) == (Role.REVIEWER, team.admin.pk)
    [event] = await AuditEvent.filter(action=AuditAction.MEMBER_INVITED)
    assert (event.organization_id, event.actor_id) == (row.organization_id, team.admin.pk)
    assert (event.target_type, event.target_id) == ("Invitation", row.id)
    assert event.data == {"email": INVITEE, "role": "REVIEWER"}

    assert await run_worker() >= 1
    [mail] = invitation_mails(smtp, INVITEE)
    assert mail["Subject"] == "Ada Admin invited you to Acme on Ezre Comms"
    body = mail.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert f"{get_settings().app_url}/accept-invitation?token=" in body.decode()
    token = token_from_mail(mail)
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash
    outbox = await OutboxMessage.get(to=INVITEE, kind="invitation")
    assert outbox.status == MailStatus.SENT
    assert token not in outbox.body  # the live token does not stay at rest once sent

    invitee = await make_account(INVITEE)
    await ACCEPT_INVITATION.ok(gql, {"token": token}, invitee.token)
    assert await role_in(team.org, invitee) == Role.REVIEWER


async def test_inviting_a_member_is_already_member_and_writes_nothing(
    gql: GraphQLClient, team: Team
) -> None:
    async with writes_nothing():
        result = await INVITE_MEMBER.payload(
            gql, invite_input(team.org, "Editor@ACME.example.com", "ADMIN"), team.admin.token
        )
    assert result["invitation"] is None
    assert_single_user_error(result, "ALREADY_MEMBER", ["email"])


async def test_a_member_of_another_organization_can_be_invited(
    gql: GraphQLClient, team: Team
) -> None:
    await INVITE_MEMBER.ok(gql, invite_input(team.org, team.outsider.email), team.admin.token)
    assert len(await pending(team.org, team.outsider.email)) == 1


async def test_a_new_invitation_replaces_the_pending_one(
    gql: GraphQLClient, team: Team, invite_by_mail: InviteByMail, make_account: MakeAccount
) -> None:
    first_token = await invite_by_mail(team.org, team.admin, INVITEE, "REVIEWER")
    [first] = await pending(team.org)
    second_token = await invite_by_mail(team.org, team.admin, INVITEE, "ADMIN")

    [second] = await pending(team.org)
    assert second.id != first.id and second.role == Role.ADMIN
    await first.refresh_from_db()
    assert first.revoked_at is not None and first.accepted_at is None
    assert await AuditEvent.filter(action=AuditAction.MEMBER_INVITED).count() == 2

    invitee = await make_account(INVITEE)
    stale = await ACCEPT_INVITATION.payload(gql, {"token": first_token}, invitee.token)
    assert_single_user_error(stale, "INVALID_TOKEN", ["token"])
    await ACCEPT_INVITATION.ok(gql, {"token": second_token}, invitee.token)
    assert await role_in(team.org, invitee) == Role.ADMIN


async def test_a_new_invitation_leaves_other_organizations_invitations_alone(
    gql: GraphQLClient, team: Team
) -> None:
    await INVITE_MEMBER.ok(gql, invite_input(team.other_org), team.outsider.token)
    await INVITE_MEMBER.ok(gql, invite_input(team.org), team.admin.token)
    await INVITE_MEMBER.ok(gql, invite_input(team.org), team.admin.token)
    assert len(await pending(team.other_org)) == 1
    assert len(await pending(team.org)) == 1


@pytest.mark.parametrize("email", ["not-an-email", "", "two@@example.com", "a@b"])
async def test_an_invalid_email_is_refused_and_nothing_is_written(
    gql: GraphQLClient, team: Team, email: str
) -> None:
    async with writes_nothing():
        result = await INVITE_MEMBER.payload(gql, invite_input(team.org, email), team.admin.token)
    assert result["invitation"] is None
    assert_single_user_error(result, "INVALID_EMAIL", ["email"])


async def test_an_unknown_role_is_a_graphql_error(gql: GraphQLClient, team: Team) -> None:
    async with writes_nothing():
        body = await INVITE_MEMBER.execute(
            gql, invite_input(team.org, role="OWNER"), team.admin.token
        )
    assert body["data"] is None and body["errors"]


@pytest.mark.parametrize("role", ["EDITOR", "REVIEWER"])
async def test_editors_and_reviewers_are_forbidden(
    gql: GraphQLClient, team: Team, role: str
) -> None:
    async with writes_nothing():
        body = await INVITE_MEMBER.execute(gql, invite_input(team.org), team.by_role(role).token)
    assert_top_level_error(body, "FORBIDDEN")
    assert body["data"] is None


async def test_another_organization_answers_like_a_missing_one(
    gql: GraphQLClient, team: Team
) -> None:
    async with writes_nothing():
        foreign = await INVITE_MEMBER.payload(gql, invite_input(team.other_org), team.admin.token)
        missing = await INVITE_MEMBER.payload(
            gql, invite_input(missing_id("Organization")), team.admin.token
        )
    assert_single_user_error(foreign, "NOT_FOUND", ["organizationId"])
    assert foreign == missing


@pytest.mark.parametrize("token", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_invite(
    gql: GraphQLClient, team: Team, token: str | None
) -> None:
    async with writes_nothing():
        body = await INVITE_MEMBER.execute(gql, invite_input(team.org), token)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
