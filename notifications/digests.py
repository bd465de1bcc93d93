"""The daily digest: everything due for a person who chose it, in one email."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Max

from notifications.emails import render_digest_email
from notifications.models import Notification
from notifications.sending import NO_ADDRESS, SendResult, due_notifications, lease_until, record_failure

logger = logging.getLogger(__name__)


def claim_digest(*, recipient_id: int, now: dt.datetime) -> list[int]:
    """Claim every due row of one digest recipient for a lease (the same protocol as `claim_next`)."""
    with transaction.atomic():
        ids = list(
            due_notifications(now=now, digest=True)
            .filter(recipient_id=recipient_id)
            .select_for_update(skip_locked=True)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(claimed_until=lease_until(now), attempts=F("attempts") + 1)
    return ids


def send_digest(*, recipient_id: int, now: dt.datetime) -> bool:
    """Send one person's digest and mark its rows sent; False when there was nothing or it failed."""
    ids = claim_digest(recipient_id=recipient_id, now=now)
    if not ids:
        return False
    lease = lease_until(now)
    mine = Notification.objects.filter(pk__in=ids, claimed_until=lease, sent_at__isnull=True)
    try:
        with transaction.atomic():
            rows = list(mine.select_for_update(of=("self",)).select_related("recipient", "case").order_by("created_at"))
            if not rows:
                return False
            recipient = rows[0].recipient
            if recipient is None or not recipient.email:
                mine.update(claimed_until=None, next_attempt_at=None, last_error=NO_ADDRESS)
                return False
            with get_connection() as connection:
                connection.send_messages([render_digest_email(recipient, rows)])
            mine.update(sent_at=now, claimed_until=None, last_error="")
    except Exception as error:  # retried with back-off like single messages
        logger.warning("digest of %s notifications not sent: %s", len(ids), type(error).__name__)
        attempts = mine.aggregate(most=Max("attempts"))["most"] or 1
        record_failure(mine, attempts=attempts, error=type(error).__name__, now=now)
        return False
    return True


def send_daily_digests(*, now: dt.datetime) -> SendResult:
    """One email per digest recipient with anything due."""
    result = SendResult()
    recipients = (
        due_notifications(now=now, digest=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipients):
        if send_digest(recipient_id=recipient_id, now=now):
            result.sent += 1
        else:
            result.failed += 1
    return result
