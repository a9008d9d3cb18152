"""The one restriction point: who may read or change what, by organization membership.

Another organization's object answers exactly like a missing one; a member whose role is
not enough gets FORBIDDEN. Staff may read (never write) any organization, and each such
read is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.types import Info

from app.context import RequestContext
from models.accounts import User
from models.audit import AuditAction, record
from models.base import not_found
from models.organizations import Membership, Organization, Role
from schema.common import ApiError, decode_id, forbidden, unauthenticated

ANY_ROLE = frozenset(Role)
WRITERS = frozenset({Role.ADMIN, Role.EDITOR})
REVIEWERS = frozenset({Role.ADMIN, Role.REVIEWER})
ADMINS = frozenset({Role.ADMIN})


def context(info: Info) -> RequestContext:
    ctx: RequestContext = info.context
    return ctx


def require_user(info: Info) -> User:
    ctx = context(info)
    if ctx.user is None:
        raise unauthenticated()
    return ctx.user


async def viewer_memberships(ctx: RequestContext) -> dict[int, Membership]:
    if ctx.memberships is None:
        if ctx.user is None:
            return {}
        rows = await Membership.filter(user_id=ctx.user.id).order_by("id")
        ctx.memberships = {m.organization_id: m for m in rows}
    return ctx.memberships


async def can_read_organization(ctx: RequestContext, org_id: int) -> bool:
    if org_id in await viewer_memberships(ctx):
        return True
    if ctx.user is not None and ctx.user.is_staff:
        if org_id not in ctx.staff_reads_audited:
            ctx.staff_reads_audited.add(org_id)
            if await Organization.filter(id=org_id).exists():
                await record(
                    AuditAction.STAFF_ACCESS,
                    organization_id=org_id,
                    actor_id=ctx.user.id,
                    target_type="Organization",
                    target_id=org_id,
                )
        return True
    return False


async def readable_organization(info: Info, org_id: int | None) -> Organization | None:
    """For queries: the organization if the viewer may read it, else None."""
    require_user(info)
    ctx = context(info)
    if org_id is None or not await can_read_organization(ctx, org_id):
        return None
    return await ctx.loaders.organization_by_id.load(org_id)


async def require_member(
    info: Info, org_global_id: str, roles: Iterable[Role], field: str = "organizationId"
) -> tuple[Organization, Membership]:
    """For writes: the organization and the viewer's membership, with a role in `roles`."""
    org_id = decode_id(org_global_id, "Organization")
    return await require_member_of(info, org_id, roles, field)


async def require_member_of(
    info: Info, org_id: int | None, roles: Iterable[Role], field: str
) -> tuple[Organization, Membership]:
    require_user(info)
    ctx = context(info)
    membership = (await viewer_memberships(ctx)).get(org_id) if org_id else None
    if membership is None or org_id is None:
        raise not_found("Organization", field)
    if membership.role not in frozenset(roles):
        raise forbidden()
    org = await ctx.loaders.organization_by_id.load(org_id)
    if org is None:
        raise not_found("Organization", field)
    return org, membership


async def require_readable(
    info: Info, org_global_id: str, roles: Iterable[Role] = ANY_ROLE
) -> Organization:
    """For organization-scoped queries. Staff pass any role check, since they only read."""
    ctx = context(info)
    org = await readable_organization(info, decode_id(org_global_id, "Organization"))
    if org is None:
        raise ApiError("NOT_FOUND", "Organization not found.")
    membership = (await viewer_memberships(ctx)).get(org.id)
    if membership is not None and membership.role not in frozenset(roles):
        raise forbidden()
    return org


async def require_object(
    info: Info, model: type[Any], global_id: str, roles: Iterable[Role], field: str
) -> tuple[Any, Membership]:
    """An organization-owned row by global id, for writes by a member with one of `roles`.
    A row of another organization, a wrong type or a bad id all answer NOT_FOUND."""
    require_user(info)
    type_name = model.__name__
    pk = decode_id(global_id, type_name)
    obj = await model.filter(id=pk).first() if pk else None
    membership = (await viewer_memberships(context(info))).get(obj.organization_id) if obj else None
    if obj is None or membership is None:
        raise not_found(_label(type_name), field)
    if membership.role not in frozenset(roles):
        raise forbidden()
    return obj, membership


async def readable_object(info: Info, model: type[Any], pk: int) -> Any | None:
    """For node(id:) and queries: the row if the viewer may read its organization."""
    obj = await model.filter(id=pk).first()
    if obj is None or not await can_read_organization(context(info), obj.organization_id):
        return None
    return obj


def _label(type_name: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in type_name).strip().capitalize()
