"""The work queue's cases given to each flag kind as a condition on the case (a supervisor's team, too many
to list) read the same steps as the same cases given as ids (oversight.kinds.CaseCondition)."""

from __future__ import annotations

import json

import pytest

from accounts.models import User
from accounts.roles import StaffRole, has_role
from bench.datagen import cases_file
from cases.models import Case, CaseAssignment
from cases.models.case import OPEN_CASE
from cases.selectors import find_cases
from deadlines.calendar import WorkingCalendar, working_days_after_moment
from interchange.importer import write_cases_file
from interchange.reader import read_cases_file
from office import queue
from oversight.kinds import registered_kinds
from oversight.sweep import sweep
from tests.conftest import hkt

# On the embedded default too: the condition joins through each kind's path to the case on SQLite as well.
pytestmark = pytest.mark.sqlite
AT = hkt(2026, 12, 1, 9, 0)


@pytest.fixture
def imported(db: None, supervisor: User) -> list[User]:
    """Two years of generated cases, half left where their history stopped (open steps of every kind),
    swept once (flags, and delays waiting for a reason); the supervisor leads the cases' team."""
    data = cases_file(60, seed=21, years=2, end=hkt(2026, 11, 20, 12, 0), officers=3, stuck=0.5)
    write_cases_file(read_cases_file(json.dumps(data)), at=AT)
    sweep(AT)
    supervisor.team_id = Case.objects.values_list("team_id", flat=True).first()
    supervisor.save(update_fields=["team"])
    officers = User.objects.filter(
        pk__in=CaseAssignment.objects.filter(capacity=CaseAssignment.Capacity.OFFICER).values("user_id")
    )
    return [*officers.order_by("pk"), supervisor]


def test_every_kind_reads_the_same_steps_from_the_condition_as_from_the_ids(imported: list[User]) -> None:
    horizon = working_days_after_moment(WorkingCalendar.load(), AT, queue.HORIZON_WORKING_DAYS)
    compared = 0
    for user in imported:
        mine = not has_role(user, StaffRole.CASE_SUPERVISOR)
        ids = list(find_cases(user, mine=mine).filter(OPEN_CASE).values_list("pk", flat=True))
        assert ids, user
        for kind in registered_kinds():
            for limit in (None, 3):
                by_ids = kind.overdue(horizon, cases=ids, limit=limit, with_detail=False)
                assert (
                    kind.overdue(horizon, cases=queue.open_cases_condition(user), limit=limit, with_detail=False)
                    == by_ids
                )
                compared += len(by_ids)
    assert compared > 100  # the data reaches the kinds: stage, dormancy, measures, sanctions, delays


def test_the_queue_is_the_same_whether_her_cases_are_listed_or_a_condition(
    imported: list[User], monkeypatch: pytest.MonkeyPatch
) -> None:
    calendar = WorkingCalendar.load()
    for user in imported:
        listed = queue.work_queue(user, now=AT, calendar=calendar)
        monkeypatch.setattr(queue, "LISTED_CASES", 1)
        assert queue.work_queue(user, now=AT, calendar=calendar) == listed
        monkeypatch.undo()
        assert listed, user
