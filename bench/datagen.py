"""Seeded casemgr/1 cases files of any size, for the scale bench and the bulk-import equivalence tests.

Plain Python (no Django): `cases_file(n, seed=...)` returns the file as a dict. Each case has two or
three parties, two to eighteen events (stage moves in the workflow's order, notes, meetings, a
decision), zero to five measures in every state (pending, approved, declined, implemented), and
about one in four an outcome with sanctions; the cases spread over `years` years back from `end`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

HKT = ZoneInfo("Asia/Hong_Kong")
STAGES = ["preliminary_assessment", "investigation", "referred_to_committee", "hearing", "decided", "closed"]
CONDUCTS = ["creation", "possession", "distribution", "threat_to_distribute", "voyeurism"]
MEASURE_TYPES = [
    "class_separation",
    "no_contact_directive",
    "exam_arrangement",
    "housing_change",
    "campus_access_restriction",
    "support_referral",
]
NOTE_TYPES = ["note", "meeting", "message"]


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(HKT).isoformat()


def cases_file(
    n: int,
    *,
    seed: int = 15,
    years: int = 10,
    end: dt.datetime | None = None,
    officers: int = 20,
    events: tuple[int, int] = (2, 18),
    measures: tuple[int, int] = (0, 5),
    prefix: str = "BENCH",
    people_offset: int = 0,
) -> dict[str, Any]:
    """A valid casemgr/1 file of `n` cases (see the module)."""
    rng = random.Random(seed)  # nosec B311  # reproducible synthetic data, not a secret
    end = end or dt.datetime(2026, 11, 30, 12, 0, tzinfo=HKT)
    span = dt.timedelta(days=365 * years)
    staff = [
        {
            "username": f"bench.officer{i}",
            "email": f"officer{i}@uni.example",
            "name": f"Officer {i}",
            "role": "case_supervisor" if i == 0 else "conduct_officer",
        }
        for i in range(officers)
    ]
    people: list[dict[str, Any]] = []
    cases: list[dict[str, Any]] = []
    for c in range(n):
        received = end - span + dt.timedelta(seconds=rng.randrange(int(span.total_seconds())))
        received = received.replace(microsecond=0)
        officer = staff[rng.randrange(officers)]["username"]
        ids = []
        for _ in range(rng.choice((2, 2, 3))):
            person_id = f"{3_000_000_000 + people_offset + len(people)}"
            people.append(
                {
                    "id": person_id,
                    "name": f"Student {person_id}",
                    "email": f"{person_id}@connect.uni.example",
                    "kind": "student",
                }
            )
            ids.append(person_id)
        parties = [{"person": ids[0], "role": "complainant"}] + [{"person": p, "role": "respondent"} for p in ids[1:]]
        parties[0]["informed_at"] = _iso(received + dt.timedelta(hours=2))
        history: list[dict[str, Any]] = []
        at = received
        stage_count = 0
        for _ in range(rng.randint(*events)):
            at = at + dt.timedelta(hours=rng.randint(1, 24 * 20))
            if at > end:
                break
            if stage_count < len(STAGES) and rng.random() < 0.35:
                history.append(
                    {"at": _iso(at), "by": officer, "type": "stage", "to": STAGES[stage_count], "text": "moved on"}
                )
                stage_count += 1
            else:
                history.append(
                    {"at": _iso(at), "by": officer, "type": rng.choice(NOTE_TYPES), "text": f"entry {len(history)}"}
                )
        rng.shuffle(history)  # the file's order is not the time order
        ms = []
        for m in range(rng.randint(*measures)):
            requested = received + dt.timedelta(hours=rng.randint(0, 24 * 30))
            state = rng.random()
            decided = requested + dt.timedelta(hours=rng.randint(1, 24 * 6)) if state > 0.3 else None
            decision = None if decided is None else ("declined" if state > 0.9 else "approved")
            implemented = (
                decided + dt.timedelta(hours=rng.randint(1, 24 * 6))
                if decided and decision == "approved" and state > 0.5
                else None
            )
            ms.append(
                {
                    "id": f"M{m + 1}",
                    "type": rng.choice(MEASURE_TYPES),
                    "requested_at": _iso(requested),
                    "requested_by": ids[0],
                    "against": ids[1],
                    "decided_at": _iso(decided) if decided else None,
                    "decision": decision,
                    "implemented_at": _iso(implemented) if implemented else None,
                }
            )
        case: dict[str, Any] = {
            "reference": f"{prefix}-{c:07d}",
            "received_at": _iso(received),
            "summary": f"case {c}",
            "allegations": [
                {"conduct": rng.choice(CONDUCTS), "synthetic": rng.random() < 0.5, "description": "images"}
            ],
            "parties": parties,
            "assigned_officers": [officer],
            "events": history,
            "measures": ms,
        }
        if stage_count >= 5:
            decided_at = received + dt.timedelta(days=rng.randint(60, 200))
            case["outcome"] = {
                "decided_at": _iso(decided_at),
                "by": officer,
                "sanctions": [
                    {"type": "suspension", "months": rng.randint(1, 12)},
                    {
                        "type": "apology",
                        "due_at": _iso(decided_at + dt.timedelta(days=14)),
                        "complied_at": _iso(decided_at + dt.timedelta(days=3)) if rng.random() < 0.5 else None,
                    },
                ],
            }
        cases.append(case)
    return {"format": "casemgr/1", "staff": staff, "people": people, "cases": cases}
