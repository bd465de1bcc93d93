"""Mail given up is never lost silently: it raises a flag for the supervisors and the system
administrators, and `requeue_notifications` sends the same messages again once the server works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from accommodations.models import Measure
from accounts.models import User
from notifications.models import Notification
from notifications.sending import send_pending
from oversight.mail import MAIL_GIVEN_UP
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt

pytestmark = pytest.mark.django_db

RAISED_AT = hkt(2025, 3, 19, 9)
REFUSING = "tests.notifications.backends.RefusingBackend"


@pytest.fixture
def given_up(separation: Measure) -> list[Notification]:
    """The notices of an overdue decision, refused by the mail server until their attempts ran out."""
    sweep(RAISED_AT)
    at = RAISED_AT
    with override_settings(EMAIL_BACKEND=REFUSING, CASEMGR_NOTIFICATION_MAX_ATTEMPTS=3):
        for _attempt in range(3):
            at += dt.timedelta(hours=1)
            send_pending(now=at)
    rows = list(Notification.objects.all())
    assert rows
    assert all(n.sent_at is None and n.next_attempt_at is None for n in rows)
    return rows


def test_it_raises_one_flag_for_the_supervisors_and_administrators(
    given_up: list[Notification], supervisor: User, officer: User
) -> None:
    admin = User.objects.create_superuser(username="admin", email="admin@uni.example", password="x" * 20)

    sweep(hkt(2025, 3, 19, 14))

    flag = Flag.objects.get(kind=MAIL_GIVEN_UP, closed_at__isnull=True)
    assert flag.case_id is None
    assert flag.level == 2
    assert flag.detail == {"messages_given_up": len(given_up)}
    told = set(Notification.objects.filter(flag=flag).values_list("recipient__username", flat=True))
    assert told == {supervisor.username, admin.username}
    # It is the project's own kind: not in the casemgr/1 flags JSON.
    import json
    from io import StringIO

    out = StringIO()
    call_command("flags", "--json", stdout=out)
    assert MAIL_GIVEN_UP not in out.getvalue()
    assert all(record["kind"] != MAIL_GIVEN_UP for record in json.loads(out.getvalue()))


def test_requeue_sends_the_same_messages_again_and_closes_the_flag(given_up: list[Notification]) -> None:
    sweep(hkt(2025, 3, 19, 14))
    ids = {n.pk: n.message_id for n in given_up}

    call_command("requeue_notifications")

    assert not Flag.objects.filter(kind=MAIL_GIVEN_UP, closed_at__isnull=True).exists()
    send_pending(now=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    delivered = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert delivered >= set(ids.values())
    assert Notification.objects.filter(pk__in=ids, sent_at__isnull=False).count() == len(ids)


def test_the_worker_keeps_reconnecting_to_the_broker() -> None:
    from casemgr.celery import app

    assert app.conf.broker_connection_max_retries is None
    assert app.conf.broker_connection_retry_on_startup is True
