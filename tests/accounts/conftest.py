"""Getting in: one-time links, password resets, a party's authenticator app, single sign-on."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail

from notifications.sending import send_pending
from tests.conftest import hkt

NOW = hkt(2025, 3, 20, 10, 0)
PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-long-new-passphrase-42"
LINK = re.compile(r"https?://\S+/accounts/link/[0-9a-f]+/")


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def sent_links() -> list[str]:
    """Send the outbox and return the one-time links in the e-mails that left."""
    before = len(mail.outbox)
    send_pending(now=NOW)
    return [m for message in mail.outbox[before:] for m in LINK.findall(str(message.body))]
