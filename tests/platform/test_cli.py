"""The operator commands, run as real processes against the test PostgreSQL server."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import asyncpg
import pytest

from app.db import credentials_from_url
from app.settings import PROJECT_ROOT
from tests.conftest import Services


def ezre(*args: str, database_url: str, redis_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "EZRE_ENV": "test"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
async def empty_database(services: Services) -> str:
    creds = credentials_from_url(services.database_url)
    name = f"ezre_cli_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(
        host=creds["host"], port=creds["port"], user=creds["user"], database=creds["database"]
    )
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base, _, query = services.database_url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


async def test_serving_an_unmigrated_database_says_what_to_do(
    services: Services, empty_database: str
) -> None:
    result = ezre("serve", "--port", "1", database_url=empty_database, redis_url=services.redis_url)
    assert result.returncode == 2
    assert "Run `ezre migrate`" in result.stderr
    assert "Traceback" not in result.stderr


async def test_migrate_is_idempotent_then_serving_checks_pass(
    services: Services, empty_database: str
) -> None:
    first = ezre("migrate", database_url=empty_database, redis_url=services.redis_url)
    assert first.returncode == 0, first.stderr
    assert "applied: 0_" in first.stdout
    second = ezre("migrate", database_url=empty_database, redis_url=services.redis_url)
    assert second.returncode == 0
    assert "database is up to date" in second.stdout


async def test_seed_demo_creates_one_member_per_role_and_is_repeatable(services: Services) -> None:
    for _ in range(2):
        result = ezre("seed-demo", database_url=services.database_url, redis_url=services.redis_url)
        assert result.returncode == 0, result.stderr
    from models.organizations import Membership

    roles = sorted(await Membership.all().values_list("role", flat=True))
    assert roles == ["ADMIN", "EDITOR", "REVIEWER"]


async def test_create_staff_and_outbox(services: Services) -> None:
    result = ezre(
        "create-staff",
        "ops@example.com",
        "--password",
        "granite-lantern-sails-88",
        database_url=services.database_url,
        redis_url=services.redis_url,
    )
    assert result.returncode == 0, result.stderr
    from models.accounts import User

    assert (await User.get(email="ops@example.com")).is_staff
    weak = ezre(
        "create-staff",
        "ops2@example.com",
        "--password",
        "password123",
        database_url=services.database_url,
        redis_url=services.redis_url,
    )
    assert weak.returncode == 1 and "WEAK_PASSWORD" in weak.stderr
    outbox = ezre("outbox", database_url=services.database_url, redis_url=services.redis_url)
    assert outbox.returncode == 0 and "outbox is empty" in outbox.stdout


def test_export_schema_prints_the_sdl() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "export-schema"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout == (PROJECT_ROOT / "schema.graphql").read_text()
