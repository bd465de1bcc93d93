"""Legal holds: set and lifted by a case supervisor of the case or the data protection officer.

The trail records that a hold was set or lifted, by whom (internal id) and when; the reason stays on
the hold, never in the trail (it is free text)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from accounts.roles import StaffRole, has_role
from audit.actions import audited, record_action
from casemgr.textlimits import REASON_MAX_LENGTH
from cases.access import SUPERVISE, user_may
from cases.models import Case
from privacy.models import LegalHold

HOLD_SET = "privacy.legal_hold_set"
HOLD_LIFTED = "privacy.legal_hold_lifted"


def may_manage_holds(user: Any, case: Case) -> bool:
    """A supervisor of the case, or the data protection officer (who sees no content, only the hold)."""
    return has_role(user, StaffRole.DATA_PROTECTION_OFFICER) or user_may(user, case, SUPERVISE)


def active_hold(case: Case) -> LegalHold | None:
    return LegalHold.objects.filter(case=case, lifted_at__isnull=True).select_related("set_by").first()


def check_hold_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the case is held."})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": f"At most {REASON_MAX_LENGTH} characters."})
    return reason


@audited
def do_set_legal_hold(case: Case, *, reason: str, acting_user: User, at: dt.datetime, check: bool = True) -> LegalHold:
    """Put the case on hold. Raises PermissionDenied unless `acting_user` may (skipped for the import,
    `check=False`), ValidationError if a hold is already set or the reason is empty."""
    if check and not may_manage_holds(acting_user, case):
        raise PermissionDenied
    reason = check_hold_reason(reason)
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if LegalHold.objects.filter(case=case, lifted_at__isnull=True).exists():
        raise ValidationError({"reason": "The case is already on legal hold."})
    hold = LegalHold.objects.create(case=case, reason=reason, set_at=at, set_by=acting_user)
    record_action(HOLD_SET, actor=acting_user, at=at, case_id=case.pk, target=f"legal_hold:{hold.pk}")
    return hold


@audited
def do_lift_legal_hold(case: Case, *, acting_user: User, at: dt.datetime) -> LegalHold:
    """Lift the case's hold. Raises PermissionDenied unless `acting_user` may, ValidationError if none is set."""
    if not may_manage_holds(acting_user, case):
        raise PermissionDenied
    Case.objects.select_for_update().filter(pk=case.pk).first()
    hold = LegalHold.objects.filter(case=case, lifted_at__isnull=True).first()
    if hold is None:
        raise ValidationError({"reason": "The case is not on legal hold."})
    hold.lifted_at, hold.lifted_by = at, acting_user
    hold.save(update_fields=["lifted_at", "lifted_by"])
    record_action(HOLD_LIFTED, actor=acting_user, at=at, case_id=case.pk, target=f"legal_hold:{hold.pk}")
    return hold
