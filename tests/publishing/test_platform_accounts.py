"""Real platform accounts against the local platform server: OAuth connect (mutation and the
browser callback), publishing to X with a worker, recovery where the platform cannot tell,
the token refresh cron, and `ezre rotate-keys`."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.fernet import Fernet

from app.security import decrypt, encrypt
from app.settings import PROJECT_ROOT, get_settings
from jobs.publishing import publish_tick, refresh_tokens
from models.connect import to_adapter
from models.connections import ConnectionStatus, OAuthState, PlatformConnection
from models.scheduling import Notification, Occurrence, OccurrenceStatus, PublishedPost
from models.sessions import now
from schema.common import decode_id
from tests.conftest import GraphQLClient, Services, error_codes
from tests.content.helpers import RunWorker, org_pk
from tests.fakes.platform_server import X_USER, PlatformServer, X
from tests.publishing.conftest import Team
from tests.publishing.helpers import (
    COMPLETE_CONNECTION,
    START_CONNECTION,
    approved,
    occurrences_of,
    schedule,
    soon,
)

REDIRECT = "https://app.example.com/connect/callback"


def _start_input(team: Team) -> dict[str, str]:
    return {"organizationId": team.org, "platform": "X", "redirectUri": REDIRECT}


async def _connect_x(gql: GraphQLClient, team: Team, server: PlatformServer) -> dict[str, Any]:
    start = await START_CONNECTION.ok(gql, _start_input(team), team.admin.token)
    answer = server.approve(start["authorizationUrl"])
    done = await COMPLETE_CONNECTION.ok(
        gql, {"state": answer["state"], "code": answer["code"]}, team.admin.token
    )
    conn: dict[str, Any] = done["platformConnection"]
    return conn


async def _row(conn: dict[str, Any]) -> PlatformConnection:
    return await PlatformConnection.get(id=decode_id(conn["id"], "PlatformConnection"))


async def test_oauth_connect_stores_the_account_and_never_shows_tokens(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    start = await START_CONNECTION.ok(gql, _start_input(team), team.admin.token)
    assert start["authorizationUrl"].startswith(platform_server.url)
    assert "code_challenge_method=S256" in start["authorizationUrl"]
    answer = platform_server.approve(start["authorizationUrl"])

    # The state is bound to the user who started it.
    stolen = await COMPLETE_CONNECTION.payload(
        gql, {"state": answer["state"], "code": answer["code"]}, team.editor.token
    )
    assert [e["code"] for e in stolen["userErrors"]] == ["INVALID_TOKEN"]

    body = await COMPLETE_CONNECTION.execute(
        gql, {"state": answer["state"], "code": answer["code"]}, team.admin.token
    )
    conn = body["data"]["completePlatformConnection"]["platformConnection"]
    assert conn["platform"] == "X" and conn["status"] == "ACTIVE"
    assert conn["accountId"] == X_USER["id"]
    assert X_USER["name"] in conn["accountName"] or X_USER["username"] in conn["accountName"]
    row = await _row(conn)
    tokens = to_adapter(row)
    assert tokens.access_token and tokens.refresh_token
    assert tokens.access_token not in row.access_token_encrypted
    assert tokens.access_token not in json.dumps(body)
    assert tokens.refresh_token not in json.dumps(body)

    # Single use: the same state cannot connect twice.
    again = await COMPLETE_CONNECTION.payload(
        gql, {"state": answer["state"], "code": answer["code"]}, team.admin.token
    )
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TOKEN"]


async def test_only_admins_start_a_connection(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    input = _start_input(team)
    assert await START_CONNECTION.top_level_codes(gql, input, team.editor.token) == ["FORBIDDEN"]
    outsider = await START_CONNECTION.payload(gql, input, team.outsider.token)
    assert [e["code"] for e in outsider["userErrors"]] == ["NOT_FOUND"]
    assert await OAuthState.all().count() == 0


async def test_the_browser_callback_completes_the_connection(
    client: httpx.AsyncClient, gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    start = await START_CONNECTION.ok(gql, _start_input(team), team.admin.token)
    answer = platform_server.approve(start["authorizationUrl"])
    response = await client.get("/connections/callback", params=answer)
    assert response.status_code == 303
    location = httpx.URL(response.headers["location"])
    assert str(location).startswith(get_settings().app_url.rstrip("/") + "/connections?")
    [row] = await PlatformConnection.all()
    assert decode_id(location.params["connected"], "PlatformConnection") == row.id
    assert row.organization_id == org_pk(team.org) and row.created_by_id == team.admin.pk

    replay = await client.get("/connections/callback", params=answer)
    assert replay.status_code == 303
    assert "error" in httpx.URL(replay.headers["location"]).params
    assert await PlatformConnection.all().count() == 1


async def test_a_scheduled_post_reaches_x(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer, run_worker: RunWorker
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    content = await approved(gql, team, channels=("X",))
    payload = await schedule(gql, team.editor, content.id, conn["id"], soon(0.2), channel="X")
    assert payload["userErrors"] == []
    await run_worker()
    [post] = platform_server.posts(X)
    version = content.of("X")[0]
    assert version.text in post.text
    [published] = await PublishedPost.all()
    assert published.platform_post_id == post.id
    assert published.url.endswith(f"/status/{post.id}")
    assert published.connection_id == decode_id(conn["id"], "PlatformConnection")


async def test_an_interrupted_x_publish_is_not_repeated_blindly(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    """X has no idempotency key and no lookup by one: recovery fails loudly instead of
    risking a second post."""
    conn = await _connect_x(gql, team, platform_server)
    content = await approved(gql, team, channels=("X",))
    payload = await schedule(gql, team.editor, content.id, conn["id"], soon(0.1), channel="X")
    [occ] = await occurrences_of(payload["schedule"]["id"])
    # What a worker that died after sending leaves behind: PUBLISHING, lease over.
    await Occurrence.filter(id=occ.id).update(
        status=OccurrenceStatus.PUBLISHING,
        attempts=1,
        lease_until=now() - timedelta(seconds=1),
        started_at=now() - timedelta(seconds=30),
        due_at=now() - timedelta(seconds=31),
    )
    assert await publish_tick({}) == 1
    assert platform_server.posts(X) == []
    row = await Occurrence.get(id=occ.id)
    assert row.status == OccurrenceStatus.FAILED and row.attempts == 2
    assert "not retried to avoid a duplicate" in row.last_error
    assert await PublishedPost.all().count() == 0
    assert await Notification.filter(kind="PUBLISH_FAILED").count() == 1


async def test_the_refresh_cron_renews_tokens_expiring_within_the_window(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    far = await _connect_x(gql, team, platform_server)  # same account: the same row
    assert far["id"] == conn["id"]
    row = await _row(conn)
    before = to_adapter(row)
    window = get_settings().token_refresh_window_minutes
    await PlatformConnection.filter(id=row.id).update(
        token_expires_at=now() + timedelta(minutes=window - 5)
    )
    calls = len(platform_server.calls(X))
    assert await refresh_tokens({}) == 1
    assert len(platform_server.calls(X)) == calls + 1
    row = await _row(conn)
    after = to_adapter(row)
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token  # X rotates refresh tokens
    assert row.last_refreshed_at is not None and row.status == ConnectionStatus.ACTIVE
    assert row.token_expires_at is not None and row.token_expires_at > now() + timedelta(hours=1)
    # Fresh again: the next run leaves it alone.
    assert await refresh_tokens({}) == 0
    assert len(platform_server.calls(X)) == calls + 1


async def test_a_refresh_that_keeps_the_old_refresh_token_does_not_wipe_it(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    row = await _row(conn)
    before = to_adapter(row)
    platform_server.omit_refresh_token(X)
    await PlatformConnection.filter(id=row.id).update(token_expires_at=now())
    assert await refresh_tokens({}) == 1
    after = to_adapter(await _row(conn))
    assert after.access_token != before.access_token
    assert after.refresh_token == before.refresh_token


async def test_a_refresh_refused_for_good_marks_needs_reauth_and_notifies_once(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    row = await _row(conn)
    platform_server.expire(to_adapter(row).refresh_token or "")
    await PlatformConnection.filter(id=row.id).update(token_expires_at=now())
    assert await refresh_tokens({}) == 0
    row = await _row(conn)
    assert row.status == ConnectionStatus.NEEDS_REAUTH and row.last_error
    # Another pass (or a publish noticing the same) does not notify again.
    assert await refresh_tokens({}) == 0
    from models.connect import mark_needs_reauth

    await mark_needs_reauth(row, "still refused")
    [note] = await Notification.all()
    assert note.kind == "CONNECTION_NEEDS_REAUTH"
    assert note.organization_id == org_pk(team.org)
    assert note.data["connectionId"] == row.id


async def test_a_transient_refresh_failure_leaves_the_connection_active(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    row = await _row(conn)
    platform_server.fail(X, "refresh", 503)
    await PlatformConnection.filter(id=row.id).update(token_expires_at=now())
    assert await refresh_tokens({}) == 0
    row = await _row(conn)
    assert row.status == ConnectionStatus.ACTIVE and row.last_error
    assert await Notification.all().count() == 0
    assert await refresh_tokens({}) == 1  # the platform is back


async def test_rotate_keys_re_encrypts_under_the_newest_key(
    gql: GraphQLClient,
    team: Team,
    platform_server: PlatformServer,
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    conn = await _connect_x(gql, team, platform_server)
    row = await _row(conn)
    clear = to_adapter(row)
    old_keys = get_settings().encryption_keys
    new_key = Fernet.generate_key().decode()
    from models.accounts import User

    await User.filter(id=team.admin.pk).update(totp_secret_encrypted=encrypt("JBSWY3DPEHPK3PXP"))

    env = {
        **os.environ,
        "DATABASE_URL": services.database_url,
        "REDIS_URL": services.redis_url,
        "EZRE_ENV": "test",
        "ENCRYPTION_KEYS": f"{new_key},{old_keys}",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        "rotate-keys",
        cwd=PROJECT_ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, err.decode()
    assert b"re-encrypted" in out
    assert clear.access_token.encode() not in out + err

    # Only the new key now: everything still decrypts, so the old key can be dropped.
    monkeypatch.setattr(get_settings(), "encryption_keys", new_key)
    rotated = to_adapter(await _row(conn))
    assert rotated.access_token == clear.access_token
    assert rotated.refresh_token == clear.refresh_token
    admin = await User.get(id=team.admin.pk)
    assert admin.totp_secret_encrypted is not None
    assert decrypt(admin.totp_secret_encrypted) == "JBSWY3DPEHPK3PXP"
    # And with only the old key, the rotated rows no longer open.
    monkeypatch.setattr(get_settings(), "encryption_keys", old_keys)
    from cryptography.fernet import InvalidToken

    with pytest.raises(InvalidToken):
        to_adapter(await _row(conn))


async def test_disconnect_revokes_at_the_platform(
    gql: GraphQLClient, team: Team, platform_server: PlatformServer
) -> None:
    from tests.publishing.helpers import DISCONNECT

    conn = await _connect_x(gql, team, platform_server)
    clear = to_adapter(await _row(conn))
    body = await DISCONNECT.execute(gql, {"platformConnectionId": conn["id"]}, team.admin.token)
    assert error_codes(body) == []
    assert body["data"]["disconnectPlatform"]["platformConnection"]["status"] == "DISCONNECTED"
    # Both tokens are revoked at X: the next call with the access token is refused.
    assert len(platform_server.calls(X, "revoke")) == 2
    async with httpx.AsyncClient(timeout=5) as http:
        refused = await http.get(
            f"{platform_server.url}/2/users/me",
            headers={"authorization": f"Bearer {clear.access_token}"},
        )
    assert refused.status_code == 401
    row = await _row(conn)
    assert row.access_token_encrypted == "" and row.refresh_token_encrypted == ""
