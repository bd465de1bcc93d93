"""Scenarios for the report and chronology tests: casemgr/1 files and timetables, written as an
institution would send them, and loaded through the contract's own commands."""

from __future__ import annotations

import datetime as dt
import json
import random
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from tests.reports.oracle import HKT, working
from tests.timetable.helpers import run_import, write_csv

STAFF = [
    {"username": "officer.chan", "email": "o.chan@uni.example", "name": "Officer Chan", "role": "conduct_officer"},
]
MEASURE_TYPES = [
    "class_separation",
    "class_separation",
    "no_contact_directive",
    "tutor_notification",
    "exam_arrangement",
]
SANCTION_SETS = [
    [{"type": "suspension", "months": 6}],
    [{"type": "warning_letter"}],
    [{"type": "reprimand"}, {"type": "apology", "due_at": None, "complied_at": None}],
    [{"type": "apology", "due_at": None, "complied_at": None}],
]
GROUP_START = dt.datetime(2025, 1, 6, 14, 30, tzinfo=HKT)  # a Monday; the tutorial meets weekly


def iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def person(index: int) -> dict[str, str]:
    return {"id": f"30350{index:05d}", "name": f"Student {index}", "email": f"s{index}@connect.uni.example",
            "kind": "student"}


def random_cases(seed: int, count: int) -> dict[str, Any]:
    """`count` cases received in the first half of 2025, each with a different mix of stages, gaps,
    measures, outcomes and compliance, drawn from `seed`. Every time stays in 2025."""
    rng = random.Random(seed)
    people = []
    cases = []
    for i in range(count):
        complainant, respondent, witness = person(3 * i + 1), person(3 * i + 2), person(3 * i + 3)
        people += [complainant, respondent, witness]
        received = dt.datetime(2025, 1, 2, 9, tzinfo=HKT) + dt.timedelta(
            days=rng.randrange(0, 178), hours=rng.randrange(0, 10), minutes=rng.choice([0, 15, 30])
        )
        clock = received
        events = []

        def later(low: int, high: int) -> dt.datetime:
            nonlocal clock
            clock = clock + dt.timedelta(days=rng.randint(low, high), hours=rng.randint(0, 6))
            return clock

        path = rng.choice(
            [
                [],
                ["preliminary_assessment"],
                ["preliminary_assessment", "investigation"],
                ["investigation", "decided"],
                ["preliminary_assessment", "investigation", "decided", "closed"],
                ["withdrawn"],
                ["investigation", "informal_resolution", "investigation", "decided"],
            ]
        )
        for stage in path:
            if rng.random() < 0.5:
                events.append({"at": iso(later(0, 12)), "by": "officer.chan", "type": "note", "text": "Called A."})
            events.append({"at": iso(later(1, 30)), "by": "officer.chan", "type": "stage", "to": stage})
        if rng.random() < 0.3:
            events.append({"at": iso(later(0, 40)), "by": complainant["id"], "type": "message", "text": "Any news?"})
        measures = []
        for n in range(rng.choice([0, 1, 1, 2])):
            requested = received + dt.timedelta(days=rng.randint(0, 6), hours=rng.randint(0, 8))
            decided = requested + dt.timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 5))
            decision = rng.choice([None, "approved", "approved", "declined"])
            implemented = None
            if decision == "approved" and rng.random() < 0.6:
                implemented = decided + dt.timedelta(days=rng.randint(0, 12))
            if decision is None and rng.random() < 0.2:
                implemented = requested + dt.timedelta(days=rng.randint(1, 8))  # implemented, never decided
            measures.append(
                {
                    "id": f"M{n + 1}",
                    "type": rng.choice(MEASURE_TYPES),
                    "requested_at": iso(requested),
                    "requested_by": complainant["id"],
                    "against": respondent["id"] if rng.random() < 0.9 else None,
                    "decided_at": iso(decided) if decision else None,
                    "decision": decision,
                    "implemented_at": iso(implemented) if implemented else None,
                    "details": "She sits two rows behind him.",
                }
            )
        record: dict[str, Any] = {
            "reference": f"IBSA-2025-{i + 1:04d}",
            "received_at": iso(received),
            "summary": f"Folders of images of Student {3 * i + 1}.",
            "allegations": [
                {"conduct": rng.choice(["creation", "distribution", "possession"]), "synthetic": True,
                 "description": "Images made from photos on social media."}
            ],
            "parties": [
                {"person": complainant["id"], "role": "complainant"},
                {"person": respondent["id"], "role": "respondent"},
                {"person": witness["id"], "role": "witness"},
            ],
            "assigned_officers": ["officer.chan"],
            "events": events,
            "measures": measures,
        }
        if "decided" in path:
            decided_event = next(e for e in events if e.get("to") == "decided")
            sanctions = json.loads(json.dumps(rng.choice(SANCTION_SETS)))
            for s in sanctions:
                if s["type"] == "apology":
                    due_at = dt.datetime.fromisoformat(decided_event["at"]) + dt.timedelta(days=rng.randint(3, 20))
                    s["due_at"] = iso(due_at)
                    if rng.random() < 0.6:
                        s["complied_at"] = iso(due_at + dt.timedelta(days=rng.randint(-5, 9)))
            record["outcome"] = {"decided_at": decided_event["at"], "by": "officer.chan", "sanctions": sanctions,
                                 "reasons": "Serious and repeated."}
        cases.append(record)
    return {"format": "casemgr/1", "staff": STAFF, "people": people, "cases": cases}


def load_cases(data: dict[str, Any], directory: Path) -> None:
    path = directory / "cases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_cases", str(path), stdout=StringIO())


def weekly_sessions(weeks: int = 30) -> list[dt.datetime]:
    """The shared tutorial's meetings: Mondays at 14:30 that are working days."""
    starts = [GROUP_START + dt.timedelta(weeks=w) for w in range(weeks)]
    return [s for s in starts if working(s.date())]


def load_timetable(data: dict[str, Any], directory: Path) -> dict[tuple[str, str], list[dt.datetime]]:
    """Every complainant and respondent of `data` in one weekly tutorial (and a lecture only one attends).

    Returns the sessions each (requester, against) pair shared, for the oracle.
    """
    starts = weekly_sessions()
    sessions = [
        ["LLAW3102", "T03", iso(s), iso(s + dt.timedelta(minutes=50)), "CPD-2.42"] for s in starts
    ] + [["LLAW3102", "L1", iso(s - dt.timedelta(days=2)), iso(s - dt.timedelta(days=2, minutes=-50)), "LT-1"]
         for s in starts]
    enrollments = []
    pairs: dict[tuple[str, str], list[dt.datetime]] = {}
    for case in data["cases"]:
        complainant, respondent = case["parties"][0]["person"], case["parties"][1]["person"]
        enrollments += [[complainant, "LLAW3102", "T03"], [respondent, "LLAW3102", "T03"],
                        [complainant, "LLAW3102", "L1"]]
        pairs[(complainant, respondent)] = starts
    run_import(write_csv(directory, "sessions.csv", sessions), write_csv(directory, "enrollments.csv", enrollments))
    return pairs
