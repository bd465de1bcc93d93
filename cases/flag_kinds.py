"""The flag kinds of a case (oversight.kinds): its stage overdue, the case dormant, a sanction not complied
with. Registered in CasesConfig.ready(). Measure kinds are in accommodations.flag_kinds.

Every `overdue` query repeats its table's partial-index condition exactly (e.g. `stage_due_at IS NOT NULL`
and the open-case condition), so the planner reads only the index entries that are due: the cost grows
with the number of overdue steps, not with the number of tracked deadlines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any, ClassVar, cast

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casemgr.vocabulary import FlagKind
from cases.deadlines import refresh_open_case_deadlines
from cases.events import record_system_events
from cases.models import Case, Party, PartyRole, Sanction
from cases.models.case import OPEN_CASE
from cases.recipients import flag_recipients
from deadlines.calendar import WorkingCalendar
from oversight.kinds import (
    CaseScope,
    DueStep,
    FlagKindSpec,
    HistoryEntry,
    RefreshScope,
    first_due,
    in_cases,
    keys_to_ids,
    register,
)
from oversight.models import Flag


def case_key(case_id: int) -> str:
    return f"case:{case_id}"


def sanction_key(sanction_id: int) -> str:
    return f"sanction:{sanction_id}"


class CaseFlagKind(FlagKindSpec):
    """A flag about a case: its staff are the case's officers, its team's supervisors and governance, and
    its history is on the case timeline."""

    in_contract = True

    def recipients(self, flags: Sequence[Flag]) -> dict[int, dict[int, set[int]]]:
        return flag_recipients(flags)

    def record_history(self, entries: Sequence[HistoryEntry]) -> None:
        cases = {c.pk: c for c in Case.objects.filter(pk__in={e.flag.case_id for e in entries}).only("pk")}
        rows = []
        for entry in entries:
            detail: dict[str, Any] = {"flag": entry.flag.pk, "kind": entry.flag.kind, "action": entry.action}
            if entry.level is not None:
                detail["level"] = entry.level
            if entry.done is not None:
                detail["done"] = entry.done
            assert entry.flag.case_id is not None  # every flag of these kinds is about a case
            rows.append((cases[entry.flag.case_id], entry.at, entry.text, detail))
        record_system_events(rows)

    def staff_link(self, flag: Flag) -> str:
        assert flag.case is not None
        return reverse("office:case_detail", kwargs={"public_id": flag.case.public_id})


class _CaseDeadlineKind(CaseFlagKind):
    """Stage and dormancy: deadlines stored on the case row itself (one refresh recomputes both)."""

    due_column: ClassVar[str]
    refresh_counts = "cases"

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        due = Case.objects.filter(
            Q(**{f"{self.due_column}__isnull": False}) & OPEN_CASE, **{f"{self.due_column}__lt": now}
        )
        ids = keys_to_ids("case", only)
        if ids is not None:
            due = due.filter(pk__in=ids)
        if cases is not None:
            due = due.filter(in_cases("pk", cases))
        return [
            DueStep(self.name, case_key(pk), due_at, pk, policy_id)
            for pk, due_at, policy_id in first_due(due, self.due_column, limit).values_list(
                "pk", self.due_column, "policy_id"
            )
        ]

    def refresh_due_dates(self, scope: RefreshScope) -> int:
        cases: QuerySet[Case] = Case.objects.all()
        if scope.policy_id is not None:
            cases = cases.filter(policy_id=scope.policy_id)
        if scope.since is not None:
            cases = cases.filter(Q(stage_due_at__gte=scope.since) | Q(dormant_due_at__gte=scope.since))
        if scope.subject is not None:
            what, value = scope.subject
            if what == "stage":
                cases = cases.filter(stage=value)
            elif what != "dormancy":
                return 0  # a measure rule: no case deadline depends on it
        return refresh_open_case_deadlines(cases, calendar=WorkingCalendar.load())


class StageOverdue(_CaseDeadlineKind):
    name = FlagKind.STAGE_OVERDUE.value
    label = FlagKind.STAGE_OVERDUE.label
    title = _("stage overdue")
    staff_sentence = _("The case has stayed in its current stage past the deadline.")
    waiting_overdue_sentence = _("Your case has not moved on from its current stage by the date it should have.")
    waiting_done_sentence = _("Your case has moved on to its next stage.")
    due_column = "stage_due_at"

    def waiting(self, flags: Sequence[Flag]) -> dict[int, set[int]]:
        """The complainants of the case wait on its stage (never the respondent or affected people)."""
        people: dict[int, set[int]] = {}
        rows = Party.objects.filter(case_id__in={f.case_id for f in flags}, role=PartyRole.COMPLAINANT)
        by_case: dict[int, set[int]] = {}
        for case_id, person_id in rows.values_list("case_id", "person_id"):
            by_case.setdefault(case_id, set()).add(person_id)
        for flag in flags:
            people[flag.pk] = by_case.get(flag.case_id or 0, set())
        return people

    def describe(self, flag: Flag) -> str:
        return gettext("moving the case on from its current stage")


class CaseDormant(_CaseDeadlineKind):
    name = FlagKind.CASE_DORMANT.value
    label = FlagKind.CASE_DORMANT.label
    title = _("case dormant")
    staff_sentence = _("There has been no activity on the case for too long.")
    due_column = "dormant_due_at"

    def describe(self, flag: Flag) -> str:
        return gettext("activity on the case")


class SanctionComplianceOverdue(CaseFlagKind):
    name = FlagKind.SANCTION_COMPLIANCE_OVERDUE.value
    label = FlagKind.SANCTION_COMPLIANCE_OVERDUE.label
    title = _("sanction or condition not complied with")
    staff_sentence = _("A sanction or condition has not been complied with by its due date.")

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        due = Sanction.objects.filter(due_at__isnull=False, complied_at__isnull=True, due_at__lt=now)
        ids = keys_to_ids("sanction", only)
        if ids is not None:
            due = due.filter(pk__in=ids)
        if cases is not None:
            due = due.filter(in_cases("outcome__case_id", cases))
        rows = first_due(due, "due_at", limit).values_list(
            "pk", "outcome__case_id", "due_at", "outcome__case__policy_id"
        )
        # The due column is nullable; the query filters on IS NOT NULL, hence the cast.
        return [
            DueStep(self.name, sanction_key(pk), cast(dt.datetime, due_at), case_id, policy_id, sanction_id=pk)
            for pk, case_id, due_at, policy_id in rows
        ]

    def describe(self, flag: Flag) -> str:
        return gettext("compliance with a sanction or condition")


def register_flag_kinds() -> None:
    for kind in (StageOverdue(), CaseDormant(), SanctionComplianceOverdue()):
        register(kind)
