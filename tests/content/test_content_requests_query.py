"""contentRequests: an organization's requests, newest first, with everything nested in them
loaded in a constant number of SQL statements."""

from __future__ import annotations

from typing import Any

import pytest

from models.content import Comment, ContentEdit, ContentStatus, ContentTransition
from tests.conftest import GraphQLClient, error_codes
from tests.content.conftest import Team
from tests.content.helpers import Drafted, gid, make_brief, make_request

LIST = """
query($org: ID!, $filter: ContentRequestFilter, $first: Int, $after: String) {
  contentRequests(organizationId: $org, filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id status brief { title } } }
  }
}"""

# Everything a review screen shows for a page of requests.
DEEP = """
query($org: ID!) {
  contentRequests(organizationId: $org, first: 50) {
    totalCount
    edges { node {
      id status createdBy { email } submittedBy { email } decidedBy { email }
      brief { title createdBy { email } }
      transitions { toStatus actor { email } }
      versions {
        id text isSelected createdBy { email }
        editHistory { newText editor { email } }
        comments {
          body author { email } resolvedBy { email }
          replies { body author { email } }
        }
      }
    } }
  }
}"""


async def ids(gql: GraphQLClient, token: str, org: str, **variables: Any) -> list[str]:
    data = await gql.data(LIST, {"org": org, **variables}, token)
    return [e["node"]["id"] for e in data["contentRequests"]["edges"]]


async def test_members_of_every_role_list_their_organizations_requests_newest_first(
    gql: GraphQLClient, team: Team
) -> None:
    first = await make_request(team.org, team.editor)
    second = await make_request(team.org, team.admin)
    await make_request(team.other_org, team.outsider)
    for account in (team.admin, team.editor, team.reviewer):
        assert await ids(gql, account.token, team.org) == [second.id, first.id]


async def test_filter_by_status_and_brief(gql: GraphQLClient, team: Team) -> None:
    brief = await make_brief(team.org, team.editor, title="Winter")
    drafted = await make_request(team.org, team.editor, brief=brief)
    failed = await make_request(team.org, team.editor, status=ContentStatus.GENERATION_FAILED)
    approved = await make_request(team.org, team.editor, status=ContentStatus.APPROVED)
    token = team.reviewer.token
    by_status = {"status": ["GENERATION_FAILED", "APPROVED"]}
    assert await ids(gql, token, team.org, filter=by_status) == [approved.id, failed.id]
    assert await ids(gql, token, team.org, filter={"briefId": gid(brief)}) == [drafted.id]
    assert await ids(gql, token, team.org, filter={"briefId": "junk"}) == []


async def test_pages_cover_every_request_once(gql: GraphQLClient, team: Team) -> None:
    made = [await make_request(team.org, team.editor, variants=0) for _ in range(5)]
    seen: list[str] = []
    after = None
    while True:
        data = await gql.data(
            LIST, {"org": team.org, "first": 2, "after": after}, team.editor.token
        )
        connection = data["contentRequests"]
        assert connection["totalCount"] == 5
        seen += [e["node"]["id"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [d.id for d in reversed(made)]


@pytest.mark.parametrize("who", ["outsider", "nobody"])
async def test_another_organization_is_not_found(gql: GraphQLClient, team: Team, who: str) -> None:
    await make_request(team.org, team.editor)
    token = team.outsider.token if who == "outsider" else None
    body = await gql.execute(LIST, {"org": team.org}, token)
    assert error_codes(body) == (["NOT_FOUND"] if token else ["UNAUTHENTICATED"])
    assert body["data"] is None


async def rich_request(team: Team) -> Drafted:
    """A request that went through review, with edits, comments and replies by different
    people on every version: each nested field has something to load."""
    drafted = await make_request(team.org, team.editor, status=ContentStatus.APPROVED)
    request = drafted.request
    request.submitted_by_id, request.decided_by_id = team.editor.pk, team.reviewer.pk
    await request.save(update_fields=["submitted_by_id", "decided_by_id"])
    for previous, target, actor in (
        (ContentStatus.DRAFTED, ContentStatus.IN_REVIEW, team.editor),
        (ContentStatus.IN_REVIEW, ContentStatus.APPROVED, team.reviewer),
    ):
        await ContentTransition.create(
            request_id=request.id, from_status=previous, to_status=target, actor_id=actor.pk
        )
    for version in drafted.versions:
        version.created_by_id = team.admin.pk
        await version.save(update_fields=["created_by_id"])
        await ContentEdit.create(
            organization_id=version.organization_id,
            version_id=version.id,
            editor_id=team.admin.pk,
            previous_text=version.text,
            new_text=version.text + "!",
        )
        top = await Comment.create(
            organization_id=version.organization_id,
            version_id=version.id,
            author_id=team.reviewer.pk,
            body="Shorter?",
            resolved_by_id=team.editor.pk,
        )
        await Comment.create(
            organization_id=version.organization_id,
            version_id=version.id,
            author_id=team.second_reviewer.pk,
            parent_id=top.id,
            body="Agreed",
        )
    return drafted


async def test_a_deep_list_costs_the_same_number_of_statements_for_1_or_many_requests(
    gql: GraphQLClient, team: Team, count_sql: Any
) -> None:
    await rich_request(team)
    with count_sql() as one:
        data = await gql.data(DEEP, {"org": team.org}, team.reviewer.token)
    assert len(data["contentRequests"]["edges"]) == 1

    for _ in range(5):
        await rich_request(team)
    with count_sql() as six:
        data = await gql.data(DEEP, {"org": team.org}, team.reviewer.token)
    edges = data["contentRequests"]["edges"]
    assert len(edges) == 6 and data["contentRequests"]["totalCount"] == 6

    # The answer really holds every nested level (so nothing was skipped to save queries).
    node = edges[0]["node"]
    assert node["decidedBy"] == {"email": team.reviewer.email}
    assert [t["actor"]["email"] for t in node["transitions"]] == [
        team.editor.email,
        team.reviewer.email,
    ]
    assert len(node["versions"]) == 4
    version = node["versions"][0]
    assert version["createdBy"] == {"email": team.admin.email}
    assert version["editHistory"][0]["editor"] == {"email": team.admin.email}
    [thread] = version["comments"]
    assert thread["resolvedBy"] == {"email": team.editor.email}
    assert thread["replies"][0]["author"] == {"email": team.second_reviewer.email}

    assert six.count == one.count, (one.statements, six.statements)
    # Measured at 13: session, memberships, organization, the page and its count; briefs,
    # transitions, versions, edits and comments once each; users once per nesting level that
    # names people (request, version/transition/brief, edit/comment).
    assert one.count <= 13, one.statements
