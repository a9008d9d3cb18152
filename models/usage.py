"""Per-organization usage counters for the current month."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise import connections


def current_period() -> str:
    return datetime.now(UTC).strftime("%Y-%m")


async def increment(organization_id: int, metric: str, amount: int = 1) -> None:
    """Atomic across processes: one upsert, no read-modify-write."""
    if amount == 0:
        return
    await connections.get("default").execute_query(
        'INSERT INTO "usage_counters" '
        '("organization_id", "period", "metric", "value", "created_at", "updated_at") '
        "VALUES ($1, $2, $3, $4, now(), now()) "
        'ON CONFLICT ("organization_id", "period", "metric") '
        'DO UPDATE SET "value" = "usage_counters"."value" + EXCLUDED."value", '
        '"updated_at" = now()',
        [organization_id, current_period(), metric, amount],
    )
