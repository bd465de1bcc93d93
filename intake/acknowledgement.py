"""The stored acknowledgement deadline of a report: set when it arrives, cleared when it is acknowledged
or closed, recomputed after a change of policy or calendar."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from deadlines.calendar import WorkingCalendar
from deadlines.policy import acknowledgement_deadline
from intake.models import IntakeReport, ReportStatus


def due_at_for(report: IntakeReport, calendar: WorkingCalendar) -> dt.datetime | None:
    """The acknowledgement deadline while the report waits for one; None once acknowledged or dealt with."""
    if report.status != ReportStatus.RECEIVED or report.acknowledged_at is not None:
        return None
    return acknowledgement_deadline(calendar, report.policy, report.received_at).due_at


def refresh_acknowledgement_deadlines(reports: QuerySet[IntakeReport], *, calendar: WorkingCalendar) -> int:
    """Recompute the stored deadline of the waiting reports among `reports`; returns how many changed."""
    changed = 0
    waiting = reports.filter(status=ReportStatus.RECEIVED, acknowledgement_due_at__isnull=False)
    for report in waiting.select_related("policy"):
        due = due_at_for(report, calendar)
        if due != report.acknowledgement_due_at:
            IntakeReport.objects.filter(pk=report.pk).update(acknowledgement_due_at=due)
            changed += 1
    return changed
