"""State-changing actions (`do_*`) on interim measures: requested -> approved or declined -> implemented ->
reviewed / lifted.

Each runs in one transaction, records itself on the case's timeline (a "decision" event for decisions),
recomputes the measure's stored deadlines and counts as activity on the case. Each assumes the caller
has authorised the acting user (cases.access). Validation errors name the field and change nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accommodations.deadlines import refresh_measure_deadlines
from accommodations.models import DeadlineAdjustment, Measure, MeasureStep
from accounts.models import User
from audit.actions import audited, record_action
from casemgr.vocabulary import SEPARATION_MEASURES, MeasureDecision, MeasureType
from cases.changes import lock_case, record_case_change
from cases.models import Case, EventType, Party, PartyRole

REQUESTER_ROLES = (PartyRole.COMPLAINANT, PartyRole.AFFECTED_PERSON)
AUTO_CODE = re.compile(r"^M(\d+)$")


def lock_measure(measure: Measure) -> None:
    """Lock the measure's case and then the measure's row, and reload the measure, so that two people
    acting on it at once cannot both succeed. Always the case first (cases.changes.lock_case)."""
    lock_case(measure.case)
    Measure.objects.select_for_update().filter(pk=measure.pk).values_list("pk").first()
    measure.refresh_from_db()


def check_aware(value: dt.datetime | None, *, field: str) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError({field: _("Give the time with its time zone (UTC offset).")})


def check_measure_request(
    case: Case,
    *,
    type: str,
    requested_by: User | None,
    against: User | None,
    requested_at: dt.datetime,
    at: dt.datetime,
) -> None:
    """Raise ValidationError naming the field unless this is a measure that can be requested on `case`."""
    if type not in MeasureType.values:
        raise ValidationError(
            {
                "type": _("%(type)s is not a type of interim measure. Use one of: %(allowed)s.")
                % {"type": type, "allowed": ", ".join(MeasureType.values)}
            }
        )
    if requested_by is None:
        raise ValidationError({"requested_by": _("A measure needs the person who asked for it.")})
    if not Party.objects.filter(case=case, person=requested_by, role__in=REQUESTER_ROLES).exists():
        raise ValidationError(
            {"requested_by": _("Only a complainant or an affected person on this case can ask for a measure.")}
        )
    if against is None:
        if type in SEPARATION_MEASURES:
            raise ValidationError(
                {"against": _("Say who the %(type)s is against.") % {"type": MeasureType(type).label}}
            )
    elif against.pk == requested_by.pk:
        raise ValidationError({"against": _("A measure cannot be against the person who asked for it.")})
    elif not Party.objects.filter(case=case, person=against).exists():
        raise ValidationError({"against": _("A measure can only be against a person on this case.")})
    check_aware(requested_at, field="requested_at")
    if requested_at > at:
        raise ValidationError({"requested_at": _("The request cannot be in the future.")})


def next_measure_code(case: Case) -> str:
    """ "M<n>", one above the highest such code on the case. The caller holds the case's row lock."""
    numbers = [int(m.group(1)) for code in case.measures.values_list("code", flat=True) if (m := AUTO_CODE.match(code))]
    return f"M{max(numbers, default=0) + 1}"


def check_code(case: Case, code: str) -> None:
    if not code.strip():
        raise ValidationError({"code": _("A measure id cannot be blank.")})
    if len(code) > Measure._meta.get_field("code").max_length:  # type: ignore[operator]
        raise ValidationError({"code": _("A measure id is at most 40 characters.")})
    if case.measures.filter(code=code).exists():
        raise ValidationError({"code": _("This case already has a measure %(code)s.") % {"code": code}})


def type_label(measure: Measure) -> str:
    return str(MeasureType(measure.type).label)


def record_measure_step(
    measure: Measure,
    *,
    action: str,
    event: str,
    text: str,
    acting_user: User,
    at: dt.datetime,
    type: str = EventType.CHANGE,
    extra: dict[str, str] | None = None,
    audit_detail: dict[str, str] | None = None,
) -> None:
    """The end of every measure action: the measure's deadlines recomputed, then (cases.changes) its timeline
    entry and audit row `action` (detail `event`, the measure's id and code), the step counted as activity
    on the case and the flags of steps no longer overdue closed."""
    refresh_measure_deadlines(measure)
    record_case_change(
        measure.case,
        action=action,
        acting_user=acting_user,
        at=at,
        type=type,
        text=text,
        detail={"action": event, "measure": measure.pk, "code": measure.code, **(extra or {})},
        audit_detail=audit_detail,
    )


