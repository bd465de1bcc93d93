"""Seeded casemgr/1 cases files of any size, for the scale bench and the bulk-import equivalence tests.

Plain Python (no Django): `cases_file(n, seed=...)` returns the file as a dict. Each case has two or
three parties, two to eighteen events (stage moves in the workflow's order, notes, meetings, a
decision), zero to five measures in every state (pending, approved, declined, implemented), and most
of those decided an outcome with sanctions; the cases spread over `years` years back from `end`.

As at a university, a case is resolved within 30 to 300 days of its complaint: one whose time has come by
`end` went through every stage to closed, its measures decided (and the approved ones implemented) on
the way, except STUCK of them (the dormant cases the system exists to catch), which stopped wherever
their history left them, as the cases still in progress did. Without this, four in five cases of ten
years would still be open, a caseload no office has.
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
STUCK = 0.03


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(HKT).isoformat()


class _History:
    """A case's events as they are generated: stage moves in the workflow's order, or notes."""

    def __init__(self, officer: str, rng: random.Random) -> None:
        self.officer, self.rng = officer, rng
        self.events: list[dict[str, Any]] = []
        self.stage_count = 0
        self.decided_at: dt.datetime | None = None

    def add(self, at: dt.datetime, stage_move: bool, text: str) -> None:
        """The next stage move, or a note, meeting or message, at `at`."""
        if stage_move:
            stage = STAGES[self.stage_count]
            self.events.append({"at": _iso(at), "by": self.officer, "type": "stage", "to": stage, "text": "moved on"})
            if stage == "decided":
                self.decided_at = at
            self.stage_count += 1
        else:
            kind = self.rng.choice(NOTE_TYPES)
            self.events.append({"at": _iso(at), "by": self.officer, "type": kind, "text": text})


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
    stuck: float = STUCK,
) -> dict[str, Any]:
    """A valid casemgr/1 file of `n` cases (see the module); `stuck` is the share of the cases whose time
    has come that were never resolved (1.0: none was, every case stops where its history left it)."""
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
        resolved = received + dt.timedelta(days=rng.randint(30, 300), hours=rng.randint(0, 23))
        closes = resolved < end and rng.random() >= stuck
        timeline = _History(officer, rng)
        if closes:
            # Every stage in order, the last event closing the case; the rest notes, all before `resolved`.
            count = max(rng.randint(*events), len(STAGES))
            seconds = int((resolved - received).total_seconds())
            moments = sorted(received + dt.timedelta(seconds=rng.randrange(1, seconds)) for _ in range(count))
            moments[-1] = resolved
            moves = set(rng.sample(range(count - 1), len(STAGES) - 1)) | {count - 1}
            for index, at in enumerate(moments):
                timeline.add(at, index in moves, f"entry {index}")
        else:
            at = received
            for _ in range(rng.randint(*events)):
                at = at + dt.timedelta(hours=rng.randint(1, 24 * 20))
                if at > end:
                    break
                more = timeline.stage_count < len(STAGES) and rng.random() < 0.35
                timeline.add(at, more, f"entry {len(timeline.events)}")
        history, decided_at = timeline.events, timeline.decided_at
        rng.shuffle(history)  # the file's order is not the time order
        ms = []
        for m in range(rng.randint(*measures)):
            requested = received + dt.timedelta(hours=rng.randint(0, 24 * 30))
            # A resolved case's measures were all decided, and the approved ones implemented.
            state = rng.uniform(0.5, 1.0) if closes else rng.random()
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
        if decided_at is not None and rng.random() < 0.7:  # the others closed with no outcome to record
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
