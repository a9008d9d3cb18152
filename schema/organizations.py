"""GraphQL shapes for organizations, members and invitations."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from models import organizations as m
from resolvers.pagination import build_connection, decode_cursor, page_size
from resolvers.permissions import viewer_memberships
from schema.accounts import User
from schema.common import Connection, Node, UserError, encode_id

Role = m.Role
strawberry.enum(Role)


@strawberry.type
class Organization(Node):
    _model: strawberry.Private[m.Organization]
    name: str
    timezone: str
    website: str
    brand_voice: str
    forbid_self_approval: bool = strawberry.field(
        description="Nobody may approve content they created or submitted for review."
    )
    created_at: datetime

    @classmethod
    def from_model(cls, org: m.Organization) -> Organization:
        return cls(
            id=encode_id("Organization", org.id),
            _model=org,
            name=org.name,
            timezone=org.timezone,
            website=org.website,
            brand_voice=org.brand_voice,
            forbid_self_approval=org.forbid_self_approval,
            created_at=org.created_at,
        )

    @strawberry.field(description="The viewer's role here; null for staff reading as staff.")
    async def viewer_role(self, info: Info) -> Role | None:
        membership = (await viewer_memberships(info.context)).get(self._model.id)
        return membership.role if membership else None

    @strawberry.field
    async def members(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Member]:
        loaders = info.context.loaders
        limit, after_id = page_size(first), decode_cursor(after)
        rows = await loaders.member_page_by_organization.load((self._model.id, limit + 1, after_id))

        async def count() -> int:
            total: int = await loaders.member_count_by_organization.load(self._model.id)
            return total

        return build_connection(rows, limit, after_id, Member.from_model, count)


@strawberry.type
class Member(Node):
    _model: strawberry.Private[m.Membership]
    role: Role
    created_at: datetime

    @classmethod
    def from_model(cls, membership: m.Membership) -> Member:
        return cls(
            id=encode_id("Member", membership.id),
            _model=membership,
            role=membership.role,
            created_at=membership.created_at,
        )

    @strawberry.field
    async def user(self, info: Info) -> User:
        user = await info.context.loaders.user_by_id.load(self._model.user_id)
        return User.from_model(user)

    @strawberry.field
    async def organization(self, info: Info) -> Organization:
        org = await info.context.loaders.organization_by_id.load(self._model.organization_id)
        return Organization.from_model(org)


@strawberry.type
class Invitation(Node):
    email: str
    role: Role
    expires_at: datetime
    created_at: datetime

    @classmethod
    def from_model(cls, invitation: m.Invitation) -> Invitation:
        return cls(
            id=encode_id("Invitation", invitation.id),
            email=invitation.email,
            role=invitation.role,
            expires_at=invitation.expires_at,
            created_at=invitation.created_at,
        )


@strawberry.input
class CreateOrganizationInput:
    name: str
    timezone: str = "UTC"


@strawberry.input
class UpdateOrganizationInput:
    organization_id: strawberry.ID
    name: str | None = None
    timezone: str | None = None
    website: str | None = None
    brand_voice: str | None = None
    forbid_self_approval: bool | None = None


@strawberry.input
class InviteMemberInput:
    organization_id: strawberry.ID
    email: str
    role: Role


@strawberry.input
class AcceptInvitationInput:
    token: str


@strawberry.input
class UpdateMemberRoleInput:
    member_id: strawberry.ID
    role: Role


@strawberry.input
class RemoveMemberInput:
    member_id: strawberry.ID


@strawberry.input
class LeaveOrganizationInput:
    organization_id: strawberry.ID


@strawberry.type
class OrganizationPayload:
    organization: Organization | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CreateOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type
class UpdateOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type
class LeaveOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type
class InviteMemberPayload:
    invitation: Invitation | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class MemberPayload:
    member: Member | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AcceptInvitationPayload(MemberPayload):
    pass


@strawberry.type
class UpdateMemberRolePayload(MemberPayload):
    pass


@strawberry.type
class RemoveMemberPayload:
    removed_member_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
