"""The steps that are overdue at a moment, read from the stored due columns.

Each query repeats its table's partial-index condition exactly (e.g. `stage_due_at IS NOT NULL` and
the open-case condition), so the planner reads only the index entries that are due: the cost grows
with the number of overdue steps, not with the number of tracked deadlines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Q

from accommodations.models import Measure
from casemgr.vocabulary import SEPARATION_MEASURES, FlagKind
from cases.models import Case, Sanction
from cases.models.case import OPEN_CASE
from timetable.queries import sessions_shared_since_request


@dataclass(frozen=True)
class DueStep:
    kind: str
    step_key: str
    case_id: int
    due_at: dt.datetime
    measure_id: int | None = None
    sanction_id: int | None = None
    detail: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def identity(self) -> tuple[str, str]:
        return (self.kind, self.step_key)


def case_key(case_id: int) -> str:
    return f"case:{case_id}"


def measure_key(measure_id: int) -> str:
    return f"measure:{measure_id}"


def sanction_key(sanction_id: int) -> str:
    return f"sanction:{sanction_id}"


# The due columns are nullable; every query below filters on IS NOT NULL, hence the casts.


def _case_steps(now: dt.datetime) -> list[DueStep]:
    steps = []
    stage_due = Case.objects.filter(Q(stage_due_at__isnull=False) & OPEN_CASE, stage_due_at__lt=now)
    for pk, due_at in stage_due.values_list("pk", "stage_due_at"):
        steps.append(DueStep(FlagKind.STAGE_OVERDUE.value, case_key(pk), pk, cast(dt.datetime, due_at)))
    dormant = Case.objects.filter(Q(dormant_due_at__isnull=False) & OPEN_CASE, dormant_due_at__lt=now)
    for pk, due_at in dormant.values_list("pk", "dormant_due_at"):
        steps.append(DueStep(FlagKind.CASE_DORMANT.value, case_key(pk), pk, cast(dt.datetime, due_at)))
    return steps


def _separation_detail(measure: Measure, *, now: dt.datetime) -> dict[str, int]:
    if measure.type not in SEPARATION_MEASURES or measure.against is None:
        return {}
    shared = sessions_shared_since_request(
        measure.requested_by.username,
        measure.against.username,
        requested_at=measure.requested_at,
        implemented_at=measure.implemented_at,
        now=now,
    )
    return {"shared_sessions_since_request": shared.count()}


def _measure_steps(now: dt.datetime) -> list[DueStep]:
    decision = Measure.objects.filter(decision_due_at__isnull=False, decision_due_at__lt=now)
    implementation = Measure.objects.filter(implementation_due_at__isnull=False, implementation_due_at__lt=now)
    columns = ("requested_by", "against")
    steps = []
    details: dict[int, dict[str, int]] = {}
    for kind, rows, due_field in (
        (FlagKind.MEASURE_DECISION_OVERDUE, decision, "decision_due_at"),
        (FlagKind.MEASURE_IMPLEMENTATION_OVERDUE, implementation, "implementation_due_at"),
    ):
        for measure in rows.select_related(*columns).order_by("pk"):
            if measure.pk not in details:
                details[measure.pk] = _separation_detail(measure, now=now)
            steps.append(
                DueStep(
                    kind.value,
                    measure_key(measure.pk),
                    measure.case_id,
                    getattr(measure, due_field),
                    measure_id=measure.pk,
                    detail=details[measure.pk],
                )
            )
    return steps


def _sanction_steps(now: dt.datetime) -> list[DueStep]:
    due = Sanction.objects.filter(due_at__isnull=False, complied_at__isnull=True, due_at__lt=now)
    return [
        DueStep(
            FlagKind.SANCTION_COMPLIANCE_OVERDUE.value,
            sanction_key(pk),
            case_id,
            cast(dt.datetime, due_at),
            sanction_id=pk,
        )
        for pk, case_id, due_at in due.values_list("pk", "outcome__case_id", "due_at")
    ]


def overdue_steps(now: dt.datetime) -> dict[tuple[str, str], DueStep]:
    """Every step whose stored due time has passed (`now` > due_at), by (flag kind, step key)."""
    steps = _case_steps(now) + _measure_steps(now) + _sanction_steps(now)
    return {step.identity: step for step in steps}
