"""Admitting staff to a case and withdrawing them: the assignment row and the object permissions always
change together, in one place, so the case list (which reads assignments) and the access checks (which
read guardian's rows) can never disagree.

Officers (and supervisors assigned as officers) are admitted to work on the case; panel members to its
hearing bundle only; a team's supervisors hold theirs through the team's supervisor group.
"""

from __future__ import annotations

import datetime as dt

from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.services import team_supervisor_group
from cases.access import CHANGE, HEARING_BUNDLE, SUPERVISE, VIEW
from cases.models import Case, CaseAssignment
from cases.officer_choices import forget_officer_choices

Capacity = CaseAssignment.Capacity

# What each capacity may do on the case.
PERMISSIONS: dict[str, tuple[str, ...]] = {
    Capacity.OFFICER: (VIEW, CHANGE),
    Capacity.PANEL: (HEARING_BUNDLE,),
}
TEAM_SUPERVISOR_PERMISSIONS = (VIEW, CHANGE, SUPERVISE)


def admit(case: Case, user: User, *, capacity: str, at: dt.datetime) -> tuple[CaseAssignment, bool]:
    """Give `user` the permissions of `capacity` on `case` and record the assignment; returns it and
    whether it is new. Admitting twice changes nothing. The caller checks the user's role."""
    assignment, created = CaseAssignment.objects.get_or_create(
        case=case, user=user, capacity=capacity, defaults={"assigned_at": at}
    )
    for permission in PERMISSIONS[capacity]:
        assign_perm(permission, user, case)
    if created and capacity == Capacity.OFFICER:
        forget_officer_choices()
    return assignment, created


def withdraw(case: Case, user: User, *, capacity: str) -> bool:
    """The inverse of `admit`: the assignment and its permissions go; the very next request is refused.
    Returns whether `user` was admitted in that capacity."""
    deleted, _counts = CaseAssignment.objects.filter(case=case, user=user, capacity=capacity).delete()
    for permission in PERMISSIONS[capacity]:
        remove_perm(permission, user, case)
    if deleted and capacity == Capacity.OFFICER:
        forget_officer_choices()
    return bool(deleted)


def admit_team_supervisors(case: Case) -> None:
    """The supervisors of the case's team (present and future) see and supervise it, through their group."""
    group = team_supervisor_group(case.team)
    for permission in TEAM_SUPERVISOR_PERMISSIONS:
        assign_perm(permission, group, case)
