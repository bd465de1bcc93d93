"""`report --json`: the contract's figures, checked against the rules worked out again in the test."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deadlines.models import ClosureDay
from tests.reports import oracle
from tests.reports.scenario import load_cases, load_timetable, random_cases

pytestmark = pytest.mark.django_db
NOW = "2025-07-15T09:00:00+08:00"


def report(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("report", "--json", *args, stdout=out)
    printed: dict[str, Any] = json.loads(out.getvalue())
    return printed


@pytest.fixture
def scenario(tmp_path) -> tuple[dict[str, Any], dict[tuple[str, str], list[dt.datetime]]]:
    data = random_cases(seed=7, count=60)
    load_cases(data, tmp_path)
    return data, load_timetable(data, tmp_path)


@pytest.mark.sqlite
def test_it_gives_the_contracts_figures_for_a_half_year(scenario) -> None:
    data, sessions = scenario

    printed = report("--from", "2025-01-01", "--to", "2025-06-30", "--now", NOW)

    expected = oracle.report(
        data["cases"],
        first=dt.date(2025, 1, 1),
        last=dt.date(2025, 6, 30),
        now=oracle.t(NOW),
        sessions=sessions,
    )
    assert printed == expected
    # The scenario reaches every part of the contract: a real median, suppression and shared sessions.
    assert list(printed) == ["from", "to", "as_of", "cases", "deadlines", "separation", "dormancy"]
    assert any(row["median_late_working_days"] is not None for row in printed["deadlines"])
    assert any("<5" in row.values() for row in printed["deadlines"])
    assert isinstance(printed["separation"]["shared_sessions"], int)
    assert printed["separation"]["shared_sessions"] >= 5
    assert printed["dormancy"]["longest_working_days"] is not None


@pytest.mark.sqlite
@pytest.mark.parametrize(
    ("first", "last", "now"),
    [
        ("2025-02-01", "2025-03-31", "2025-04-30T18:00:00+08:00"),
        ("2025-01-01", "2025-06-30", "2025-03-01T00:00:00+08:00"),
        ("2025-05-05", "2025-05-05", NOW),
    ],
)
def test_it_counts_only_what_had_happened_by_the_time_given(scenario, first, last, now) -> None:
    data, sessions = scenario

    printed = report("--from", first, "--to", last, "--now", now)

    expected = oracle.report(
        data["cases"],
        first=dt.date.fromisoformat(first),
        last=dt.date.fromisoformat(last),
        now=oracle.t(now),
        sessions=sessions,
    )
    assert printed == expected


@pytest.mark.sqlite
def test_it_answers_in_a_fixed_number_of_queries(scenario) -> None:
    report("--from", "2025-01-01", "--to", "2025-06-30", "--now", NOW)  # builds the working-day table
    with CaptureQueriesContext(connection) as few:
        report("--from", "2025-01-01", "--to", "2025-01-31", "--now", NOW)
    with CaptureQueriesContext(connection) as many:
        report("--from", "2025-01-01", "--to", "2025-06-30", "--now", NOW)
    assert len(many) == len(few) <= 16


@pytest.mark.sqlite
def test_it_suppresses_every_small_count_and_the_median_of_few(tmp_path) -> None:
    data = random_cases(seed=3, count=3)
    load_cases(data, tmp_path)

    printed = report("--from", "2025-01-01", "--to", "2025-06-30", "--now", NOW)

    assert printed["cases"]["received"] == "<5"
    for row in printed["deadlines"]:
        assert row["median_late_working_days"] is None
        assert all(row[key] == "<5" or row[key] == 0 for key in ("total", "met", "missed", "overdue", "pending"))
    assert printed["dormancy"]["longest_working_days"] is None


@pytest.mark.sqlite
def test_it_reports_nothing_for_a_period_without_cases(db: None) -> None:
    printed = report("--from", "2024-01-01", "--to", "2024-12-31", "--now", NOW)

    assert printed == {
        "from": "2024-01-01",
        "to": "2024-12-31",
        "as_of": NOW,
        "cases": {"received": 0, "open": 0, "outcomes": {"statutory_sanction": 0, "informal_only": 0, "none_yet": 0}},
        "deadlines": [],
        "separation": {"requests": 0, "with_shared_sessions": 0, "shared_sessions": 0},
        "dormancy": {"cases_dormant": 0, "longest_working_days": None},
    }


@pytest.mark.sqlite
def test_it_counts_a_closure_day_entered_after_the_table_was_built(tmp_path) -> None:
    data = random_cases(seed=11, count=8)
    for case in data["cases"]:
        case["received_at"] = "2025-03-14T10:00:00+08:00"  # a Friday: due ten working days later, 28 March
        case["events"] = []
        case["measures"] = []
        case.pop("outcome", None)
    load_cases(data, tmp_path)
    before = report("--from", "2025-03-14", "--to", "2025-03-14", "--now", "2025-03-31T09:00:00+08:00")
    ClosureDay.objects.create(date=dt.date(2025, 3, 28), reason="Typhoon")

    after = report("--from", "2025-03-14", "--to", "2025-03-14", "--now", "2025-03-31T09:00:00+08:00")

    stage = {row["kind"]: row for row in before["deadlines"]}["stage_overdue"]
    assert stage["overdue"] == 8  # due 28 March, overdue by 31 March
    moved = {row["kind"]: row for row in after["deadlines"]}["stage_overdue"]
    assert moved["overdue"] == 0  # the closure moves the due date to 31 March itself
    assert moved["pending"] == 8


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-13-01", "--to", "2025-12-31"], "--from: '2025-13-01' is not a date"),
        (["--from", "2025-01-01", "--to", "31/12/2025"], "--to: '31/12/2025' is not a date"),
        (["--from", "2025-07-01", "--to", "2025-06-30"], "--from 2025-07-01 is after --to 2025-06-30"),
        (["--from", "2025-01-01", "--to", "2025-06-30", "--now", "2025-07-15T09:00:00"], "has no UTC offset"),
        (["--from", "2025-01-01", "--to", "2025-06-30", "--now", "yesterday"], "is not an ISO 8601 time"),
    ],
)
def test_it_refuses_bad_options_with_a_clear_message(db: None, args, message) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("report", "--json", *args, stdout=StringIO())


@pytest.mark.sqlite
def test_rebuilding_the_report_rows_works_on_every_database(tmp_path) -> None:
    data = random_cases(seed=3, count=3)
    load_cases(data, tmp_path)
    out = StringIO()
    call_command("rebuild_report_rows", stdout=out)

    assert out.getvalue().startswith("Rebuilt the report rows")
    assert report("--from", "2025-01-01", "--to", "2025-06-30", "--now", NOW)["cases"]["received"] == "<5"
