"""The stored deadlines of a measure, computed from the case's policy."""

from __future__ import annotations

from accommodations.models import Measure
from deadlines.calendar import WorkingCalendar
from deadlines.policy import Deadline, measure_decision_deadline, measure_implementation_deadline, measure_rule
from deadlines.vocabulary import MeasureDecision


def decision_deadline(measure: Measure, calendar: WorkingCalendar) -> Deadline:
    rule = measure_rule(measure.case.policy, measure.type)
    return measure_decision_deadline(calendar, rule, measure.requested_at)


def implementation_deadline(measure: Measure, calendar: WorkingCalendar) -> Deadline:
    rule = measure_rule(measure.case.policy, measure.type)
    return measure_implementation_deadline(calendar, rule, measure.requested_at)


def refresh_measure_deadlines(measure: Measure, *, calendar: WorkingCalendar | None = None) -> None:
    """Recompute and save `decision_due_at` and `implementation_due_at` from the measure's stored fields.

    A step that is done, or no longer applies (a declined request is never implemented; a lifted
    measure needs nothing more), has no due time, so the sweep never reads it.
    """
    calendar = calendar or WorkingCalendar.load()
    finished = measure.lifted_at is not None
    if measure.decided_at is not None or finished:
        measure.decision_due_at = None
    else:
        measure.decision_due_at = decision_deadline(measure, calendar).due_at
    if measure.implemented_at is not None or measure.decision == MeasureDecision.DECLINED or finished:
        measure.implementation_due_at = None
    else:
        measure.implementation_due_at = implementation_deadline(measure, calendar).due_at
    measure.save(update_fields=["decision_due_at", "implementation_due_at"])
