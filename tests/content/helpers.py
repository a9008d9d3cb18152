"""Shared documents, set-up and assertions for the content tests."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from arq.constants import default_queue_name
from tortoise.models import Model

from app.redis import get_redis
from models.content import (
    Brief,
    BriefStatus,
    Comment,
    ContentEdit,
    ContentRequest,
    ContentStatus,
    ContentTransition,
    ContentVersion,
    GenerationLog,
    Platform,
    UsageCounter,
    VersionSource,
)
from schema.common import decode_any_id, decode_id, encode_id
from tests.conftest import Account, GraphQLClient, error_codes

# Fixture call signatures (the project's conftest types them as Any).


class MakeAccount(Protocol):
    async def __call__(self, email: str | None = None, name: str = "Test Person") -> Account: ...


class MakeOrg(Protocol):
    async def __call__(self, owner: Account, name: str = "Acme", **members: Any) -> str: ...


RunWorker = Callable[[], Awaitable[int]]

# GraphQL documents

USER_ERRORS = "userErrors { field message code }"
BRIEF_FIELDS = (
    "id title objective keyMessages audience tone channels callToAction link dueAt status "
    "createdAt createdBy { email }"
)
REQUEST_FIELDS = (
    "id status variantsPerChannel instructions failureReason submittedAt decidedAt "
    "rejectionReason createdBy { email } submittedBy { email } decidedBy { email }"
)
VERSION_FIELDS = (
    "id channel text hashtags suggestedImagePrompt source isSelected violations characterCount "
    "postText createdBy { email }"
)
EDIT_FIELDS = "id previousText newText previousHashtags newHashtags reason editor { email }"
COMMENT_FIELDS = (
    "id body isDeleted isResolved resolvedAt editedAt parentId author { email } "
    "resolvedBy { email }"
)
PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"


class Mutation(str):
    """A mutation taking a single `input` argument. The object *is* the document string, so
    it can be posted as is; the methods run it through the test client."""

    field: str

    def __new__(cls, field: str, input_type: str, selection: str) -> Mutation:
        document = super().__new__(
            cls,
            f"mutation($input: {input_type}!) {{\n"
            f"  {field}(input: $input) {{ {selection} {USER_ERRORS} }}\n"
            "}",
        )
        document.field = field
        return document

    async def execute(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """The whole response body, top-level errors included."""
        return await gql.execute(self, {"input": input}, token)

    async def payload(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """The payload of a response without top-level errors (userErrors may be set)."""
        data = await gql.data(self, {"input": input}, token)
        result: dict[str, Any] = data[self.field]
        return result

    async def ok(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        """The payload of a successful call: no top-level errors and no userErrors."""
        result = await self.payload(gql, input, token)
        assert result["userErrors"] == [], result["userErrors"]
        return result

    async def codes(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> list[str]:
        """The userError codes of a call that answers no top-level errors."""
        return user_codes(await self.payload(gql, input, token))

    async def top_level_codes(
        self, gql: GraphQLClient, input: dict[str, Any], token: str | None
    ) -> list[str]:
        return error_codes(await self.execute(gql, input, token))


def user_codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


def user_fields(payload: dict[str, Any]) -> list[list[str] | None]:
    return [e["field"] for e in payload["userErrors"]]


CREATE_BRIEF = Mutation("createBrief", "CreateBriefInput", f"brief {{ {BRIEF_FIELDS} }}")
UPDATE_BRIEF = Mutation("updateBrief", "UpdateBriefInput", f"brief {{ {BRIEF_FIELDS} }}")
ARCHIVE_BRIEF = Mutation("archiveBrief", "ArchiveBriefInput", f"brief {{ {BRIEF_FIELDS} }}")
REQUEST_GENERATION = Mutation(
    "requestGeneration", "RequestGenerationInput", f"contentRequest {{ {REQUEST_FIELDS} }}"
)
REGENERATE = Mutation("regenerate", "RegenerateInput", f"contentRequest {{ {REQUEST_FIELDS} }}")
SUBMIT_FOR_REVIEW = Mutation(
    "submitForReview", "SubmitForReviewInput", f"contentRequest {{ {REQUEST_FIELDS} }}"
)
APPROVE_CONTENT = Mutation(
    "approveContent", "ApproveContentInput", f"contentRequest {{ {REQUEST_FIELDS} }}"
)
REJECT_CONTENT = Mutation(
    "rejectContent", "RejectContentInput", f"contentRequest {{ {REQUEST_FIELDS} }}"
)
EDIT_CONTENT_VERSION = Mutation(
    "editContentVersion", "EditContentVersionInput", f"contentVersion {{ {VERSION_FIELDS} }}"
)
REVERT_CONTENT_VERSION = Mutation(
    "revertContentVersion", "RevertContentVersionInput", f"contentVersion {{ {VERSION_FIELDS} }}"
)
CREATE_CONTENT_VERSION = Mutation(
    "createContentVersion", "CreateContentVersionInput", f"contentVersion {{ {VERSION_FIELDS} }}"
)
SELECT_CONTENT_VERSION = Mutation(
    "selectContentVersion", "SelectContentVersionInput", f"contentVersion {{ {VERSION_FIELDS} }}"
)
ADD_COMMENT = Mutation("addComment", "AddCommentInput", f"comment {{ {COMMENT_FIELDS} }}")
EDIT_COMMENT = Mutation("editComment", "EditCommentInput", f"comment {{ {COMMENT_FIELDS} }}")
DELETE_COMMENT = Mutation("deleteComment", "CommentIdInput", f"comment {{ {COMMENT_FIELDS} }}")
RESOLVE_COMMENT = Mutation("resolveComment", "CommentIdInput", f"comment {{ {COMMENT_FIELDS} }}")
REOPEN_COMMENT = Mutation("reopenComment", "CommentIdInput", f"comment {{ {COMMENT_FIELDS} }}")

CONTENT_REQUEST = f"""
query($id: ID!) {{
  node(id: $id) {{
    ... on ContentRequest {{
      {REQUEST_FIELDS}
      versions {{ {VERSION_FIELDS} }}
      transitions {{ fromStatus toStatus reason actor {{ email }} }}
    }}
  }}
}}"""

CONTENT_VERSION = f"""
query($id: ID!) {{
  node(id: $id) {{
    ... on ContentVersion {{
      {VERSION_FIELDS}
      editHistory {{ {EDIT_FIELDS} }}
      comments {{ {COMMENT_FIELDS} replies {{ {COMMENT_FIELDS} }} }}
    }}
  }}
}}"""


async def node(gql: GraphQLClient, token: str, document: str, global_id: str) -> dict[str, Any]:
    data = await gql.data(document, {"id": global_id}, token)
    result: dict[str, Any] = data["node"]
    assert result is not None, f"{global_id} is not visible"
    return result


async def content_request(gql: GraphQLClient, token: str, request_id: str) -> dict[str, Any]:
    return await node(gql, token, CONTENT_REQUEST, request_id)


async def content_version(gql: GraphQLClient, token: str, version_id: str) -> dict[str, Any]:
    return await node(gql, token, CONTENT_VERSION, version_id)


# Set-up through the API


def brief_input(org_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "organizationId": org_id,
        "title": "Autumn blend launch",
        "objective": "Announce the autumn blend",
        "keyMessages": ["Roasted in house", "Available from Monday"],
        "channels": ["X", "LINKEDIN"],
        "link": "https://coffee.example/autumn",
    } | fields


async def create_brief(
    gql: GraphQLClient, token: str, org_id: str, **fields: Any
) -> dict[str, Any]:
    """The createBrief payload (userErrors included) for a valid brief overridden by `fields`."""
    return await CREATE_BRIEF.payload(gql, brief_input(org_id, **fields), token)


async def request_generation(
    gql: GraphQLClient, token: str, brief_id: str, variants: int = 1, instructions: str = ""
) -> dict[str, Any]:
    return await REQUEST_GENERATION.payload(
        gql,
        {"briefId": brief_id, "variantsPerChannel": variants, "instructions": instructions},
        token,
    )


# Set-up straight into the database (fast; no AI involved)


def gid(row: Model) -> str:
    """The global id of a row, as the API would give it."""
    return encode_id(type(row).__name__, row.pk)


def org_pk(org_id: str) -> int:
    pk = decode_id(org_id, "Organization")
    assert pk is not None
    return pk


def missing_id(type_name: str) -> str:
    """A well-formed global id of `type_name` that names no row."""
    return encode_id(type_name, 2**40)


async def make_brief(
    org_id: str,
    author: Account,
    *,
    title: str = "Autumn blend launch",
    channels: Sequence[str] = ("X", "LINKEDIN"),
    due_at: datetime | None = None,
    status: BriefStatus = BriefStatus.ACTIVE,
    **fields: Any,
) -> Brief:
    return await Brief.create(
        organization_id=org_pk(org_id),
        created_by_id=author.pk,
        title=title,
        objective="Announce the autumn blend",
        key_messages=["Roasted in house"],
        channels=list(channels),
        link="https://coffee.example/autumn",
        due_at=due_at,
        status=status,
        **fields,
    )


@dataclass
class Drafted:
    """A content request made in the database, with its brief and versions."""

    brief: Brief
    request: ContentRequest
    versions: list[ContentVersion] = field(default_factory=list)

    @property
    def id(self) -> str:
        return gid(self.request)

    def of(self, channel: str) -> list[ContentVersion]:
        return [v for v in self.versions if v.channel == channel]

    def version_id(self, channel: str, index: int = 0) -> str:
        return gid(self.of(channel)[index])


async def make_request(
    org_id: str,
    author: Account,
    *,
    channels: Sequence[str] = ("X", "LINKEDIN"),
    variants: int = 2,
    status: ContentStatus = ContentStatus.DRAFTED,
    select: bool = True,
    brief: Brief | None = None,
) -> Drafted:
    """A request in `status` with `variants` AI versions per channel; the first version of
    each channel is selected when `select`."""
    brief = brief or await make_brief(org_id, author, channels=channels)
    request = await ContentRequest.create(
        organization_id=brief.organization_id,
        brief=brief,
        status=status,
        variants_per_channel=variants,
        pending_channels=list(brief.channels),
        generation_seq=1,
        created_by_id=author.pk,
    )
    versions = []
    for channel in brief.channels:
        for i in range(variants):
            versions.append(
                await ContentVersion.create(
                    organization_id=brief.organization_id,
                    request_id=request.id,
                    channel=Platform(channel),
                    text=f"{channel} draft {i + 1}: roasted in house, out on Monday.",
                    hashtags=["#coffee"],
                    suggested_image_prompt="a cup on a wooden table",
                    source=VersionSource.AI,
                    is_selected=select and i == 0,
                    generation_seq=1,
                )
            )
    return Drafted(brief, request, versions)


async def move_to(
    gql: GraphQLClient, request_id: str, status: str, editor: Account, reviewer: Account
) -> None:
    """Take a DRAFTED request (with selections) to IN_REVIEW, APPROVED or REJECTED through the
    API, so the submitter and decider are recorded as the product records them."""
    await SUBMIT_FOR_REVIEW.ok(gql, {"contentRequestId": request_id}, editor.token)
    if status == "APPROVED":
        await APPROVE_CONTENT.ok(gql, {"contentRequestId": request_id}, reviewer.token)
    elif status == "REJECTED":
        await REJECT_CONTENT.ok(
            gql, {"contentRequestId": request_id, "reason": "Too salesy"}, reviewer.token
        )
    else:
        assert status == "IN_REVIEW", status


async def status_of(request: ContentRequest | Drafted) -> ContentStatus:
    row = request.request if isinstance(request, Drafted) else request
    return (await ContentRequest.get(id=row.id)).status


# Asserting that nothing was written

CONTENT_TABLES: tuple[type[Model], ...] = (
    Brief,
    ContentRequest,
    ContentTransition,
    ContentVersion,
    ContentEdit,
    Comment,
    GenerationLog,
    UsageCounter,
)


async def queued_jobs() -> int:
    count: int = await (await get_redis()).zcard(default_queue_name)
    return count


async def snapshot() -> dict[str, Any]:
    """Every row of every content table, and the job queue's length."""
    state: dict[str, Any] = {
        model.__name__: await model.all().order_by("id").values() for model in CONTENT_TABLES
    }
    state["queued_jobs"] = await queued_jobs()
    return state


