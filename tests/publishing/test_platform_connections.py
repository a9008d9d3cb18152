"""connectWebhook, platformConnections, deactivate/reactivate/disconnect: roles, tenancy, and
secrets that never leave the server."""

from __future__ import annotations

import json

import pytest

from models.connections import ConnectionStatus, PlatformConnection
from schema.common import decode_id
from tests.conftest import GraphQLClient, error_codes
from tests.content.helpers import missing_id
from tests.publishing.conftest import Team
from tests.publishing.helpers import (
    CONNECTIONS,
    DEACTIVATE,
    DISCONNECT,
    REACTIVATE,
    connect_webhook,
)
from tests.publishing.receiver import WebhookReceiver


async def _connections(gql: GraphQLClient, token: str, org: str) -> list[dict[str, object]]:
    data = await gql.data(CONNECTIONS, {"org": org}, token)
    return [e["node"] for e in data["platformConnections"]["edges"]]


async def test_connect_webhook_shows_the_secret_once_and_stores_it_encrypted(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    payload = await connect_webhook(gql, team.admin, team.org, receiver.url, name="Our site")
    secret = payload["signingSecret"]
    conn = payload["platformConnection"]
    assert secret.startswith("whsec_") and len(secret) > 30
    assert conn["platform"] == "WEBHOOK"
    assert conn["status"] == "ACTIVE"
    assert conn["accountName"] == "Our site"
    assert conn["instanceUrl"] == receiver.url

    row = await PlatformConnection.get(id=decode_id(conn["id"], "PlatformConnection"))
    assert row.secret_encrypted and secret not in row.secret_encrypted

    # Every reader sees the connection, none sees the secret again.
    for account in (team.admin, team.editor, team.reviewer):
        body = await gql.execute(CONNECTIONS, {"org": team.org}, account.token)
        assert not body.get("errors")
        assert secret not in json.dumps(body)
        assert row.secret_encrypted not in json.dumps(body)
        [listed] = body["data"]["platformConnections"]["edges"]
        assert listed["node"]["id"] == conn["id"]


async def test_a_second_connect_to_the_same_url_rotates_the_secret(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    first = await connect_webhook(gql, team.admin, team.org, receiver.url)
    second = await connect_webhook(gql, team.admin, team.org, receiver.url)
    assert first["platformConnection"]["id"] == second["platformConnection"]["id"]
    assert first["signingSecret"] != second["signingSecret"]
    assert len(await _connections(gql, team.admin.token, team.org)) == 1


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "not a url", "http://"])
async def test_connect_webhook_refuses_urls_that_are_not_http(
    gql: GraphQLClient, team: Team, url: str
) -> None:
    from tests.publishing.helpers import CONNECT_WEBHOOK

    payload = await CONNECT_WEBHOOK.payload(
        gql, {"organizationId": team.org, "url": url}, team.admin.token
    )
    assert payload["platformConnection"] is None and payload["signingSecret"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("INVALID_INPUT", ["url"])]
    assert await PlatformConnection.all().count() == 0


@pytest.mark.parametrize("role", ["editor", "reviewer"])
async def test_only_admins_manage_connections(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver, role: str
) -> None:
    from tests.publishing.helpers import CONNECT_WEBHOOK

    account = getattr(team, role)
    body = await CONNECT_WEBHOOK.execute(
        gql, {"organizationId": team.org, "url": receiver.url}, account.token
    )
    assert error_codes(body) == ["FORBIDDEN"]
    assert await PlatformConnection.all().count() == 0

    conn_id = (await connect_webhook(gql, team.admin, team.org, receiver.url))[
        "platformConnection"
    ]["id"]
    for mutation in (DEACTIVATE, REACTIVATE, DISCONNECT):
        body = await mutation.execute(gql, {"platformConnectionId": conn_id}, account.token)
        assert error_codes(body) == ["FORBIDDEN"], mutation.field
    row = await PlatformConnection.get(id=decode_id(conn_id, "PlatformConnection"))
    assert row.status == ConnectionStatus.ACTIVE and row.secret_encrypted


async def test_deactivate_reactivate_and_disconnect(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = (await connect_webhook(gql, team.admin, team.org, receiver.url))[
        "platformConnection"
    ]["id"]
    ids = {"platformConnectionId": conn_id}

    off = await DEACTIVATE.ok(gql, ids, team.admin.token)
    assert off["platformConnection"]["status"] == "INACTIVE"
    on = await REACTIVATE.ok(gql, ids, team.admin.token)
    assert on["platformConnection"]["status"] == "ACTIVE"

    gone = await DISCONNECT.ok(gql, ids, team.admin.token)
    assert gone["platformConnection"]["status"] == "DISCONNECTED"
    row = await PlatformConnection.get(id=decode_id(conn_id, "PlatformConnection"))
    assert row.secret_encrypted == "" and row.access_token_encrypted == ""
    # A disconnected account is no longer listed and cannot be switched back on.
    assert await _connections(gql, team.admin.token, team.org) == []
    again = await REACTIVATE.payload(gql, ids, team.admin.token)
    assert [e["code"] for e in again["userErrors"]] == ["NOT_FOUND"]


async def test_a_connection_needing_reauth_cannot_simply_be_reactivated(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = (await connect_webhook(gql, team.admin, team.org, receiver.url))[
        "platformConnection"
    ]["id"]
    await PlatformConnection.filter(id=decode_id(conn_id, "PlatformConnection")).update(
        status=ConnectionStatus.NEEDS_REAUTH
    )
    payload = await REACTIVATE.payload(gql, {"platformConnectionId": conn_id}, team.admin.token)
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_TRANSITION"]


async def test_another_organizations_connection_behaves_as_missing(
    gql: GraphQLClient, team: Team, receiver: WebhookReceiver
) -> None:
    conn_id = (await connect_webhook(gql, team.admin, team.org, receiver.url))[
        "platformConnection"
    ]["id"]
    for candidate in (conn_id, missing_id("PlatformConnection")):
        for mutation in (DEACTIVATE, REACTIVATE, DISCONNECT):
            payload = await mutation.payload(
                gql, {"platformConnectionId": candidate}, team.outsider.token
            )
            assert payload["platformConnection"] is None
            assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [
                ("NOT_FOUND", ["platformConnectionId"])
            ]
    body = await gql.execute(CONNECTIONS, {"org": team.org}, team.outsider.token)
    assert error_codes(body) == ["NOT_FOUND"]
    assert await _connections(gql, team.outsider.token, team.other_org) == []
    row = await PlatformConnection.get(id=decode_id(conn_id, "PlatformConnection"))
    assert row.status == ConnectionStatus.ACTIVE
