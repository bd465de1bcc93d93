"""Email backends standing in for a mail server in tests."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """A mail server that drops the connection on every message."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise smtplib.SMTPServerDisconnected("connection unexpectedly closed")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class RecordingFileBackend(BaseEmailBackend):
    """A mail server observed through files, since a worker subprocess's locmem outbox is out of reach.

    Every delivered message becomes its own file in CASEMGR_TEST_MAIL_DIR, so a message delivered twice
    shows as two files with the same Message-ID. With CASEMGR_TEST_BLOCK_AT=n the n-th message in this
    process hangs before delivery (a stuck mail server), so the test can kill the worker mid-send.
    """

    delivered_in_process = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        import os
        import threading
        import uuid
        from pathlib import Path

        folder = Path(os.environ["CASEMGR_TEST_MAIL_DIR"])
        block_at = int(os.environ.get("CASEMGR_TEST_BLOCK_AT", "0"))
        for message in email_messages:
            RecordingFileBackend.delivered_in_process += 1
            if RecordingFileBackend.delivered_in_process == block_at:
                (folder / "blocked").write_text("blocked")
                threading.Event().wait()  # hangs until the worker is killed
            (folder / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)


class SlowBackend(BaseEmailBackend):
    """A mail server that takes `seconds_per_message` of the (travelling) test clock per message: the
    test sets `traveller` to its time_machine traveller. Nothing sleeps."""

    traveller: Any = None
    seconds_per_message = 1.0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from django.core import mail

        for message in email_messages:
            SlowBackend.traveller.shift(SlowBackend.seconds_per_message)
            mail.outbox.append(message)
        return len(email_messages)
