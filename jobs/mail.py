"""Email delivery: one job per outbox message, plus a sweep for anything left behind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from arq import Retry
from tortoise.transactions import in_transaction

from app.logging import get_logger
from app.settings import get_settings
from integrations.email import MailDeliveryError, send_mail
from jobs.queue import enqueue
from models.mail import MailStatus, OutboxMessage

MAX_ATTEMPTS = 5
log = get_logger(__name__)


async def send_email(ctx: dict[str, Any], message_id: int) -> str:
    settings = get_settings()
    if not settings.smtp_url:
        return "no-smtp"
    async with in_transaction():
        # The row lock makes a second copy of this job skip instead of sending twice.
        message = (
            await OutboxMessage.filter(id=message_id, status=MailStatus.PENDING)
            .select_for_update(skip_locked=True)
            .first()
        )
        if message is None:
            return "skipped"
        message.attempts += 1
        try:
            await send_mail(
                settings.smtp_url,
                settings.mail_from,
                message.to,
                message.subject,
                message.body,
                settings.smtp_timeout_seconds,
            )
        except MailDeliveryError as exc:
            message.last_error = str(exc)[:2000]
            if exc.permanent or message.attempts >= MAX_ATTEMPTS:
                message.status = MailStatus.FAILED
                await message.save(update_fields=["attempts", "last_error", "status", "updated_at"])
                log.warning("mail failed", message_id=message_id, error=message.last_error)
                return "failed"
            await message.save(update_fields=["attempts", "last_error", "updated_at"])
            retry_in = 5 * 2 ** (message.attempts - 1)
        else:
            message.status = MailStatus.SENT
            message.sent_at = datetime.now(UTC)
            # The body holds a live single-use token; once delivered it need not stay at rest.
            message.body = "[delivered]"
            await message.save(
                update_fields=["attempts", "status", "sent_at", "body", "last_error", "updated_at"]
            )
            return "sent"
    raise Retry(defer=retry_in)


async def sweep_outbox(ctx: dict[str, Any]) -> int:
    """Re-enqueue pending mail whose job was lost (e.g. Redis flushed after commit)."""
    if not get_settings().smtp_url:
        return 0
    cutoff = datetime.now(UTC) - timedelta(minutes=2)
    ids = await OutboxMessage.filter(status=MailStatus.PENDING, created_at__lt=cutoff).values_list(
        "id", flat=True
    )
    for message_id in ids:
        await enqueue("send_email", message_id, job_id=f"send_email:{message_id}")
    return len(ids)
