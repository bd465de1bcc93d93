"""The flag of an online report not acknowledged in time (oversight.kinds), registered in IntakeConfig.ready().

It is raised, escalated and closed like every other kind: level 1 the intake team's officers, level 2 its
supervisors, level 3 governance. The flag is about no case, so it names nothing of the report; its
history is on the audit trail of the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import cast

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import StaffRole
from audit.log import record
from deadlines.calendar import WorkingCalendar
from intake.acknowledgement import refresh_acknowledgement_deadlines
from intake.models import IntakeReport
from oversight.kinds import (
    CaseScope,
    DueStep,
    FlagKindSpec,
    HistoryEntry,
    RefreshScope,
    first_due,
    keys_to_ids,
    register,
)
from oversight.models import Flag

ACKNOWLEDGEMENT_OVERDUE = "intake_acknowledgement_overdue"


def report_key(report_id: int) -> str:
    return f"intake_report:{report_id}"


class AcknowledgementOverdue(FlagKindSpec):
    name = ACKNOWLEDGEMENT_OVERDUE
    label = _("Online report not acknowledged in time")
    title = _("online report not acknowledged")
    staff_sentence = _("An online report has not been acknowledged within the deadline.")
    refresh_counts = "reports"

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        if cases is not None:
            return []  # a report not yet a case
        # The partial index's condition, repeated so the planner reads only the index entries that are due.
        due = IntakeReport.objects.filter(acknowledgement_due_at__isnull=False, acknowledgement_due_at__lt=now)
        ids = keys_to_ids("intake_report", only)
        if ids is not None:
            due = due.filter(pk__in=ids)
        return [
            DueStep(self.name, report_key(pk), cast(dt.datetime, due_at), None, policy_id)
            for pk, due_at, policy_id in first_due(due, "acknowledgement_due_at", limit).values_list(
                "pk", "acknowledgement_due_at", "policy_id"
            )
        ]

    def describe(self, flag: Flag) -> str:
        return gettext("acknowledging an online report")

    def done(self, flags: Sequence[Flag]) -> set[int]:
        ids = keys_to_ids("intake_report", [f.step_key for f in flags]) or []
        acknowledged = set(
            IntakeReport.objects.filter(pk__in=ids, acknowledged_at__isnull=False).values_list("pk", flat=True)
        )
        return {f.pk for f in flags if int(f.step_key.partition(":")[2]) in acknowledged}

    def recipients(self, flags: Sequence[Flag]) -> dict[int, dict[int, set[int]]]:
        ids = keys_to_ids("intake_report", [f.step_key for f in flags]) or []
        team_of: dict[int, int] = dict(IntakeReport.objects.filter(pk__in=ids).values_list("pk", "team_id"))
        active = User.objects.filter(is_active=True)
        officers: dict[int, set[int]] = {}
        supervisors: dict[int, set[int]] = {}
        for team_id in set(team_of.values()):
            team = active.filter(team_id=team_id)
            officers[team_id] = set(
                team.filter(groups__name=StaffRole.CONDUCT_OFFICER.value).values_list("pk", flat=True)
            )
            supervisors[team_id] = set(
                team.filter(groups__name=StaffRole.CASE_SUPERVISOR.value).values_list("pk", flat=True)
            )
        governance = set(active.filter(groups__name=StaffRole.GOVERNANCE_REVIEWER.value).values_list("pk", flat=True))
        result: dict[int, dict[int, set[int]]] = {}
        for flag in flags:
            report_team = team_of.get(int(flag.step_key.partition(":")[2]))
            if report_team is None:
                continue
            result[flag.pk] = {1: officers[report_team], 2: supervisors[report_team], 3: governance}
        return result

    def record_history(self, entries: Sequence[HistoryEntry]) -> None:
        for entry in entries:
            detail: dict[str, object] = {"flag": entry.flag.pk, "kind": entry.flag.kind, "report": entry.flag.step_key}
            if entry.level is not None:
                detail["level"] = entry.level
            record(f"intake.{entry.action}", actor=None, at=entry.at, detail=detail)

    def refresh_due_dates(self, scope: RefreshScope) -> int:
        reports: QuerySet[IntakeReport] = IntakeReport.objects.all()
        if scope.policy_id is not None:
            reports = reports.filter(policy_id=scope.policy_id)
        if scope.since is not None:
            reports = reports.filter(acknowledgement_due_at__gte=scope.since)
        if scope.subject is not None and scope.subject[0] != "acknowledgement":
            return 0
        return refresh_acknowledgement_deadlines(reports, calendar=WorkingCalendar.load())

    def staff_link(self, flag: Flag) -> str:
        return reverse("intake:queue")


def register_flag_kinds() -> None:
    register(AcknowledgementOverdue())
