"""The governance timeliness figures over a period, aggregated in SQL from reports.deadline_history.

One function, `timeliness`, gives the figures the `report --json` command prints and the reviewer's
pages show (optionally broken down by team or by month of receipt), so the two cannot disagree.
Figures here are exact; small numbers are suppressed where they are shown (reports.suppression).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from django.db import connection

from reports.deadline_history import Ask, period_scope, prepare, session
from reports.derived import report_session


class GroupBy(Enum):
    NONE = "NULL::bigint"
    TEAM = "s.team_id"
    MONTH = "s.received_month"


@dataclass(frozen=True)
class DeadlineFigures:
    kind: str
    measure_type: str | None
    total: int
    met: int
    missed: int
    overdue: int
    pending: int
    # How many deadlines were missed or are overdue, and the median of their late working days.
    late: int
    median_late_working_days: float | None


@dataclass
class Figures:
    received: int = 0
    open: int = 0
    statutory_sanction: int = 0
    informal_only: int = 0
    none_yet: int = 0
    deadlines: list[DeadlineFigures] = field(default_factory=list)
    separation_requests: int = 0
    with_shared_sessions: int = 0
    shared_sessions: int = 0
    cases_dormant: int = 0
    longest_working_days: int | None = None


# The aggregates, each over the history CTEs (reports.deadline_history), asked in one statement so
# that the CTEs they share are computed once; each comes back as a JSON array of its rows.
_AGGREGATES = """
, latest_outcome AS (
    SELECT DISTINCT ON (o.case_id) o.case_id, o.id
    FROM cases_outcome o JOIN scope s ON s.case_id = o.case_id
    WHERE o.decided_at <= %(as_of)s
    ORDER BY o.case_id, o.decided_at DESC, o.id DESC
),
-- Whether each latest outcome includes a statutory sanction, looked up by its id (LATERAL ... LIMIT 1):
-- as an EXISTS the planner, expecting an outcome on every case of the scope, hashed every statutory
-- sanction of all years (65,866 rows, 21 ms at 100,000 cases) to answer for 170 outcomes.
outcome_now AS (
    SELECT lo.case_id, st.statutory IS NOT NULL AS statutory
    FROM latest_outcome lo
    LEFT JOIN LATERAL (
        SELECT true AS statutory FROM cases_sanction sa JOIN cases_sanctiontype st ON st.id = sa.type_id
        WHERE sa.outcome_id = lo.id AND st.statutory LIMIT 1
    ) st ON true
),
-- The contract's class-separation rule, counted to the implementation, to the decision of a declined
-- request, or to T while neither had happened by then (timetable.queries has the same rule for one).
-- Per group the two students share (a student is enrolled in a group once), its sessions in the
-- window, counted by the (group, start) index. Written as `group_id IN (her groups) AND group_id IN
-- (his groups)` over the sessions, or as one join, the planner scanned every session of the timetable
-- for each separation: 23 s at 100,000 cases (docs/benchmarks.md, "Scale").
separation AS MATERIALIZED (
    SELECT m.case_id,
           (SELECT coalesce(sum(
                       (SELECT count(*) FROM timetable_session ts
                         WHERE ts.group_id = hers.group_id
                           AND ts.starts_at > m.requested_at
                           AND ts.starts_at < CASE WHEN m.implemented_at <= %(as_of)s THEN m.implemented_at
                                                   WHEN m.decision = 'declined' AND m.decided_at <= %(as_of)s
                                                   THEN m.decided_at
                                                   ELSE %(as_of)s END)), 0)::bigint
              FROM timetable_enrollment hers
              JOIN timetable_enrollment his ON his.group_id = hers.group_id AND his.student_id = au.username
             WHERE hers.student_id = ru.username) AS shared
    FROM measures_in m
    JOIN accounts_user ru ON ru.id = m.requested_by_id
    LEFT JOIN accounts_user au ON au.id = m.against_id
    WHERE m.type = 'class_separation'
),
longest AS (
    SELECT g.case_id, max(g.working_days) AS working_days FROM dormant_gaps g GROUP BY g.case_id
)
SELECT
  (SELECT coalesce(json_agg(x), '[]') FROM (
      SELECT {key} AS grp, count(*) AS received,
             count(*) FILTER (WHERE sn.stage NOT IN ('closed', 'withdrawn')) AS open,
             count(*) FILTER (WHERE o.statutory) AS statutory,
             count(*) FILTER (WHERE NOT o.statutory) AS informal,
             count(*) FILTER (WHERE o.case_id IS NULL) AS none_yet
      FROM scope s JOIN stage_now sn ON sn.case_id = s.case_id LEFT JOIN outcome_now o ON o.case_id = s.case_id
      GROUP BY {groups}) x),
  -- Counted by status and by late working days (a few thousand rows, hashed), not sorted for a median
  -- in the database: over ten years of 100,000 cases that sorted 803,000 wide rows, 0.5 s of 2. The
  -- totals and the medians are summed and read off these counts in Python (`_deadline_figures`).
  (SELECT coalesce(json_agg(x), '[]') FROM (
      SELECT {deadline_key} AS grp, d.kind, d.measure_type, d.status,
             CASE WHEN d.status IN ('missed', 'overdue') THEN d.late_working_days END AS late, count(*) AS n
      FROM deadline_rows d
      GROUP BY 1, 2, 3, 4, 5) x),
  (SELECT coalesce(json_agg(x), '[]') FROM (
      SELECT {key} AS grp, count(*) AS requests, count(*) FILTER (WHERE sp.shared > 0) AS with_shared,
             coalesce(sum(sp.shared), 0) AS shared
      FROM separation sp JOIN scope s ON s.case_id = sp.case_id
      GROUP BY {groups}) x),
  (SELECT coalesce(json_agg(x), '[]') FROM (
      SELECT {key} AS grp, count(*) AS dormant, max(l.working_days) AS longest
      FROM longest l JOIN scope s ON s.case_id = l.case_id
      GROUP BY {groups}) x)
