from __future__ import annotations

import httpx


async def test_healthz_answers_without_touching_services(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_postgres_and_redis(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "postgres": "ok", "redis": "ok"}


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    fresh = await client.get("/healthz")
    assert len(fresh.headers["x-request-id"]) == 32
    echoed = await client.get("/healthz", headers={"x-request-id": "trace-123"})
    assert echoed.headers["x-request-id"] == "trace-123"


async def test_graphql_over_get_serves_queries_but_not_mutations(
    client: httpx.AsyncClient,
) -> None:
    query = await client.get("/graphql", params={"query": "{ __typename }"})
    assert query.status_code == 200
    assert query.json() == {"data": {"__typename": "Query"}}
    mutation = await client.get("/graphql", params={"query": "mutation { logOut { ok } }"})
    assert mutation.status_code == 400
    assert "mutations are not allowed" in mutation.text.lower()


async def test_browsers_get_graphiql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "GraphiQL" in response.text
