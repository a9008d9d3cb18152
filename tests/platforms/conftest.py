"""Adapter tests talk only to the local platform server (`platform_server`, in the root
conftest)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def clean_state() -> None:
    """Adapters never touch the database: skip the suite-wide table truncation (and so the
    embedded PostgreSQL) for this package."""
