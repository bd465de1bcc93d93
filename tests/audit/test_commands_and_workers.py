"""Commands and workers name themselves as the origin of their rows: "command:NAME", "worker:TASK"."""

from __future__ import annotations

import json
from io import StringIO

import time_machine
from django.core.management import call_command

from accommodations.actions import do_request_measure
from audit.context import current_origin
from audit.models import AuditEntry
from cases.actions.case import do_create_case
from cases.models import Case
from oversight.tasks import sweep_task
from tests.audit.conftest import NOW, last_seq, rows_after
from tests.conftest import hkt
from tests.interchange.test_import_cases import VALID
from tests.timetable.helpers import write_csv


def test_export_cases_writes_one_row_listing_the_exported_cases(case):
    other = do_create_case(
        reference="IBSA-2025-0099", received_at=hkt(2025, 3, 15), summary="", allegations=[], acting_user=None, at=NOW
    )
    seq = last_seq()
    call_command("export_cases", stdout=StringIO())
    [row] = rows_after(seq)
    assert (row.action, row.actor_id, row.case_id, row.source, row.at) == (
        "case.export",
        None,
        None,
        "command:export_cases",
        NOW,
    )
    assert row.detail == {"cases": sorted([case.pk, other.pk]), "format": "casemgr/1"}


def test_export_of_one_case_lists_only_that_case(case):
    do_create_case(
        reference="IBSA-2025-0099", received_at=hkt(2025, 3, 15), summary="", allegations=[], acting_user=None, at=NOW
    )
    seq = last_seq()
    call_command("export_cases", "--case", case.reference, stdout=StringIO())
    [row] = rows_after(seq)
    assert row.detail["cases"] == [case.pk]


def test_import_cases_writes_one_row_per_imported_case(db, tmp_path):
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    seq = last_seq()
    call_command("import_cases", str(path), stdout=StringIO())
    rows = rows_after(seq)
    imported: dict[int | None, str] = dict(Case.objects.values_list("pk", "reference"))
    assert sorted(imported[r.case_id] for r in rows) == ["IBSA-2025-0007", "IBSA-2025-0008"]
    assert {(r.action, r.actor_id, r.source, r.at) for r in rows} == {
        ("case.import", None, "command:import_cases", NOW)
    }
    first = next(r for r in rows if imported[r.case_id] == "IBSA-2025-0007")
    assert first.detail == {"parties": 3, "events": 2, "measures": 1, "outcome": True, "legal_hold": False}


def test_import_timetable_writes_one_row_with_its_counts(db, tmp_path):
    sessions = write_csv(
        tmp_path, "sessions.csv", [["LLAW3102", "T01", "2025-03-20T14:30:00+08:00", "2025-03-20T15:20:00+08:00", "A"]]
    )
    seq = last_seq()
    call_command("import_timetable", sessions=str(sessions), stdout=StringIO())
    [row] = rows_after(seq)
    assert (row.action, row.source, row.at, row.case_id) == ("timetable.import", "command:import_timetable", NOW, None)
    assert (row.detail["sessions_created"], row.detail["enrollments_created"]) == (1, 0)


def _overdue_measure(case, officer, complainant, respondent):
    do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=hkt(2025, 3, 14, 10),
        recorded_by=officer,
        at=hkt(2025, 3, 14, 10),
    )


def test_a_sweep_that_changes_something_writes_one_row_not_one_per_flag(case, officer, complainant, respondent):
    _overdue_measure(case, officer, complainant, respondent)
    seq = last_seq()
    # The command refuses a time after the real clock (issue 9): the clock reads the sweep's time.
    with time_machine.travel(hkt(2025, 3, 28, 9), tick=False):
        call_command("sweep", "--now", "2025-03-28T09:00:00+08:00", stdout=StringIO())
    [row] = rows_after(seq)
    assert (row.action, row.actor_id, row.source, row.at) == ("flags.sweep", None, "command:sweep", hkt(2025, 3, 28, 9))
    assert row.detail["raised"] >= 2  # the decision and the implementation are both overdue

    seq = last_seq()
    with time_machine.travel(hkt(2025, 3, 28, 9), tick=False):
        call_command("sweep", "--now", "2025-03-28T09:00:00+08:00", stdout=StringIO())
    assert rows_after(seq) == []  # nothing changed: nothing to record


def test_the_periodic_sweep_writes_its_row_as_the_worker(case, officer, complainant, respondent):
    _overdue_measure(case, officer, complainant, respondent)
    seq = last_seq()
    sweep_task.apply()  # runs the task in this process, through Celery's task signals
    [row] = rows_after(seq)
    assert (row.action, row.source) == ("flags.sweep", "worker:oversight.sweep")
    # The origin ends with the task.
    call_command("export_cases", stdout=StringIO())
    assert AuditEntry.objects.order_by("-seq").values_list("source", flat=True)[0] == "command:export_cases"
    assert current_origin().source == "system"
