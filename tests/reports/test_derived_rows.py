"""The reports read rows kept per case (reports.derived); they must give every figure exactly as the
contract's rules worked out from the events do (`derived=False`), as of any moment, after any change."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Team
from cases.models import Case
from cases.workflow import do_change_stage
from deadlines.models import ClosureDay
from reports import derived
from reports.deadline_history import PLANNER_SETTINGS
from reports.models import ReportCase, ReportDeadline, StaleCase
from reports.report_json import report_document
from reports.selectors import period_figures
from reports.timeliness import Figures, GroupBy, timeliness
from tests.reports import oracle
from tests.reports.scenario import load_cases, load_timetable, random_cases

pytestmark = pytest.mark.django_db
HKT = oracle.HKT


def at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


# Periods and moments around Easter 2025 (Good Friday 18 April to Easter Monday 21 April are holidays),
# before most of the history had happened, and periods small enough for every count to be "<5".
MOMENTS = [
    (dt.date(2025, 1, 1), dt.date(2025, 6, 30), at("2025-07-15T09:00:00+08:00")),
    (dt.date(2025, 4, 1), dt.date(2025, 4, 30), at("2025-04-17T18:00:00+08:00")),
    (dt.date(2025, 4, 1), dt.date(2025, 4, 30), at("2025-04-18T23:59:59+08:00")),
    (dt.date(2025, 3, 1), dt.date(2025, 4, 30), at("2025-04-22T09:00:00+08:00")),
    (dt.date(2025, 1, 1), dt.date(2025, 6, 30), at("2025-03-01T00:00:00+08:00")),
    (dt.date(2025, 4, 14), dt.date(2025, 4, 25), at("2025-05-02T12:00:00+08:00")),
    (dt.date(2025, 2, 3), dt.date(2025, 2, 3), at("2025-12-31T23:00:00+08:00")),
]


@pytest.fixture
def scenario(tmp_path) -> tuple[dict[str, Any], dict[tuple[str, str], list[dt.datetime]]]:
    data = random_cases(seed=11, count=90)
    load_cases(data, tmp_path)
    sessions = load_timetable(data, tmp_path)
    # Two teams, so that the figures by team have more than one group.
    team = Team.objects.create(name="Second team")
    Case.objects.filter(reference__in=[c["reference"] for c in data["cases"][::3]]).update(team=team)
    return data, sessions


def both(first: dt.date, last: dt.date, now: dt.datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    kept = report_document(first=first, last=last, as_of=now)
    worked_out = report_document(first=first, last=last, as_of=now, derived=False)
    return kept, worked_out


def test_it_prints_the_same_report_from_the_kept_rows_as_from_the_events(scenario) -> None:
    data, sessions = scenario
    printed = []
    # And one day with a single case or a few, whose counts are all suppressed.
    day = at(data["cases"][0]["received_at"]).date()
    for first, last, now in [*MOMENTS, (day, day, at("2025-07-15T09:00:00+08:00"))]:
        kept, worked_out = both(first, last, now)
        assert kept == worked_out, (first, last, now)
        # And both are the contract's figures, worked out a third time in plain Python.
        assert kept == oracle.report(data["cases"], first=first, last=last, now=now, sessions=sessions)
        printed.append(kept)

    # The moments reach what could differ: deadlines met, missed, overdue and pending, dormant cases,
    # medians shown and suppressed, and small counts suppressed.
    rows = [row for report in printed for row in report["deadlines"]]
    for status in ("met", "missed", "overdue", "pending"):
        assert any(isinstance(row[status], int) and row[status] >= 5 for row in rows), status
    assert any(row["median_late_working_days"] is not None for row in rows)
    assert any(row["median_late_working_days"] is None and row["total"] != 0 for row in rows)
    assert any(report["cases"]["received"] == "<5" for report in printed)
    assert any(isinstance(report["dormancy"]["cases_dormant"], int) for report in printed)
    assert ReportDeadline.objects.count() > 0


@pytest.mark.parametrize("group_by", [GroupBy.NONE, GroupBy.TEAM, GroupBy.MONTH])
def test_it_gives_the_same_exact_figures_by_team_and_by_month(scenario, group_by) -> None:
    for first, last, now in MOMENTS:
        kept = timeliness(first=first, last=last, as_of=now, group_by=group_by)
        worked_out = timeliness(first=first, last=last, as_of=now, group_by=group_by, derived=False)
        for figures in (*kept.values(), *worked_out.values()):
            figures.deadlines.sort(key=lambda row: (row.kind, row.measure_type or ""))
        assert kept == worked_out, (first, last, now)
    groups = timeliness(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now, group_by=group_by)
    assert len(groups) == {GroupBy.NONE: 1, GroupBy.TEAM: 2, GroupBy.MONTH: 6}[group_by]


def test_it_rebuilds_a_case_that_changed_before_the_next_report(scenario) -> None:
    first, last, now = dt.date(2025, 1, 1), dt.date(2025, 6, 30), at("2025-07-15T09:00:00+08:00")
    report_document(first=first, last=last, as_of=now)
    case = Case.objects.filter(stage="received", received_at__lt=at("2025-06-01T00:00:00+08:00")).first()
    assert case is not None
    before = report_document(first=first, last=last, as_of=now)

    do_change_stage(case, to="preliminary_assessment", reason="Screened.", acting_user=None, at=now)
    do_change_stage(case, to="investigation", reason="Opened.", acting_user=None, at=now)

    assert StaleCase.objects.filter(case=case).exists()
    kept, worked_out = both(first, last, now)
    assert kept == worked_out
    # The receipt deadline of that case is now done (late), and one to finish the investigation began.
    assert kept != before
    assert not StaleCase.objects.exists()
    assert ReportCase.objects.get(case=case).stage == "investigation"


def test_it_rebuilds_every_case_when_the_calendar_changes(scenario) -> None:
    first, last, now = dt.date(2025, 3, 1), dt.date(2025, 5, 31), at("2025-07-15T09:00:00+08:00")
    before, _ = both(first, last, now)

    # A typhoon closure the Wednesday after Easter: every deadline counted across it moves.
    ClosureDay.objects.create(date=dt.date(2025, 4, 23), reason="Typhoon")

    kept, worked_out = both(first, last, now)
    assert kept == worked_out
    assert kept != before


def test_it_builds_the_rows_of_cases_loaded_without_them(scenario) -> None:
    first, last, now = dt.date(2025, 1, 1), dt.date(2025, 6, 30), at("2025-07-15T09:00:00+08:00")
    report_document(first=first, last=last, as_of=now)
    ReportCase.objects.filter(case__reference__endswith="1").delete()
    ReportDeadline.objects.filter(case__reference__endswith="1").delete()

    kept, worked_out = both(first, last, now)

    assert kept == worked_out
    assert ReportCase.objects.count() == Case.objects.count()


def test_it_reads_the_kept_rows_in_a_fixed_number_of_queries(scenario) -> None:
    now = at("2025-07-15T09:00:00+08:00")
    report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now)
    with CaptureQueriesContext(connection) as few:
        report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 1, 31), as_of=now)
    with CaptureQueriesContext(connection) as many:
        report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now)
    assert len(many) == len(few)
    # The stage events are not copied and ordered any more: the kept rows answer. Nor are the measures:
    # the one question about them reads them where it asks.
    assert not [q for q in many.captured_queries if "CREATE TEMPORARY TABLE report_stage_events" in q["sql"]]
    assert not [q for q in many.captured_queries if "CREATE TEMPORARY TABLE report_measures" in q["sql"]]
    # The check for cases without rows is planned as the report is (no JIT compilation of it first).
    statements = [q["sql"] for q in many.captured_queries]
    check = next(i for i, sql in enumerate(statements) if "FROM reports_stalecase" in sql)
    assert statements[check - 1] == PLANNER_SETTINGS


def test_it_gives_the_timeliness_page_the_figures_of_the_events_over_the_period_and_by_month(scenario) -> None:
    for first, last, now in MOMENTS:
        page = period_figures(first=first, last=last, as_of=now)
        overall = timeliness(first=first, last=last, as_of=now, derived=False).get(None, Figures())
        by_month = timeliness(first=first, last=last, as_of=now, group_by=GroupBy.MONTH, derived=False)
        for figures in (page.overall, *page.by_month.values(), overall, *by_month.values()):
            figures.deadlines.sort(key=lambda row: (row.kind, row.measure_type or ""))
        assert page.overall == overall, (first, last, now)
        assert page.by_month == dict(sorted(by_month.items())), (first, last, now)


def test_it_rebuilds_every_row_on_command(scenario) -> None:
    now = at("2025-07-15T09:00:00+08:00")
    expected = report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now, derived=False)
    ReportDeadline.objects.all().delete()  # rows gone without anyone noticing: the command restores them
    out = StringIO()

    call_command("rebuild_report_rows", stdout=out)

    assert "Rebuilt the report rows" in out.getvalue()
    assert ReportDeadline.objects.exists()
    assert report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now) == expected


def _planner_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return float(cursor.fetchone()[0])


def test_it_refreshes_the_planner_statistics_after_building_many_cases_rows(scenario, monkeypatch) -> None:
    """With the statistics of the empty tables (autovacuum off, or not yet run) the planner read every
    deadline row of all years to report on one (docs/benchmarks.md, "Fifth round")."""
    now = at("2025-07-15T09:00:00+08:00")
    monkeypatch.setattr(derived, "ANALYZE_AFTER", Case.objects.count())

    report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now)

    assert _planner_rows("reports_reportdeadline") == ReportDeadline.objects.count() > 0
    assert _planner_rows("reports_reportcase") == ReportCase.objects.count() == Case.objects.count()


def test_it_leaves_the_statistics_alone_after_rebuilding_a_few_cases(scenario) -> None:
    now = at("2025-07-15T09:00:00+08:00")
    report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now)  # fewer than ANALYZE_AFTER
    before = _planner_rows("reports_reportdeadline")
    ReportDeadline.objects.filter(case__reference__endswith="1").delete()
    ReportCase.objects.filter(case__reference__endswith="1").delete()

    report_document(first=dt.date(2025, 1, 1), last=dt.date(2025, 6, 30), as_of=now)

    assert _planner_rows("reports_reportdeadline") == before
