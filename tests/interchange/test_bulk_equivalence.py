"""The bulk importer writes what the per-row replay through the actions wrote: the same export, the same
flags after a sweep, the same stored deadlines, permissions, timeline and audit rows."""

import json
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from guardian.core import ObjectPermissionChecker

from accommodations.models import Measure
from accounts.models import User
from accounts.services import get_default_team, team_supervisor_group
from audit.models import AuditEntry
from audit.verify import verify_chain
from bench.datagen import cases_file
from cases.models import Case, CaseAssignment, CaseEvent
from cases.models.case import CaseGroupObjectPermission, CaseUserObjectPermission
from interchange.exporter import export_queryset
from interchange.flags import flag_records, open_flags
from interchange.importer import write_cases_file, write_cases_file_per_row
from interchange.reader import read_cases_file
from oversight.sweep import sweep
from privacy.models import LegalHold
from tests.conftest import hkt

AT = hkt(2026, 12, 1, 9, 0)
CASE_COLUMNS = ["reference", "stage", "stage_entered_at", "last_activity_at", "stage_due_at", "dormant_due_at"]
MEASURE_COLUMNS = [
    "case__reference",
    "code",
    "decision_due_at",
    "decision_due_at_completion",
    "implementation_due_at",
    "implementation_due_at_completion",
]


def snapshot() -> dict[str, Any]:
    officer = User.objects.get(username="bench.officer1")
    checker = ObjectPermissionChecker(officer)
    cases = list(Case.objects.order_by("reference"))
    trail = AuditEntry.objects.filter(action="case.import").order_by("seq")
    references = dict(Case.objects.values_list("pk", "reference"))
    sweep(AT)
    return {
        "export": export_queryset(Case.objects.all()),
        "flags": flag_records(open_flags()),
        "cases": list(Case.objects.order_by("reference").values_list(*CASE_COLUMNS)),
        "measures": list(Measure.objects.order_by("case__reference", "code").values_list(*MEASURE_COLUMNS)),
        "events": list(
            CaseEvent.objects.exclude(type="system")
            .order_by("case__reference", "at", "id")
            .values_list("case__reference", "at", "type", "stage_to", "text", "actor__username", "detail")
        ),
        "assignments": sorted(CaseAssignment.objects.values_list("case__reference", "user__username", "capacity")),
        "user_perms": sorted(
            CaseUserObjectPermission.objects.values_list(
                "content_object__reference", "user__username", "permission__codename"
            )
        ),
        "group_perms": sorted(
            CaseGroupObjectPermission.objects.values_list(
                "content_object__reference", "group__name", "permission__codename"
            )
        ),
        "officer_can": [sorted(checker.get_perms(c)) for c in cases],
        "trail": [(references.get(e.case_id or 0), e.action, e.actor_id, e.detail) for e in trail],
        "linked": all(e.seq is not None for e in trail),
        "holds": sorted(
            LegalHold.objects.values_list("case__reference", "reason", "set_at", "set_by__username", "lifted_at")
        ),
        "people": sorted(User.objects.filter(person_kind="student").values_list("username", "email", "display_name")),
    }


def both_ways(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    parsed = read_cases_file_dict(data)
    team_supervisor_group(get_default_team())  # outside the savepoint: the same team and group both ways
    start = transaction.savepoint()
    write_cases_file_per_row(parsed, at=AT)
    old = snapshot()
    transaction.savepoint_rollback(start)
    assert Case.objects.count() == 0
    write_cases_file(read_cases_file_dict(data), at=AT)
    return old, snapshot()


def read_cases_file_dict(data: dict[str, Any]) -> Any:
    return read_cases_file(json.dumps(data))


@pytest.mark.django_db
def test_the_bulk_import_writes_what_the_per_row_replay_wrote():
    # Half the cases whose time had come never resolved: open steps of every kind besides closed cases.
    data = cases_file(80, seed=3, years=3, end=hkt(2026, 11, 20, 12, 0), stuck=0.5)
    for case in data["cases"][::20]:
        case["legal_hold"] = {"reason": "litigation", "set_at": case["received_at"], "by": "bench.officer2"}
    old, new = both_ways(data)
    assert len(old["holds"]) == 4
    assert old["export"]["cases"], "the file imported something"
    assert old["flags"], "the sweep found overdue steps on the imported cases"
    for key in old:
        assert new[key] == old[key], key
    assert verify_chain_ok()


@pytest.mark.django_db
def test_equal_times_of_stage_events_resolve_the_same_way():
    data = cases_file(3, seed=9, years=1)
    case = data["cases"][0]
    case["events"] = [
        {"at": "2026-03-02T09:00:00+08:00", "by": case["assigned_officers"][0], "type": "stage", "to": "investigation"},
        {
            "at": "2026-03-02T09:00:00+08:00",
            "by": case["assigned_officers"][0],
            "type": "stage",
            "to": "preliminary_assessment",
        },
        {"at": "2026-03-01T09:00:00+08:00", "by": None, "type": "note", "text": "before"},
    ]
    old, new = both_ways(data)
    assert new["cases"] == old["cases"]
    assert new["export"] == old["export"]


@pytest.mark.django_db
def test_the_bulk_import_takes_a_bounded_number_of_queries():
    def queries(n: int, seed: int) -> int:
        data = read_cases_file_dict(cases_file(n, seed=seed, prefix=f"Q{seed}", people_offset=seed * 100_000))
        with CaptureQueriesContext(connection) as captured:
            write_cases_file(data, at=AT)
        return len(captured)

    queries(1, 0)  # creates the staff, whom the others only find
    # Fewer rows than one statement takes: the same statements for 40 cases as for 120 (the per-row
    # replay took about fifty per case).
    assert queries(120, 1) == queries(40, 2)


def verify_chain_ok() -> bool:
    _checked, problem = verify_chain()
    return problem is None