@audited
def do_request_measure(
    case: Case,
    *,
    type: str,
    requested_by: User | None,
    against: User | None,
    requested_at: dt.datetime,
    details: str = "",
    recorded_by: User | None,
    at: dt.datetime,
    code: str | None = None,
) -> Measure:
    """Record that `requested_by` (a complainant or affected person) asked for a measure at `requested_at`.

    `recorded_by` is the staff member who recorded it on their behalf (None if they asked themselves).
    `code` defaults to the next free "M<n>" on the case. Raises ValidationError naming the field.
    """
    check_measure_request(case, type=type, requested_by=requested_by, against=against, requested_at=requested_at, at=at)
    assert requested_by is not None  # checked above; for the type checker
    # Lock the case so that two requests recorded at once cannot take the same code.
    lock_case(case)
    if code is None:
        code = next_measure_code(case)
    else:
        check_code(case, code)
    measure = Measure.objects.create(
        case=case,
        code=code,
        type=type,
        requested_at=requested_at,
        requested_by=requested_by,
        recorded_by=recorded_by,
        against=against,
        details=details,
    )
    record_measure_step(
        measure,
        action="measure.request",
        event="measure_requested",
        text=_("Interim measure %(code)s requested: %(type)s.") % {"code": code, "type": type_label(measure)},
        acting_user=recorded_by or requested_by,
        at=at,
        audit_detail={"type": type},
    )
    return measure


def end_open_adjustments(measure: Measure, *, steps: list[str], acting_user: User, at: dt.datetime) -> None:
    """A step that is done or no longer applies has nothing left to pause or extend."""
    DeadlineAdjustment.objects.filter(measure=measure, step__in=steps, ended_at__isnull=True).update(
        ended_at=at, ended_by=acting_user
    )


@audited
def do_decide_measure(measure: Measure, *, decision: str, reasons: str, acting_user: User, at: dt.datetime) -> Measure:
    """Approve or decline a requested measure. Reasons are required when declining.

    Raises ValidationError (`decision`, `reasons`) if the decision is not approved/declined, the measure is
    already decided or lifted, or a decline has no reasons.
    """
    lock_measure(measure)
    if decision not in MeasureDecision.values:
        raise ValidationError(
            {"decision": _("%(value)s is not a decision. Use approved or declined.") % {"value": decision}}
        )
    if measure.decided_at is not None or measure.lifted_at is not None:
        raise ValidationError({"decision": _("Measure %(code)s is already decided.") % {"code": measure.code}})
    if decision == MeasureDecision.DECLINED and not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons when a measure is declined.")})
    if at < measure.requested_at:
        raise ValidationError({"decision": _("A decision cannot come before the request.")})
    measure.decision = decision
    measure.decision_reasons = reasons.strip()
    measure.decided_at = at
    measure.decided_by = acting_user
    measure.save(update_fields=["decision", "decision_reasons", "decided_at", "decided_by"])
    ended = [MeasureStep.DECISION.value]
    if decision == MeasureDecision.DECLINED:
        ended.append(MeasureStep.IMPLEMENTATION.value)
    end_open_adjustments(measure, steps=ended, acting_user=acting_user, at=at)
    values = {"code": measure.code, "type": type_label(measure)}
    text = (
        _("Interim measure %(code)s (%(type)s) approved.") % values
        if decision == MeasureDecision.APPROVED
        else _("Interim measure %(code)s (%(type)s) declined, with reasons.") % values
    )
    record_measure_step(
        measure,
        action="measure.decide",
        event="measure_decided",
        text=text,
        acting_user=acting_user,
        at=at,
        type=EventType.DECISION,
        extra={"decision": decision},
    )
    return measure


@audited
def do_record_no_measure_offered(
    case: Case,
    *,
    type: str,
    requested_by: User | None,
    against: User | None,
    requested_at: dt.datetime,
    details: str = "",
    reasons: str,
    acting_user: User,
    at: dt.datetime,
) -> Measure:
    """A request for a measure that is answered with no measure: recorded and declined with its reasons at once,
    so the request, its date and why nothing was offered are all on the record."""
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons why no measure is offered.")})
    measure = do_request_measure(
        case,
        type=type,
        requested_by=requested_by,
        against=against,
        requested_at=requested_at,
        details=details,
        recorded_by=acting_user,
        at=at,
    )
    decided = do_decide_measure(
        measure, decision=MeasureDecision.DECLINED, reasons=reasons, acting_user=acting_user, at=at
    )
    record_action(
        "measure.no_measure_offered",
        actor=acting_user,
        at=at,
        case_id=case.pk,
        detail={"measure": decided.pk, "code": decided.code, "type": type},
    )
    return decided


