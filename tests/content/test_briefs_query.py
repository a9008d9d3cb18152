"""The `briefs` list: filters, orderings and cursor pagination (nulls in dueAt included)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from models.content import Brief, BriefStatus
from tests.conftest import GraphQLClient, error_codes
from tests.content.conftest import Team
from tests.content.helpers import PAGE_INFO, gid, make_brief

BRIEFS = f"""
query($org: ID!, $filter: BriefFilter, $orderBy: BriefOrder, $first: Int, $after: String) {{
  briefs(organizationId: $org, filter: $filter, orderBy: $orderBy, first: $first,
         after: $after) {{
    totalCount {PAGE_INFO}
    edges {{ cursor node {{ id title dueAt status channels createdBy {{ email }} }} }}
  }}
}}"""


def day(n: int) -> datetime:
    return datetime(2026, 12, n, 9, 0, tzinfo=UTC)


@dataclass
class Library:
    """Six briefs of Acme (ties in title and in due date, two without a due date) and one
    of Globex that must never show."""

    briefs: list[Brief]
    foreign: Brief

    def ids(self, *indexes: int) -> list[str]:
        return [gid(self.briefs[i]) for i in indexes]


@pytest.fixture
async def library(team: Team) -> Library:
    specs: list[tuple[str, list[str], datetime | None, Any, BriefStatus]] = [
        ("espresso", ["X"], day(3), team.editor, BriefStatus.ACTIVE),
        ("americano", ["LINKEDIN", "X"], None, team.admin, BriefStatus.ACTIVE),
        ("cortado", ["INSTAGRAM"], day(1), team.editor, BriefStatus.ARCHIVED),
        ("espresso", ["X", "INSTAGRAM"], day(1), team.admin, BriefStatus.ACTIVE),
        ("mocha", ["THREADS"], None, team.editor, BriefStatus.ACTIVE),
        ("latte", ["X"], day(2), team.editor, BriefStatus.ACTIVE),
    ]
    briefs = [
        await make_brief(team.org, author, title=title, channels=channels, due_at=due, status=st)
        for title, channels, due, author, st in specs
    ]
    foreign = await make_brief(team.other_org, team.outsider, title="espresso", channels=["X"])
    return Library(briefs, foreign)


async def briefs(gql: GraphQLClient, token: str, org: str, **variables: Any) -> dict[str, Any]:
    data = await gql.data(BRIEFS, {"org": org, **variables}, token)
    result: dict[str, Any] = data["briefs"]
    return result


def node_ids(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


async def every_page(
    gql: GraphQLClient, token: str, org: str, order_by: dict[str, str], size: int
) -> list[str]:
    """Walk the list page by page, checking each page's pageInfo on the way."""
    seen: list[str] = []
    after: str | None = None
    while True:
        page = await briefs(gql, token, org, orderBy=order_by, first=size, after=after)
        assert page["totalCount"] == 6
        info = page["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        assert len(page["edges"]) == size or not info["hasNextPage"]
        assert info["endCursor"] == (page["edges"][-1]["cursor"] if page["edges"] else None)
        seen += node_ids(page)
        if not info["hasNextPage"]:
            return seen
        after = info["endCursor"]
        assert len(seen) < 10, "pagination does not end"


def ascending(library: Library, field: str) -> list[str]:
    def key(brief: Brief) -> tuple[Any, ...]:
        if field == "TITLE":
            return (brief.title, brief.id)
        if field == "DUE_AT":  # nulls last, as PostgreSQL sorts them ascending
            return (brief.due_at is None, brief.due_at or day(1), brief.id)
        return (brief.id,)

    return [gid(b) for b in sorted(library.briefs, key=key)]


@pytest.mark.parametrize("field", ["CREATED_AT", "DUE_AT", "TITLE"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("size", [1, 2, 4])
async def test_every_order_pages_through_all_briefs_exactly_once(
    gql: GraphQLClient, team: Team, library: Library, field: str, direction: str, size: int
) -> None:
    expected = ascending(library, field)
    if direction == "DESC":  # (field, id) descending: the exact reverse, nulls first
        expected.reverse()
    order = {"field": field, "direction": direction}
    assert await every_page(gql, team.editor.token, team.org, order, size) == expected
    whole = await briefs(gql, team.editor.token, team.org, orderBy=order)
    assert node_ids(whole) == expected


async def test_due_date_order_puts_undated_briefs_last_ascending_and_first_descending(
    gql: GraphQLClient, team: Team, library: Library
) -> None:
    up = await briefs(
        gql, team.editor.token, team.org, orderBy={"field": "DUE_AT", "direction": "ASC"}
    )
    assert [e["node"]["dueAt"] is None for e in up["edges"]] == [False] * 4 + [True] * 2
    assert node_ids(up) == library.ids(2, 3, 5, 0, 1, 4)
    down = await briefs(
        gql, team.editor.token, team.org, orderBy={"field": "DUE_AT", "direction": "DESC"}
    )
    assert node_ids(down) == library.ids(4, 1, 0, 5, 3, 2)


async def test_newest_first_by_default(gql: GraphQLClient, team: Team, library: Library) -> None:
    result = await briefs(gql, team.reviewer.token, team.org)
    assert node_ids(result) == library.ids(5, 4, 3, 2, 1, 0)
    assert result["totalCount"] == 6


@pytest.mark.parametrize(
    ("filter", "indexes"),
    [
        ({"status": "ARCHIVED"}, [2]),
        ({"status": "ACTIVE"}, [0, 1, 3, 4, 5]),
        ({"channel": "X"}, [0, 1, 3, 5]),
        ({"channel": "INSTAGRAM"}, [2, 3]),
        ({"channel": "FACEBOOK"}, []),
        ({"search": "ESPRE"}, [0, 3]),
        ({"search": "  mocha "}, [4]),
        ({"search": "flat white"}, []),
        ({"channel": "X", "status": "ACTIVE", "search": "o"}, [0, 1, 3]),
    ],
)
async def test_filters(
    gql: GraphQLClient,
    team: Team,
    library: Library,
    filter: dict[str, str],
    indexes: list[int],
) -> None:
    order = {"direction": "ASC"}
    result = await briefs(gql, team.editor.token, team.org, filter=filter, orderBy=order)
    assert node_ids(result) == library.ids(*indexes)
    assert result["totalCount"] == len(indexes)


async def test_filter_by_author(gql: GraphQLClient, team: Team, library: Library) -> None:
    order = {"direction": "ASC"}

    async def by(user_id: str) -> list[str]:
        result = await briefs(
            gql, team.editor.token, team.org, filter={"createdBy": user_id}, orderBy=order
        )
        return node_ids(result)

    assert await by(team.admin.id) == library.ids(1, 3)
    assert await by(team.editor.id) == library.ids(0, 2, 4, 5)
    assert await by(team.outsider.id) == []
    assert await by("not-an-id") == []
    result = await briefs(
        gql, team.editor.token, team.org, filter={"createdBy": team.admin.id}, first=1
    )
    assert result["edges"][0]["node"]["createdBy"] == {"email": team.admin.email}
    assert result["totalCount"] == 2 and result["pageInfo"]["hasNextPage"] is True


async def test_filters_and_order_combine_across_pages(
    gql: GraphQLClient, team: Team, library: Library
) -> None:
    variables = {
        "filter": {"channel": "X"},
        "orderBy": {"field": "TITLE", "direction": "DESC"},
        "first": 2,
    }
    first = await briefs(gql, team.editor.token, team.org, **variables)
    second = await briefs(
        gql, team.editor.token, team.org, **variables, after=first["pageInfo"]["endCursor"]
    )
    assert node_ids(first) + node_ids(second) == library.ids(5, 3, 0, 1)
    assert second["pageInfo"]["hasNextPage"] is False


async def test_only_members_read_an_organizations_briefs(
    gql: GraphQLClient, team: Team, library: Library
) -> None:
    body = await gql.execute(BRIEFS, {"org": team.org}, team.outsider.token)
    assert error_codes(body) == ["NOT_FOUND"]
    own = await briefs(gql, team.outsider.token, team.other_org)
    assert node_ids(own) == [gid(library.foreign)]


@pytest.mark.parametrize("variables", [{"after": "bm9wZQ=="}, {"after": "x"}, {"first": 101}])
async def test_bad_page_arguments(
    gql: GraphQLClient, team: Team, library: Library, variables: dict[str, Any]
) -> None:
    body = await gql.execute(BRIEFS, {"org": team.org, **variables}, team.editor.token)
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    ("made_by", "used_with"),
    [
        ("TITLE", "DUE_AT"),
        ("CREATED_AT", "DUE_AT"),
        ("CREATED_AT", "TITLE"),
        ("TITLE", "CREATED_AT"),
    ],
)
async def test_a_cursor_of_another_order_is_bad_input(
    gql: GraphQLClient, team: Team, library: Library, made_by: str, used_with: str
) -> None:
    page = await briefs(gql, team.editor.token, team.org, orderBy={"field": made_by}, first=1)
    body = await gql.execute(
        BRIEFS,
        {"org": team.org, "orderBy": {"field": used_with}, "after": page["pageInfo"]["endCursor"]},
        team.editor.token,
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
