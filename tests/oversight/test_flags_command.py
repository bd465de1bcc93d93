from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accommodations.models import Measure
from accounts.models import User
from cases.actions.case import do_create_case
from tests.conftest import hkt

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_prints_the_contract_json_right_after_a_sweep(separation: Measure) -> None:
    run("sweep", "--now", "2025-03-25T09:00:00+08:00")

    flags = json.loads(run("flags", "--json"))

    assert flags == [
        {
            "case": "IBSA-2025-0007",
            "kind": "measure_decision_overdue",
            "measure": "M1",
            "due_at": "2025-03-18T23:59:59+08:00",
            "level": 2,
            "overdue_working_days": 5,
            "detail": {"shared_sessions_since_request": 0},
        },
        {
            "case": "IBSA-2025-0007",
            "kind": "measure_implementation_overdue",
            "measure": "M1",
            "due_at": "2025-03-21T23:59:59+08:00",
            "level": 1,
            "overdue_working_days": 2,
            "detail": {"shared_sessions_since_request": 0},
        },
    ]


def test_it_leaves_out_measure_on_case_flags_and_sorts_by_case_then_kind(case, officer: User) -> None:
    at = hkt(2025, 3, 3, 9)
    do_create_case(reference="IBSA-2025-0001", received_at=at, summary="", allegations=[], acting_user=officer, at=at)
    run("sweep", "--now", "2025-04-09T01:00:00Z")

    flags = json.loads(run("flags", "--json"))

    assert [(f["case"], f["kind"]) for f in flags] == [
        ("IBSA-2025-0001", "case_dormant"),
        ("IBSA-2025-0001", "stage_overdue"),
        ("IBSA-2025-0007", "case_dormant"),
        ("IBSA-2025-0007", "stage_overdue"),
    ]
    assert all("measure" not in f for f in flags)
    assert all(f["detail"] == {} for f in flags)
    assert flags[3]["due_at"] == "2025-03-28T23:59:59+08:00"


def test_it_filters_by_case_reference(case, separation: Measure, officer: User) -> None:
    at = hkt(2025, 3, 3, 9)
    do_create_case(reference="IBSA-2025-0001", received_at=at, summary="", allegations=[], acting_user=officer, at=at)
    run("sweep", "--now", "2025-03-25T09:00:00+08:00")

    flags = json.loads(run("flags", "--json", "--case", "IBSA-2025-0007"))

    assert {f["case"] for f in flags} == {"IBSA-2025-0007"}
    assert len(flags) == 2


def test_it_rejects_an_unknown_case_reference(db: None) -> None:
    with pytest.raises(CommandError, match="no case with reference"):
        run("flags", "--json", "--case", "NOPE-1")


def test_it_prints_an_empty_array_without_open_flags(case) -> None:
    assert json.loads(run("flags", "--json")) == []


def test_it_prints_a_table_without_json(separation: Measure) -> None:
    run("sweep", "--now", "2025-03-25T09:00:00+08:00")

    table = run("flags").splitlines()

    assert table[0].split() == ["case", "kind", "measure", "due_at", "level", "overdue_working_days", "detail"]
    assert table[1].split()[:6] == [
        "IBSA-2025-0007",
        "measure_decision_overdue",
        "M1",
        "2025-03-18T23:59:59+08:00",
        "2",
        "5",
    ]


def test_it_refuses_a_sweep_time_without_offset(case) -> None:
    with pytest.raises(CommandError, match="no UTC offset"):
        run("sweep", "--now", "2025-03-25T09:00:00")


def test_it_refuses_a_sweep_time_that_is_not_iso_8601(case) -> None:
    with pytest.raises(CommandError, match="not an ISO 8601 time"):
        run("sweep", "--now", "next tuesday")


def test_it_reports_what_the_sweep_did_and_nothing_new_the_second_time(separation: Measure) -> None:
    first = run("sweep", "--now", "2025-03-25T09:00:00+08:00")
    second = run("sweep", "--now", "2025-03-25T09:00:00+08:00")

    assert "2 raised" in first
    assert "0 raised, 0 escalated, 0 closed, 2 open" in second
