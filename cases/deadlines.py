"""The stored deadlines of a case: when it must leave its stage and when it turns dormant."""

from __future__ import annotations

import datetime as dt

from cases.models import Case, CasePause
from deadlines.calendar import WorkingCalendar
from deadlines.policy import Deadline, dormancy_deadline, stage_deadline


def current_stage_deadline(case: Case, calendar: WorkingCalendar) -> Deadline | None:
    return stage_deadline(
        calendar, case.policy, stage=case.stage, received_at=case.received_at, stage_entered_at=case.stage_entered_at
    )


def refresh_case_deadlines(
    case: Case, *, activity_at: dt.datetime | None = None, calendar: WorkingCalendar | None = None
) -> None:
    """Recompute and save `stage_due_at`, `dormant_due_at` and `last_activity_at` from stored fields.

    `activity_at` is the time of an activity just recorded (an event, a measure step); the latest
    activity only ever moves forward, since an import may replay older events after newer ones.
    """
    calendar = calendar or WorkingCalendar.load()
    if activity_at is not None and activity_at > case.last_activity_at:
        case.last_activity_at = activity_at
    if not case.is_open:
        case.stage_due_at = None
        case.dormant_due_at = None
    else:
        open_pause = CasePause.objects.filter(case=case, resumed_at__isnull=True).first()
        if open_pause is not None:
            # While paused, both deadlines become the review date the officer set.
            case.stage_due_at = open_pause.review_at
            case.dormant_due_at = open_pause.review_at
        else:
            stage = current_stage_deadline(case, calendar)
            case.stage_due_at = stage.due_at if stage else None
            case.dormant_due_at = dormancy_deadline(calendar, case.policy, case.last_activity_at).due_at
    case.save(update_fields=["last_activity_at", "stage_due_at", "dormant_due_at", "stage", "stage_entered_at"])
