"""Test infrastructure: real PostgreSQL and Redis, the ASGI app over httpx, a real uvicorn
process for websockets, an arq worker in burst mode, an SMTP server, and a SQL counter."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from arq.worker import Worker
from tortoise import connections

from app.db import close_db, create_database, init_db, migrate
from app.embedded import start_postgres, start_redis, stop_redis
from app.logging import configure_logging
from app.redis import close_redis, configure_redis, get_redis
from app.settings import PROJECT_ROOT, get_settings
from jobs.worker import worker_settings

# Never let an application DATABASE_URL in the environment leak into the tests.
for _name in ("DATABASE_URL", "REDIS_URL"):
    os.environ.pop(_name, None)
os.environ["EZRE_ENV"] = "test"
# Cheap argon2 in tests: hashing cost is a setting, not what these tests are about.
os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "1024")
get_settings.cache_clear()
configure_logging("INFO", json=True)


@dataclass
class Services:
    database_url: str
    redis_url: str


@pytest.fixture(scope="session")
async def services(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Services]:
    tmp = Path(os.environ.get("EZRE_TEST_DIR") or tmp_path_factory.mktemp("services"))
    # A fresh database for this run, on TEST_DATABASE_URL's server or an embedded one.
    server_url = os.environ.get("TEST_DATABASE_URL") or start_postgres(
        tmp / "pg", keep_running=False
    )
    database_url = await create_database(server_url, "ezre_test")
    redis_url = os.environ.get("TEST_REDIS_URL")
    redis_handle = None
    if not redis_url:
        redis_url, redis_handle = start_redis(tmp / "redis")
    settings = get_settings()
    settings.database_url, settings.redis_url = database_url, redis_url
    await migrate(database_url)  # the same code path as `ezre migrate`
    await init_db(database_url)
    configure_redis(redis_url)
    yield Services(database_url, redis_url)
    await close_redis()
    await close_db()
    if redis_handle is not None:
        stop_redis(redis_handle)


@pytest.fixture(autouse=True)
async def clean_state(services: Services) -> None:
    """Every test starts with empty tables and an empty Redis."""
    conn = connections.get("default")
    rows = await conn.execute_query_dict(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich'"
    )
    names = [r["tablename"] for r in rows]
    try:
        # DELETE with foreign-key triggers off is far cheaper than TRUNCATE on tables this
        # small (TRUNCATE creates and fsyncs new files for every table: ~1 s a test). It needs
        # a superuser, as the embedded server has; one implicit transaction, so a refusal
        # leaves nothing behind and TRUNCATE does the job instead.
        await conn.execute_script(
            "SET session_replication_role = replica; "
            + "".join(f'DELETE FROM "{name}"; ' for name in names)
            + "SET session_replication_role = DEFAULT; "
            # Identities restart, as with TRUNCATE ... RESTART IDENTITY.
            "SELECT setval(format('%I', sequence_name), 1, false) "
            "FROM information_schema.sequences "
            "WHERE sequence_schema = 'public' AND sequence_name <> 'aerich_id_seq'"
        )
    except Exception:
        tables = ", ".join(f'"{name}"' for name in names)
        await conn.execute_script(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    await (await get_redis()).flushdb()


@pytest.fixture
def app(services: Services) -> Any:
    from app.asgi import create_app

    return create_app(manage_db=False)


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


class GraphQLClient:
    """Posts GraphQL over real HTTP semantics (httpx on the ASGI app)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def execute(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """`data` of a response that must have no top-level errors."""
        body = await self.execute(query, variables, token)
        assert not body.get("errors"), body["errors"]
        result: dict[str, Any] = body["data"]
        return result


@pytest.fixture
def gql(client: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(client)


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


# Users and organizations, made through the public API so tests exercise the real paths.

PASSWORD = "violet-harbor-tunes-41"


@dataclass
class Account:
    id: str
    email: str
    token: str
    refresh_token: str
    pk: int = field(default=0)


SIGN_UP = """
mutation($input: SignUpInput!) {
  signUp(input: $input) {
    user { id email }
    session { accessToken refreshToken expiresAt }
    userErrors { field message code }
  }
}"""

CREATE_ORG = """
mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) {
    organization { id name timezone }
    userErrors { field message code }
  }
}"""


@pytest.fixture
def make_account(gql: GraphQLClient) -> Any:
    counter = iter(range(1, 10_000))

    async def make(email: str | None = None, name: str = "Test Person") -> Account:
        email = email or f"person{next(counter)}@example.com"
        data = await gql.data(
            SIGN_UP, {"input": {"email": email, "password": PASSWORD, "name": name}}
        )
        payload = data["signUp"]
        assert payload["userErrors"] == []
        from schema.common import decode_id

        pk = decode_id(payload["user"]["id"], "User") or 0
        return Account(
            id=payload["user"]["id"],
            email=payload["user"]["email"],
            token=payload["session"]["accessToken"],
            refresh_token=payload["session"]["refreshToken"],
            pk=pk,
        )

    return make


@pytest.fixture
def make_org(gql: GraphQLClient) -> Any:
    async def make(owner: Account, name: str = "Acme", **members: Any) -> str:
        """Create an organization owned by `owner`; `members` maps roles to lists of accounts
        added directly (invitations have their own tests)."""
        data = await gql.data(
            CREATE_ORG, {"input": {"name": name, "timezone": "Europe/Berlin"}}, owner.token
        )
        org_id: str = data["createOrganization"]["organization"]["id"]
        from models.organizations import Membership, Role
        from schema.common import decode_id

        for role, accounts in members.items():
            for account in accounts:
                await Membership.create(
                    organization_id=decode_id(org_id, "Organization"),
                    user_id=account.pk,
                    role=Role(role.upper()),
                )
        return org_id

    return make


# Counting SQL statements


class SqlCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            self.statements.append(record.args[0])

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_sql() -> Any:
    """`with count_sql() as counter:` records every statement the ORM sends."""

    @contextlib.contextmanager
    def counting() -> Iterator[SqlCounter]:
        logger = logging.getLogger("tortoise.db_client")
        counter = SqlCounter()
        previous = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(counter)
        try:
            yield counter
        finally:
            logger.removeHandler(counter)
            logger.setLevel(previous)

    return counting


# Jobs


async def _shared_startup(ctx: dict[str, Any]) -> None:
    ctx["manage_db"] = False  # the test process already owns the ORM and Redis


@pytest.fixture
def run_worker(services: Services) -> Any:
    """Run queued jobs with a real arq worker in burst mode; returns the jobs completed."""

    async def run() -> int:
        options = worker_settings(services.redis_url)
        options.update(on_startup=_shared_startup, on_shutdown=None, cron_jobs=[], poll_delay=0.05)
        worker = Worker(**options, burst=True, handle_signals=False)
        try:
            await worker.main()
        finally:
            await worker.close()
        return worker.jobs_complete

    return run


# Email


@dataclass
class SmtpInbox:
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpInbox]:
    """A real SMTP server on 127.0.0.1; the app sends to it through SMTP_URL."""
    inbox = SmtpInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(get_settings(), "smtp_url", f"smtp://127.0.0.1:{port}")
    try:
        yield inbox
    finally:
        controller.stop()


def token_from_mail(message: Message) -> str:
    import re

    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    match = re.search(r"[?&]token=([^\s&]+)", body.decode())
    assert match, body
    from urllib.parse import unquote

    return unquote(match.group(1))


# A real server process, for websockets


@dataclass
class LiveServer:
    base_url: str
    ws_url: str
    process: subprocess.Popen[bytes]


def start_live_server(services: Services, **extra_env: str) -> LiveServer:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": services.database_url,
        "REDIS_URL": services.redis_url,
        "EZRE_ENV": "test",
        "LOG_LEVEL": "WARNING",
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                return LiveServer(base, f"ws://127.0.0.1:{port}/graphql", process)
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not become ready")


@pytest.fixture(scope="session")
def live_server(services: Services) -> Iterator[LiveServer]:
    server = start_live_server(services)
    yield server
    server.process.terminate()
    server.process.wait(timeout=10)


# AI: a local OpenAI-compatible server


@pytest.fixture(scope="session")
def openai_server() -> Iterator[Any]:
    from tests.fakes.openai_server import FakeOpenAI

    server = FakeOpenAI()
    server.start(free_port())
    yield server
    server.stop()


@pytest.fixture
def ai(openai_server: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point the product's OpenAI settings at the local server, with fast retries."""
    openai_server.reset()
    settings = get_settings()
    monkeypatch.setattr(settings, "openai_api_key", "sk-test")
    monkeypatch.setattr(settings, "openai_base_url", openai_server.base_url)
    monkeypatch.setattr(settings, "openai_timeout_seconds", 2.0)
    monkeypatch.setattr(settings, "ai_retry_base_seconds", 0.05)
    return openai_server


# Social platforms


@pytest.fixture(scope="session")
def platform_server_session() -> Iterator[Any]:
    from tests.fakes.platform_server import shared_server, stop_shared_server

    yield shared_server()
    stop_shared_server()


@pytest.fixture
def platform_server(platform_server_session: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The local server speaking every platform's API, reset, with every platform setting
    (base URLs, client ids and secrets) pointed at it for this test."""
    from tests.fakes.platform_server import settings_overrides

    server = platform_server_session
    server.reset()
    settings = get_settings()
    for name, value in settings_overrides(server).items():
        monkeypatch.setattr(settings, name, value)
    yield server
    server.reset()
