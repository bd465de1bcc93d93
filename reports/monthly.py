"""Queueing the monthly report e-mail: beat runs `reports.queue_monthly_report` on the first of each month."""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from accounts.roles import StaffRole
from deadlines.calendar import local_date
from notifications.outbox import Outgoing, queue_notifications
from reports.messages import MONTHLY_REPORT, SUBJECT_PREFIX
from reports.periods import month_of


def previous_month(at: dt.datetime) -> dt.date:
    """The first day of the month before the one `at` falls in (institution time)."""
    first_of_this, _last = month_of(local_date(at))
    return month_of(first_of_this - dt.timedelta(days=1))[0]


def queue_monthly_report(*, at: dt.datetime) -> int:
    """One outbox row per active governance reviewer for last month's report; returns how many were new.

    Idempotent: a reviewer already told about that month is not told again (the outbox's unique subject).
    """
    month = previous_month(at)
    reviewers = User.objects.filter(is_active=True, groups__name=StaffRole.GOVERNANCE_REVIEWER.value).distinct()
    messages = [
        Outgoing(
            recipient_id=pk,
            case_id=None,
            flag_id=None,
            kind=MONTHLY_REPORT,
            subject=f"{SUBJECT_PREFIX}{month:%Y-%m}",
        )
        for pk in reviewers.values_list("pk", flat=True)
    ]
    return queue_notifications(messages, at=at)
