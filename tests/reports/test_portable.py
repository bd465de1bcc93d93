"""reports.portable, the path the reports take on a database other than PostgreSQL (the embedded default,
SQLite), must give every figure the PostgreSQL SQL gives. On PostgreSQL both run on the same imported
cases and are compared here; on SQLite the tests of `report --json`, `chronology --json` and the pages
(marked `sqlite`) compare the portable path with the rules worked out again (tests/reports/oracle)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from accounts.models import Team
from cases.models import Case
from deadlines.calendar import local_date
from reports import deadline_history
from reports.deadline_history import case_scope, cases_scope, period_scope
from reports.derived import report_session
from reports.portable import History
from reports.selectors import milestones, outcome_figures, policies_in_force
from reports.timeliness import Figures, GroupBy, figures_for
from tests.reports.scenario import load_cases, load_timetable, random_cases
from tests.reports.test_derived_rows import MOMENTS

# PostgreSQL only (not marked `sqlite`): it compares the portable path with PostgreSQL's SQL.
pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(tmp_path) -> dict[str, Any]:
    data = random_cases(seed=5, count=70)
    load_cases(data, tmp_path)
    load_timetable(data, tmp_path)
    team = Team.objects.create(name="Second team")
    Case.objects.filter(reference__in=[c["reference"] for c in data["cases"][::3]]).update(team=team)
    return data


def _sorted(figures: dict[Any, Figures]) -> dict[Any, Figures]:
    for f in figures.values():
        f.deadlines.sort(key=lambda row: (row.kind, row.measure_type or ""))
    return figures


@pytest.mark.parametrize(
    ("group_by", "with_total"),
    [(GroupBy.NONE, False), (GroupBy.TEAM, False), (GroupBy.MONTH, True)],
)
def test_it_gives_the_sqls_figures_milestones_and_policies(scenario, group_by, with_total) -> None:
    for first, last, now in MOMENTS:
        scope = period_scope(first, last)
        with report_session(scope, as_of=now) as ask:
            sql = _sorted(figures_for(ask, group_by=group_by, with_total=with_total))
            sql_milestones, sql_policies = milestones(ask), policies_in_force(ask)
        history = History(scope, as_of=now)
        assert _sorted(history.figures(group_by, with_total=with_total)) == sql, (first, last, now)
        assert history.milestones() == sql_milestones, (first, last, now)
        assert history.policies() == sql_policies, (first, last, now)
    # The scenario reaches separation requests with shared sessions, dormant cases and every milestone.
    overall = History(period_scope(dt.date(2025, 1, 1), dt.date(2025, 6, 30)), as_of=MOMENTS[0][2])
    (figures,) = overall.figures(GroupBy.NONE).values()
    assert figures.with_shared_sessions > 0
    assert figures.cases_dormant > 0
    assert all(m.cases > 0 for m in overall.milestones())


def test_it_gives_the_sqls_outcomes(scenario) -> None:
    for first, last, now in MOMENTS:
        sql = outcome_figures(first=first, last=last, as_of=now)
        assert History(period_scope(first, last), as_of=now).outcomes() == sql, (first, last, now)
    assert any(
        row.by_sanction
        for row in outcome_figures(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=MOMENTS[0][2])
    )


def test_it_gives_each_cases_deadlines_dormant_periods_and_longest_gap(scenario) -> None:
    cases = list(Case.objects.order_by("id"))
    for _first, _last, now in MOMENTS:
        for case in cases:
            if case.received_at > now:
                continue
            scope = case_scope(case.pk, case.received_at)
            assert History(scope, as_of=now).case_deadlines() == deadline_history.case_deadlines(
                case.pk, case.received_at, as_of=now
            ), (case.reference, now)
            assert History(scope, as_of=now).dormant_periods() == deadline_history.case_dormant_periods(
                case.pk, case.received_at, as_of=now
            ), (case.reference, now)
        ids = [c.pk for c in cases]
        first_day = min(local_date(c.received_at) for c in cases)
        assert History(cases_scope(ids, first_day), as_of=now).longest_gaps() == deadline_history.longest_gaps(
            ids, first_day, as_of=now
        ), now
