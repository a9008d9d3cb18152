from __future__ import annotations

from datetime import timedelta

import pytest

from app.security import hash_token
from models.accounts import User
from models.audit import AuditAction, AuditEvent
from models.organizations import Invitation, Membership, Role
from models.sessions import now
from schema.common import encode_id
from tests.conftest import GraphQLClient
from tests.organizations.conftest import InviteByMail, Team
from tests.organizations.helpers import (
    ACCEPT_INVITATION,
    ORGANIZATION,
    UNAUTHENTICATED_TOKENS,
    MakeAccount,
    assert_single_user_error,
    assert_top_level_error,
    pk_of,
    role_in,
    writes_nothing,
)

INVITEE = "invitee@example.com"


async def invitation_for(token: str) -> Invitation:
    return await Invitation.get(token_hash=hash_token(token))


@pytest.mark.parametrize("role", ["ADMIN", "EDITOR", "REVIEWER"])
async def test_the_invitee_joins_with_the_invited_role(
    gql: GraphQLClient,
    team: Team,
    invite_by_mail: InviteByMail,
    make_account: MakeAccount,
    role: str,
) -> None:
    token = await invite_by_mail(team.org, team.admin, INVITEE, role)
    # Signed up with different capitalisation: addresses compare normalized.
    invitee = await make_account("Invitee@Example.COM")
    assert (await User.get(id=invitee.pk)).email_verified_at is None

    result = await ACCEPT_INVITATION.ok(gql, {"token": token}, invitee.token)

    member = result["member"]
    joined = await Membership.get(
        organization_id=pk_of(team.org, "Organization"), user_id=invitee.pk
    )
    assert member["id"] == encode_id("Member", joined.id)
    assert (member["role"], joined.role) == (role, Role(role))
    assert member["user"] == {"id": invitee.id, "email": INVITEE}
    assert member["organization"] == {"id": team.org, "viewerRole": role}

    assert (await invitation_for(token)).accepted_at is not None
    # The invitation link proves the address, as a verification link would.
    assert (await User.get(id=invitee.pk)).email_verified_at is not None
    [event] = await AuditEvent.filter(action=AuditAction.MEMBER_JOINED)
    assert (event.organization_id, event.actor_id) == (joined.organization_id, invitee.pk)
    assert (event.target_type, event.target_id, event.data) == ("Member", joined.id, {"role": role})

    data = await gql.data(ORGANIZATION, {"id": team.org}, invitee.token)
    assert data["organization"]["viewerRole"] == role


async def test_someone_else_cannot_use_the_invitation(
    gql: GraphQLClient,
    team: Team,
    invite_by_mail: InviteByMail,
    make_account: MakeAccount,
) -> None:
    token = await invite_by_mail(team.org, team.admin, INVITEE, "ADMIN")
    intruder = await make_account("intruder@example.com")
    async with writes_nothing():
        result = await ACCEPT_INVITATION.payload(gql, {"token": token}, intruder.token)
    assert result["member"] is None
    assert_single_user_error(result, "INVITATION_EMAIL_MISMATCH", ["token"])
    # The same goes for an existing member of another organization.
    async with writes_nothing():
        result = await ACCEPT_INVITATION.payload(gql, {"token": token}, team.outsider.token)
    assert_single_user_error(result, "INVITATION_EMAIL_MISMATCH", ["token"])

    # The invitation is untouched: the right person can still accept it.
    invitee = await make_account(INVITEE)
    await ACCEPT_INVITATION.ok(gql, {"token": token}, invitee.token)
    assert await role_in(team.org, invitee) == Role.ADMIN
    assert await role_in(team.org, intruder) is None


async def test_an_invitation_works_once(
    gql: GraphQLClient,
    team: Team,
    invite_by_mail: InviteByMail,
    make_account: MakeAccount,
) -> None:
    token = await invite_by_mail(team.org, team.admin, INVITEE, "REVIEWER")
    invitee = await make_account(INVITEE)
    await ACCEPT_INVITATION.ok(gql, {"token": token}, invitee.token)
    async with writes_nothing():
        again = await ACCEPT_INVITATION.payload(gql, {"token": token}, invitee.token)
    assert again["member"] is None
    assert_single_user_error(again, "INVALID_TOKEN", ["token"])
    assert await Membership.filter(user_id=invitee.pk).count() == 1


async def test_an_expired_invitation_is_invalid(
    gql: GraphQLClient,
    team: Team,
    invite_by_mail: InviteByMail,
    make_account: MakeAccount,
) -> None:
    token = await invite_by_mail(team.org, team.admin, INVITEE, "EDITOR")
    invitation = await invitation_for(token)
    invitation.expires_at = now() - timedelta(seconds=1)
    await invitation.save(update_fields=["expires_at"])
    invitee = await make_account(INVITEE)
    async with writes_nothing():
        result = await ACCEPT_INVITATION.payload(gql, {"token": token}, invitee.token)
    assert result["member"] is None
    assert_single_user_error(result, "INVALID_TOKEN", ["token"])


@pytest.mark.parametrize("token", ["", "ezi_made-up-token", "not even close"])
async def test_an_unknown_token_is_invalid(
    gql: GraphQLClient, team: Team, make_account: MakeAccount, token: str
) -> None:
    invitee = await make_account(INVITEE)
    async with writes_nothing():
        result = await ACCEPT_INVITATION.payload(gql, {"token": token}, invitee.token)
    assert_single_user_error(result, "INVALID_TOKEN", ["token"])


async def test_an_existing_member_is_already_member(
    gql: GraphQLClient,
    team: Team,
    invite_by_mail: InviteByMail,
    make_account: MakeAccount,
) -> None:
    token = await invite_by_mail(team.org, team.admin, INVITEE, "ADMIN")
    invitee = await make_account(INVITEE)
    # Added by other means while the invitation was pending.
    await Membership.create(
        organization_id=pk_of(team.org, "Organization"), user_id=invitee.pk, role=Role.REVIEWER
    )
    async with writes_nothing():
        result = await ACCEPT_INVITATION.payload(gql, {"token": token}, invitee.token)
    assert_single_user_error(result, "ALREADY_MEMBER", ["token"])
    assert await role_in(team.org, invitee) == Role.REVIEWER


@pytest.mark.parametrize("auth", UNAUTHENTICATED_TOKENS)
async def test_unauthenticated_callers_cannot_accept(
    gql: GraphQLClient, team: Team, invite_by_mail: InviteByMail, auth: str | None
) -> None:
    token = await invite_by_mail(team.org, team.admin, INVITEE, "EDITOR")
    async with writes_nothing():
        body = await ACCEPT_INVITATION.execute(gql, {"token": token}, auth)
    assert_top_level_error(body, "UNAUTHENTICATED")
    assert body["data"] is None
