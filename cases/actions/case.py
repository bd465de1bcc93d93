from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Team, User
from accounts.roles import StaffRole, has_role
from accounts.services import get_default_team
from audit.actions import audited
from cases.admission import admit, admit_team_supervisors, withdraw
from cases.changes import record_case_change
from cases.models import Allegation, Case, CaseAssignment, CaseEvent, Conduct, EventType
from deadlines.policy import policy_in_force


@dataclass(frozen=True)
class AllegationInput:
    conduct: str
    synthetic: bool
    description: str = ""


def check_reference_free(reference: str) -> None:
    if not reference.strip():
        raise ValidationError({"reference": _("A case needs a reference.")})
    if Case.objects.filter(reference=reference).exists():
        raise ValidationError({"reference": _("A case with reference %(ref)s already exists.") % {"ref": reference}})


def check_allegation(allegation: AllegationInput) -> None:
    if allegation.conduct not in Conduct.values:
        raise ValidationError(
            {
                "conduct": _("%(value)s is not a kind of conduct. Use one of: %(allowed)s.")
                % {"value": allegation.conduct, "allowed": ", ".join(Conduct.values)}
            }
        )


@audited
def do_create_case(
    *,
    reference: str,
    received_at: dt.datetime,
    summary: str,
    allegations: list[AllegationInput],
    acting_user: User | None,
    at: dt.datetime,
    team: Team | None = None,
) -> Case:
    """Record a complaint. It starts in `received` at `received_at` under the policy then in force."""
    check_reference_free(reference)
    for allegation in allegations:
        check_allegation(allegation)
    case = Case.objects.create(
        reference=reference,
        received_at=received_at,
        summary=summary,
        team=team or get_default_team(),
        policy=policy_in_force(received_at),
        stage_entered_at=received_at,
        last_activity_at=received_at,
    )
    Allegation.objects.bulk_create(
        Allegation(case=case, conduct=a.conduct, synthetic=a.synthetic, description=a.description, position=i)
        for i, a in enumerate(allegations)
    )
    admit_team_supervisors(case)
    record_case_change(
        case,
        action="case.create",
        acting_user=acting_user,
        at=at,
        text=_("Complaint recorded."),
        detail={"action": "create"},
        # A case created by an import is on the timeline through the history it brings.
        on_timeline=acting_user is not None,
        audit_detail={"team": case.team_id, "allegations": len(allegations)},
        activity=False,
    )
    return case


@audited
def do_add_allegation(case: Case, *, allegation: AllegationInput, acting_user: User, at: dt.datetime) -> Allegation:
    check_allegation(allegation)
    position = case.allegations.count()
    created = Allegation.objects.create(
        case=case,
        conduct=allegation.conduct,
        synthetic=allegation.synthetic,
        description=allegation.description,
        position=position,
    )
    record_case_change(
        case,
        action="allegation.add",
        acting_user=acting_user,
        at=at,
        text=_("Allegation added: %(conduct)s.") % {"conduct": Conduct(allegation.conduct).label},
        detail={"action": "add_allegation", "allegation": created.pk},
        audit_detail={"conduct": allegation.conduct},
    )
    return created


def check_officer(user: User) -> None:
    if not has_role(user, StaffRole.CONDUCT_OFFICER) and not has_role(user, StaffRole.CASE_SUPERVISOR):
        raise ValidationError({"officer": _("%(name)s is not a conduct officer.") % {"name": user}})


@audited
def do_assign_officer(case: Case, *, officer: User, acting_user: User | None, at: dt.datetime) -> CaseAssignment:
    check_officer(officer)
    assignment, created = admit(case, officer, capacity=CaseAssignment.Capacity.OFFICER, at=at)
    if created:
        # Assigned by the system (recording a complaint, an import): on the audit trail only.
        record_case_change(
            case,
            action="case.assign",
            acting_user=acting_user,
            at=at,
            text=_("%(officer)s assigned to the case.") % {"officer": officer},
            detail={"action": "assign", "user": officer.pk},
            on_timeline=acting_user is not None,
            activity=acting_user is not None,
        )
    return assignment


@audited
def do_unassign_officer(case: Case, *, officer: User, acting_user: User, at: dt.datetime) -> None:
    """Remove an officer; their access ends with the very next request."""
    if withdraw(case, officer, capacity=CaseAssignment.Capacity.OFFICER):
        record_case_change(
            case,
            action="case.unassign",
            acting_user=acting_user,
            at=at,
            text=_("%(officer)s no longer assigned to the case.") % {"officer": officer},
            detail={"action": "unassign", "user": officer.pk},
        )


INTERCHANGE_TYPES_BY_PEOPLE = (EventType.NOTE, EventType.MEETING, EventType.DECISION, EventType.MESSAGE)


@audited
def do_record_event(case: Case, *, type: str, text: str, acting_user: User | None, at: dt.datetime) -> CaseEvent:
    """A note, meeting, decision or message on the case (stage changes go through do_change_stage)."""
    if type not in INTERCHANGE_TYPES_BY_PEOPLE:
        raise ValidationError({"type": _("%(type)s is not an event type that can be recorded here.") % {"type": type}})
    if not text.strip():
        raise ValidationError({"text": _("Say what happened.")})
    event = record_case_change(
        case, action="event.record", acting_user=acting_user, at=at, text=text, type=type, audit_detail={"type": type}
    )
    assert event is not None  # always on the timeline
    return event
