from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from cases.changes import lock_case, record_case_change
from cases.models import Case, CasePause, ExternalProceeding


@audited
def do_record_proceeding(
    case: Case,
    *,
    body: str,
    complainant_consent: bool,
    reported_at: dt.datetime | None,
    reference_number: str,
    status: str,
    acting_user: User,
    at: dt.datetime,
) -> ExternalProceeding:
    if body not in ExternalProceeding.Body.values:
        raise ValidationError({"body": _("%(body)s is not a body we track.") % {"body": body}})
    if status not in ExternalProceeding.Status.values:
        raise ValidationError({"status": _("%(status)s is not a status.") % {"status": status}})
    proceeding = ExternalProceeding.objects.create(
        case=case,
        body=body,
        complainant_consent=complainant_consent,
        consent_recorded_at=at if complainant_consent else None,
        reported_at=reported_at,
        reference_number=reference_number,
        status=status,
        status_changed_at=at,
    )
    record_case_change(
        case,
        action="proceeding.record",
        acting_user=acting_user,
        at=at,
        text=_("External proceeding recorded: %(body)s.") % {"body": proceeding.get_body_display()},
        detail={"action": "proceeding", "proceeding": proceeding.pk},
        audit_detail={"body": body, "status": status, "consent": complainant_consent},
    )
    return proceeding


@audited
def do_update_proceeding(
    proceeding: ExternalProceeding, *, status: str, reference_number: str, acting_user: User, at: dt.datetime
) -> ExternalProceeding:
    if status not in ExternalProceeding.Status.values:
        raise ValidationError({"status": _("%(status)s is not a status.") % {"status": status}})
    proceeding.status = status
    proceeding.reference_number = reference_number
    proceeding.status_changed_at = at
    proceeding.save(update_fields=["status", "reference_number", "status_changed_at"])
    record_case_change(
        proceeding.case,
        action="proceeding.update",
        acting_user=acting_user,
        at=at,
        text=_("%(body)s: %(status)s.")
        % {"body": proceeding.get_body_display(), "status": proceeding.get_status_display()},
        detail={"action": "proceeding_status", "proceeding": proceeding.pk},
        audit_detail={"status": status},
    )
    return proceeding


@audited
def do_pause_investigation(
    case: Case, *, reason: str, review_at: dt.datetime, acting_user: User, at: dt.datetime
) -> CasePause:
    """Pause the case's deadlines for a recorded reason until a review date."""
    lock_case(case)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the pause.")})
    if review_at <= at:
        raise ValidationError({"review_at": _("The review date must be in the future.")})
    if not case.is_open:
        raise ValidationError({"reason": _("A closed case cannot be paused.")})
    if CasePause.objects.filter(case=case, resumed_at__isnull=True).exists():
        raise ValidationError({"reason": _("The case is already paused.")})
    pause = CasePause.objects.create(case=case, reason=reason, paused_at=at, review_at=review_at, paused_by=acting_user)
    record_case_change(
        case,
        action="case.pause",
        acting_user=acting_user,
        at=at,
        text=_("Investigation paused until review on %(date)s: %(reason)s")
        % {"date": f"{review_at:%Y-%m-%d}", "reason": reason},
        detail={"action": "pause", "pause": pause.pk},
    )
    return pause


@audited
def do_resume_investigation(case: Case, *, acting_user: User, at: dt.datetime) -> CasePause:
    pause = CasePause.objects.filter(case=case, resumed_at__isnull=True).first()
    if pause is None:
        raise ValidationError({"reason": _("The case is not paused.")})
    pause.resumed_at = at
    pause.save(update_fields=["resumed_at"])
    record_case_change(
        case,
        action="case.resume",
        acting_user=acting_user,
        at=at,
        text=_("Investigation resumed."),
        detail={"action": "resume", "pause": pause.pk},
    )
    return pause
