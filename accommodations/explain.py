"""Every deadline of a measure with its basis, for the case page: when each step is due, why, and where
it stands ("2 working days after the request of 2025-04-17; not counted: 2025-04-18 (Good Friday)...")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accommodations.deadlines import STEP_FIELDS, open_adjustments, policy_deadline, step_applies, step_done_at
from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from casemgr.vocabulary import MeasureDecision
from deadlines.calendar import WorkingCalendar, local_date, overdue_working_days
from deadlines.models import MeasureDeadlineRule
from deadlines.policy import measure_rule


class StepStatus(models.TextChoices):
    DONE = "done", gettext_lazy("Done")
    OPEN = "open", gettext_lazy("Open")
    OVERDUE = "overdue", gettext_lazy("Overdue")
    NOT_APPLICABLE = "not_applicable", gettext_lazy("Not applicable")


@dataclass(frozen=True)
class StepDeadline:
    step: str
    label: str
    status: str
    due_at: dt.datetime | None
    basis: str
    done_at: dt.datetime | None = None
    # For a done step: whether it was done by the due time it had then.
    on_time: bool | None = None
    overdue_working_days: int = 0
    adjustment: DeadlineAdjustment | None = None

    @property
    def status_label(self) -> str:
        return str(StepStatus(self.status).label)


def _day(moment: dt.datetime) -> str:
    return local_date(moment).strftime("%Y-%m-%d")


def _adjusted_basis(adjustment: DeadlineAdjustment, policy_basis: str) -> str:
    values = {"since": _day(adjustment.created_at), "review": _day(adjustment.review_at), "basis": policy_basis}
    if adjustment.kind == DeadlineAdjustment.Kind.PAUSE:
        return _("Paused on %(since)s until the review by %(review)s (otherwise %(basis)s).") % values
    assert adjustment.extended_due_at is not None  # guaranteed by a check constraint
    return _("Extended on %(since)s to %(due)s, to be reviewed by %(review)s (otherwise %(basis)s).") % {
        **values,
        "due": _day(adjustment.extended_due_at),
    }


def measure_deadlines_explained(
    measure: Measure,
    *,
    calendar: WorkingCalendar,
    now: dt.datetime,
    rule: MeasureDeadlineRule | None = None,
    adjustments: Mapping[str, DeadlineAdjustment] | None = None,
) -> list[StepDeadline]:
    """The decision and implementation deadlines of `measure`, each with its due time, basis and status.

    Open steps show the stored due time (what the sweep reads); done steps the due time they had when done.
    `rule` and `adjustments` (the measure's open ones by step) are read here unless given (a page showing
    many measures reads them once). Raises PolicyRuleMissing if the case's policy has no rule for the
    measure's type.
    """
    if rule is None:
        rule = measure_rule(measure.case.policy, measure.type)
    if adjustments is None:
        adjustments = open_adjustments(measure)
    result = []
    for step in MeasureStep:
        label = str(step.label)
        due_field, completion_field = STEP_FIELDS[step]
        policy = policy_deadline(measure, step, rule=rule, calendar=calendar)
        basis = policy.basis(_("the request"))
        done_at = step_done_at(measure, step)
        if done_at is not None:
            due = getattr(measure, completion_field) or policy.due_at
            if due != policy.due_at:
                basis = _("Due %(due)s when it was done; under the current policy: %(basis)s.") % {
                    "due": _day(due),
                    "basis": basis,
                }
            result.append(
                StepDeadline(step, label, StepStatus.DONE, due, basis, done_at=done_at, on_time=done_at <= due)
            )
        elif not step_applies(measure, step):
            why = (
                _("Not needed: the request was declined.")
                if measure.decision == MeasureDecision.DECLINED
                else _("Not needed: the measure was lifted.")
            )
            result.append(StepDeadline(step, label, StepStatus.NOT_APPLICABLE, None, why))
        else:
            adjustment = adjustments.get(step)
            due = getattr(measure, due_field) or (adjustment.adjusted_due_at if adjustment else policy.due_at)
            if adjustment is not None:
                basis = _adjusted_basis(adjustment, basis)
            late = overdue_working_days(calendar, due, now)
            status = StepStatus.OVERDUE if now > due else StepStatus.OPEN
            result.append(
                StepDeadline(step, label, status, due, basis, overdue_working_days=late, adjustment=adjustment)
            )
    return result
