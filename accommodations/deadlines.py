"""The stored deadlines of a measure, computed from the case's policy: the one place they are worked out.

A measure has two steps, the decision and the implementation. A step's stored due time is null once it
is done or no longer applies (a declined request is never implemented; a lifted measure needs nothing
more), so the sweep never reads it. While a step has an open DeadlineAdjustment, its due time is the
adjustment's (the review date of a pause, the new due time of an extension).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db.models import Q, QuerySet

from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from casemgr.vocabulary import MeasureDecision
from deadlines.calendar import WorkingCalendar
from deadlines.models import MeasureDeadlineRule
from deadlines.policy import (
    Deadline,
    PolicyRuleMissing,
    measure_decision_deadline,
    measure_implementation_deadline,
    measure_rule,
)

# A measure with a step still to do: not lifted, not implemented, not declined.
OPEN_MEASURE = Q(lifted_at__isnull=True, implemented_at__isnull=True) & ~Q(decision=MeasureDecision.DECLINED)

STEP_FIELDS: dict[str, tuple[str, str]] = {
    MeasureStep.DECISION: ("decision_due_at", "decision_due_at_completion"),
    MeasureStep.IMPLEMENTATION: ("implementation_due_at", "implementation_due_at_completion"),
}
DEADLINE_FIELDS = [field for pair in STEP_FIELDS.values() for field in pair]


def step_done_at(measure: Measure, step: str) -> dt.datetime | None:
    """When the step was done. Implementing a measure also settles its decision (imports may omit it)."""
    if step == MeasureStep.DECISION:
        return measure.decided_at or measure.implemented_at
    return measure.implemented_at


def step_applies(measure: Measure, step: str) -> bool:
    """False for a step that will never be done: implementing a declined request, anything after a lift."""
    if step_done_at(measure, step) is not None:
        return True
    if measure.lifted_at is not None:
        return False
    return not (step == MeasureStep.IMPLEMENTATION and measure.decision == MeasureDecision.DECLINED)


def policy_deadline(measure: Measure, step: str, *, rule: MeasureDeadlineRule, calendar: WorkingCalendar) -> Deadline:
    """The step's deadline as the policy sets it, ignoring adjustments."""
    if step == MeasureStep.DECISION:
        return measure_decision_deadline(calendar, rule, measure.requested_at)
    return measure_implementation_deadline(calendar, rule, measure.requested_at)


def decision_deadline(measure: Measure, calendar: WorkingCalendar) -> Deadline:
    rule = measure_rule(measure.case.policy, measure.type)
    return policy_deadline(measure, MeasureStep.DECISION, rule=rule, calendar=calendar)


def implementation_deadline(measure: Measure, calendar: WorkingCalendar) -> Deadline:
    rule = measure_rule(measure.case.policy, measure.type)
    return policy_deadline(measure, MeasureStep.IMPLEMENTATION, rule=rule, calendar=calendar)


def open_adjustments(measure: Measure) -> dict[str, DeadlineAdjustment]:
    return {a.step: a for a in DeadlineAdjustment.objects.filter(measure=measure, ended_at__isnull=True)}


def apply_measure_deadlines(
    measure: Measure,
    *,
    rule: MeasureDeadlineRule,
    calendar: WorkingCalendar,
    adjustments: Mapping[str, DeadlineAdjustment],
) -> bool:
    """Set the measure's deadline fields in memory from its stored fields; True if any changed."""
    before = [getattr(measure, field) for field in DEADLINE_FIELDS]
    for step, (due_field, completion_field) in STEP_FIELDS.items():
        stored_due: dt.datetime | None = getattr(measure, due_field)
        if step_done_at(measure, step) is not None:
            if getattr(measure, completion_field) is None:
                # Keep the due time the step had when it was done (adjusted or not), so that a later policy
                # change cannot rewrite whether it was done on time.
                frozen = stored_due or policy_deadline(measure, step, rule=rule, calendar=calendar).due_at
                setattr(measure, completion_field, frozen)
            setattr(measure, due_field, None)
        elif not step_applies(measure, step):
            setattr(measure, due_field, None)
        elif step in adjustments:
            setattr(measure, due_field, adjustments[step].adjusted_due_at)
        else:
            setattr(measure, due_field, policy_deadline(measure, step, rule=rule, calendar=calendar).due_at)
    return before != [getattr(measure, field) for field in DEADLINE_FIELDS]


def refresh_measure_deadlines(measure: Measure, *, calendar: WorkingCalendar | None = None) -> None:
    """Recompute and save the measure's stored deadlines from its stored fields and open adjustments.

    Raises PolicyRuleMissing if the case's policy has no rule for the measure's type.
    """
    calendar = calendar or WorkingCalendar.load()
    rule = measure_rule(measure.case.policy, measure.type)
    apply_measure_deadlines(measure, rule=rule, calendar=calendar, adjustments=open_adjustments(measure))
    measure.save(update_fields=DEADLINE_FIELDS)


def refresh_open_measure_deadlines(measures: QuerySet[Measure], *, calendar: WorkingCalendar) -> int:
    """Recompute the stored deadlines of the open measures among `measures` in a few queries; returns
    how many changed. Must run inside a transaction: it locks the rows so that an action deciding a
    measure at the same time cannot write a due time computed from the old policy.
    """
    rows = list(measures.filter(OPEN_MEASURE).select_related("case").select_for_update(of=("self",)).order_by("pk"))
    if not rows:
        return 0
    policy_ids = {m.case.policy_id for m in rows}
    rules = {(r.policy_id, r.measure_type): r for r in MeasureDeadlineRule.objects.filter(policy_id__in=policy_ids)}
    adjustments: dict[int, dict[str, DeadlineAdjustment]] = {}
    for adjustment in DeadlineAdjustment.objects.filter(measure__in=[m.pk for m in rows], ended_at__isnull=True):
        adjustments.setdefault(adjustment.measure_id, {})[adjustment.step] = adjustment
    changed = []
    for measure in rows:
        rule = rules.get((measure.case.policy_id, measure.type))
        if rule is None:
            raise PolicyRuleMissing(f"policy {measure.case.policy_id} has no rule for measure type {measure.type}")
        if apply_measure_deadlines(measure, rule=rule, calendar=calendar, adjustments=adjustments.get(measure.pk, {})):
            changed.append(measure)
    Measure.objects.bulk_update(changed, DEADLINE_FIELDS, batch_size=500)
    return len(changed)
