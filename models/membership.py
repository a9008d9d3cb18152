"""Organization rules: creation, settings, invitations, roles and the last-admin invariant."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from zoneinfo import available_timezones

from tortoise.transactions import in_transaction

from app.ids import encode_id
from app.security import hash_token, new_token
from app.settings import get_settings
from models.accounts import User
from models.audit import AuditAction, record
from models.auth import clean_name, normalize_email
from models.base import DomainError, ErrorCode, Problem, invalid, not_found
from models.events import emit
from models.mail import OutboxMessage, app_link, deliver_after_commit, queue_mail
from models.organizations import Invitation, Membership, Organization, Role
from models.sessions import now

MAX_BRAND_VOICE = 5000


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def check_timezone(timezone: str, *path: str) -> str:
    if timezone not in _timezones():
        raise DomainError.of(
            ErrorCode.INVALID_TIMEZONE,
            f"{timezone!r} is not an IANA time zone (e.g. Europe/Berlin).",
            *path,
        )
    return timezone


async def create_organization(creator: User, name: str, timezone: str) -> Organization:
    problems: list[Problem] = []
    for check in (lambda: clean_name(name, "name"), lambda: check_timezone(timezone, "timezone")):
        try:
            check()
        except DomainError as exc:
            problems += exc.problems
    if problems:
        raise DomainError(problems)
    async with in_transaction():
        org = await Organization.create(name=name.strip(), timezone=timezone)
        await Membership.create(organization=org, user=creator, role=Role.ADMIN)
        await record(
            AuditAction.ORGANIZATION_CREATED,
            organization_id=org.id,
            actor_id=creator.id,
            target_type="Organization",
            target_id=org.id,
        )
    return org


async def update_organization(
    org: Organization,
    actor: User,
    *,
    name: str | None = None,
    timezone: str | None = None,
    website: str | None = None,
    brand_voice: str | None = None,
    forbid_self_approval: bool | None = None,
) -> Organization:
    changes: dict[str, str | bool] = {}
    if name is not None:
        changes["name"] = clean_name(name, "name")
    if timezone is not None:
        changes["timezone"] = check_timezone(timezone, "timezone")
    if website is not None:
        website = website.strip()
        if (website and not website.startswith(("https://", "http://"))) or len(website) > 500:
            raise invalid("Give an http(s) URL of at most 500 characters.", "website")
        changes["website"] = website
    if brand_voice is not None:
        if len(brand_voice) > MAX_BRAND_VOICE:
            raise invalid(f"Keep the brand voice under {MAX_BRAND_VOICE} characters.", "brandVoice")
        changes["brand_voice"] = brand_voice.strip()
    if forbid_self_approval is not None:
        changes["forbid_self_approval"] = forbid_self_approval
    if changes:
        async with in_transaction():
            await Organization.filter(id=org.id).update(**changes)
            await record(
                AuditAction.ORGANIZATION_UPDATED,
                organization_id=org.id,
                actor_id=actor.id,
                target_type="Organization",
                target_id=org.id,
                data={"fields": sorted(changes)},
            )
        await org.refresh_from_db()
        await emit(org.id, "ORGANIZATION_UPDATED", actor.id, fields=sorted(changes))
    return org


async def _lock_organization(org_id: int) -> None:
    """Serialize membership changes per organization so the last-admin rule holds under races."""
    await Organization.filter(id=org_id).select_for_update().first()


async def _admin_count(org_id: int) -> int:
    return await Membership.filter(organization_id=org_id, role=Role.ADMIN).count()


async def invite_member(org: Organization, actor: User, email: str, role: Role) -> Invitation:
    email = normalize_email(email, "email")
    async with in_transaction():
        if await Membership.filter(organization_id=org.id, user__email=email).exists():
            raise DomainError.of(
                ErrorCode.ALREADY_MEMBER, "This person is already a member.", "email"
            )
        # A new invitation replaces any pending one for the same address.
        await Invitation.filter(
            organization_id=org.id, email=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now())
        token = new_token("ezi_")
        invitation = await Invitation.create(
            organization=org,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=actor,
            expires_at=now() + timedelta(days=get_settings().invitation_ttl_days),
        )
        mail: OutboxMessage = await queue_mail(
            email,
            f"{actor.name} invited you to {org.name} on Ezre Comms",
            f"{actor.name} invited you to join {org.name} as {role.value.lower()}.\n\n"
            f"Accept the invitation:\n{app_link('accept-invitation', token)}\n\n"
            f"The link expires in {get_settings().invitation_ttl_days} days.",
            "invitation",
        )
        await record(
            AuditAction.MEMBER_INVITED,
            organization_id=org.id,
            actor_id=actor.id,
            target_type="Invitation",
            target_id=invitation.id,
            data={"email": email, "role": role.value},
        )
    await deliver_after_commit(mail)
    return invitation


async def accept_invitation(user: User, token: str) -> Membership:
    token_hash = hash_token(token)
    bad = DomainError.of(
        ErrorCode.INVALID_TOKEN, "This invitation is invalid, used or expired.", "token"
    )
    async with in_transaction():
        invitation = (
            await Invitation.filter(
                token_hash=token_hash, accepted_at=None, revoked_at=None, expires_at__gt=now()
            )
            .select_for_update()
            .first()
        )
        if invitation is None:
            raise bad
        if invitation.email != user.email:
            raise DomainError.of(
                ErrorCode.INVITATION_EMAIL_MISMATCH,
                "This invitation was sent to another email address; sign in with that one.",
                "token",
            )
        if await Membership.filter(organization_id=invitation.organization_id, user=user).exists():
            raise DomainError.of(ErrorCode.ALREADY_MEMBER, "You are already a member.", "token")
        invitation.accepted_at = now()
        await invitation.save(update_fields=["accepted_at", "updated_at"])
        membership = await Membership.create(
            organization_id=invitation.organization_id, user=user, role=invitation.role
        )
        # The invitation link proves the address, as a verification link would.
        if user.email_verified_at is None:
            user.email_verified_at = now()
            await user.save(update_fields=["email_verified_at", "updated_at"])
        await record(
            AuditAction.MEMBER_JOINED,
            organization_id=invitation.organization_id,
            actor_id=user.id,
            target_type="Member",
            target_id=membership.id,
            data={"role": invitation.role.value},
        )
    await emit(
        membership.organization_id,
        "MEMBER_JOINED",
        user.id,
        memberId=encode_id("Member", membership.id),
        role=membership.role.value,
    )
    return membership


async def update_member_role(member: Membership, actor: User, role: Role) -> Membership:
    async with in_transaction():
        await _lock_organization(member.organization_id)
        await member.refresh_from_db()
        previous = member.role
        if previous == role:
            return member
        if previous == Role.ADMIN and await _admin_count(member.organization_id) <= 1:
            raise _last_admin("role")
        member.role = role
        await member.save(update_fields=["role", "updated_at"])
        await record(
            AuditAction.ROLE_CHANGED,
            organization_id=member.organization_id,
            actor_id=actor.id,
            target_type="Member",
            target_id=member.id,
            data={"userId": member.user_id, "from": previous.value, "to": role.value},
        )
    await emit(
        member.organization_id,
        "MEMBER_ROLE_CHANGED",
        actor.id,
        memberId=encode_id("Member", member.id),
        previousRole=previous.value,
        role=role.value,
    )
    return member


async def remove_member(member: Membership, actor: User, *, leaving: bool = False) -> None:
    async with in_transaction():
        await _lock_organization(member.organization_id)
        current = await Membership.filter(id=member.id).first()
        if current is None:
            raise not_found("Member", "memberId")
        if current.role == Role.ADMIN and await _admin_count(member.organization_id) <= 1:
            raise _last_admin("organizationId" if leaving else "memberId")
        await current.delete()
        await record(
            AuditAction.MEMBER_LEFT if leaving else AuditAction.MEMBER_REMOVED,
            organization_id=member.organization_id,
            actor_id=actor.id,
            target_type="Member",
            target_id=member.id,
            data={"userId": member.user_id, "role": current.role.value},
        )
    await emit(
        member.organization_id,
        "MEMBER_LEFT" if leaving else "MEMBER_REMOVED",
        actor.id,
        memberId=encode_id("Member", member.id),
    )


def _last_admin(field: str) -> DomainError:
    return DomainError.of(
        ErrorCode.LAST_ADMIN,
        "An organization needs at least one admin; make someone else admin first.",
        field,
    )
