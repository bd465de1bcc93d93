"""`python manage.py requeue_notifications [--since TIME]`: send again the e-mails the outbox gave up on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from audit.context import process_origin
from audit.log import record
from casemgr import clock
from oversight.mail import OUTBOX_KEY, requeue_given_up
from oversight.management.commands.sweep import parse_now
from oversight.settle import settle_flags


class Command(BaseCommand):
    help = (
        "Put the notifications the outbox gave up on (after CASEMGR_NOTIFICATION_MAX_ATTEMPTS) back to be sent, "
        "once the mail server works again. Each is the same message, with the same Message-ID."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", metavar="TIME", help="Only messages created at or after TIME (ISO 8601).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = clock.now()
        since = parse_now(options["since"]) if options["since"] else None
        with process_origin("command:requeue_notifications"), transaction.atomic():
            count = requeue_given_up(now=now, since=since)
            record("notifications.requeue", actor=None, at=now, detail={"requeued": count})
            # Nothing is given up any more: the outbox flag closes now, not at the next sweep.
            settle_flags(at=now, step_keys=[OUTBOX_KEY])
        self.stdout.write(f"{count} notification(s) put back to be sent.")
