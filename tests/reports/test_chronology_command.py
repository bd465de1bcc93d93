"""`chronology --json`: one case for a review panel, with labels instead of people and no free text."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from cases.models import Case
from tests.reports import oracle
from tests.reports.scenario import STAFF, load_cases, random_cases

pytestmark = pytest.mark.django_db
NOW = "2025-07-15T09:00:00+08:00"

PEOPLE = [
    {"id": "3035001234", "name": "Student A", "email": "a@connect.uni.example", "kind": "student"},
    {"id": "3035001235", "name": "Student B", "email": "b@connect.uni.example", "kind": "student"},
    {"id": "3035009999", "name": "Student R", "email": "r@connect.uni.example", "kind": "student"},
    {"id": "3035004444", "name": "Student W", "email": "w@connect.uni.example", "kind": "student"},
]
# The motivating case, as a file: a class separation asked for on the Friday of the complaint and never
# decided, a warning letter filed, an apology due, and no activity from mid-April.
CASE: dict[str, Any] = {
    "reference": "IBSA-2025-0007",
    "received_at": "2025-03-14T10:00:00+08:00",
    "summary": "Folders of AI-generated images named after each woman.",
    "allegations": [{"conduct": "creation", "synthetic": True, "description": "More than 700 images."}],
    "parties": [
        {"person": "3035001234", "role": "complainant"},
        {"person": "3035009999", "role": "respondent"},
        {"person": "3035001235", "role": "complainant"},
        {"person": "3035004444", "role": "witness"},
    ],
    "assigned_officers": ["officer.chan"],
    "events": [
        {"at": "2025-03-21T15:00:00+08:00", "by": "officer.chan", "type": "meeting", "text": "Met A, B and W."},
        {"at": "2025-04-11T10:00:00+08:00", "by": "officer.chan", "type": "stage", "to": "investigation",
         "text": "Evidence inventoried."},
        {"at": "2025-04-14T10:00:00+08:00", "by": "3035001234", "type": "message", "text": "Is he still in my class?"},
        {"at": "2025-04-16T10:00:00+08:00", "by": "officer.chan", "type": "note", "text": "Warning letter filed."},
    ],
    "measures": [
        {"id": "M1", "type": "class_separation", "requested_at": "2025-03-14T16:00:00+08:00",
         "requested_by": "3035001234", "against": "3035009999", "decided_at": None, "decision": None,
         "implemented_at": None, "details": "Same tutorial group T03."},
        {"id": "M2", "type": "tutor_notification", "requested_at": "2025-03-17T09:00:00+08:00",
         "requested_by": "3035001235", "against": None, "decided_at": "2025-03-28T12:00:00+08:00",
         "decision": "approved", "implemented_at": "2025-03-31T12:00:00+08:00"},
    ],
}


def chronology(reference: str = "IBSA-2025-0007", now: str = NOW) -> dict[str, Any]:
    out = StringIO()
    call_command("chronology", "--json", "--case", reference, "--now", now, stdout=out)
    printed: dict[str, Any] = json.loads(out.getvalue())
    return printed


@pytest.fixture
def motivating_case(tmp_path) -> dict[str, Any]:
    load_cases({"format": "casemgr/1", "staff": STAFF, "people": PEOPLE, "cases": [CASE]}, tmp_path)
    return CASE


@pytest.mark.sqlite
def test_it_prints_the_contracts_chronology(motivating_case) -> None:
    printed = chronology()

    assert list(printed) == ["case", "as_of", "parties", "entries", "deadlines", "dormant_periods"]
    assert printed["case"] == "IBSA-2025-0007"
    assert printed["as_of"] == NOW
    assert printed["parties"] == [
        {"label": "Complainant A", "role": "complainant"},
        {"label": "Respondent A", "role": "respondent"},
        {"label": "Complainant B", "role": "complainant"},
        {"label": "Witness A", "role": "witness"},
    ]
    assert printed["entries"] == [
        {"at": "2025-03-14T10:00:00+08:00", "what": "received", "by": None},
        {"at": "2025-03-14T16:00:00+08:00", "what": "measure_requested", "by": "Complainant A", "measure": "M1"},
        {"at": "2025-03-17T09:00:00+08:00", "what": "measure_requested", "by": "Complainant B", "measure": "M2"},
        {"at": "2025-03-21T15:00:00+08:00", "what": "meeting", "by": "officer.chan"},
        {"at": "2025-03-28T12:00:00+08:00", "what": "measure_decided", "by": None, "measure": "M2",
         "decision": "approved"},
        {"at": "2025-03-31T12:00:00+08:00", "what": "measure_implemented", "by": None, "measure": "M2"},
        {"at": "2025-04-11T10:00:00+08:00", "what": "stage", "by": "officer.chan", "to": "investigation"},
        {"at": "2025-04-14T10:00:00+08:00", "what": "message", "by": "Complainant A"},
        {"at": "2025-04-16T10:00:00+08:00", "what": "note", "by": "officer.chan"},
    ]
    # Worked out by hand with the 2025 calendar (Good Friday 18 April, Easter Monday 21 April, Labour
    # Day 1 May, Buddha's Birthday 5 May, 1 July): the separation decision was due on the Tuesday.
    assert printed["deadlines"] == [
        {"kind": "measure_decision_overdue", "measure": "M1", "due_at": "2025-03-18T23:59:59+08:00",
         "done_at": None, "status": "overdue", "late_working_days": 79},
        {"kind": "measure_implementation_overdue", "measure": "M1", "due_at": "2025-03-21T23:59:59+08:00",
         "done_at": None, "status": "overdue", "late_working_days": 76},
        {"kind": "measure_decision_overdue", "measure": "M2", "due_at": "2025-03-24T23:59:59+08:00",
         "done_at": "2025-03-28T12:00:00+08:00", "status": "missed", "late_working_days": 4},
        {"kind": "stage_overdue", "due_at": "2025-03-28T23:59:59+08:00",
         "done_at": "2025-04-11T10:00:00+08:00", "status": "missed", "late_working_days": 9},
        {"kind": "measure_implementation_overdue", "measure": "M2", "due_at": "2025-03-31T23:59:59+08:00",
         "done_at": "2025-03-31T12:00:00+08:00", "status": "met", "late_working_days": 0},
        {"kind": "stage_overdue", "due_at": "2025-06-12T23:59:59+08:00", "done_at": None, "status": "overdue",
         "late_working_days": 22},
    ]
    assert printed["dormant_periods"] == [
        {"from": "2025-04-16T10:00:00+08:00", "to": NOW, "working_days": 59},
    ]


@pytest.mark.sqlite
def test_it_agrees_with_the_rules_worked_out_again(motivating_case) -> None:
    printed = chronology()

    assert printed["deadlines"] == oracle.chronology_deadlines(motivating_case, oracle.t(NOW))
    assert printed["dormant_periods"] == oracle.chronology_dormant(motivating_case, oracle.t(NOW))


@pytest.mark.sqlite
def test_it_shows_the_case_as_it_was_at_an_earlier_time(motivating_case) -> None:
    printed = chronology(now="2025-03-25T09:00:00+08:00")

    assert [e["what"] for e in printed["entries"]] == ["received", "measure_requested", "measure_requested", "meeting"]
    assert [(d.get("measure"), d["kind"], d["status"], d["late_working_days"]) for d in printed["deadlines"]] == [
        ("M1", "measure_decision_overdue", "overdue", 5),
        ("M1", "measure_implementation_overdue", "overdue", 2),
        ("M2", "measure_decision_overdue", "overdue", 1),
        (None, "stage_overdue", "pending", 0),
        ("M2", "measure_implementation_overdue", "pending", 0),
    ]
    assert printed["dormant_periods"] == []


@pytest.mark.sqlite
def test_it_matches_the_rules_on_many_cases(tmp_path) -> None:
    data = random_cases(seed=21, count=25)
    load_cases(data, tmp_path)

    for case in data["cases"]:
        printed = chronology(case["reference"])
        assert printed["deadlines"] == oracle.chronology_deadlines(case, oracle.t(NOW)), case["reference"]
        assert printed["dormant_periods"] == oracle.chronology_dormant(case, oracle.t(NOW)), case["reference"]
        assert [e["at"] for e in printed["entries"]] == sorted(e["at"] for e in printed["entries"])


def test_it_holds_no_name_id_email_or_free_text_of_the_case(motivating_case) -> None:
    text = json.dumps(chronology(), ensure_ascii=False)

    secrets = [motivating_case["summary"], "More than 700 images.", "Same tutorial group T03."]
    secrets += [e["text"] for e in motivating_case["events"]]
    for p in PEOPLE:
        secrets += [p["id"], p["name"], p["email"]]
    assert [s for s in secrets if s in text] == []
    case = Case.objects.get(reference="IBSA-2025-0007")
    assert str(case.public_id) not in text
    assert "Officer Chan" not in text
    assert "o.chan@uni.example" not in text


def test_it_is_on_the_audit_trail(motivating_case) -> None:
    chronology()

    entry = AuditEntry.objects.get(action="case.chronology")
    assert entry.case_id == Case.objects.get(reference="IBSA-2025-0007").pk
    assert entry.detail == {"format": "json", "as_of": "2025-07-15T09:00:00+08:00"}
    assert entry.source == "command:chronology"


def test_it_refuses_an_unknown_case(db: None) -> None:
    with pytest.raises(CommandError, match="--case: there is no case with reference 'IBSA-2099-0001'"):
        call_command("chronology", "--json", "--case", "IBSA-2099-0001", stdout=StringIO())


def test_it_refuses_a_time_without_an_offset(motivating_case) -> None:
    with pytest.raises(CommandError, match="--now: '2025-07-15T09:00' has no UTC offset"):
        call_command("chronology", "--json", "--case", "IBSA-2025-0007", "--now", "2025-07-15T09:00", stdout=StringIO())
