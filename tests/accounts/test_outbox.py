from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from arq import Retry

from app.settings import get_settings
from jobs.mail import MAX_ATTEMPTS, send_email
from jobs.queue import enqueue
from models.mail import MailStatus, OutboxMessage
from tests.accounts.helpers import VERIFY_EMAIL, link_in, mutate, outbox, tables_containing
from tests.conftest import Account, GraphQLClient, SmtpInbox, free_port, token_from_mail


async def the_mail(to: str) -> OutboxMessage:
    (message,) = await outbox(to)
    return message


async def test_without_smtp_the_mail_is_held_in_the_outbox(
    make_account: Any, run_worker: Any
) -> None:
    await make_account("ana@example.com", name="Ana Lopez")

    message = await the_mail("ana@example.com")
    assert message.status == MailStatus.HELD
    assert (message.kind, message.subject) == ("verify_email", "Confirm your email address")
    assert "Hello Ana Lopez," in message.body
    assert link_in(message.body).url.endswith("/verify-email")
    assert (message.attempts, message.sent_at) == (0, None)
    # Nothing was queued for delivery, and the held body is the only place the token lives.
    assert await run_worker() == 0
    assert (await OutboxMessage.get(id=message.id)).status == MailStatus.HELD
    token = link_in(message.body).token
    assert await tables_containing(token) == ["outbox_messages"]


async def test_with_smtp_the_worker_delivers_the_mail_and_scrubs_its_body(
    gql: GraphQLClient, make_account: Any, smtp: SmtpInbox, run_worker: Any
) -> None:
    account: Account = await make_account("ana@example.com")
    assert (await the_mail(account.email)).status == MailStatus.PENDING
    assert smtp.messages == []

    assert await run_worker() == 1

    (delivered,) = smtp.to("ana@example.com")
    assert delivered["From"] == get_settings().mail_from
    assert delivered["Subject"] == "Confirm your email address"
    message = await the_mail(account.email)
    assert message.status == MailStatus.SENT
    assert message.sent_at is not None
    assert (message.attempts, message.last_error) == (1, "")
    assert message.body == "[delivered]"
    token = token_from_mail(delivered)
    assert await tables_containing(token) == []
    # The delivered link is the live one.
    verified = await mutate(gql, VERIFY_EMAIL, {"input": {"token": token}})
    assert verified["user"]["emailVerified"] is True


async def test_a_sent_mail_is_not_sent_again_by_a_second_job(
    make_account: Any, smtp: SmtpInbox, run_worker: Any
) -> None:
    account: Account = await make_account()
    await run_worker()
    message = await the_mail(account.email)

    await enqueue("send_email", message.id, job_id=f"send_email:{message.id}:again")
    assert await run_worker() == 1

    assert len(smtp.to(account.email)) == 1
    assert (await OutboxMessage.get(id=message.id)).attempts == 1


class RefusingHandler:
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        return "550 5.1.1 No such mailbox"


@pytest.fixture
def refusing_smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """An SMTP server that refuses every recipient (a permanent failure)."""
    port = free_port()
    controller = Controller(RefusingHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(get_settings(), "smtp_url", f"smtp://127.0.0.1:{port}")
    try:
        yield
    finally:
        controller.stop()


async def test_a_refused_recipient_fails_the_mail_at_once_and_keeps_it(
    make_account: Any, refusing_smtp: None, run_worker: Any
) -> None:
    account: Account = await make_account()
    body = (await the_mail(account.email)).body

    assert await run_worker() == 1

    message = await the_mail(account.email)
    assert message.status == MailStatus.FAILED
    assert message.attempts == 1
    assert "recipient refused" in message.last_error
    assert message.sent_at is None
    assert message.body == body  # not delivered, so kept for the operator


async def test_an_unreachable_server_is_retried_then_given_up(
    make_account: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "smtp_url", f"smtp://127.0.0.1:{free_port()}")
    monkeypatch.setattr(get_settings(), "smtp_timeout_seconds", 2.0)
    account: Account = await make_account()
    message = await the_mail(account.email)

    with pytest.raises(Retry) as retry:
        await send_email({}, message.id)

    assert retry.value.defer_score == 5_000
    message = await the_mail(account.email)
    assert (message.status, message.attempts) == (MailStatus.PENDING, 1)
    assert "SMTP delivery failed" in message.last_error

    await OutboxMessage.filter(id=message.id).update(attempts=MAX_ATTEMPTS - 1)
    assert await send_email({}, message.id) == "failed"
    message = await the_mail(account.email)
    assert (message.status, message.attempts) == (MailStatus.FAILED, MAX_ATTEMPTS)
