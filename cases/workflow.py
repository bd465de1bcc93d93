"""The disciplinary workflow: the stages of the interchange vocabulary and the moves between them.

`do_change_stage` is the only code that writes `Case.stage` and `Case.stage_entered_at`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from casemgr.vocabulary import FINAL_STAGES, Stage
from cases.changes import lock_case, record_case_change
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


# What still has to be settled before a case may be closed or withdrawn, each as a short phrase naming it
# (e.g. "M1 (class separation, not decided)"). Apps above cases add theirs in AppConfig.ready()
# (accommodations: interim measures still undecided or approved and not in place).
CLOSING_BLOCKERS: list[Callable[[Case], list[str]]] = []


def allowed_next_stages(stage: str) -> list[str]:
    return [s.value for s in Stage if s.value in TRANSITIONS[stage]]


def check_closing(case: Case) -> None:
    """Raise ValidationError (field `to`) naming what is still open if the case may not close yet."""
    open_items = [item for blocker in CLOSING_BLOCKERS for item in blocker(case)]
    if open_items:
        raise ValidationError(
            {
                "to": _(
                    "The case cannot be closed or withdrawn while these interim measures are open: %(items)s. "
                    "Decide or lift each first; a measure that goes on after the case ends (such as a "
                    "no-contact directive) is recorded as implemented, with the date it ends."
                )
                % {"items": "; ".join(open_items)}
            }
        )


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
    if to in FINAL_STAGES:
        check_closing(case)


@audited
def do_change_stage(
    case: Case, *, to: str, reason: str, acting_user: User | None, at: dt.datetime, validate: bool = True
) -> CaseEvent:
    """Move `case` to stage `to`, recording who, when and why. The caller has authorised `acting_user`.

    `validate=False` is for the cases importer only, which replays a history that already happened.
    Raises ValidationError (field `to`) for a move the workflow does not allow, and for closing or
    withdrawing a case whose interim measures are still open (check_closing).
    """
    # Locked first: the checks below must see the stage as it is, not as this request loaded it.
    lock_case(case)
    if validate:
        check_stage_change(case, to)
    elif to not in Stage.values:
        raise ValidationError({"to": _("%(stage)s is not a stage.") % {"stage": to}})
    previous = case.stage
    latest = CaseEvent.objects.filter(case=case, type=EventType.STAGE).order_by("-at", "-id").first()
    # The stage is the `to` of the latest stage event (contract), which need not be this one on import:
    # this event is the latest unless an earlier-recorded one is later in time (ties go to this one).
    if latest is None or at >= latest.at:
        case.stage, case.stage_entered_at = to, at
    else:
        case.stage, case.stage_entered_at = latest.stage_to, latest.at
    case.save(update_fields=["stage", "stage_entered_at"])
    # The reason is free text: on the timeline, not copied to the audit trail.
    recorded = record_case_change(
        case,
        action="case.stage",
        acting_user=acting_user,
        at=at,
        text=reason,
        type=EventType.STAGE,
        stage_to=to,
        audit_detail={"from": previous, "to": to},
    )
    assert recorded is not None  # always on the timeline
    return recorded