@contextlib.asynccontextmanager
async def writes_nothing() -> AsyncIterator[None]:
    """The block must leave every content row (timestamps included) and the queue as it was."""
    before = await snapshot()
    yield
    assert await snapshot() == before


async def assert_forbidden(
    mutation: Mutation, gql: GraphQLClient, input: dict[str, Any], token: str
) -> None:
    """A top-level FORBIDDEN error, and not a single write."""
    async with writes_nothing():
        body = await mutation.execute(gql, input, token)
    assert error_codes(body) == ["FORBIDDEN"], body
    assert body["data"] is None


async def assert_not_found_like_missing(
    mutation: Mutation,
    gql: GraphQLClient,
    token: str,
    make_input: Callable[[str], dict[str, Any]],
    foreign_id: str,
    field: str,
) -> None:
    """Another organization's id answers exactly like an id that names nothing, and neither
    writes anything."""
    decoded = decode_any_id(foreign_id)
    assert decoded is not None
    async with writes_nothing():
        foreign = await mutation.payload(gql, make_input(foreign_id), token)
        missing = await mutation.payload(gql, make_input(missing_id(decoded[0])), token)
    assert foreign == missing
    assert user_codes(foreign) == ["NOT_FOUND"]
    assert user_fields(foreign) == [[field]]
    assert all(v is None for k, v in foreign.items() if k != "userErrors")
