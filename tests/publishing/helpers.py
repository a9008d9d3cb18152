"""Documents and set-up shared by the publishing tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from models.content import ContentStatus, UsageCounter
from models.scheduling import Occurrence
from schema.common import decode_id
from tests.conftest import Account, GraphQLClient
from tests.content.helpers import Drafted, Mutation, make_request, move_to, org_pk
from tests.publishing.conftest import Team

CONNECTION_FIELDS = (
    "id platform accountId accountName avatarUrl instanceUrl status tokenExpiresAt "
    "lastRefreshedAt lastError limits createdAt"
)
OCCURRENCE_FIELDS = (
    "id dueAt status attempts lastError startedAt finishedAt nextAttemptAt "
    "publishedPost { id channel platformPostId url publishedAt contentRequestId "
    "contentVersion { id text } platformConnection { id } }"
)
SCHEDULE_FIELDS = (
    "id channel status statusReason publishAt timezone maxRetries nextOccurrenceAt "
    "contentRequestId platformConnection { id platform } contentVersion { id } "
    "recurrence { frequency interval byWeekday cron endsAt count }"
)

CONNECT_WEBHOOK = Mutation(
    "connectWebhook",
    "ConnectWebhookInput",
    f"platformConnection {{ {CONNECTION_FIELDS} }} signingSecret",
)
DEACTIVATE = Mutation(
    "deactivatePlatformConnection",
    "PlatformConnectionIdInput",
    f"platformConnection {{ {CONNECTION_FIELDS} }}",
)
REACTIVATE = Mutation(
    "reactivatePlatformConnection",
    "PlatformConnectionIdInput",
    f"platformConnection {{ {CONNECTION_FIELDS} }}",
)
DISCONNECT = Mutation(
    "disconnectPlatform",
    "PlatformConnectionIdInput",
    f"platformConnection {{ {CONNECTION_FIELDS} }}",
)
START_CONNECTION = Mutation(
    "startPlatformConnection", "StartPlatformConnectionInput", "authorizationUrl"
)
COMPLETE_CONNECTION = Mutation(
    "completePlatformConnection",
    "CompletePlatformConnectionInput",
    f"platformConnection {{ {CONNECTION_FIELDS} }}",
)
SCHEDULE_POST = Mutation("schedulePost", "SchedulePostInput", f"schedule {{ {SCHEDULE_FIELDS} }}")
RESCHEDULE_POST = Mutation(
    "reschedulePost", "ReschedulePostInput", f"schedule {{ {SCHEDULE_FIELDS} }}"
)
PAUSE = Mutation("pauseSchedule", "ScheduleIdInput", f"schedule {{ {SCHEDULE_FIELDS} }}")
RESUME = Mutation("resumeSchedule", "ScheduleIdInput", f"schedule {{ {SCHEDULE_FIELDS} }}")
CANCEL = Mutation("cancelSchedule", "ScheduleIdInput", f"schedule {{ {SCHEDULE_FIELDS} }}")

CONNECTIONS = f"""
query($org: ID!) {{
  platformConnections(organizationId: $org) {{
    totalCount edges {{ node {{ {CONNECTION_FIELDS} }} }}
  }}
}}"""

SCHEDULES = f"""
query($org: ID!, $filter: ScheduleFilter, $first: Int, $after: String) {{
  schedules(organizationId: $org, filter: $filter, first: $first, after: $after) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ {SCHEDULE_FIELDS} occurrences {{ {OCCURRENCE_FIELDS} }} }} }}
  }}
}}"""

SCHEDULE = f"""
query($id: ID!) {{
  node(id: $id) {{ ... on Schedule {{ {SCHEDULE_FIELDS} occurrences {{ {OCCURRENCE_FIELDS} }} }} }}
}}"""

PUBLISHED_POSTS = """
query($org: ID!, $filter: PublishedPostFilter) {
  publishedPosts(organizationId: $org, filter: $filter) {
    totalCount
    edges { node { id channel platformPostId url publishedAt contentRequestId scheduleId
      contentVersion { id } platformConnection { id } } }
  }
}"""

NOTIFICATIONS = """
query($org: ID!) {
  notifications(organizationId: $org) {
    totalCount edges { node { id kind message data readAt } }
  }
}"""


def iso(moment: datetime) -> str:
    return moment.isoformat()


def soon(seconds: float = 0.0) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


async def approved(
    gql: GraphQLClient, team: Team, channels: Sequence[str] = ("WEBHOOK",), org: str | None = None
) -> Drafted:
    """A content request with one selected version per channel, approved through the API."""
    drafted = await make_request(org or team.org, team.editor, channels=channels, variants=1)
    await move_to(gql, drafted.id, "APPROVED", team.editor, team.reviewer)
    return drafted


async def connect_webhook(
    gql: GraphQLClient, admin: Account, org: str, url: str, name: str = "Site"
) -> dict[str, Any]:
    """The connectWebhook payload: `platformConnection` and the one-time `signingSecret`."""
    return await CONNECT_WEBHOOK.ok(
        gql, {"organizationId": org, "url": url, "name": name}, admin.token
    )


async def schedule(
    gql: GraphQLClient,
    account: Account,
    request_id: str,
    connection_id: str,
    publish_at: datetime,
    *,
    channel: str = "WEBHOOK",
    timezone: str = "UTC",
    **extra: Any,
) -> dict[str, Any]:
    """The schedulePost payload (userErrors included)."""
    return await SCHEDULE_POST.payload(
        gql,
        {
            "contentRequestId": request_id,
            "channel": channel,
            "platformConnectionId": connection_id,
            "publishAt": iso(publish_at),
            "timezone": timezone,
            **extra,
        },
        account.token,
    )


async def schedule_node(gql: GraphQLClient, token: str, schedule_id: str) -> dict[str, Any]:
    data = await gql.data(SCHEDULE, {"id": schedule_id}, token)
    node: dict[str, Any] = data["node"]
    return node


async def occurrences_of(schedule_id: str) -> list[Occurrence]:
    return await Occurrence.filter(schedule_id=decode_id(schedule_id, "Schedule")).order_by(
        "due_at"
    )


async def request_status(request: Drafted) -> ContentStatus:
    from models.content import ContentRequest

    return (await ContentRequest.get(id=request.request.id)).status


async def usage(org: str, metric: str) -> int:
    row = await UsageCounter.filter(organization_id=org_pk(org), metric=metric).first()
    return row.value if row else 0
