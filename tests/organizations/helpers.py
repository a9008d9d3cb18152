"""GraphQL documents and helpers shared by the organization tests."""

from __future__ import annotations

import base64
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any, Protocol

from arq.constants import default_queue_name
from tortoise import connections

from app.redis import get_redis
from models.audit import AuditEvent
from models.organizations import Membership, Role
from schema.common import decode_id, encode_id
from tests.conftest import PASSWORD, Account, GraphQLClient, SmtpInbox, error_codes

# Fixture call signatures (the project's conftest types them as Any).


class MakeAccount(Protocol):
    async def __call__(self, email: str | None = None, name: str = "Test Person") -> Account: ...


class MakeOrg(Protocol):
    async def __call__(self, owner: Account, name: str = "Acme", **members: Any) -> str: ...


RunWorker = Callable[[], Awaitable[int]]

# GraphQL documents

USER_ERRORS = "userErrors { field message code }"
ORGANIZATION_FIELDS = "id name timezone website brandVoice createdAt viewerRole"
MEMBER_FIELDS = "id role createdAt user { id email } organization { id viewerRole }"
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"


@dataclass(frozen=True)
class Mutation:
    """One mutation taking a single `input` argument and answering a payload."""

    field: str
    input_type: str
    selection: str

    @property
    def document(self) -> str:
        return (
            f"mutation($input: {self.input_type}!) {{\n"
            f"  {self.field}(input: $input) {{ {self.selection} {USER_ERRORS} }}\n"
            "}"
        )

    async def execute(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """The whole response body, top-level errors included."""
        return await gql.execute(self.document, {"input": input}, token)

    async def payload(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """The payload of a response without top-level errors (userErrors may be set)."""
        data = await gql.data(self.document, {"input": input}, token)
        result: dict[str, Any] = data[self.field]
        return result

    async def ok(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """The payload of a successful call: no top-level errors and no userErrors."""
        result = await self.payload(gql, input, token)
        assert result["userErrors"] == [], result["userErrors"]
        return result


CREATE_ORGANIZATION = Mutation(
    "createOrganization", "CreateOrganizationInput", f"organization {{ {ORGANIZATION_FIELDS} }}"
)
UPDATE_ORGANIZATION = Mutation(
    "updateOrganization", "UpdateOrganizationInput", f"organization {{ {ORGANIZATION_FIELDS} }}"
)
INVITE_MEMBER = Mutation(
    "inviteMember", "InviteMemberInput", "invitation { id email role expiresAt createdAt }"
)
ACCEPT_INVITATION = Mutation(
    "acceptInvitation", "AcceptInvitationInput", f"member {{ {MEMBER_FIELDS} }}"
)
UPDATE_MEMBER_ROLE = Mutation(
    "updateMemberRole", "UpdateMemberRoleInput", f"member {{ {MEMBER_FIELDS} }}"
)
REMOVE_MEMBER = Mutation("removeMember", "RemoveMemberInput", "removedMemberId")
LEAVE_ORGANIZATION = Mutation(
    "leaveOrganization", "LeaveOrganizationInput", f"organization {{ {ORGANIZATION_FIELDS} }}"
)
LOG_IN = Mutation("logIn", "LogInInput", "user { id email } session { accessToken refreshToken }")

ORGANIZATION = f"""
query($id: ID!, $first: Int, $after: String) {{
  organization(id: $id) {{
    {ORGANIZATION_FIELDS}
    members(first: $first, after: $after) {{
      totalCount {PAGE_INFO} edges {{ cursor node {{ {MEMBER_FIELDS} }} }}
    }}
  }}
}}"""

ORGANIZATIONS = f"""
query($first: Int, $after: String) {{
  organizations(first: $first, after: $after) {{
    totalCount {PAGE_INFO} edges {{ cursor node {{ id name viewerRole }} }}
  }}
}}"""

NODE = """
query($id: ID!) {
  node(id: $id) {
    __typename id
    ... on Organization { name timezone viewerRole }
    ... on Member { role user { id email } organization { id } }
    ... on User { email name lastLoginAt }
    ... on AuditEvent { action targetType targetId actor { id } }
  }
}"""

AUDIT_LOG = f"""
query($organizationId: ID!, $first: Int, $after: String) {{
  auditLog(organizationId: $organizationId, first: $first, after: $after) {{
    totalCount {PAGE_INFO}
    edges {{
      cursor
      node {{ id action targetType targetId data ip requestId createdAt actor {{ id email }} }}
    }}
  }}
}}"""

# A well-formed cursor whose id does not fit PostgreSQL's BIGINT.
OUT_OF_RANGE_CURSOR = base64.urlsafe_b64encode(b"c:99999999999999999999999").decode()

# Tokens a request may carry that must never be treated as a signed-in user.
UNAUTHENTICATED_TOKENS = [None, "not-a-valid-access-token"]

STAFF_EMAIL = "staff@ezre.example.com"
STAFF_PASSWORD = "amber-lantern-quartz-88"


# Ids


def pk_of(global_id: str, type_name: str) -> int:
    pk = decode_id(global_id, type_name)
    assert pk is not None, (global_id, type_name)
    return pk


def missing_id(type_name: str) -> str:
    """A well-formed global id for a row that does not exist."""
    return encode_id(type_name, 987_654_321)


async def membership(org_id: str, account: Account) -> Membership | None:
    return await Membership.filter(
        organization_id=pk_of(org_id, "Organization"), user_id=account.pk
    ).first()


async def member_id(org_id: str, account: Account) -> str:
    found = await membership(org_id, account)
    assert found is not None, f"{account.email} is not a member of {org_id}"
    return encode_id("Member", found.id)


async def role_in(org_id: str, account: Account) -> Role | None:
    found = await membership(org_id, account)
    return found.role if found else None


async def audit_rows(org_id: str) -> list[AuditEvent]:
    """The organization's audit events, oldest first, straight from the database."""
    return await AuditEvent.filter(organization_id=pk_of(org_id, "Organization")).order_by("id")


async def audit_actions(org_id: str) -> list[str]:
    return [event.action.value for event in await audit_rows(org_id)]


# Outcomes

SNAPSHOT_TABLES = (
    "users",
    "organizations",
    "memberships",
    "invitations",
    "audit_events",
    "outbox_messages",
)


async def db_snapshot() -> dict[str, Any]:
    """Every row of the tables these operations write, plus the job queue."""
    conn = connections.get("default")
    state: dict[str, Any] = {
        table: await conn.execute_query_dict(f'SELECT * FROM "{table}" ORDER BY id')
        for table in SNAPSHOT_TABLES
    }
    state["jobs"] = await (await get_redis()).zrange(default_queue_name, 0, -1)
    return state


@contextlib.asynccontextmanager
async def writes_nothing() -> AsyncIterator[None]:
    """Asserts the block leaves the database and the job queue exactly as they were."""
    before = await db_snapshot()
    yield
    after = await db_snapshot()
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"written to: {changed}"


def assert_top_level_error(body: dict[str, Any], code: str) -> None:
    assert error_codes(body) == [code], body


def assert_single_user_error(payload: dict[str, Any], code: str, field: list[str]) -> None:
    errors = payload["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [(code, field)], errors
    assert errors[0]["message"]


# Accounts


async def log_in(gql: GraphQLClient, email: str, password: str = PASSWORD) -> dict[str, Any]:
    """The logIn payload (userErrors may be set, e.g. for a wrong password)."""
    return await LOG_IN.payload(gql, {"email": email, "password": password}, None)


async def sign_in(gql: GraphQLClient, email: str, password: str = PASSWORD) -> Account:
    result = await log_in(gql, email, password)
    assert result["userErrors"] == [], result["userErrors"]
    return Account(
        id=result["user"]["id"],
        email=result["user"]["email"],
        token=result["session"]["accessToken"],
        refresh_token=result["session"]["refreshToken"],
        pk=pk_of(result["user"]["id"], "User"),
    )


# Mail


def invitation_mails(inbox: SmtpInbox, email: str) -> list[Message]:
    return [m for m in inbox.to(email) if "invited you" in (m["Subject"] or "")]
