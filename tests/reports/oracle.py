"""The contract's report and chronology rules worked out again, in plain Python, straight from a cases
file: the tests compare the commands (SQL) with this, so each figure is computed twice, independently.

Working days come from the list of Hong Kong general holidays of 2025 as gazetted, written out here
(not from the `holidays` package the application uses); every date of the scenarios is in 2025.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

HKT = ZoneInfo("Asia/Hong_Kong")
HOLIDAYS_2025 = {
    dt.date(2025, 1, 1),
    dt.date(2025, 1, 29),
    dt.date(2025, 1, 30),
    dt.date(2025, 1, 31),
    dt.date(2025, 4, 4),
    dt.date(2025, 4, 18),
    dt.date(2025, 4, 19),
    dt.date(2025, 4, 21),
    dt.date(2025, 5, 1),
    dt.date(2025, 5, 5),
    dt.date(2025, 5, 31),
    dt.date(2025, 7, 1),
    dt.date(2025, 10, 1),
    dt.date(2025, 10, 7),
    dt.date(2025, 10, 29),
    dt.date(2025, 12, 25),
    dt.date(2025, 12, 26),
}
STATUTORY = {"reprimand", "fine", "withdrawal_from_courses", "withdrawal_from_examinations", "suspension", "expulsion"}
SEPARATION_DAYS = (2, 5)
OTHER_MEASURE_DAYS = (5, 10)


def t(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def day_of(moment: dt.datetime) -> dt.date:
    return moment.astimezone(HKT).date()


def working(day: dt.date) -> bool:
    assert day.year == 2025, day
    return day.weekday() < 5 and day not in HOLIDAYS_2025


def working_days_after(first: dt.date, last: dt.date) -> int:
    count = 0
    day = first
    while day < last:
        day += dt.timedelta(days=1)
        count += working(day)
    return count


def due(moment: dt.datetime, days: int) -> dt.datetime:
    day = day_of(moment)
    left = days
    while left:
        day += dt.timedelta(days=1)
        left -= working(day)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=HKT)


def iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(HKT).isoformat(timespec="seconds")


@dataclass
class Deadline:
    kind: str
    measure_type: str | None
    measure: str | None
    due_at: dt.datetime
    done_at: dt.datetime | None

    def status(self, now: dt.datetime) -> str:
        if self.done_at is not None:
            return "met" if self.done_at <= self.due_at else "missed"
        return "overdue" if self.due_at < now else "pending"

    def late(self, now: dt.datetime) -> int:
        status = self.status(now)
        if status == "missed":
            assert self.done_at is not None
            return working_days_after(day_of(self.due_at), day_of(self.done_at))
        if status == "overdue":
            return working_days_after(day_of(self.due_at), day_of(now))
        return 0


def stage_events(case: dict[str, Any], now: dt.datetime) -> list[tuple[dt.datetime, str]]:
    events = [(t(e["at"]), e["to"]) for e in case.get("events", []) if e["type"] == "stage" and t(e["at"]) <= now]
    return sorted(events, key=lambda pair: pair[0])  # a stable sort keeps the file's order at equal times


def deadlines(case: dict[str, Any], now: dt.datetime) -> list[Deadline]:
    received = t(case["received_at"])
    stages = stage_events(case, now)
    result = []
    leaving = [at for at, to in stages if to not in ("received", "preliminary_assessment")]
    result.append(Deadline("stage_overdue", None, None, due(received, 10), leaving[0] if leaving else None))
    for index, (at, to) in enumerate(stages):
        if to == "investigation":
            following = stages[index + 1][0] if index + 1 < len(stages) else None
            result.append(Deadline("stage_overdue", None, None, due(at, 40), following))
    for m in case.get("measures", []):
        requested = t(m["requested_at"])
        if requested > now:
            continue
        decide_days, implement_days = (
            SEPARATION_DAYS if m["type"] in ("class_separation", "no_contact_directive") else OTHER_MEASURE_DAYS
        )
        decided = t(m["decided_at"]) if m.get("decided_at") else None
        implemented = t(m["implemented_at"]) if m.get("implemented_at") else None
        decision_done = decided or implemented
        result.append(
            Deadline(
                "measure_decision_overdue",
                m["type"],
                m["id"],
                due(requested, decide_days),
                decision_done if decision_done and decision_done <= now else None,
            )
        )
        declined = m.get("decision") == "declined" and decided is not None and decided <= now
        if not declined:
            result.append(
                Deadline(
                    "measure_implementation_overdue",
                    m["type"],
                    m["id"],
                    due(requested, implement_days),
                    implemented if implemented and implemented <= now else None,
                )
            )
    outcome = case.get("outcome")
    if outcome and t(outcome["decided_at"]) <= now:
        for s in outcome["sanctions"]:
            if s.get("due_at"):
                complied = t(s["complied_at"]) if s.get("complied_at") else None
                result.append(
                    Deadline(
                        "sanction_compliance_overdue",
                        None,
                        None,
                        t(s["due_at"]),
                        complied if complied and complied <= now else None,
                    )
                )
    return result


def is_open(case: dict[str, Any], now: dt.datetime) -> bool:
    stages = stage_events(case, now)
    stage = stages[-1][1] if stages else "received"
    return stage not in ("closed", "withdrawn")


def gaps(case: dict[str, Any], now: dt.datetime) -> list[tuple[dt.datetime, dt.datetime, int]]:
    points = [t(case["received_at"])] + [t(e["at"]) for e in case.get("events", [])]
    for m in case.get("measures", []):
        points += [t(m[key]) for key in ("requested_at", "decided_at", "implemented_at") if m.get(key)]
    points = sorted(p for p in points if p <= now)
    if is_open(case, now):
        points.append(now)
    return [(a, b, working_days_after(day_of(a), day_of(b))) for a, b in itertools.pairwise(points)]


def dormant_periods(case: dict[str, Any], now: dt.datetime) -> list[tuple[dt.datetime, dt.datetime, int]]:
    return [gap for gap in gaps(case, now) if gap[2] > 15]


def shared_sessions(m: dict[str, Any], now: dt.datetime, sessions: dict[tuple[str, str], list[dt.datetime]]) -> int:
    """Sessions the requester and the `against` person were both in, after the request and before the end."""
    if not m.get("against"):
        return 0
    implemented = t(m["implemented_at"]) if m.get("implemented_at") else None
    decided = t(m["decided_at"]) if m.get("decided_at") else None
    if implemented and implemented <= now:
        until = implemented
    elif m.get("decision") == "declined" and decided and decided <= now:
        until = decided
    else:
        until = now
    starts = sessions.get((m["requested_by"], m["against"]), [])
    return sum(1 for start in starts if t(m["requested_at"]) < start < until)


def small(n: int) -> int | str:
    return "<5" if 1 <= n <= 4 else n


def report(
    cases: list[dict[str, Any]],
    *,
    first: dt.date,
    last: dt.date,
    now: dt.datetime,
    sessions: dict[tuple[str, str], list[dt.datetime]],
) -> dict[str, Any]:
    chosen = [c for c in cases if first <= day_of(t(c["received_at"])) <= last and t(c["received_at"]) <= now]
    outcomes = {"statutory_sanction": 0, "informal_only": 0, "none_yet": 0}
    rows: dict[tuple[str, str | None], list[Deadline]] = {}
    separation = [0, 0, 0]
    dormant_cases = 0
    longest = 0
    for case in chosen:
        outcome = case.get("outcome")
        if outcome and t(outcome["decided_at"]) <= now:
            statutory = any(s["type"] in STATUTORY for s in outcome["sanctions"])
            outcomes["statutory_sanction" if statutory else "informal_only"] += 1
        else:
            outcomes["none_yet"] += 1
        for d in deadlines(case, now):
            rows.setdefault((d.kind, d.measure_type), []).append(d)
        for m in case.get("measures", []):
            if m["type"] == "class_separation" and t(m["requested_at"]) <= now:
                shared = shared_sessions(m, now, sessions)
                separation[0] += 1
                separation[1] += shared > 0
                separation[2] += shared
        periods = dormant_periods(case, now)
        if periods:
            dormant_cases += 1
            longest = max(longest, *(p[2] for p in periods))
    deadline_rows = []
    for (kind, measure_type), items in sorted(rows.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        statuses = [d.status(now) for d in items]
        late = [d.late(now) for d in items if d.status(now) in ("missed", "overdue")]
        row: dict[str, Any] = {"kind": kind}
        if measure_type is not None:
            row["measure_type"] = measure_type
        row.update(
            total=small(len(items)),
            met=small(statuses.count("met")),
            missed=small(statuses.count("missed")),
            overdue=small(statuses.count("overdue")),
            pending=small(statuses.count("pending")),
            median_late_working_days=statistics.median(late) if len(late) >= 5 else None,
        )
        deadline_rows.append(row)
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "as_of": iso(now),
        "cases": {
            "received": small(len(chosen)),
            "open": small(sum(is_open(c, now) for c in chosen)),
            "outcomes": {key: small(value) for key, value in outcomes.items()},
        },
        "deadlines": deadline_rows,
        "separation": {
            "requests": small(separation[0]),
            "with_shared_sessions": small(separation[1]),
            "shared_sessions": small(separation[2]),
        },
        "dormancy": {
            "cases_dormant": small(dormant_cases),
            "longest_working_days": longest if dormant_cases >= 5 else None,
        },
    }


def chronology_deadlines(case: dict[str, Any], now: dt.datetime) -> list[dict[str, Any]]:
    items = sorted(deadlines(case, now), key=lambda d: (d.due_at, d.kind, d.measure or ""))
    result = []
    for d in items:
        record: dict[str, Any] = {"kind": d.kind}
        if d.measure is not None:
            record["measure"] = d.measure
        record.update(
            due_at=iso(d.due_at), done_at=iso(d.done_at), status=d.status(now), late_working_days=d.late(now)
        )
        result.append(record)
    return result


def chronology_dormant(case: dict[str, Any], now: dt.datetime) -> list[dict[str, Any]]:
    return [{"from": iso(a), "to": iso(b), "working_days": n} for a, b, n in dormant_periods(case, now)]
