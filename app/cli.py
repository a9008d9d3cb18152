"""`ezre` command line: dev, serve, worker, migrate, create-staff, export-schema, seed-demo,
outbox, makemigrations."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from app.logging import configure_logging
from app.settings import ConfigurationError, Settings, get_settings

_embedded_handles: list[Any] = []


def resolve_services(settings: Settings) -> None:
    """Start embedded PostgreSQL / Redis for whatever has no URL (never in production).

    The URLs are exported so child processes (uvicorn workers) reach the same servers.
    """
    from app.embedded import start_postgres, start_redis

    if settings.database_url is None:
        url = start_postgres(settings.data_dir / "pg")
        settings.database_url = url
        os.environ["DATABASE_URL"] = url
    if settings.redis_url is None:
        url, handle = start_redis(settings.data_dir / "redis")
        _embedded_handles.append(handle)
        settings.redis_url = url
        os.environ["REDIS_URL"] = url


def _prepare(settings: Settings) -> None:
    settings.check_production()
    configure_logging(settings.log_level, settings.log_json)
    resolve_services(settings)


def _run(coro_fn: Callable[[], Awaitable[int | None]]) -> int:
    return asyncio.run(coro_fn()) or 0  # type: ignore[arg-type]


async def _with_db(fn: Callable[[], Awaitable[int | None]]) -> int | None:
    from app.db import close_db, init_db
    from app.redis import close_redis, configure_redis

    settings = get_settings()
    database_url, redis_url = settings.service_urls()
    configure_redis(redis_url)
    await init_db(database_url)
    try:
        return await fn()
    finally:
        await close_redis()
        await close_db()


async def _check_migrated() -> int | None:
    from app.db import DatabaseNotMigratedError, ensure_migrated

    try:
        await ensure_migrated()
    except DatabaseNotMigratedError as exc:
        print(f"ezre: {exc}", file=sys.stderr)
        return 2
    return None


def cmd_migrate(args: argparse.Namespace) -> int:
    from app.db import migrate

    settings = get_settings()
    database_url, _ = settings.service_urls()
    applied = asyncio.run(migrate(database_url))
    print("applied: " + ", ".join(applied) if applied else "database is up to date")
    return 0


def cmd_makemigrations(args: argparse.Namespace) -> int:
    from aerich import Command

    from app.db import MIGRATIONS_DIR, tortoise_config

    async def make() -> None:
        settings = get_settings()
        database_url, _ = settings.service_urls()
        command = Command(tortoise_config(database_url), "models", str(MIGRATIONS_DIR))
        await command.init()
        try:
            print(await command.migrate(args.name) or "no changes")
        finally:
            await command.aclose()

    asyncio.run(make())
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    code = _run(lambda: _with_db(_check_migrated))
    if code:
        return code
    settings = get_settings()
    uvicorn.run(
        "app.asgi:create_app",
        factory=True,
        host=args.host or settings.host,
        port=args.port or settings.port,
        workers=args.workers,
        log_config=None,
        proxy_headers=True,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from arq.worker import create_worker

    from jobs.worker import worker_settings

    code = _run(lambda: _with_db(_check_migrated))
    if code:
        return code
    settings = get_settings()
    _, redis_url = settings.service_urls()
    create_worker(worker_settings(redis_url), burst=args.burst).run()
    return 0


def cmd_dev(args: argparse.Namespace) -> int:
    """API and worker in one process against embedded (or configured) services."""
    from app.db import migrate

    settings = get_settings()
    database_url, _ = settings.service_urls()
    applied = asyncio.run(migrate(database_url))
    if applied:
        print("applied migrations: " + ", ".join(applied))
    if args.seed_demo:
        cmd_seed_demo(args)
    return asyncio.run(_dev(args))


async def _dev(args: argparse.Namespace) -> int:
    import uvicorn
    from arq.worker import Worker

    from app.asgi import create_app
    from app.db import close_db, init_db
    from app.redis import close_redis, configure_redis
    from jobs.worker import worker_settings

    settings = get_settings()
    database_url, redis_url = settings.service_urls()
    configure_redis(redis_url)
    await init_db(database_url)
    config = uvicorn.Config(
        create_app(manage_db=False),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_config=None,
    )
    server = uvicorn.Server(config)
    options = worker_settings(redis_url)
    options["on_startup"] = _shared_startup
    options["on_shutdown"] = None
    worker = Worker(**options, handle_signals=False)
    print(f"Ezre Comms: GraphiQL on http://{config.host}:{config.port}/graphql")
    worker_task = asyncio.create_task(worker.async_run())
    try:
        await server.serve()
    finally:
        worker_task.cancel()
        await worker.close()
        await close_redis()
        await close_db()
    return 0


async def _shared_startup(ctx: dict[str, Any]) -> None:
    """In `ezre dev` the worker shares the API's ORM and Redis set-up."""
    ctx["manage_db"] = False


