"""Brief rules: what a team wants said, to whom, on which channels, by when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.base import DomainError, Problem, invalid
from models.content import Brief, BriefStatus, Platform

LIMITS = {"title": 200, "objective": 5000, "audience": 2000, "tone": 200, "call_to_action": 300}
MAX_KEY_MESSAGES = 20


@dataclass
class BriefFields:
    """Fields given by a create or update; None means "not given" on update."""

    title: str | None = None
    objective: str | None = None
    key_messages: list[str] | None = None
    audience: str | None = None
    tone: str | None = None
    channels: list[Platform] | None = None
    call_to_action: str | None = None
    link: str | None = None
    due_at: datetime | None = None
    clear_due_at: bool = False


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def clean(fields: BriefFields, *, creating: bool) -> dict[str, Any]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def fail(message: str, name: str) -> None:
        problems.extend(invalid(message, _camel(name)).problems)

    for name, limit in LIMITS.items():
        value = getattr(fields, name)
        if value is None:
            continue
        value = value.strip()
        if len(value) > limit:
            fail(f"Keep it under {limit} characters.", name)
        values[name] = value
    if (creating or fields.title is not None) and not values.get("title"):
        fail("Give the brief a title.", "title")
    if fields.key_messages is not None:
        messages = [m.strip() for m in fields.key_messages if m.strip()]
        if len(messages) > MAX_KEY_MESSAGES or any(len(m) > 500 for m in messages):
            fail(f"Up to {MAX_KEY_MESSAGES} key messages of 500 characters each.", "key_messages")
        values["key_messages"] = messages
    if fields.channels is not None or creating:
        channels = list(dict.fromkeys(fields.channels or []))
        if not channels:
            fail("Pick at least one channel.", "channels")
        values["channels"] = [c.value for c in channels]
    if fields.link is not None:
        link = fields.link.strip()
        if link and (not link.startswith(("https://", "http://")) or len(link) > 2000):
            fail("Give an http(s) link of at most 2000 characters.", "link")
        values["link"] = link
    if fields.clear_due_at:
        values["due_at"] = None
    elif fields.due_at is not None:
        if fields.due_at.tzinfo is None:
            fail("Give the due date with a time zone offset.", "due_at")
        values["due_at"] = fields.due_at
    if problems:
        raise DomainError(problems)
    return values


async def create_brief(organization_id: int, actor_id: int, fields: BriefFields) -> Brief:
    values = clean(fields, creating=True)
    return await Brief.create(organization_id=organization_id, created_by_id=actor_id, **values)


async def update_brief(brief: Brief, fields: BriefFields) -> Brief:
    if brief.status == BriefStatus.ARCHIVED:
        raise invalid("Archived briefs cannot change.", "briefId")
    values = clean(fields, creating=False)
    if values:
        brief.update_from_dict(values)
        await brief.save(update_fields=[*values, "updated_at"])
    return brief


async def archive_brief(brief: Brief) -> Brief:
    if brief.status != BriefStatus.ARCHIVED:
        brief.status = BriefStatus.ARCHIVED
        await brief.save(update_fields=["status", "updated_at"])
    return brief
