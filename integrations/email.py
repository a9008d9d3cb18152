"""Outgoing email over SMTP (`smtp://user:pass@host:port`, `smtps://` for implicit TLS)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlparse

import aiosmtplib


class MailDeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool | None

    @classmethod
    def from_url(cls, url: str) -> SmtpTarget:
        parsed = urlparse(url)
        if parsed.scheme not in {"smtp", "smtps"}:
            raise ValueError("SMTP_URL must start with smtp:// or smtps://")
        implicit_tls = parsed.scheme == "smtps"
        return cls(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or (465 if implicit_tls else 25),
            username=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            use_tls=implicit_tls,
            # None lets aiosmtplib upgrade with STARTTLS when the server offers it.
            start_tls=False if implicit_tls else None,
        )


async def send_mail(
    smtp_url: str, sender: str, to: str, subject: str, body: str, timeout_seconds: float
) -> None:
    target = SmtpTarget.from_url(smtp_url)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        await aiosmtplib.send(
            message,
            hostname=target.host,
            port=target.port,
            username=target.username,
            password=target.password,
            use_tls=target.use_tls,
            start_tls=target.start_tls,
            timeout=timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as exc:
        raise MailDeliveryError(f"recipient refused: {exc}", permanent=True) from exc
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise MailDeliveryError(f"SMTP authentication failed: {exc}", permanent=False) from exc
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        raise MailDeliveryError(f"SMTP delivery failed: {exc}", permanent=False) from exc
