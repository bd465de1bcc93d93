"""Sending the outbox by email.

Delivery is at-least-once, never silently lost: a row is claimed (lease committed, attempt counted),
then sent and marked sent inside one transaction that holds the row's lock, so no other sender can
touch it meanwhile. A worker killed before the mail server accepted the message leaves the row
unsent; it is retried once the lease expires. Only a kill in the instant between the server
accepting and our commit can send twice; the resend carries the same Message-ID, so mail clients
show it once. Counting the attempt before sending means a message that crashes the worker is not
retried for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q, QuerySet

from notifications.emails import render_notification_email
from notifications.kinds import mail_only_kinds, message_kind
from notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = dt.timedelta(hours=6)
NO_ADDRESS = "recipient has no email address"


@dataclass
class SendResult:
    sent: int = 0
    failed: int = 0
    skipped: int = 0


def digest_recipients() -> QuerySet[NotificationPreference]:
    return NotificationPreference.objects.filter(daily_digest=True)


def due_notifications(*, now: dt.datetime, digest: bool) -> QuerySet[Notification]:
    """Pending rows whose next attempt is due and which no live lease holds; for digest users or the others."""
    # A message to an address without an account, or of a mail-only kind, is never part of a digest.
    by_digest = Q(recipient_id__in=digest_recipients().values("user_id")) & ~Q(kind__in=mail_only_kinds())
    separate = Q(recipient__isnull=True) | ~by_digest
    return Notification.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lte=now),
        by_digest if digest else separate,
        sent_at__isnull=True,
        next_attempt_at__lte=now,
    )


def given_up() -> QuerySet[Notification]:
    """Messages no sender will try again (their attempts ran out), other than those to nobody's address."""
    return Notification.objects.filter(sent_at__isnull=True, next_attempt_at__isnull=True).exclude(
        last_error=NO_ADDRESS
    )


def lease_until(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.CASEMGR_NOTIFICATION_LEASE_SECONDS)


def retry_at(*, attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When to try again after `attempts` failed attempts: exponential back-off, None once given up."""
    if attempts >= settings.CASEMGR_NOTIFICATION_MAX_ATTEMPTS:
        return None
    delay = dt.timedelta(seconds=settings.CASEMGR_NOTIFICATION_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
    return now + min(delay, MAX_RETRY_DELAY)


def claim_next(*, now: dt.datetime) -> Notification | None:
    """Claim the oldest due row (not of a digest user) for a lease; None when nothing is due.

    SKIP LOCKED lets several senders run at once without waiting on each other or taking the same row.
    """
    with transaction.atomic():
        row = (
            due_notifications(now=now, digest=False)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "id")
            .first()
        )
        if row is None:
            return None
        row.claimed_until = lease_until(now)
        row.attempts = F("attempts") + 1
        row.save(update_fields=["claimed_until", "attempts"])
    row.refresh_from_db(fields=["attempts"])
    return row


def record_failure(rows: QuerySet[Notification], *, attempts: int, error: str, now: dt.datetime) -> None:
    rows.update(claimed_until=None, last_error=error[:200], next_attempt_at=retry_at(attempts=attempts, now=now))


def deliver(claimed: Notification, *, connection: BaseEmailBackend, now: dt.datetime) -> bool:
    """Send one claimed row and mark it sent; False if it failed (then rescheduled) or is no longer ours."""
    mine = Notification.objects.filter(pk=claimed.pk, claimed_until=claimed.claimed_until, sent_at__isnull=True)
    try:
        with transaction.atomic():
            # Holding the row lock while sending: no other sender can claim it even if our lease runs out.
            row = mine.select_for_update(of=("self",)).select_related("recipient", "case").first()
            if row is None:
                return False
            if not row.address:
                mine.update(claimed_until=None, next_attempt_at=None, last_error=NO_ADDRESS)
                return False
            connection.send_messages([render_notification_email(row)])
            mine.update(sent_at=now, claimed_until=None, last_error="")
            after_sending = message_kind(row.kind).on_sent
            if after_sending is not None:
                after_sending(row, now)
    except Exception as error:  # any mail or rendering failure is retried later, not raised to Celery
        # The log names the row and the error class only: no address, name or text of the message.
        logger.warning("notification %s not sent (attempt %s): %s", claimed.pk, claimed.attempts, type(error).__name__)
        record_failure(mine, attempts=claimed.attempts, error=type(error).__name__, now=now)
        return False
    return True


def send_pending(*, now: dt.datetime, limit: int = 20) -> SendResult:
    """Send up to `limit` due notifications of people who get separate emails.

    `limit` keeps one call well inside the lease, since every row claimed here is claimed at `now`.
    """
    result = SendResult()
    with get_connection() as connection:
        for _ in range(limit):
            claimed = claim_next(now=now)
            if claimed is None:
                break
            if deliver(claimed, connection=connection, now=now):
                result.sent += 1
            else:
                result.failed += 1
    return result
