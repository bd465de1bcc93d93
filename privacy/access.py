"""Who may reach a case's legal hold: the case's supervisors (through the case's object permission) and
the data protection officer, who sees the hold and the reference only, never the case's content."""

from __future__ import annotations

from typing import Any

from accounts.roles import StaffRole, has_role
from cases.access import SUPERVISE, CaseNotFound, _parse_public_id, access_case
from cases.models import Case


def is_officer(user: Any) -> bool:
    return has_role(user, StaffRole.DATA_PROTECTION_OFFICER)


def access_case_hold(user: Any, case_id: Any) -> Case:
    """The case whose hold `user` may set or lift; the same 404 for a missing case and a forbidden one."""
    if is_officer(user):
        public_id = _parse_public_id(case_id)
        case = Case.objects.filter(public_id=public_id).first() if public_id is not None else None
        if case is None:
            raise CaseNotFound
        return case
    return access_case(user, case_id, permission=SUPERVISE)


def hold_case_by_reference(user: Any, reference: str) -> Case | None:
    """For the data protection officer only (None for anyone else): the case with this reference, whose
    hold she may set. She may hold any case, so saying that none has the reference reveals nothing."""
    if not is_officer(user):
        return None
    return Case.objects.filter(reference=reference.strip()).first()
