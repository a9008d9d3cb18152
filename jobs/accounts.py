"""Housekeeping for account tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from models.accounts import EmailToken, RefreshToken


async def purge_expired_tokens(ctx: dict[str, Any]) -> int:
    """Drop refresh and email tokens that expired more than a day ago."""
    cutoff = datetime.now(UTC) - timedelta(days=1)
    removed: int = await RefreshToken.filter(expires_at__lt=cutoff).delete()
    removed += await EmailToken.filter(expires_at__lt=cutoff).delete()
    return removed
