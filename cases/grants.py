"""Granting and revoking object permissions on a case, always together with the assignment rows."""

from __future__ import annotations

from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.services import team_supervisor_group
from cases.access import CHANGE, HEARING_BUNDLE, SUPERVISE, VIEW
from cases.models import Case


def grant_team_supervisors(case: Case) -> None:
    group = team_supervisor_group(case.team)
    for permission in (VIEW, CHANGE, SUPERVISE):
        assign_perm(permission, group, case)


def grant_officer(case: Case, user: User) -> None:
    for permission in (VIEW, CHANGE):
        assign_perm(permission, user, case)


def revoke_officer(case: Case, user: User) -> None:
    for permission in (VIEW, CHANGE):
        remove_perm(permission, user, case)


def grant_panel_member(case: Case, user: User) -> None:
    assign_perm(HEARING_BUNDLE, user, case)


def revoke_panel_member(case: Case, user: User) -> None:
    remove_perm(HEARING_BUNDLE, user, case)
