"""The disciplinary workflow: the stages of the interchange vocabulary and the moves between them.

`do_change_stage` is the only code that changes `Case.stage`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from casemgr.vocabulary import Stage
from cases.deadlines import refresh_case_deadlines
from cases.events import record_change
from cases.models import Case, CaseEvent, EventType

S = Stage
TRANSITIONS: dict[str, frozenset[str]] = {
    S.RECEIVED: frozenset({S.PRELIMINARY_ASSESSMENT, S.INVESTIGATION, S.INFORMAL_RESOLUTION, S.CLOSED, S.WITHDRAWN}),
    S.PRELIMINARY_ASSESSMENT: frozenset(
        {S.INVESTIGATION, S.INFORMAL_RESOLUTION, S.REFERRED_TO_COMMITTEE, S.CLOSED, S.WITHDRAWN}
    ),
    S.INVESTIGATION: frozenset({S.INFORMAL_RESOLUTION, S.REFERRED_TO_COMMITTEE, S.DECIDED, S.CLOSED, S.WITHDRAWN}),
    S.INFORMAL_RESOLUTION: frozenset({S.INVESTIGATION, S.DECIDED, S.CLOSED, S.WITHDRAWN}),
    S.REFERRED_TO_COMMITTEE: frozenset({S.HEARING, S.INVESTIGATION, S.WITHDRAWN}),
    S.HEARING: frozenset({S.DECIDED, S.REFERRED_TO_COMMITTEE, S.WITHDRAWN}),
    S.DECIDED: frozenset({S.APPEAL, S.CLOSED}),
    S.APPEAL: frozenset({S.DECIDED, S.HEARING, S.CLOSED}),
    # A closed case is reopened for investigation when new material arrives; a withdrawn one too.
    S.CLOSED: frozenset({S.INVESTIGATION}),
    S.WITHDRAWN: frozenset({S.INVESTIGATION}),
}
# An outcome can be recorded from these stages; recording it moves the case to `decided`.
STAGES_ALLOWING_OUTCOME = frozenset({S.INVESTIGATION, S.INFORMAL_RESOLUTION, S.HEARING, S.APPEAL, S.DECIDED})


def allowed_next_stages(stage: str) -> list[str]:
    return [s.value for s in Stage if s.value in TRANSITIONS[stage]]


def check_stage_change(case: Case, to: str) -> None:
    """Raise ValidationError (field `to`) unless `to` is a stage the case may move to now."""
    if to not in Stage.values:
        raise ValidationError({"to": _("%(stage)s is not a stage.") % {"stage": to}})
    if to not in TRANSITIONS[case.stage]:
        raise ValidationError(
            {
                "to": _("A case in %(current)s cannot move to %(to)s. It can move to: %(allowed)s.")
                % {
                    "current": Stage(case.stage).label,
                    "to": Stage(to).label,
                    "allowed": ", ".join(str(Stage(s).label) for s in allowed_next_stages(case.stage)) or "-",
                }
            }
        )


@audited
def do_change_stage(
    case: Case, *, to: str, reason: str, acting_user: User | None, at: dt.datetime, validate: bool = True
) -> CaseEvent:
    """Move `case` to stage `to`, recording who, when and why. The caller has authorised `acting_user`.

    `validate=False` is for the cases importer only, which replays a history that already happened.
    """
    if validate:
        check_stage_change(case, to)
    elif to not in Stage.values:
        raise ValidationError({"to": _("%(stage)s is not a stage.") % {"stage": to}})
    # The reason is free text: on the timeline, not copied to the audit trail.
    event = record_change(
        case,
        action="case.stage",
        acting_user=acting_user,
        at=at,
        text=reason,
        type=EventType.STAGE,
        stage_to=to,
        audit_detail={"from": case.stage, "to": to},
    )
    assert event is not None  # always on the timeline
    latest = CaseEvent.objects.filter(case=case, type=EventType.STAGE).order_by("-at", "-id").first()
    # The stage is the `to` of the latest stage event (contract), which need not be this one on import.
    if latest is not None:
        case.stage = latest.stage_to
        case.stage_entered_at = latest.at
    refresh_case_deadlines(case, activity_at=at)
    return event
