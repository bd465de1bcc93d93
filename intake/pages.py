"""What the report pages show: the reporter's own view and the intake team's queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from accounts.models import Team
from deadlines.calendar import WorkingCalendar, overdue_working_days
from intake.flag_kinds import ACKNOWLEDGEMENT_OVERDUE, report_key
from intake.models import OPEN_STATUSES, IntakeReport, ReportMessage, ReportStatus, ReportWay
from oversight.models import Flag


@dataclass(frozen=True)
class ReporterView:
    report: IntakeReport
    status_text: str
    messages: list[ReportMessage]
    ask_contact: bool
    may_write: bool


def reporter_view(report: IntakeReport) -> ReporterView:
    """The report as its reporter reads it: where it is, in plain words, and the messages."""
    if report.status == ReportStatus.RECEIVED:
        text = _("Your report has been received. A conduct officer will acknowledge it soon.")
    elif report.status == ReportStatus.ACKNOWLEDGED:
        text = _("Your report has been acknowledged. A conduct officer is looking at it.")
    elif report.status == ReportStatus.CASE_OPENED:
        text = _("Your report is being taken forward by the conduct office as a case.")
    else:
        text = _("Your report has been closed. The reason is below.")
    return ReporterView(
        report=report,
        status_text=text,
        messages=list(report.messages.all()),
        ask_contact=report.way != ReportWay.NAMED
        and not report.reporter_email
        and report.acknowledged_at is not None
        and report.contact_willing is None,
        may_write=report.status != ReportStatus.CLOSED,
    )


@dataclass(frozen=True)
class QueueRow:
    report: IntakeReport
    age_working_days: int
    overdue: bool
    flag_level: int | None
    possible_links: int


def queue(team: Team, *, now: dt.datetime, calendar: WorkingCalendar, supervisor: bool) -> list[QueueRow]:
    """The team's open reports, oldest first, with their age, their deadline and (for supervisors) how
    many possible links each has. Three queries for any number of reports."""
    reports = list(
        IntakeReport.objects.filter(team=team, status__in=OPEN_STATUSES)
        .annotate(links=Count("possible_links", filter=Q(possible_links__linked_at__isnull=True)))
        .order_by("received_at", "id")
    )
    flags = dict(
        Flag.objects.filter(
            kind=ACKNOWLEDGEMENT_OVERDUE, closed_at__isnull=True, step_key__in=[report_key(r.pk) for r in reports]
        ).values_list("step_key", "level")
    )
    rows = []
    for report in reports:
        age = overdue_working_days(calendar, report.received_at, now)
        due = report.acknowledgement_due_at
        rows.append(
            QueueRow(
                report=report,
                age_working_days=age,
                overdue=due is not None and due < now,
                flag_level=flags.get(report_key(report.pk)),
                possible_links=report.links if supervisor else 0,
            )
        )
    return rows
