"""The stored deadlines of a case: when it must leave its stage and when it turns dormant."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from cases.models import Case, CasePause
from cases.models.case import OPEN_CASE
from deadlines.calendar import WorkingCalendar
from deadlines.models import StageDeadlineRule
from deadlines.policy import Deadline, dormancy_deadline, stage_deadline, stage_rule_deadline


def current_stage_deadline(case: Case, calendar: WorkingCalendar) -> Deadline | None:
    return stage_deadline(
        calendar, case.policy, stage=case.stage, received_at=case.received_at, stage_entered_at=case.stage_entered_at
    )


def apply_case_deadlines(
    case: Case, *, calendar: WorkingCalendar, open_pause: CasePause | None, stage_rule: StageDeadlineRule | None
) -> bool:
    """Set `stage_due_at` and `dormant_due_at` in memory from the stored fields; True if either changed.

    `stage_rule` is the policy's rule for the case's current stage (None: the stage has no limit).
    """
    before = (case.stage_due_at, case.dormant_due_at)
    if not case.is_open:
        case.stage_due_at = None
        case.dormant_due_at = None
    elif open_pause is not None:
        # While paused, both deadlines become the review date the officer set.
        case.stage_due_at = open_pause.review_at
        case.dormant_due_at = open_pause.review_at
    else:
        stage = (
            stage_rule_deadline(
                calendar, stage_rule, received_at=case.received_at, stage_entered_at=case.stage_entered_at
            )
            if stage_rule is not None
            else None
        )
        case.stage_due_at = stage.due_at if stage else None
        case.dormant_due_at = dormancy_deadline(calendar, case.policy, case.last_activity_at).due_at
    return before != (case.stage_due_at, case.dormant_due_at)


# The columns `refresh_case_deadlines` owns: it never writes the stage (cases.workflow is its one writer).
DEADLINE_COLUMNS = ["last_activity_at", "stage_due_at", "dormant_due_at"]


def refresh_case_deadlines(
    case: Case, *, activity_at: dt.datetime | None = None, calendar: WorkingCalendar | None = None
) -> None:
    """Recompute and save `stage_due_at`, `dormant_due_at` and `last_activity_at` from stored fields.

    `activity_at` is the time of an activity just recorded (an event, a measure step); the latest
    activity only ever moves forward, since an import may replay older events after newer ones. The
    caller holds the case's row lock (cases.changes.lock_case) so the stored fields it reads are current.
    """
    calendar = calendar or WorkingCalendar.load()
    if activity_at is not None and activity_at > case.last_activity_at:
        case.last_activity_at = activity_at
    open_pause = CasePause.objects.filter(case=case, resumed_at__isnull=True).first() if case.is_open else None
    stage_rule = StageDeadlineRule.objects.filter(policy_id=case.policy_id, stage=case.stage).first()
    apply_case_deadlines(case, calendar=calendar, open_pause=open_pause, stage_rule=stage_rule)
    case.save(update_fields=DEADLINE_COLUMNS)


def refresh_open_case_deadlines(cases: QuerySet[Case], *, calendar: WorkingCalendar) -> int:
    """Recompute the stored deadlines of the open cases among `cases` in a few queries (after a policy
    or calendar change); returns how many changed. Runs inside a transaction and locks the rows."""
    rows = list(cases.filter(OPEN_CASE).select_related("policy").select_for_update(of=("self",)).order_by("pk"))
    if not rows:
        return 0
    ids = [c.pk for c in rows]
    pauses = {p.case_id: p for p in CasePause.objects.filter(case__in=ids, resumed_at__isnull=True)}
    rules = {
        (r.policy_id, r.stage): r for r in StageDeadlineRule.objects.filter(policy_id__in={c.policy_id for c in rows})
    }
    changed = [
        case
        for case in rows
        if apply_case_deadlines(
            case,
            calendar=calendar,
            open_pause=pauses.get(case.pk),
            stage_rule=rules.get((case.policy_id, case.stage)),
        )
    ]
    Case.objects.bulk_update(changed, ["stage_due_at", "dormant_due_at"], batch_size=500)
    return len(changed)
