"""Who is told about a flag at each level: 1 the assigned officers, 2 the supervisors of the case's
team, 3 the governance reviewers. Read for many cases at once (three queries)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import User
from accounts.roles import StaffRole
from cases.models import Case, CaseAssignment
from oversight.models import Flag


@dataclass(frozen=True)
class Recipients:
    officers: dict[int, set[int]]
    supervisors: dict[int, set[int]]
    governance: set[int]

    def at_level(self, level: int, *, case_id: int, team_id: int) -> set[int]:
        if level == 1:
            return self.officers.get(case_id, set())
        if level == 2:
            return self.supervisors.get(team_id, set())
        return self.governance


def recipients_for(cases: Iterable[Case]) -> Recipients:
    """Active staff to tell about flags on `cases`, by case (officers) and by team (supervisors)."""
    cases = list(cases)
    officers: dict[int, set[int]] = defaultdict(set)
    assignments = CaseAssignment.objects.filter(
        case_id__in=[c.pk for c in cases], capacity=CaseAssignment.Capacity.OFFICER, user__is_active=True
    )
    for case_id, user_id in assignments.values_list("case_id", "user_id"):
        officers[case_id].add(user_id)
    supervisors: dict[int, set[int]] = defaultdict(set)
    team_supervisors = User.objects.filter(
        is_active=True, groups__name=StaffRole.CASE_SUPERVISOR.value, team_id__in={c.team_id for c in cases}
    )
    for team_id, user_id in team_supervisors.values_list("team_id", "pk"):
        supervisors[team_id].add(user_id)
    governance = set(
        User.objects.filter(is_active=True, groups__name=StaffRole.GOVERNANCE_REVIEWER.value).values_list(
            "pk", flat=True
        )
    )
    return Recipients(officers=dict(officers), supervisors=dict(supervisors), governance=governance)


def flag_recipients(flags: Iterable[Flag]) -> dict[int, dict[int, set[int]]]:
    """Staff to tell about flags on cases, by flag id and level: 1 the case's officers, 2 its team's
    supervisors, 3 governance (four queries for any number of flags)."""
    flags = [flag for flag in flags if flag.case_id is not None]
    cases = list(Case.objects.filter(pk__in={flag.case_id for flag in flags}).only("pk", "team_id"))
    people = recipients_for(cases)
    team_of = {case.pk: case.team_id for case in cases}
    result: dict[int, dict[int, set[int]]] = {}
    for flag in flags:
        assert flag.case_id is not None  # filtered above
        team_id = team_of.get(flag.case_id)
        if team_id is None:
            continue
        result[flag.pk] = {level: people.at_level(level, case_id=flag.case_id, team_id=team_id) for level in (1, 2, 3)}
    return result
