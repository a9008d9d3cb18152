"""Knowledge and media jobs: file processing (extract, chunk, embed) and AI images."""

from __future__ import annotations

from typing import Any

from models.knowledge import process_file
from models.media import run_image_generation


async def process_knowledge_file(ctx: dict[str, Any], file_id: int, seq: int) -> str:
    return await process_file(file_id, seq)


async def generate_image(ctx: dict[str, Any], generation_id: int) -> str:
    return await run_image_generation(generation_id)
