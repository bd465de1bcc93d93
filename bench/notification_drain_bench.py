"""How long a backlog of queued notifications takes to drain (docs/benchmarks.md, "Notification backlog";
issue 9, item 8).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemgr_bench_notify \
        .venv/bin/python -m bench.notification_drain_bench [--count 5000] [--smtp]

The database must be one of its own (its name must contain "bench"; it is created if missing): the
bench migrates it and empties the notification and case tables. It queues `--count` messages to one
officer and runs the beat task `notifications.send_pending` (its plain function, as the worker would)
until nothing is pending, counting the runs and the time. The mail goes to Django's in-memory backend,
or with --smtp to an SMTP sink on 127.0.0.1 started by the bench (the smtplib round trips included).
"""

from __future__ import annotations

import argparse
import asyncore
import os
import socket
import sys
import threading
import time
import warnings
from typing import Any

import django

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import smtpd  # the standard library's (Python 3.11), enough for a sink that drops every message


class _Sink(smtpd.SMTPServer):
    received = 0

    def process_message(self, peer: Any, mailfrom: Any, rcpttos: Any, data: Any, **kwargs: Any) -> None:
        _Sink.received += 1


def _start_sink() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    _Sink(("127.0.0.1", port), ("127.0.0.1", 0))  # the relay address is never used: nothing is relayed
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1}, daemon=True).start()
    return port


def _configure(smtp: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings.local")
    if smtp:
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.smtp.EmailBackend"
        os.environ["EMAIL_HOST"] = "127.0.0.1"
        os.environ["EMAIL_PORT"] = str(_start_sink())
    else:
        os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    django.setup()


def _prepare_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "postgresql" or "bench" not in name:
        sys.exit("Give DATABASE_URL a PostgreSQL database of its own whose name contains 'bench'.")
    try:
        connection.ensure_connection()
    except Exception:
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or 5432,
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_notification, oversight_flag, cases_caseevent, cases_case CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="messages queued")
    parser.add_argument("--smtp", action="store_true", help="deliver to a local SMTP sink, not in memory")
    args = parser.parse_args()
    _configure(args.smtp)
    _prepare_database()

    from accounts.models import User
    from accounts.roles import StaffRole
    from accounts.services import do_create_staff
    from casemgr import clock
    from cases.actions.case import do_create_case
    from notifications.models import Notification, NotificationKind
    from notifications.tasks import send_pending_task, sending_window

    User.objects.filter(username="bench.notify").delete()
    officer = do_create_staff(
        username="bench.notify", email="notify@bench.example", name="N", role=StaffRole.CONDUCT_OFFICER
    )
    now = clock.now()
    case = do_create_case(
        reference="BENCH-NOTIFY-1", received_at=now, summary="", allegations=[], acting_user=None, at=now
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=officer,
            case=case,
            kind=NotificationKind.STEP_OVERDUE,
            step_kind="case_dormant",
            level=1,
            created_at=now,
            next_attempt_at=now,
        )
        for _ in range(args.count)
    )
    print(f"{args.count:,} messages queued; a run starts batches for {sending_window().total_seconds():.0f} s")
    started = time.perf_counter()
    runs = sent = 0
    while Notification.objects.filter(sent_at__isnull=True).exists():
        runs += 1
        sent += send_pending_task()
    seconds = time.perf_counter() - started
    print(
        f"sent {sent:,} in {seconds:.1f} s over {runs} run(s): {sent / seconds:.0f} messages/s "
        f"({'SMTP sink' if args.smtp else 'in-memory backend'})"
    )
    if args.smtp:
        print(f"the sink received {_Sink.received:,}")
    Notification.objects.all().delete()


if __name__ == "__main__":
    main()
