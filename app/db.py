"""Tortoise ORM configuration, start-up and the migration check."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tortoise import Tortoise, connections

from app.settings import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
MODEL_MODULES = [
    "models.accounts",
    "models.organizations",
    "models.audit",
    "models.mail",
    "models.content",
    "models.knowledge",
    "models.media",
    "models.connections",
    "models.scheduling",
    "aerich.models",
]


class DatabaseNotMigratedError(RuntimeError):
    """The database lacks migrations this code needs."""


def credentials_from_url(url: str) -> dict[str, Any]:
    """Turn a postgres URL (TCP or `?host=/socket/dir`) into asyncpg credentials."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql", "asyncpg"}:
        raise ValueError(f"Unsupported database URL scheme: {parsed.scheme!r}")
    query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    host = query.pop("host", None) or parsed.hostname or "127.0.0.1"
    return {
        "host": host,
        "port": parsed.port or int(query.pop("port", 5432)),
        "user": unquote(parsed.username or "postgres"),
        "password": unquote(parsed.password or ""),
        "database": (parsed.path or "/postgres").lstrip("/") or "postgres",
        "minsize": int(query.pop("minsize", 1)),
        "maxsize": int(query.pop("maxsize", 10)),
    }


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {
            "default": {
                "engine": "tortoise.backends.asyncpg",
                "credentials": credentials_from_url(database_url),
            }
        },
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def init_db(database_url: str) -> None:
    # The global fallback lets request tasks (not children of the lifespan task) see the ORM.
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_db() -> None:
    await Tortoise.close_connections()


def migration_files() -> list[str]:
    folder = MIGRATIONS_DIR / "models"
    return sorted(
        (p.name for p in folder.glob("*.py") if p.stem.split("_")[0].isdigit()),
        key=lambda name: int(name.split("_")[0]),
    )


async def pending_migrations() -> list[str]:
    """Migration files not yet applied; every file when the database was never migrated."""
    conn = connections.get("default")
    exists = await conn.execute_query_dict("SELECT to_regclass('public.aerich') AS t")
    if exists[0]["t"] is None:
        return migration_files()
    rows = await conn.execute_query_dict("SELECT version FROM aerich WHERE app = 'models'")
    applied = {r["version"] for r in rows}
    return [f for f in migration_files() if f not in applied]


async def ensure_migrated() -> None:
    pending = await pending_migrations()
    if pending:
        raise DatabaseNotMigratedError(
            f"The database is missing {len(pending)} migration(s) (first: {pending[0]}). "
            "Run `ezre migrate` and start again."
        )


async def migrate(database_url: str) -> list[str]:
    """Apply pending aerich migrations; safe to run any number of times."""
    from aerich import Command

    command = Command(
        tortoise_config=tortoise_config(database_url),
        app="models",
        location=str(MIGRATIONS_DIR),
    )
    await command.init()
    try:
        applied: list[str] = await command.upgrade(run_in_transaction=True)
    finally:
        await command.aclose()
    return applied


async def connect_raw(url: str) -> Any:
    """A plain asyncpg connection to `url` (for set-up work outside the ORM)."""
    import asyncpg

    creds = credentials_from_url(url)
    return await asyncpg.connect(
        host=creds["host"],
        port=creds["port"],
        user=creds["user"],
        password=creds["password"] or None,
        database=creds["database"],
    )


async def create_database(server_url: str, prefix: str) -> str:
    """A new, uniquely named database with pgvector on `server_url`'s server; its URL.
    Tests and benchmarks each get their own, so they never touch an application database."""
    import uuid

    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    conn = await connect_raw(server_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base, _, query = server_url.partition("?")
    url = base.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")
    conn = await connect_raw(url)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
    except asyncpg.PostgresError as exc:
        raise RuntimeError("The PostgreSQL server must have the pgvector extension") from exc
    finally:
        await conn.close()
    return url
