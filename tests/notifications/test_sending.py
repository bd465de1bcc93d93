from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings

from accommodations.models import Measure
from accounts.models import User
from notifications.actions import do_set_daily_digest
from notifications.digests import send_daily_digests
from notifications.models import Notification, NotificationKind
from notifications.sending import claim_next, send_pending
from oversight.sweep import sweep
from tests.conftest import hkt

pytestmark = pytest.mark.django_db

RAISED_AT = hkt(2025, 3, 19, 9)
REFUSING = "tests.notifications.backends.RefusingBackend"


@pytest.fixture
def pending(separation: Measure, officer: User, complainant: User) -> list[Notification]:
    """The officer's and the complainant's notices of the overdue decision on M1."""
    sweep(RAISED_AT)
    rows = list(Notification.objects.order_by("kind"))
    assert [(n.recipient, n.kind) for n in rows] == [
        (complainant, NotificationKind.REQUEST_OVERDUE),
        (officer, NotificationKind.STEP_OVERDUE),
    ]
    return rows


def test_it_emails_each_pending_notification_once(pending: list[Notification]) -> None:
    first = send_pending(now=RAISED_AT + dt.timedelta(minutes=1))
    second = send_pending(now=RAISED_AT + dt.timedelta(minutes=2))

    assert (first.sent, second.sent) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["3035001234@connect.uni.example", "officer.chan@uni.example"]
    for row in Notification.objects.all():
        assert row.sent_at == RAISED_AT + dt.timedelta(minutes=1)
        assert row.attempts == 1
        assert row.claimed_until is None
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {n.message_id for n in pending}


def test_it_says_only_the_reference_the_step_and_a_link(pending: list[Notification], case) -> None:
    send_pending(now=RAISED_AT)

    link = f"http://127.0.0.1:8000/cases/{case.public_id}/"
    # The complainant's link is her own page of the case; her subject names no case (a lock screen shows it).
    own_link = f"http://127.0.0.1:8000/my/cases/{case.public_id}/"
    private = [
        "Student A",
        "Student R",
        "Officer.Chan",
        "3035001234",
        "3035009999",
        "Folders per person",
        "AI-generated intimate images",
        "class separation",
        "Class separation",
        "M1",
    ]
    for message in mail.outbox:
        text = message.subject + "\n" + message.body
        if message.to == ["officer.chan@uni.example"]:
            assert "IBSA-2025-0007" in message.subject
            assert link in message.body
        else:
            assert "IBSA-2025-0007" not in message.subject
            assert own_link in message.body
        for secret in private:
            assert secret not in text, (secret, text)
    staff = next(m for m in mail.outbox if m.to == ["officer.chan@uni.example"])
    assert staff.subject == "IBSA-2025-0007: decision on a measure overdue (level 1)"
    complainant = next(m for m in mail.outbox if m.to != ["officer.chan@uni.example"])
    assert "The decision on a measure you asked for is overdue." in complainant.body


def test_it_writes_in_the_recipients_language(pending: list[Notification], complainant: User) -> None:
    User.objects.filter(pk=complainant.pk).update(preferred_language="zh-hant")

    send_pending(now=RAISED_AT)

    message = next(m for m in mail.outbox if m.to == [complainant.email])
    assert message.subject == "你的個案：你正在等待的事項已逾期"
    assert "你要求的措施，其決定已逾期。" in message.body
    staff = next(m for m in mail.outbox if m.to != [complainant.email])
    assert staff.subject.startswith("IBSA-2025-0007: decision")


def test_it_retries_a_failed_send_with_exponential_back_off(pending: list[Notification]) -> None:
    with override_settings(EMAIL_BACKEND=REFUSING, CASEMGR_NOTIFICATION_RETRY_SECONDS=60):
        failed = send_pending(now=RAISED_AT)
        row = Notification.objects.get(pk=pending[1].pk)
        assert failed.failed == 2
        assert (row.attempts, row.sent_at, row.claimed_until) == (1, None, None)
        assert row.next_attempt_at == RAISED_AT + dt.timedelta(seconds=60)
        assert row.last_error == "SMTPServerDisconnected"

        assert send_pending(now=RAISED_AT + dt.timedelta(seconds=59)).failed == 0
        send_pending(now=RAISED_AT + dt.timedelta(seconds=60))
        row.refresh_from_db()
        assert row.attempts == 2
        assert row.next_attempt_at == RAISED_AT + dt.timedelta(seconds=180)

    result = send_pending(now=RAISED_AT + dt.timedelta(seconds=180))

    row.refresh_from_db()
    assert result.sent == 2
    assert (row.attempts, row.sent_at, row.last_error) == (3, RAISED_AT + dt.timedelta(seconds=180), "")


def test_it_gives_up_after_the_last_attempt(pending: list[Notification]) -> None:
    with override_settings(EMAIL_BACKEND=REFUSING, CASEMGR_NOTIFICATION_MAX_ATTEMPTS=2):
        send_pending(now=RAISED_AT)
        send_pending(now=RAISED_AT + dt.timedelta(hours=1))

    assert send_pending(now=RAISED_AT + dt.timedelta(days=30)).sent == 0
    row = Notification.objects.get(pk=pending[0].pk)
    assert (row.attempts, row.next_attempt_at, row.sent_at) == (2, None, None)


def test_it_retries_a_claimed_row_only_once_its_lease_has_expired(pending: list[Notification]) -> None:
    with override_settings(CASEMGR_NOTIFICATION_LEASE_SECONDS=300):
        claimed = claim_next(now=RAISED_AT)  # a sender that then died before sending
        assert claimed is not None

        during = send_pending(now=RAISED_AT + dt.timedelta(seconds=299))
        after = send_pending(now=RAISED_AT + dt.timedelta(seconds=300))

    assert (during.sent, after.sent) == (1, 1)
    row = Notification.objects.get(pk=claimed.pk)
    assert row.attempts == 2
    assert row.sent_at == RAISED_AT + dt.timedelta(seconds=300)
    assert len(mail.outbox) == 2


def test_it_keeps_a_notice_in_app_when_the_recipient_has_no_address(pending: list[Notification], officer: User) -> None:
    User.objects.filter(pk=officer.pk).update(email="")

    send_pending(now=RAISED_AT)

    row = Notification.objects.get(recipient=officer)
    assert (row.sent_at, row.next_attempt_at, row.last_error) == (None, None, "recipient has no email address")
    assert len(mail.outbox) == 1


def test_it_batches_a_digest_users_notices_into_one_daily_email(
    pending: list[Notification], officer: User, supervisor: User
) -> None:
    do_set_daily_digest(officer, daily_digest=True, at=hkt(2025, 3, 24, 8))
    # Raises the implementation flag, and the decision's delay not explained to the complainant within
    # 2 working days (portal): a second and a third notice for the officer.
    sweep(hkt(2025, 3, 25, 9))

    send_pending(now=hkt(2025, 3, 25, 9, 1))
    assert officer.email not in [m.to[0] for m in mail.outbox]

    result = send_daily_digests(now=hkt(2025, 3, 26, 8))
    again = send_daily_digests(now=hkt(2025, 3, 27, 8))

    digests = [m for m in mail.outbox if m.to == [officer.email]]
    assert (result.sent, again.sent, len(digests)) == (1, 0, 1)
    assert digests[0].subject == "Daily digest: 3 notifications"
    assert digests[0].body.count("IBSA-2025-0007") == 3
    assert not Notification.objects.filter(recipient=officer, sent_at__isnull=True).exists()
