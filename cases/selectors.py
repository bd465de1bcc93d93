"""Reading cases for lists, shared by the officer pages and the API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, overload

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
            Case.objects.filter(pk__in=hers) if has_role(user, StaffRole.CONDUCT_OFFICER) else cases.filter(pk__in=hers)
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


def own_assignments(user: User, *, mine: bool) -> QuerySet[CaseAssignment] | None:
    """`user`'s officer assignments when they are exactly the cases `find_cases(user, mine=mine)` lists
    with no other filter (an officer who supervises no team, or any officer with `mine`), else None.
    One assignment per case and officer (assignment_unique), so they count such a list without the
    pass over the cases table the list's own count makes: 1.3 ms against 13 ms for an officer's 4,995
    cases (docs/benchmarks.md, "Scale")."""
    if not has_role(user, StaffRole.CONDUCT_OFFICER):
        return None
    supervises = has_role(user, StaffRole.CASE_SUPERVISOR) and user.team_id is not None
    if supervises and not mine:
        return None
    return CaseAssignment.objects.filter(user=user, capacity=CaseAssignment.Capacity.OFFICER)


class CountedBy:
    """`rows` as the paginator reads them (a count, then a slice), counted by `counter`: another query
    with as many rows that costs less."""

    def __init__(self, rows: QuerySet[Case], counter: QuerySet[Any]) -> None:
        self.rows = rows
        self.counter = counter
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.counter.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Case]:
        return iter(self.rows)

    @overload
    def __getitem__(self, index: int) -> Case: ...

    @overload
    def __getitem__(self, index: slice) -> QuerySet[Case]: ...

    def __getitem__(self, index: int | slice) -> Case | QuerySet[Case]:
        return self.rows[index]
