"""Fixtures for tests that talk to social platforms: the local platform server.

`platform_server` (per test) resets the shared server and points every platform setting at
it. Other test packages can use it with
`from tests.platforms.conftest import platform_server, platform_server_session  # noqa: F401`
in their conftest.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.settings import get_settings
from tests.fakes.platform_server import (
    PlatformServer,
    settings_overrides,
    shared_server,
    stop_shared_server,
)


@pytest.fixture(scope="session")
def platform_server_session() -> Iterator[PlatformServer]:
    yield shared_server()
    stop_shared_server()


@pytest.fixture
def platform_server(
    platform_server_session: PlatformServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PlatformServer]:
    server = platform_server_session
    server.reset()
    settings = get_settings()
    for name, value in settings_overrides(server).items():
        monkeypatch.setattr(settings, name, value)
    yield server
    server.reset()


@pytest.fixture(autouse=True)
def clean_state() -> None:
    """Adapters never touch the database: skip the suite-wide table truncation (and so the
    embedded PostgreSQL) for this package."""
