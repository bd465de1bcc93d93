"""The governance report in the interchange format (`report --json`; contract "Report JSON")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reports import suppression
from reports.timeliness import DeadlineFigures, Figures, timeliness
from reports.times import format_time


def deadline_record(row: DeadlineFigures) -> dict[str, Any]:
    """One row: `measure_type` only on measure kinds, every count suppressed, the median of 5 or more."""
    record: dict[str, Any] = {"kind": row.kind}
    if row.measure_type is not None:
        record["measure_type"] = row.measure_type
    record.update(
        total=suppression.count(row.total),
        met=suppression.count(row.met),
        missed=suppression.count(row.missed),
        overdue=suppression.count(row.overdue),
        pending=suppression.count(row.pending),
        median_late_working_days=suppression.median(row.median_late_working_days, over=row.late),
    )
    return record


def sorted_deadlines(figures: Figures) -> list[DeadlineFigures]:
    """By kind, then measure type (in Python: the database's collation may not sort underscores bytewise)."""
    return sorted(figures.deadlines, key=lambda row: (row.kind, row.measure_type or ""))


def report_record(figures: Figures, *, first: dt.date, last: dt.date, as_of: dt.datetime) -> dict[str, Any]:
    """The contract's object, keys in its order."""
    count = suppression.count
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "as_of": format_time(as_of),
        "cases": {
            "received": count(figures.received),
            "open": count(figures.open),
            "outcomes": {
                "statutory_sanction": count(figures.statutory_sanction),
                "informal_only": count(figures.informal_only),
                "none_yet": count(figures.none_yet),
            },
        },
        "deadlines": [deadline_record(row) for row in sorted_deadlines(figures)],
        "separation": {
            "requests": count(figures.separation_requests),
            "with_shared_sessions": count(figures.with_shared_sessions),
            "shared_sessions": count(figures.shared_sessions),
        },
        "dormancy": {
            "cases_dormant": count(figures.cases_dormant),
            "longest_working_days": suppression.longest(figures.longest_working_days, cases=figures.cases_dormant),
        },
    }


def report_document(*, first: dt.date, last: dt.date, as_of: dt.datetime, derived: bool = True) -> dict[str, Any]:
    """The report over the cases received from `first` to `last`, as of `as_of` (`derived`: see
    reports.timeliness.timeliness)."""
    figures = timeliness(first=first, last=last, as_of=as_of, derived=derived).get(None, Figures())
    return report_record(figures, first=first, last=last, as_of=as_of)
