"""Organization queries and mutations: thin calls into models.membership."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from models import membership as rules
from models.base import not_found
from models.organizations import Membership
from models.organizations import Organization as OrganizationModel
from resolvers.common import user_errors_as
from resolvers.pagination import paginate
from resolvers.permissions import (
    ADMINS,
    ANY_ROLE,
    context,
    readable_organization,
    require_member,
    require_member_of,
    require_user,
    viewer_memberships,
)
from schema.common import Connection, decode_id
from schema.organizations import (
    AcceptInvitationInput,
    AcceptInvitationPayload,
    CreateOrganizationInput,
    CreateOrganizationPayload,
    Invitation,
    InviteMemberInput,
    InviteMemberPayload,
    LeaveOrganizationInput,
    LeaveOrganizationPayload,
    Member,
    Organization,
    RemoveMemberInput,
    RemoveMemberPayload,
    UpdateMemberRoleInput,
    UpdateMemberRolePayload,
    UpdateOrganizationInput,
    UpdateOrganizationPayload,
)


async def _member_for_admin(info: Info, member_global_id: str) -> Membership:
    """A membership in an organization where the viewer is ADMIN; others look missing."""
    require_user(info)
    member_id = decode_id(member_global_id, "Member")
    member = await Membership.filter(id=member_id).first() if member_id else None
    if member is None or member.organization_id not in await viewer_memberships(context(info)):
        raise not_found("Member", "memberId")
    await require_member_of(info, member.organization_id, ADMINS, "memberId")
    return member


@strawberry.type
class OrganizationQuery:
    @strawberry.field
    async def organization(self, info: Info, id: strawberry.ID) -> Organization | None:
        org = await readable_organization(info, decode_id(id, "Organization"))
        return Organization.from_model(org) if org else None

    @strawberry.field(description="Organizations the viewer is a member of.")
    async def organizations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Organization]:
        user = require_user(info)
        return await paginate(
            OrganizationModel.filter(memberships__user_id=user.id),
            first,
            after,
            Organization.from_model,
        )


@strawberry.type
class OrganizationMutation:
    @strawberry.mutation
    @user_errors_as(CreateOrganizationPayload)
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        org = await rules.create_organization(require_user(info), input.name, input.timezone)
        context(info).memberships = None  # the viewer just became a member
        return CreateOrganizationPayload(organization=Organization.from_model(org))

    @strawberry.mutation
    @user_errors_as(UpdateOrganizationPayload)
    async def update_organization(
        self, info: Info, input: UpdateOrganizationInput
    ) -> UpdateOrganizationPayload:
        org, _ = await require_member(info, input.organization_id, ADMINS)
        org = await rules.update_organization(
            org,
            require_user(info),
            name=input.name,
            timezone=input.timezone,
            website=input.website,
            brand_voice=input.brand_voice,
            forbid_self_approval=input.forbid_self_approval,
        )
        return UpdateOrganizationPayload(organization=Organization.from_model(org))

    @strawberry.mutation
    @user_errors_as(InviteMemberPayload)
    async def invite_member(self, info: Info, input: InviteMemberInput) -> InviteMemberPayload:
        org, _ = await require_member(info, input.organization_id, ADMINS)
        invitation = await rules.invite_member(org, require_user(info), input.email, input.role)
        return InviteMemberPayload(invitation=Invitation.from_model(invitation))

    @strawberry.mutation
    @user_errors_as(AcceptInvitationPayload)
    async def accept_invitation(
        self, info: Info, input: AcceptInvitationInput
    ) -> AcceptInvitationPayload:
        membership = await rules.accept_invitation(require_user(info), input.token)
        context(info).memberships = None
        return AcceptInvitationPayload(member=Member.from_model(membership))

    @strawberry.mutation
    @user_errors_as(UpdateMemberRolePayload)
    async def update_member_role(
        self, info: Info, input: UpdateMemberRoleInput
    ) -> UpdateMemberRolePayload:
        member = await _member_for_admin(info, input.member_id)
        member = await rules.update_member_role(member, require_user(info), input.role)
        return UpdateMemberRolePayload(member=Member.from_model(member))

    @strawberry.mutation
    @user_errors_as(RemoveMemberPayload)
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberPayload:
        member = await _member_for_admin(info, input.member_id)
        await rules.remove_member(member, require_user(info))
        return RemoveMemberPayload(removed_member_id=input.member_id)

    @strawberry.mutation
    @user_errors_as(LeaveOrganizationPayload)
    async def leave_organization(
        self, info: Info, input: LeaveOrganizationInput
    ) -> LeaveOrganizationPayload:
        org, membership = await require_member(info, input.organization_id, ANY_ROLE)
        await rules.remove_member(membership, require_user(info), leaving=True)
        context(info).memberships = None
        return LeaveOrganizationPayload(organization=Organization.from_model(org))
