"""Privacy tests: a cases file with an old closed case (to purge), a recently closed one and an old one
on legal hold (both spared), each with its own people and secret texts to search the database for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from accounts.roles import StaffRole
from accounts.services import do_create_staff
from casemgr.vocabulary import StaffRole as Role
from tests.conftest import hkt

NOW = hkt(2026, 12, 1, 9, 0)


@pytest.fixture(autouse=True)
def private_paths(settings, tmp_path: Path) -> None:
    settings.CASEMGR_EVIDENCE_ROOT = tmp_path / "evidence"
    settings.CASEMGR_AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"


def _case(reference: str, *, received: str, closed: str, secret: str, parties: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "reference": reference,
        "received_at": received,
        "summary": f"{secret}-summary",
        "allegations": [{"conduct": "distribution", "synthetic": False, "description": f"{secret}-allegation"}],
        "parties": [{"person": p, "role": r} for p, r in parties],
        "assigned_officers": ["officer.chan"],
        "events": [
            {"at": received.replace("10:00", "11:00"), "by": "officer.chan", "type": "stage", "to": "investigation"},
            {"at": received.replace("10:00", "12:00"), "by": "officer.chan", "type": "note", "text": f"{secret}-note"},
            {"at": closed, "by": "officer.chan", "type": "stage", "to": "closed", "text": f"{secret}-closing"},
        ],
        "measures": [
            {
                "id": "M1",
                "type": "no_contact_directive",
                "requested_at": received.replace("10:00", "13:00"),
                "requested_by": parties[0][0],
                "against": parties[1][0] if len(parties) > 1 else None,
                "details": f"{secret}-measure",
                "decided_at": None,
                "decision": None,
                "implemented_at": None,
            }
        ],
    }


CASES_FILE: dict[str, Any] = {
    "format": "casemgr/1",
    "staff": [
        {"username": "officer.chan", "email": "o.chan@uni.example", "name": "Officer Chan", "role": "conduct_officer"},
        {
            "username": "supervisor.lee",
            "email": "s.lee@uni.example",
            "name": "Supervisor Lee",
            "role": "case_supervisor",
        },
        {"username": "dpo.kwan", "email": "dpo@uni.example", "name": "Officer Kwan", "role": "data_protection_officer"},
    ],
    "people": [
        {"id": "3035000001", "name": "Alicia Purgeable", "email": "alicia@connect.uni.example", "kind": "student"},
        {"id": "3035000002", "name": "Bertram Vanishing", "email": "bertram@connect.uni.example", "kind": "student"},
        {"id": "3035000003", "name": "Carola Keeping", "email": "carola@connect.uni.example", "kind": "student"},
        {"id": "3035000004", "name": "Dorothea Holding", "email": "dorothea@connect.uni.example", "kind": "student"},
    ],
    "cases": [
        _case(
            "OLD-2018-0001",
            received="2018-01-10T10:00:00+08:00",
            closed="2018-06-01T10:00:00+08:00",
            secret="zebraquartz",
            parties=[("3035000001", "complainant"), ("3035000002", "respondent"), ("3035000003", "witness")],
        ),
        _case(
            "RECENT-2024-0001",
            received="2024-01-10T10:00:00+08:00",
            closed="2024-06-01T10:00:00+08:00",
            secret="keptrecent",
            parties=[("3035000003", "complainant")],
        ),
        {
            **_case(
                "HELD-2018-0002",
                received="2018-02-10T10:00:00+08:00",
                closed="2018-07-01T10:00:00+08:00",
                secret="keptheld",
                parties=[("3035000004", "complainant")],
            ),
            "legal_hold": {"reason": "litigation pending", "set_at": "2019-01-01T10:00:00+08:00", "by": "dpo.kwan"},
        },
    ],
}

# What must be gone from every table after the purge: the purged case's texts and the two people who
# were on no other case (the witness is on a kept case, so she keeps her identity).
GONE = [
    "zebraquartz",
    "Alicia",
    "Purgeable",
    "alicia@connect",
    "3035000001",
    "Bertram",
    "Vanishing",
    "bertram@connect",
    "3035000002",
]


@pytest.fixture
def imported(db: None) -> None:
    from interchange.importer import import_cases_text

    import_cases_text(json.dumps(CASES_FILE), at=hkt(2024, 7, 1, 9, 0))


@pytest.fixture
def dpo(imported: None) -> User:
    user = User.objects.get(username="dpo.kwan")
    user.set_password("correct-horse-battery")
    user.save()
    return user


@pytest.fixture
def lone_dpo(db: None) -> User:
    user = do_create_staff(
        username="dpo.solo", email="solo@uni.example", name="Solo", role=Role.DATA_PROTECTION_OFFICER
    )
    user.set_password("correct-horse-battery")
    user.save()
    assert StaffRole.DATA_PROTECTION_OFFICER.value == "data_protection_officer"
    return user