"""


def _json(value: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(value) if isinstance(value, str) else value
    return rows


def _group(value: Any, group_by: GroupBy) -> Any:
    """The group key as Python: a team id, the first day of a month, or None."""
    if group_by is GroupBy.MONTH and value is not None:
        return dt.date.fromisoformat(value)
    return value


def _deadline_figures(
    counts: list[dict[str, Any]], group_by: GroupBy, *, with_total: bool
) -> dict[Any, list[DeadlineFigures]]:
    """The deadline figures of each group (and, with `with_total`, of all under None) from the counts of
    deadlines by group, kind, measure type, status and late working days; in the order of kind and
    measure type (no measure type last), as the database's grouping gave them."""
    tallies: dict[tuple[Any, str, str | None], dict[str, Any]] = {}
    for row in counts:
        groups = [_group(row["grp"], group_by)]
        if with_total and groups[0] is not None:
            groups.append(None)
        for group in groups:
            tally = tallies.setdefault(
                (group, row["kind"], row["measure_type"]),
                {"met": 0, "missed": 0, "overdue": 0, "pending": 0, "late": {}},
            )
            tally[row["status"]] += row["n"]
            if row["late"] is not None:
                tally["late"][row["late"]] = tally["late"].get(row["late"], 0) + row["n"]
    figures: dict[Any, list[DeadlineFigures]] = {}
    for (group, kind, measure_type), tally in sorted(
        tallies.items(), key=lambda item: (item[0][1], item[0][2] is None, item[0][2] or "")
    ):
        figures.setdefault(group, []).append(
            DeadlineFigures(
                kind,
                measure_type,
                tally["met"] + tally["missed"] + tally["overdue"] + tally["pending"],
                tally["met"],
                tally["missed"],
                tally["overdue"],
                tally["pending"],
                tally["missed"] + tally["overdue"],
                median_of_counts(tally["late"]),
            )
        )
    return figures


def median_of_counts(counts: dict[int, int]) -> float | None:
    """PostgreSQL's percentile_cont(0.5) of the values counted in `counts` (value: how many times): the
    middle value, or the mean of the two middle ones; None for no values."""
    total = sum(counts.values())
    if not total:
        return None
    lower, upper = (total - 1) // 2, total // 2  # the positions of the middle value(s), from 0
    found: dict[int, int] = {}
    seen = 0
    for value in sorted(counts):
        for position in (lower, upper):
            if seen <= position < seen + counts[value]:
                found[position] = value
        seen += counts[value]
    return (found[lower] + found[upper]) / 2


def timeliness(
    *,
    first: dt.date,
    last: dt.date,
    as_of: dt.datetime,
    team_id: int | None = None,
    group_by: GroupBy = GroupBy.NONE,
    derived: bool = True,
) -> dict[Any, Figures]:
    """The exact figures over the cases received from `first` to `last` (institution dates, both
    included), in their state as of `as_of`, keyed by team id or month of receipt (`None` without
    grouping; a group without cases is absent). A fixed number of queries, whatever the number of cases.

    They are read from the rows reports.derived keeps; `derived=False` works them out from the events
    instead (the same figures, slower: what the tests compare the kept rows with).
    """
    scope = period_scope(first, last, team_id=team_id)
    if connection.vendor != "postgresql":
        from reports.portable import History

        return History(scope, as_of=as_of).figures(group_by)
    if derived:
        with report_session(scope, as_of=as_of) as ask:
            return figures_for(ask, group_by=group_by)
    prepare(scope, as_of=as_of)
    with session(scope, as_of=as_of) as ask:
        return figures_for(ask, group_by=group_by)


def figures_for(ask: Ask, *, group_by: GroupBy, with_total: bool = False) -> dict[Any, Figures]:
    """The figures over a session's scope (reports.deadline_history.session) by `group_by`; with
    `with_total`, the figures over the whole scope too, under the key None, from the same statement
    (grouping sets: the history is worked through once for both)."""
    key = group_by.value
    # The deadline rows carry their case's team and month of receipt: no second join to the scope.
    deadline_key = key.replace("s.", "d.")
    groups = f"GROUPING SETS ((), ({key}))" if with_total else "1"
    select = _AGGREGATES.replace("{deadline_key}", deadline_key).replace("{key}", key).replace("{groups}", groups)
    figures: dict[Any, Figures] = {}

    def of(group: Any) -> Figures:
        return figures.setdefault(group, Figures())

    ((cases, deadlines, separation, dormancy),) = ask(select)
    for row in _json(cases):
        f = of(_group(row["grp"], group_by))
        f.received, f.open, f.none_yet = row["received"], row["open"], row["none_yet"]
        f.statutory_sanction, f.informal_only = row["statutory"], row["informal"]
    for group, rows in _deadline_figures(_json(deadlines), group_by, with_total=with_total).items():
        of(group).deadlines.extend(rows)
    for row in _json(separation):
        f = of(_group(row["grp"], group_by))
        f.separation_requests, f.with_shared_sessions, f.shared_sessions = (
            row["requests"],
            row["with_shared"],
            int(row["shared"]),
        )
    for row in _json(dormancy):
        f = of(_group(row["grp"], group_by))
        f.cases_dormant, f.longest_working_days = row["dormant"], row["longest"]
    return figures
