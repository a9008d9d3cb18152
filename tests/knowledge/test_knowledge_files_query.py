"""knowledgeFiles: newest first, filters, pagination, tenancy, node(id:), and the SQL a page
with nested fields costs."""

from __future__ import annotations

from typing import Any

from tests.conftest import GraphQLClient, error_codes
from tests.knowledge.conftest import Team
from tests.knowledge.helpers import KNOWLEDGE_FILES, make_pdf, uploaded


async def listing(gql: GraphQLClient, token: str, org: str, **variables: Any) -> dict[str, Any]:
    data = await gql.data(KNOWLEDGE_FILES, {"org": org, **variables}, token)
    result: dict[str, Any] = data["knowledgeFiles"]
    return result


def titles(page: dict[str, Any]) -> list[str]:
    return [e["node"]["title"] for e in page["edges"]]


async def test_newest_first_with_filters_and_pages(gql: GraphQLClient, team: Team) -> None:
    await uploaded(gql, team.editor.token, team.org, b"a", "a.txt", title="Alpha", tags=["brand"])
    await uploaded(gql, team.editor.token, team.org, make_pdf([["b"]]), "b.pdf", title="Beta")
    await uploaded(
        gql, team.editor.token, team.org, b"a,b\n1,2\n", "c.csv", title="Gamma", tags=["brand"]
    )
    await uploaded(gql, team.outsider.token, team.other_org, b"x", "x.txt", title="Other")
    everything = await listing(gql, team.reviewer.token, team.org)
    assert titles(everything) == ["Gamma", "Beta", "Alpha"]
    assert everything["totalCount"] == 3
    assert titles(await listing(gql, team.reviewer.token, team.org, filter={"tag": "brand"})) == [
        "Gamma",
        "Alpha",
    ]
    assert titles(
        await listing(gql, team.reviewer.token, team.org, filter={"fileType": "PDF"})
    ) == ["Beta"]
    assert titles(
        await listing(gql, team.reviewer.token, team.org, filter={"search": "c.CSV"})
    ) == ["Gamma"]
    assert (
        titles(await listing(gql, team.reviewer.token, team.org, filter={"status": "COMPLETED"}))
        == []
    )
    first = await listing(gql, team.reviewer.token, team.org, first=2)
    assert titles(first) == ["Gamma", "Beta"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await listing(
        gql, team.reviewer.token, team.org, first=2, after=first["pageInfo"]["endCursor"]
    )
    assert titles(rest) == ["Alpha"]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_another_organizations_files_are_invisible(gql: GraphQLClient, team: Team) -> None:
    file = await uploaded(gql, team.editor.token, team.org, b"a", "a.txt")
    body = await gql.execute(KNOWLEDGE_FILES, {"org": team.org}, team.outsider.token)
    assert error_codes(body) == ["NOT_FOUND"]
    query = "query($id: ID!) { node(id: $id) { id ... on KnowledgeFile { title } } }"
    assert (await gql.data(query, {"id": file["id"]}, team.outsider.token))["node"] is None
    assert (await gql.data(query, {"id": file["id"]}, team.reviewer.token))["node"] == {
        "id": file["id"],
        "title": "a",
    }


NESTED = """
query($org: ID!) {
  knowledgeFiles(organizationId: $org, first: 50) {
    totalCount
    edges { node { id title processingStatus uploadedBy { email } } }
  }
}"""


async def test_a_page_costs_the_same_sql_for_2_or_12_files(
    gql: GraphQLClient, team: Team, count_sql: Any
) -> None:
    async def cost() -> int:
        with count_sql() as counter:
            data = await gql.data(NESTED, {"org": team.org}, team.reviewer.token)
        assert all(
            e["node"]["uploadedBy"]["email"].endswith("@acme.example.com")
            for e in data["knowledgeFiles"]["edges"]
        )
        return counter.count

    uploaders = [team.editor, team.admin]
    for i in range(2):
        await uploaded(gql, uploaders[i % 2].token, team.org, b"x", f"{i}.txt")
    small = await cost()
    for i in range(2, 12):
        await uploaded(gql, uploaders[i % 2].token, team.org, b"x", f"{i}.txt")
    assert await cost() == small
