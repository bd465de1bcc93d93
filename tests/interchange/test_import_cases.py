import copy
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from accommodations.models import Measure
from accounts.models import User
from cases.access import access_case
from cases.models import Case, CaseEvent, Party
from tests.conftest import hkt

VALID: dict[str, Any] = {
    "format": "casemgr/1",
    "staff": [
        {"username": "officer.chan", "email": "o.chan@uni.example", "name": "Officer Chan", "role": "conduct_officer"},
        {"username": "sup.lam", "email": "s.lam@uni.example", "name": "Supervisor Lam", "role": "case_supervisor"},
    ],
    "people": [
        {"id": "3035001234", "name": "Student A", "email": "a@connect.uni.example", "kind": "student"},
        {"id": "3035001235", "name": "Student B", "email": "b@connect.uni.example", "kind": "student"},
        {"id": "3035009999", "name": "Student R", "email": "r@connect.uni.example", "kind": "student"},
    ],
    "cases": [
        {
            "reference": "IBSA-2025-0007",
            "received_at": "2025-03-14T10:00:00+08:00",
            "summary": "free text",
            "allegations": [{"conduct": "creation", "synthetic": True, "description": "folders"}],
            "parties": [
                {"person": "3035001234", "role": "complainant"},
                {"person": "3035001235", "role": "complainant"},
                {"person": "3035009999", "role": "respondent"},
            ],
            "assigned_officers": ["officer.chan"],
            "events": [
                {"at": "2025-03-17T09:00:00+08:00", "by": "officer.chan", "type": "stage",
                 "to": "preliminary_assessment"},
                {"at": "2025-03-18T09:00:00+08:00", "by": "officer.chan", "type": "note", "text": "called A"},
            ],
            "measures": [
                {"id": "M1", "type": "class_separation", "requested_at": "2025-03-14T10:00:00+08:00",
                 "requested_by": "3035001234", "against": "3035009999",
                 "decided_at": None, "decision": None, "implemented_at": None},
            ],
            "outcome": {
                "decided_at": "2025-04-14T10:00:00+08:00",
                "by": "officer.chan",
                "sanctions": [
                    {"type": "suspension", "months": 6},
                    {"type": "apology", "due_at": "2025-04-30T17:00:00+08:00", "complied_at": None},
                ],
            },
        },
        {
            "reference": "IBSA-2025-0008",
            "received_at": "2025-03-20T10:00:00+08:00",
            "summary": "second",
            "allegations": [{"conduct": "distribution", "synthetic": False, "description": ""}],
            "parties": [{"person": "3035001235", "role": "complainant"}],
            "assigned_officers": ["officer.chan"],
        },
    ],
}


