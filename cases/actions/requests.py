from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from cases.changes import record_case_change
from cases.models import ComplainantRequest, EventType, Party, PartyRole, RequestDecision


@audited
def do_record_request(
    party: Party, *, kind: str, details: str, requested_at: dt.datetime, acting_user: User, at: dt.datetime
) -> ComplainantRequest:
    """Record something a complainant asked for, with the date they asked."""
    if party.role != PartyRole.COMPLAINANT:
        raise ValidationError({"party": _("Requests are recorded for complainants.")})
    if kind not in ComplainantRequest.Kind.values:
        raise ValidationError({"kind": _("%(kind)s is not a kind of request.") % {"kind": kind}})
    if requested_at > at:
        raise ValidationError({"requested_at": _("A request cannot be dated in the future.")})
    request = ComplainantRequest.objects.create(
        case=party.case, party=party, kind=kind, details=details, requested_at=requested_at
    )
    record_case_change(
        party.case,
        action="request.record",
        acting_user=acting_user,
        at=at,
        text=_("Request recorded: %(kind)s.") % {"kind": ComplainantRequest.Kind(kind).label},
        detail={"action": "request", "request": request.pk},
        audit_detail={"kind": kind},
    )
    return request


@audited
def do_decide_request(
    request: ComplainantRequest, *, grants: str, reasons: str, acting_user: User, at: dt.datetime
) -> RequestDecision:
    """Record a decision on a request: who decided, why, and whether it grants what was asked."""
    if grants not in RequestDecision.Grants.values:
        raise ValidationError({"grants": _("Say whether the decision grants what was asked.")})
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    decision = RequestDecision.objects.create(
        request=request, decided_at=at, decided_by=acting_user, grants=grants, reasons=reasons
    )
    record_case_change(
        request.case,
        action="request.decide",
        acting_user=acting_user,
        at=at,
        type=EventType.DECISION,
        text=_("Decision on the request for %(kind)s: %(answer)s.")
        % {"kind": request.get_kind_display(), "answer": RequestDecision.Grants(grants).label},
        detail={"action": "request_decision", "request": request.pk, "decision": decision.pk},
        audit_detail={"grants": grants},
    )
    return decision
