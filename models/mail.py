"""Transactional outbox for email: written with the change that causes it, sent by a job."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from models.base import TimestampedModel


class MailStatus(StrEnum):
    PENDING = "PENDING"  # waiting for the delivery job
    HELD = "HELD"  # no SMTP configured: the operator reads it with `ezre outbox`
    SENT = "SENT"
    FAILED = "FAILED"


class OutboxMessage(TimestampedModel):
    to = fields.CharField(max_length=320)
    subject = fields.CharField(max_length=300)
    body = fields.TextField()
    kind = fields.CharField(max_length=32)
    status = fields.CharEnumField(MailStatus, max_length=16, default=MailStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(default="")
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outbox_messages"


def app_link(path: str, token: str) -> str:
    """The link a mail carries: `<APP_URL>/<path>?token=<token>`."""
    from urllib.parse import urlencode

    from app.settings import get_settings

    return f"{get_settings().app_url.rstrip('/')}/{path.lstrip('/')}?{urlencode({'token': token})}"


async def queue_mail(to: str, subject: str, body: str, kind: str) -> OutboxMessage:
    """Write the mail in the caller's transaction; `deliver_after_commit` sends it later."""
    from app.settings import get_settings

    status = MailStatus.PENDING if get_settings().smtp_url else MailStatus.HELD
    return await OutboxMessage.create(to=to, subject=subject, body=body, kind=kind, status=status)


async def deliver_after_commit(message: OutboxMessage | None) -> None:
    if message is not None and message.status == MailStatus.PENDING:
        from jobs.queue import enqueue

        await enqueue("send_email", message.id, job_id=f"send_email:{message.id}")
