"""graphql-transport-ws over a real socket to real server processes, events via Redis."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from app.pubsub import organization_channel
from app.redis import get_redis
from schema.common import decode_id
from tests.conftest import LiveServer, Services, start_live_server

SUBSCRIBE = """
subscription($org: ID!) {
  organizationEvents(organizationId: $org) { kind organizationId data actor { email } }
}"""
CHANGE_ROLE = """
mutation($input: UpdateMemberRoleInput!) {
  updateMemberRole(input: $input) { member { role } userErrors { code } }
}"""


async def _open(url: str, payload: dict[str, Any] | None) -> ClientConnection:
    ws = await connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": payload or {}}))
    return ws


async def _close_code(ws: ClientConnection) -> int | None:
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(ws.recv(), 10)
    return ws.close_code


@pytest.mark.parametrize(
    "payload", [None, {"authorization": "Bearer not-a-token"}, {"authorization": "Basic x"}]
)
async def test_connections_without_a_valid_token_are_closed(
    live_server: LiveServer, payload: dict[str, Any] | None
) -> None:
    ws = await _open(live_server.ws_url, payload)
    assert await _close_code(ws) == 4403


async def _subscribe(ws: ClientConnection, org_id: str) -> None:
    ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert ack["type"] == "connection_ack"
    await ws.send(
        json.dumps(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIBE, "variables": {"org": org_id}},
            }
        )
    )


async def _wait_for_subscribers(org_id: str, expected: int) -> None:
    redis = await get_redis()
    channel = organization_channel(decode_id(org_id, "Organization") or 0)
    for _ in range(200):
        [(_, count)] = await redis.pubsub_numsub(channel)
        if count == expected:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"expected {expected} subscribers on {channel}, saw {count}")


async def _members(http: httpx.AsyncClient, token: str, org_id: str) -> list[dict[str, Any]]:
    response = await http.post(
        "/graphql",
        json={
            "query": "query($id: ID!) { organization(id: $id) "
            "{ members { edges { node { id user { email } } } } } }",
            "variables": {"id": org_id},
        },
        headers={"authorization": f"Bearer {token}"},
    )
    return [e["node"] for e in response.json()["data"]["organization"]["members"]["edges"]]


async def test_an_event_raised_in_one_process_reaches_a_subscriber_on_another(
    services: Services, live_server: LiveServer, make_account: Any, make_org: Any
) -> None:
    admin, editor = await make_account(), await make_account()
    org_id = await make_org(admin, editor=[editor])
    other = start_live_server(services)
    ws = await _open(live_server.ws_url, {"authorization": f"Bearer {editor.token}"})
    try:
        await _subscribe(ws, org_id)
        await _wait_for_subscribers(org_id, 1)
        async with httpx.AsyncClient(base_url=other.base_url) as http:
            edges = await _members(http, admin.token, org_id)
            [editor_member] = [n["id"] for n in edges if n["user"]["email"] == editor.email]
            changed = await http.post(
                "/graphql",
                json={
                    "query": CHANGE_ROLE,
                    "variables": {"input": {"memberId": editor_member, "role": "REVIEWER"}},
                },
                headers={"authorization": f"Bearer {admin.token}"},
            )
        assert changed.json()["data"]["updateMemberRole"]["member"]["role"] == "REVIEWER"

        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert message["type"] == "next"
        event = message["payload"]["data"]["organizationEvents"]
        assert event["kind"] == "MEMBER_ROLE_CHANGED"
        assert event["organizationId"] == org_id
        assert event["data"]["previousRole"] == "EDITOR" and event["data"]["role"] == "REVIEWER"
        assert event["actor"]["email"] == admin.email

        await ws.close()
        # The server drops its Redis subscription once the client is gone.
        await _wait_for_subscribers(org_id, 0)
    finally:
        await ws.close()
        other.process.terminate()
        other.process.wait(timeout=10)


async def test_subscribing_to_another_organization_is_refused(
    live_server: LiveServer, make_account: Any, make_org: Any
) -> None:
    owner, stranger = await make_account(), await make_account()
    org_id = await make_org(owner)
    ws = await _open(live_server.ws_url, {"authorization": f"Bearer {stranger.token}"})
    try:
        await _subscribe(ws, org_id)
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert message["type"] == "next"
        assert message["payload"]["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        assert json.loads(await asyncio.wait_for(ws.recv(), 10))["type"] == "complete"
    finally:
        await ws.close()
