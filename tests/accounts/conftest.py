"""Fixtures for the account tests."""

from __future__ import annotations

import pytest

from app.settings import get_settings


@pytest.fixture(autouse=True)
def no_smtp_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mail stays HELD in the outbox unless a test asks for the `smtp` fixture (which sets
    SMTP_URL after this runs), whatever the environment says."""
    monkeypatch.setattr(get_settings(), "smtp_url", None)