def cmd_export_schema(args: argparse.Namespace) -> int:
    from schema.root import export_sdl

    sys.stdout.write(export_sdl())
    return 0


def cmd_create_staff(args: argparse.Namespace) -> int:
    password = args.password or os.environ.get("EZRE_STAFF_PASSWORD") or getpass.getpass()

    async def create() -> int | None:
        from models.admin import create_staff_user
        from models.base import DomainError

        try:
            user = await create_staff_user(args.email, password, args.name)
        except DomainError as exc:
            print(f"ezre: {exc}", file=sys.stderr)
            return 1
        print(f"staff user {user.email} (id {user.id}) is ready")
        return None

    return _run(lambda: _with_db(create))


def cmd_seed_demo(args: argparse.Namespace) -> int:
    async def seed() -> int | None:
        from models.admin import seed_demo

        for line in await seed_demo():
            print(line)
        return None

    return _run(lambda: _with_db(seed))


def cmd_outbox(args: argparse.Namespace) -> int:
    async def show() -> int | None:
        from models.mail import OutboxMessage

        rows = await OutboxMessage.all().order_by("-id").limit(args.limit)
        for row in reversed(rows):
            print(f"--- #{row.id} [{row.status}] {row.created_at:%Y-%m-%d %H:%M:%S} to {row.to}")
            print(f"Subject: {row.subject}\n\n{row.body}\n")
        if not rows:
            print("outbox is empty")
        return None

    return _run(lambda: _with_db(show))


def cmd_rotate_keys(args: argparse.Namespace) -> int:
    async def rotate() -> int | None:
        from models.connect import rotate_keys

        print(f"re-encrypted {await rotate_keys()} secrets under the newest key")
        return None

    return _run(lambda: _with_db(rotate))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ezre", description="Ezre Comms backend")
    sub = parser.add_subparsers(dest="command", required=True)

    dev = sub.add_parser("dev", help="migrate, then run API + worker (embedded services)")
    dev.add_argument("--host")
    dev.add_argument("--port", type=int)
    dev.add_argument("--seed-demo", action="store_true", help="also create the demo data")
    dev.set_defaults(fn=cmd_dev)

    serve = sub.add_parser("serve", help="run the API with uvicorn")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(fn=cmd_serve)

    worker = sub.add_parser("worker", help="run an arq worker")
    worker.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    worker.set_defaults(fn=cmd_worker)

    sub.add_parser("migrate", help="apply pending migrations (idempotent)").set_defaults(
        fn=cmd_migrate
    )
    make = sub.add_parser("makemigrations", help="write a migration for model changes")
    make.add_argument("name", nargs="?", default="update")
    make.set_defaults(fn=cmd_makemigrations)

    staff = sub.add_parser("create-staff", help="create (or promote) an internal staff user")
    staff.add_argument("email")
    staff.add_argument("--name", default="Staff")
    staff.add_argument("--password", help="default: $EZRE_STAFF_PASSWORD or a prompt")
    staff.set_defaults(fn=cmd_create_staff)

    sub.add_parser("export-schema", help="print the GraphQL SDL").set_defaults(fn=cmd_export_schema)
    sub.add_parser("seed-demo", help="create a demo organization with members").set_defaults(
        fn=cmd_seed_demo
    )
    sub.add_parser(
        "rotate-keys", help="re-encrypt stored secrets under the first ENCRYPTION_KEYS key"
    ).set_defaults(fn=cmd_rotate_keys)
    outbox = sub.add_parser("outbox", help="print queued and held email")
    outbox.add_argument("--limit", type=int, default=20)
    outbox.set_defaults(fn=cmd_outbox)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    if args.command != "export-schema":
        try:
            _prepare(settings)
        except ConfigurationError as exc:
            print(f"ezre: {exc}", file=sys.stderr)
            return 2
    code: int = args.fn(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
