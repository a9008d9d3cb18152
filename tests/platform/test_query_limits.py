from __future__ import annotations

from tests.conftest import GraphQLClient, error_codes


async def test_deep_queries_are_refused(gql: GraphQLClient) -> None:
    nested = "organization { members { edges { node { " * 4
    query = "{ viewer { memberships { " + nested + "role" + " } } } }" * 4 + " } } }"
    body = await gql.execute(query)
    assert "QUERY_TOO_COMPLEX" in error_codes(body)
    assert body.get("data") is None


async def test_too_many_aliases_are_refused(gql: GraphQLClient) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(50)) + " }"
    body = await gql.execute(query)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_huge_documents_are_refused_before_parsing_completes(gql: GraphQLClient) -> None:
    query = "{ " + " ".join(["__typename"] * 5000) + " }"
    body = await gql.execute(query)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_page_size_is_capped(gql: GraphQLClient, make_account) -> None:  # type: ignore[no-untyped-def]
    account = await make_account()
    body = await gql.execute("{ organizations(first: 101) { totalCount } }", token=account.token)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    ok = await gql.data("{ organizations(first: 100) { totalCount } }", token=account.token)
    assert ok["organizations"]["totalCount"] == 0


async def test_a_normal_query_passes(gql: GraphQLClient) -> None:
    body = await gql.execute("{ __typename }")
    assert body == {"data": {"__typename": "Query"}}
