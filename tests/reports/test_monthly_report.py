"""The monthly report e-mail: a link for each reviewer, through the outbox, with no figures in it."""

from __future__ import annotations

import pytest
from django.core import mail

from notifications.kinds import message_kind
from notifications.models import Notification
from notifications.sending import send_pending
from reports.monthly import queue_monthly_report
from tests.conftest import hkt

pytestmark = pytest.mark.django_db


def test_it_queues_one_link_per_reviewer_for_last_month_and_only_once(reviewer, officer, settings):
    at = hkt(2025, 7, 1, 8, 30)

    assert queue_monthly_report(at=at) == 1
    assert queue_monthly_report(at=at) == 0

    row = Notification.objects.get()
    assert (row.recipient_id, row.kind, row.subject) == (reviewer.pk, "monthly_report", "report:2025-06")
    assert row.case_id is None
    kind = message_kind("monthly_report")
    assert kind.headline(row) == "The governance report for 2025-06 is ready"
    assert kind.link(row) == f"{settings.CASEMGR_SITE_URL}/reports/?period=month&day=2025-06-01"


def test_the_e_mail_carries_the_link_and_no_figures(reviewer, settings):
    at = hkt(2026, 1, 1, 8, 30)
    queue_monthly_report(at=at)

    send_pending(now=at)

    (message,) = mail.outbox
    assert message.to == [reviewer.email]
    assert "2025-12" in message.subject
    assert "/reports/?period=month&day=2025-12-01" in message.body
    assert "<5" not in message.body
