"""Data access requests (PDPO s18) and correction requests (s22), recorded by the data protection officer.

A request is due at the end of the `request_days`-th calendar day after the day it was received (40 by
default: s19(1), s23(1)); the `data_request_overdue` flag is raised the day after. Before then the officer
may record the written notice of s19(2) (why the request cannot be complied with in time), which stops the
flag. A refusal records its reason and the section relied on (e.g. s20(1)(b), s58). The trail holds ids
and codes only; identities, reasons and notes stay on the request.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from accounts.models import User
from audit.actions import audited, record_action
from casemgr.textlimits import REASON_MAX_LENGTH
from deadlines.calendar import end_of_day, local_date
from oversight.settle import settle_flags
from privacy.flag_kinds import request_key
from privacy.models import DataRequest
from privacy.retention import schedule_in_force


def request_due_at(received_at: dt.datetime) -> dt.datetime:
    """The end (institution time) of the schedule's `request_days`-th calendar day after receipt."""
    days = schedule_in_force(received_at).request_days
    return end_of_day(local_date(received_at) + dt.timedelta(days=days))


def _text(value: str, field: str, *, required: bool) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: "This is required."})
    if len(value) > REASON_MAX_LENGTH:
        raise ValidationError({field: f"At most {REASON_MAX_LENGTH} characters."})
    return value


@audited
def do_record_request(
    *,
    person: User,
    kind: str,
    received_at: dt.datetime,
    details: str,
    identity_checked_at: dt.datetime | None,
    identity_check: str,
    acting_user: User,
    at: dt.datetime,
) -> DataRequest:
    """Record a request received at `received_at`. Precondition: `acting_user` is a data protection officer."""
    if kind not in DataRequest.Kind.values:
        raise ValidationError({"kind": "Not a kind of request."})
    if not person.person_kind:
        raise ValidationError({"person": "Requests are recorded for people on cases."})
    if received_at > at:
        raise ValidationError({"received_at": "A request cannot be received in the future."})
    if identity_checked_at is not None and not identity_check.strip():
        raise ValidationError({"identity_check": "Say how the identity was checked."})
    request = DataRequest.objects.create(
        kind=kind,
        person=person,
        received_at=received_at,
        details=_text(details, "details", required=False),
        identity_checked_at=identity_checked_at,
        identity_check=_text(identity_check, "identity_check", required=False),
        due_at=request_due_at(received_at),
        handled_by=acting_user,
    )
    record_action("privacy.request_record", actor=acting_user, at=at, target=f"data_request:{request.pk}")
    return request


@audited
def do_record_identity_check(
    request: DataRequest, *, checked_at: dt.datetime, how: str, acting_user: User, at: dt.datetime
) -> DataRequest:
    request.identity_checked_at, request.identity_check = checked_at, _text(how, "identity_check", required=True)
    request.save(update_fields=["identity_checked_at", "identity_check"])
    record_action("privacy.request_identity", actor=acting_user, at=at, target=f"data_request:{request.pk}")
    return request


@audited
def do_record_extension_notice(request: DataRequest, *, reason: str, acting_user: User, at: dt.datetime) -> DataRequest:
    """The s19(2) notice: only before the request's due time, and only while it is unanswered."""
    if not request.is_open:
        raise ValidationError({"reason": "The request has been answered."})
    if at > request.due_at:
        raise ValidationError({"reason": "The 40 days have passed: a notice under s19(2) must be given before."})
    request.extension_notice_at, request.extension_reason = at, _text(reason, "reason", required=True)
    request.save(update_fields=["extension_notice_at", "extension_reason"])
    record_action("privacy.request_notice", actor=acting_user, at=at, target=f"data_request:{request.pk}")
    settle_flags(at=at, step_keys=[request_key(request.pk)])
    return request


@audited
def do_decide_request(
    request: DataRequest, *, decision: str, reason: str, section: str, acting_user: User, at: dt.datetime
) -> DataRequest:
    """Answer the request. A refusal needs its reason and the section relied on; a partial answer its reason."""
    if not request.is_open:
        raise ValidationError({"decision": "The request has already been answered."})
    if decision not in (DataRequest.Decision.COMPLIED, DataRequest.Decision.PARTLY, DataRequest.Decision.REFUSED):
        raise ValidationError({"decision": "Choose an answer."})
    needs_reason = decision != DataRequest.Decision.COMPLIED or request.kind == DataRequest.Kind.CORRECTION
    request.decision = decision
    request.decision_reason = _text(reason, "reason", required=needs_reason)
    request.section_relied_on = _text(section, "section", required=decision == DataRequest.Decision.REFUSED)[:100]
    request.decided_at = at
    request.save(update_fields=["decision", "decision_reason", "section_relied_on", "decided_at"])
    record_action(
        "privacy.request_decide",
        actor=acting_user,
        at=at,
        target=f"data_request:{request.pk}",
        detail={"decision": decision, "kind": request.kind},
    )
    settle_flags(at=at, step_keys=[request_key(request.pk)])
    return request


@audited
def do_record_release(request: DataRequest, *, note: str, acting_user: User, at: dt.datetime) -> DataRequest:
    """The withheld items were reviewed, redacted and released by hand: what was released."""
    request.released_at, request.released_note = at, _text(note, "note", required=True)
    request.save(update_fields=["released_at", "released_note"])
    record_action("privacy.request_release", actor=acting_user, at=at, target=f"data_request:{request.pk}")
    return request
