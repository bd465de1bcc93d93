"""Putting a case before a disciplinary-panel member, who then sees its hearing bundle only, and taking it away."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import StaffRole, has_role
from audit.actions import audited
from cases.admission import admit, withdraw
from cases.changes import record_case_change
from cases.models import Case, CaseAssignment


@audited
def do_assign_panel_member(case: Case, *, member: User, acting_user: User, at: dt.datetime) -> CaseAssignment:
    """Grant `member` the hearing bundle of `case`. Raises ValidationError (field `member`) for non-members."""
    if not has_role(member, StaffRole.PANEL_MEMBER):
        raise ValidationError({"member": _("%(name)s is not a disciplinary panel member.") % {"name": member}})
    assignment, created = admit(case, member, capacity=CaseAssignment.Capacity.PANEL, at=at)
    if created:
        record_case_change(
            case,
            action="panel.assign",
            acting_user=acting_user,
            at=at,
            text=_("%(member)s given the hearing bundle.") % {"member": member},
            detail={"action": "assign_panel", "user": member.pk},
        )
    return assignment


@audited
def do_remove_panel_member(case: Case, *, member: User, acting_user: User, at: dt.datetime) -> None:
    """Take the hearing bundle of `case` away from `member`: the very next request is refused.

    Raises ValidationError (field `member`) if the member does not hold the bundle.
    """
    if not withdraw(case, member, capacity=CaseAssignment.Capacity.PANEL):
        raise ValidationError({"member": _("%(name)s does not hold the hearing bundle.") % {"name": member}})
    record_case_change(
        case,
        action="panel.remove",
        acting_user=acting_user,
        at=at,
        text=_("%(member)s no longer has the hearing bundle.") % {"member": member},
        detail={"action": "remove_panel", "user": member.pk},
    )
