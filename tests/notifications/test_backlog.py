"""A backlog drains in one run of the sender, within its time limit (issue 9, item 8): a run used to
stop after 25 batches of 20, so 18,000 queued messages took 36 minutes of beat runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from accounts.models import User
from cases.models import Case
from notifications.models import Notification, NotificationKind
from notifications.tasks import send_pending_task
from tests.conftest import hkt
from tests.notifications.backends import SlowBackend

pytestmark = pytest.mark.django_db

QUEUED_AT = hkt(2025, 3, 19, 9)
NOW = QUEUED_AT + dt.timedelta(minutes=1)


def _queue(case: Case, recipient: User, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            case=case,
            kind=NotificationKind.STEP_OVERDUE,
            step_kind="case_dormant",
            level=1,
            created_at=QUEUED_AT,
            next_attempt_at=QUEUED_AT,
        )
        for _ in range(count)
    )


@pytest.fixture
def traveller() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as moving:
        yield moving


def test_one_run_sends_more_than_the_old_cap_of_500(traveller, case: Case, officer: User) -> None:
    _queue(case, officer, 520)

    sent = send_pending_task()

    assert sent == 520
    assert len(mail.outbox) == 520
    assert not Notification.objects.filter(sent_at__isnull=True).exists()
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 520


@override_settings(EMAIL_BACKEND="tests.notifications.backends.SlowBackend", CELERY_TASK_SOFT_TIME_LIMIT=240)
def test_a_run_stops_starting_batches_inside_its_time_limit(traveller, case: Case, officer: User) -> None:
    # One second a message: batches of 20 take 20 s, and the run may start batches for 180 s (3/4 of 240).
    SlowBackend.traveller = traveller
    _queue(case, officer, 600)

    sent = send_pending_task()

    assert sent == 180
    assert Notification.objects.filter(sent_at__isnull=True).count() == 420
    # Each batch claimed its rows when it started: the last batch's leases run from 160 s into the run.
    sent_rows = Notification.objects.filter(sent_at__isnull=False)
    batch_times = sorted({at for at in sent_rows.values_list("sent_at", flat=True) if at is not None})
    assert batch_times == [NOW + dt.timedelta(seconds=20 * n) for n in range(9)]
    assert not Notification.objects.filter(claimed_until__isnull=False).exists()


def test_a_run_ends_when_nothing_is_due(traveller, case: Case, officer: User) -> None:
    assert send_pending_task() == 0
    assert mail.outbox == []
