"""Reading cases for lists, shared by the officer pages and the API."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from accounts.roles import StaffRole, has_role
from cases.access import cases_visible_to
from cases.models import Allegation, Case, CaseAssignment


def find_cases(
    user: User,
    *,
    mine: bool = False,
    stage: str = "",
    reference: str = "",
    conduct: str = "",
    officer_id: int | None = None,
) -> QuerySet[Case]:
    """The cases `user` may open, narrowed by the list's filters (unordered; callers add what they show).

    `mine` keeps the cases `user` is assigned to as officer (a supervisor otherwise sees the whole team's);
    `reference` matches any part of a reference, ignoring case, so an exact reference and its beginning
    both find it.
    """
    cases = cases_visible_to(user)
    if mine:
        hers = CaseAssignment.objects.filter(user=user, capacity=CaseAssignment.Capacity.OFFICER).values("case_id")
        # An officer sees every case she is assigned to: hers are the whole answer, and the planner is spared
        # a second pass over the same assignments (thousands of rows at university scale).
        cases = (
            Case.objects.filter(pk__in=hers)
            if has_role(user, StaffRole.CONDUCT_OFFICER)
            else cases.filter(pk__in=hers)
        )
    if stage:
        cases = cases.filter(stage=stage)
    if reference.strip():
        cases = cases.filter(reference__icontains=reference.strip())
    if conduct:
        cases = cases.filter(Exists(Allegation.objects.filter(case=OuterRef("pk"), conduct=conduct)))
    if officer_id is not None:
        assigned = CaseAssignment.objects.filter(
            case=OuterRef("pk"), user_id=officer_id, capacity=CaseAssignment.Capacity.OFFICER
        )
        cases = cases.filter(Exists(assigned))
    return cases
