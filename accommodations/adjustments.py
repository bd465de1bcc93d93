"""Pausing or extending the deadline of a measure step: only with a recorded reason and a review date.

While an adjustment is open the step is due at the review date (pause) or the new due time (extension);
ending it puts the policy's due time back (accommodations.deadlines). Each action locks the measure,
records itself on the case's timeline and counts as activity; the caller has authorised the user.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accommodations.actions import check_aware, lock_measure
from accommodations.deadlines import STEP_FIELDS, refresh_measure_deadlines, step_applies, step_done_at
from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from accounts.models import User
from audit.actions import audited
from cases.changes import record_case_change
from deadlines.calendar import local_date


def check_adjustment(
    measure: Measure, *, step: str, reason: str, review_at: dt.datetime | None, at: dt.datetime
) -> None:
    """Raise ValidationError (`step`, `reason`, `review_at`) unless the step's deadline may be adjusted now."""
    if step not in MeasureStep.values:
        raise ValidationError({"step": _("%(step)s is not a step of a measure.") % {"step": step}})
    if step_done_at(measure, step) is not None or not step_applies(measure, step):
        raise ValidationError({"step": _("That step of %(code)s is no longer open.") % {"code": measure.code}})
    if DeadlineAdjustment.objects.filter(measure=measure, step=step, ended_at__isnull=True).exists():
        raise ValidationError({"step": _("That deadline is already paused or extended; end that adjustment first.")})
    if not reason.strip():
        raise ValidationError({"reason": _("A deadline can be paused or extended only with a reason.")})
    if review_at is None:
        raise ValidationError({"review_at": _("A deadline can be paused or extended only with a review date.")})
    check_aware(review_at, field="review_at")
    if review_at <= at:
        raise ValidationError({"review_at": _("The review date must be in the future.")})


def _record(
    measure: Measure, adjustment: DeadlineAdjustment, *, action: str, text: str, acting_user: User, at: dt.datetime
) -> None:
    refresh_measure_deadlines(measure)
    record_case_change(
        measure.case,
        action=action,
        acting_user=acting_user,
        at=at,
        text=text,
        detail={"action": "deadline_adjustment", "measure": measure.pk, "adjustment": adjustment.pk},
        audit_detail={"code": measure.code, "step": adjustment.step, "kind": adjustment.kind},
    )


def _values(measure: Measure, step: str, review_at: dt.datetime) -> dict[str, str]:
    return {
        "code": measure.code,
        "step": str(MeasureStep(step).label).lower(),
        "review": local_date(review_at).strftime("%Y-%m-%d"),
    }


@audited
def do_pause_measure_deadline(
    measure: Measure, *, step: str, reason: str, review_at: dt.datetime | None, acting_user: User, at: dt.datetime
) -> DeadlineAdjustment:
    """Pause the deadline of an open step; until the pause ends the step is due at `review_at`.

    Raises ValidationError (`step`, `reason`, `review_at`).
    """
    lock_measure(measure)
    check_adjustment(measure, step=step, reason=reason, review_at=review_at, at=at)
    assert review_at is not None  # checked above; for the type checker
    adjustment = DeadlineAdjustment.objects.create(
        measure=measure,
        step=step,
        kind=DeadlineAdjustment.Kind.PAUSE,
        reason=reason.strip(),
        review_at=review_at,
        created_by=acting_user,
        created_at=at,
    )
    text = _("Deadline of the %(step)s of %(code)s paused, to be reviewed by %(review)s.") % _values(
        measure, step, review_at
    )
    _record(measure, adjustment, action="deadline.pause", text=text, acting_user=acting_user, at=at)
    return adjustment


@audited
def do_extend_measure_deadline(
    measure: Measure,
    *,
    step: str,
    reason: str,
    review_at: dt.datetime | None,
    new_due_at: dt.datetime,
    acting_user: User,
    at: dt.datetime,
) -> DeadlineAdjustment:
    """Extend the deadline of an open step to `new_due_at`, to be reviewed by `review_at` (no later).

    Raises ValidationError (`step`, `reason`, `review_at`, `new_due_at`).
    """
    lock_measure(measure)
    check_adjustment(measure, step=step, reason=reason, review_at=review_at, at=at)
    assert review_at is not None  # checked above; for the type checker
    check_aware(new_due_at, field="new_due_at")
    current_due: dt.datetime | None = getattr(measure, STEP_FIELDS[step][0])
    if current_due is not None and new_due_at <= current_due:
        raise ValidationError({"new_due_at": _("An extension must move the deadline later.")})
    if review_at > new_due_at:
        raise ValidationError({"review_at": _("Review the extension no later than its new due time.")})
    adjustment = DeadlineAdjustment.objects.create(
        measure=measure,
        step=step,
        kind=DeadlineAdjustment.Kind.EXTENSION,
        reason=reason.strip(),
        review_at=review_at,
        extended_due_at=new_due_at,
        created_by=acting_user,
        created_at=at,
    )
    values = {**_values(measure, step, review_at), "due": local_date(new_due_at).strftime("%Y-%m-%d")}
    text = _("Deadline of the %(step)s of %(code)s extended to %(due)s, to be reviewed by %(review)s.") % values
    _record(measure, adjustment, action="deadline.extend", text=text, acting_user=acting_user, at=at)
    return adjustment


@audited
def do_end_adjustment(adjustment: DeadlineAdjustment, *, acting_user: User, at: dt.datetime) -> DeadlineAdjustment:
    """End a pause or extension: the step is due again as the policy sets it (possibly already overdue).

    Raises ValidationError (`ended_at`) if it has already ended.
    """
    measure = adjustment.measure
    lock_measure(measure)
    adjustment.refresh_from_db()
    if adjustment.ended_at is not None:
        raise ValidationError({"ended_at": _("This pause or extension has already ended.")})
    adjustment.ended_at = at
    adjustment.ended_by = acting_user
    adjustment.save(update_fields=["ended_at", "ended_by"])
    text = _("%(kind)s deadline of the %(step)s of %(code)s ended.") % {
        "kind": DeadlineAdjustment.Kind(adjustment.kind).label,
        "step": str(MeasureStep(adjustment.step).label).lower(),
        "code": measure.code,
    }
    _record(measure, adjustment, action="deadline.end_adjustment", text=text, acting_user=acting_user, at=at)
    return adjustment
