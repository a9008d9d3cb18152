"""Content jobs: AI generation for a content request."""

from __future__ import annotations

from typing import Any

from models.generation import run_generation


async def generate_content(ctx: dict[str, Any], request_id: int, seq: int) -> str:
    return await run_generation(request_id, seq)