@audited
def do_implement_measure(
    measure: Measure,
    *,
    implemented_at: dt.datetime,
    note: str,
    acting_user: User,
    at: dt.datetime,
    ends_at: dt.datetime | None = None,
) -> Measure:
    """Record that an approved measure was put in place at `implemented_at`, in force until `ends_at` if the
    measure has an end (e.g. a no-contact directive that goes on after the case is closed).

    Raises ValidationError (`implemented_at`, `ends_at`) unless the measure is approved, not yet implemented
    or lifted, `implemented_at` is an aware time between the request and now (`at`) and `ends_at`, if
    given, is after it.
    """
    lock_measure(measure)
    if measure.decision != MeasureDecision.APPROVED:
        state = _("declined") if measure.decision == MeasureDecision.DECLINED else _("not decided yet")
        raise ValidationError(
            {
                "implemented_at": _("Only an approved measure can be implemented; %(code)s is %(state)s.")
                % {"code": measure.code, "state": state}
            }
        )
    if measure.implemented_at is not None or measure.lifted_at is not None:
        raise ValidationError(
            {"implemented_at": _("Measure %(code)s is already implemented or lifted.") % {"code": measure.code}}
        )
    check_aware(implemented_at, field="implemented_at")
    if implemented_at < measure.requested_at or implemented_at > at:
        raise ValidationError({"implemented_at": _("The implementation must fall between the request and now.")})
    check_aware(ends_at, field="ends_at")
    if ends_at is not None and ends_at <= implemented_at:
        raise ValidationError({"ends_at": _("A measure ends after it is put in place.")})
    measure.implemented_at = implemented_at
    measure.implemented_by = acting_user
    measure.implementation_note = note.strip()
    measure.ends_at = ends_at
    measure.save(update_fields=["implemented_at", "implemented_by", "implementation_note", "ends_at"])
    end_open_adjustments(measure, steps=list(MeasureStep.values), acting_user=acting_user, at=at)
    record_measure_step(
        measure,
        action="measure.implement",
        event="measure_implemented",
        text=_("Interim measure %(code)s (%(type)s) implemented.")
        % {"code": measure.code, "type": type_label(measure)},
        acting_user=acting_user,
        at=at,
    )
    return measure


@audited
def do_review_measure(measure: Measure, *, note: str, acting_user: User, at: dt.datetime) -> Measure:
    """Record a review of a measure in force (implemented, not lifted) and what it found.

    Raises ValidationError (`reviewed_at`, `note`).
    """
    lock_measure(measure)
    if measure.implemented_at is None or measure.lifted_at is not None:
        raise ValidationError({"reviewed_at": _("Only a measure in force can be reviewed.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what the review found.")})
    measure.reviewed_at = at
    measure.reviewed_by = acting_user
    measure.review_note = note.strip()
    measure.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    record_measure_step(
        measure,
        action="measure.review",
        event="measure_reviewed",
        text=_("Interim measure %(code)s reviewed.") % {"code": measure.code},
        acting_user=acting_user,
        at=at,
    )
    return measure


@audited
def do_lift_measure(measure: Measure, *, reason: str, acting_user: User, at: dt.datetime) -> Measure:
    """End an approved measure (implemented or not). Raises ValidationError (`lifted_at`, `reason`)."""
    lock_measure(measure)
    if measure.decision != MeasureDecision.APPROVED or measure.lifted_at is not None:
        raise ValidationError({"lifted_at": _("Only an approved measure that is still in force can be lifted.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for lifting the measure.")})
    measure.lifted_at = at
    measure.lifted_by = acting_user
    measure.lift_reason = reason.strip()
    measure.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    end_open_adjustments(measure, steps=list(MeasureStep.values), acting_user=acting_user, at=at)
    record_measure_step(
        measure,
        action="measure.lift",
        event="measure_lifted",
        text=_("Interim measure %(code)s lifted.") % {"code": measure.code},
        acting_user=acting_user,
        at=at,
    )
    return measure