def write(tmp_path, data, name="cases.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run_import(tmp_path, data):
    out = StringIO()
    call_command("import_cases", write(tmp_path, data), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_imports_people_staff_and_cases(tmp_path):
    output = run_import(tmp_path, VALID)

    assert "imported 2 cases" in output
    case = Case.objects.get(reference="IBSA-2025-0007")
    assert case.stage == "preliminary_assessment"
    assert case.stage_entered_at == hkt(2025, 3, 17, 9, 0)
    assert Party.objects.filter(case=case, role="complainant").count() == 2
    officer = User.objects.get(username="officer.chan")
    assert not officer.has_usable_password()
    assert access_case(officer, case.public_id) == case
    assert not User.objects.get(username="3035001234").has_usable_password()
    measure = Measure.objects.get(case=case, code="M1")
    assert measure.decision_due_at == hkt(2025, 3, 18, 23, 59, 59)
    assert measure.implementation_due_at == hkt(2025, 3, 21, 23, 59, 59)
    outcome = case.outcomes.get()
    assert outcome.includes_statutory_sanction
    assert case.last_activity_at == hkt(2025, 3, 18, 9, 0)


@pytest.mark.django_db
def test_it_computes_the_stage_from_the_latest_stage_event_whatever_the_file_order(tmp_path):
    data = copy.deepcopy(VALID)
    data["cases"][0]["events"] = [
        {"at": "2025-03-25T09:00:00+08:00", "by": "officer.chan", "type": "stage", "to": "investigation"},
        {"at": "2025-03-17T09:00:00+08:00", "by": "officer.chan", "type": "stage", "to": "preliminary_assessment"},
    ]
    run_import(tmp_path, data)
    case = Case.objects.get(reference="IBSA-2025-0007")
    assert case.stage == "investigation"
    # Leaving investigation is due 40 working days after entering it (Easter and Labour Day skipped).
    assert case.stage_due_at is not None


@pytest.mark.django_db
def test_a_file_with_one_bad_case_imports_nothing_and_says_where(tmp_path):
    data = copy.deepcopy(VALID)
    data["cases"][1]["measures"] = [
        {"id": "M1", "type": "class_separation", "requested_at": "2025-03-20T10:00:00+08:00",
         "requested_by": "3035001235", "against": "3035009999",
         "decided_at": None, "decision": None, "implemented_at": None},
    ]
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, data)

    message = str(error.value)
    assert "cases[1].measures[0].against" in message
    assert "not a party of this case" in message
    assert Case.objects.count() == 0
    assert User.objects.count() == 0
    assert CaseEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("mutate", "path", "reason"),
    [
        (lambda d: d["cases"][0].update(received_at="2025-03-14T10:00:00"), "cases[0].received_at", "no UTC offset"),
        (lambda d: d["cases"][0]["allegations"][0].update(conduct="hacking"), "cases[0].allegations[0].conduct",
         "is not one of"),
        (lambda d: d["cases"][0]["parties"][0].update(person="nobody"), "cases[0].parties[0].person", "not in people"),
        (lambda d: d["cases"][0]["events"][0].update(to="limbo"), "cases[0].events[0].to", "is not one of"),
        (lambda d: d["cases"][0]["measures"][0].update(type="teleport"), "cases[0].measures[0].type", "is not one of"),
        (lambda d: d["cases"][0]["measures"][0].update(requested_by=None), "cases[0].measures[0].requested_by",
         "is required"),
        (lambda d: d["cases"][0]["outcome"]["sanctions"][0].update(type="caning"),
         "cases[0].outcome.sanctions[0].type", "is not one of"),
        (lambda d: d["cases"][0]["assigned_officers"].append("ghost"), "cases[0].assigned_officers[1]",
         "not a conduct officer"),
        (lambda d: d["cases"][1].update(reference="IBSA-2025-0007"), "cases[1].reference", "appears twice"),
        (lambda d: d["staff"][0].update(role="dean"), "staff[0].role", "is not one of"),
        (lambda d: d.update(format="casemgr/2"), "format", "must be"),
    ],
)
@pytest.mark.django_db
def test_it_rejects_what_does_not_fit_naming_the_path(tmp_path, mutate, path, reason):
    data = copy.deepcopy(VALID)
    mutate(data)
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, data)
    assert f"{path}: " in str(error.value)
    assert reason in str(error.value)
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_it_rejects_a_reference_that_already_exists(tmp_path):
    run_import(tmp_path, VALID)
    again = copy.deepcopy(VALID)
    again["cases"] = [again["cases"][1]]
    with pytest.raises(CommandError, match=r"cases\[0\]\.reference: a case 'IBSA-2025-0008' already exists"):
        run_import(tmp_path, again)


@pytest.mark.django_db
def test_it_names_the_line_of_broken_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "casemgr/1",\n  "cases": [,]\n}', encoding="utf-8")
    with pytest.raises(CommandError, match="line 3"):
        call_command("import_cases", str(path))


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_gives_the_same_cases(tmp_path, django_db_blocker):
    run_import(tmp_path, VALID)
    first = StringIO()
    call_command("export_cases", stdout=first)
    exported = json.loads(first.getvalue())

    # Empty the database, then import what was exported.
    Case.objects.all().delete()
    User.objects.all().delete()
    run_import(tmp_path, exported)
    second = StringIO()
    call_command("export_cases", stdout=second)

    assert json.loads(second.getvalue()) == exported
    assert exported["cases"][0]["measures"][0]["requested_by"] == "3035001234"
    assert exported["cases"][0]["outcome"]["sanctions"] == VALID["cases"][0]["outcome"]["sanctions"]
    assert exported["cases"][0]["received_at"] == "2025-03-14T10:00:00+08:00"
    assert exported["cases"][0]["outcome"]["includes_statutory_sanction"] is True
