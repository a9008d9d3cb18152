"""AI generation of versions for a content request: prompt, structured output, channel rules
enforced on what is stored, retries with backoff, a log line per call, usage counted."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from app.settings import get_settings
from integrations.ai import AIError, Completion, complete_json
from models.base import DomainError
from models.channels import describe, normalize_hashtags, violations
from models.content import (
    Brief,
    ContentRequest,
    ContentStatus,
    ContentVersion,
    GenerationLog,
    Platform,
    VersionSource,
)
from models.drafting import version_created
from models.events import CONTENT_TOPIC, emit
from models.organizations import Organization
from models.retrieval import Passage, knowledge_prompt, passages_for_brief, record_sources
from models.review import move, status_changed
from models.usage import increment

S = ContentStatus
VARIANTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "variants": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "hashtags": {"type": "array", "items": {"type": "string"}},
                    "image_prompt": {"type": "string"},
                },
                "required": ["text", "hashtags", "image_prompt"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["variants"],
    "additionalProperties": False,
}


class GenerationFailedError(Exception):
    """A readable reason the whole request could not be generated."""


@dataclass
class Draft:
    text: str
    hashtags: list[str]
    image_prompt: str
    violations: list[str]


def system_prompt(org: Organization) -> str:
    voice = org.brand_voice.strip() or "Clear, friendly and specific."
    return (
        f"You write social media posts for {org.name}. Brand voice: {voice}\n"
        "Follow each channel's rules exactly; never exceed a length limit. "
        "Hashtags go in the `hashtags` list, not in the text. "
        "Answer only with JSON matching the given schema."
    )


def brief_prompt(brief: Brief, channel: Platform, variants: int, instructions: str) -> str:
    lines = [
        f"Write {variants} distinct variant(s) of a post for this channel.",
        f"Channel rules: {describe(channel)}",
        f"Brief title: {brief.title}",
        f"Objective: {brief.objective or '-'}",
        "Key messages: " + ("; ".join(brief.key_messages) or "-"),
        f"Audience: {brief.audience or '-'}",
        f"Tone: {brief.tone or '-'}",
        f"Call to action: {brief.call_to_action or '-'}",
        f"Link to include: {brief.link or '-'}",
        "For each variant also suggest an image prompt.",
    ]
    if instructions:
        lines.append(f"Extra instructions: {instructions}")
    return "\n".join(lines)


def parse_variants(content: str, channel: Platform) -> list[Draft]:
    try:
        data = json.loads(content)
        items = data["variants"]
        drafts = []
        for item in items:
            text = str(item["text"]).strip()
            tags = normalize_hashtags([str(t) for t in item.get("hashtags", [])])
            drafts.append(
                Draft(
                    text, tags, str(item.get("image_prompt", "")), violations(channel, text, tags)
                )
            )
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError("The AI answer was not valid JSON of the expected shape.") from exc
    if not drafts:
        raise ValueError("The AI answer held no variants.")
    return drafts


def backoff_seconds(attempt: int, retry_after: float | None) -> float:
    settings = get_settings()
    if retry_after is not None:
        return min(retry_after, settings.ai_retry_max_seconds)
    base: float = settings.ai_retry_base_seconds * 2 ** (attempt - 1)
    return min(base * (0.5 + random.random() / 2), settings.ai_retry_max_seconds)  # noqa: S311


class Generator:
    """One generation run for one request; logs every AI call it makes."""

    def __init__(self, request: ContentRequest, sleep: Callable[[float], Awaitable[None]]) -> None:
        self.request = request
        self.sleep = sleep
        self.passages: list[Passage] = []

    async def _call(self, channel: Platform, messages: list[dict[str, str]]) -> Completion:
        attempt = 0
        while True:
            attempt += 1
            started = time.perf_counter()
            try:
                completion = await complete_json(messages, "post_variants", VARIANTS_SCHEMA)
            except AIError as exc:
                # A failed call still cost the time waited (a timeout is the whole timeout).
                waited = int((time.perf_counter() - started) * 1000)
                await self._log(channel, attempt, None, "error", str(exc), waited)
                if not exc.transient or attempt > get_settings().ai_max_retries:
                    raise GenerationFailedError(str(exc)) from exc
                await self.sleep(backoff_seconds(attempt, exc.retry_after))
                continue
            await self._log(channel, attempt, completion, "ok", "")
            await increment(
                self.request.organization_id, "ai_prompt_tokens", completion.prompt_tokens
            )
            await increment(
                self.request.organization_id, "ai_completion_tokens", completion.completion_tokens
            )
            await increment(self.request.organization_id, "ai_calls")
            return completion

    async def _log(
        self,
        channel: Platform,
        attempt: int,
        c: Completion | None,
        outcome: str,
        error: str,
        waited_ms: int = 0,
    ) -> None:
        await GenerationLog.create(
            organization_id=self.request.organization_id,
            request_id=self.request.id,
            channel=channel,
            model=c.model if c else get_settings().openai_model,
            attempt=attempt,
            prompt_tokens=c.prompt_tokens if c else 0,
            completion_tokens=c.completion_tokens if c else 0,
            latency_ms=c.latency_ms if c else waited_ms,
            outcome=outcome,
            error=error[:2000],
        )

    async def channel_drafts(
        self, org: Organization, brief: Brief, channel: Platform, instructions: str
    ) -> list[Draft]:
        wanted = self.request.variants_per_channel
        messages = [
            {"role": "system", "content": system_prompt(org)},
            {"role": "user", "content": brief_prompt(brief, channel, wanted, instructions)},
        ]
        if self.passages:
            messages[1]["content"] += "\n\n" + knowledge_prompt(self.passages)
        completion = await self._call(channel, messages)
        try:
            drafts = parse_variants(completion.content, channel)[:wanted]
            problem = "; ".join(
                f"variant {i + 1}: {' '.join(d.violations)}"
                for i, d in enumerate(drafts)
                if d.violations
            )
        except ValueError as exc:
            drafts, problem = [], str(exc)
        if not problem:
            return drafts
        # Ask once more, naming what was wrong; keep what comes back, violations and all.
        messages += [
            {"role": "assistant", "content": completion.content},
            {"role": "user", "content": f"That answer breaks the rules: {problem} Fix it."},
        ]
        retry = await self._call(channel, messages)
        try:
            return parse_variants(retry.content, channel)[:wanted]
        except ValueError as exc:
            if drafts:
                return drafts
            raise GenerationFailedError(f"{channel.value}: {exc}") from exc


async def run_generation(
    request_id: int, seq: int, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> str:
    """The job body. Safe to run twice: a finished or superseded run is skipped, and a run
    that died half-way is redone without leaving its partial versions behind."""
    request = await ContentRequest.filter(id=request_id).first()
    if request is None or request.generation_seq != seq:
        return "superseded"
    if request.status == S.QUEUED:
        async with in_transaction():
            previous = await move(request, S.GENERATING, None, only_from=frozenset({S.QUEUED}))
        await status_changed(request, previous, None)
    elif request.status != S.GENERATING:
        return "already-done"
    brief = await Brief.get(id=request.brief_id)
    org = await Organization.get(id=request.organization_id)
    generator = Generator(request, sleep)
    channels = [Platform(c) for c in request.pending_channels]
    results: dict[Platform, list[Draft]] = {}
    try:
        generator.passages = await _retrieve(request, brief, sleep)
        for index, channel in enumerate(channels, start=1):
            results[channel] = await generator.channel_drafts(
                org, brief, channel, request.pending_instructions
            )
            await emit(
                request.organization_id,
                "GENERATION_PROGRESS",
                None,
                topic=CONTENT_TOPIC,
                contentRequestId=request.id,
                channel=channel.value,
                done=index,
                total=len(channels),
            )
    except GenerationFailedError as exc:
        try:
            async with in_transaction():
                previous = await move(
                    request, S.GENERATION_FAILED, None, str(exc), failure_reason=str(exc)
                )
        except DomainError:
            return "superseded"  # a newer run took over while this one was failing
        await status_changed(request, previous, None, str(exc))
        return "failed"
    created = await _store(request, seq, results, generator.passages)
    if created is None:
        return "superseded"
    for version in created:
        await version_created(version, None)
    await status_changed(request, S.GENERATING, None)
    return "drafted"


async def _retrieve(
    request: ContentRequest, brief: Brief, sleep: Callable[[float], Awaitable[None]]
) -> list[Passage]:
    """The knowledge passages for this brief (none, and no AI call, without knowledge)."""
    try:
        return await passages_for_brief(
            request.organization_id, brief, get_settings().retrieval_top_k, sleep
        )
    except AIError as exc:
        raise GenerationFailedError(f"Knowledge retrieval failed: {exc}") from exc


async def _store(
    request: ContentRequest,
    seq: int,
    results: dict[Platform, list[Draft]],
    passages: list[Passage] | None = None,
) -> list[ContentVersion] | None:
    async with in_transaction():
        locked = await ContentRequest.filter(id=request.id).select_for_update().get()
        if locked.generation_seq != seq or locked.status != S.GENERATING:
            return None
        # Leftovers of an earlier attempt at this same run are replaced, never duplicated.
        await ContentVersion.filter(
            request_id=locked.id, generation_seq=seq, source=VersionSource.AI
        ).delete()
        selected = set(
            await ContentVersion.filter(request_id=locked.id, is_selected=True).values_list(
                "channel", flat=True
            )
        )
        versions = [
            ContentVersion(
                organization_id=locked.organization_id,
                request_id=locked.id,
                channel=channel,
                text=draft.text,
                hashtags=draft.hashtags,
                suggested_image_prompt=draft.image_prompt,
                source=VersionSource.AI,
                violations=draft.violations,
                generation_seq=seq,
                # The first variant of a channel with no selection yet starts selected.
                is_selected=(i == 0 and channel.value not in selected),
            )
            for channel, drafts in results.items()
            for i, draft in enumerate(drafts)
        ]
        for version in versions:
            await version.save()
        await record_sources(versions, passages or [])
        await move(locked, S.DRAFTED, None, only_from=frozenset({S.GENERATING}), failure_reason="")
        request.status = S.DRAFTED
    await increment(request.organization_id, "generations")
    return versions
