"""The deadlines a case has had and the gaps between its activities, as of a moment (interchange
contract, "Additions to casemgr/1 (December 2026)"): the one copy of these rules.

They are written once, in SQL, so that the same text answers for one case (the chronology) and for a
hundred thousand (the report, which aggregates the same rows in the database). Working days are
counted with the ordinal table reports.models.WorkingDay: the working days after date A up to and
including date B are `ordinal(B) - ordinal(A)`; "N working days after T" is the end (23:59:59,
institution time) of the working day whose ordinal is `ordinal(T's date) + N`.

The rules, as the contract states them:

- leaving `received`/`preliminary_assessment` (`stage_overdue`): due N working days after the receipt,
  N being the policy's rule for those stages (counted from the receipt); done at the first stage event
  to any stage that is not one of them;
- leaving a stage whose rule counts from entering it, `investigation` by default (`stage_overdue`):
  one deadline each time the case enters it, done at the next stage event;
- a measure's decision (`measure_decision_overdue`): done at `decided_at`, or at `implemented_at` when
  it was implemented with no recorded decision; its implementation unless declined
  (`measure_implementation_overdue`), done at `implemented_at`. The due time is the one the step had
  when it was done (`*_due_at_completion`), else the stored open due time, else the policy's;
- a sanction or condition with `due_at` (`sanction_compliance_overdue`), done at `complied_at`.

As of T only what happened at or before T exists: later events, decisions and outcomes do not count,
nor do cases received after T. A deadline is `met` (done at or before its due time), `missed` (done
after it), `overdue` (not done, due before T) or `pending`; `late_working_days` counts the working days
after the due date up to and including the date it was done (missed) or the date of T (overdue).

A gap runs between two consecutive activities (the receipt, every event but the system's, every
measure requested, decided or implemented) and, while the case is open as of T, from the latest one to
T; its length is the working days after the earlier date up to and including the later one. A gap
longer than the policy's dormancy period is a dormant period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.db import connection, transaction

from deadlines.calendar import institution_tz, local_date
from reports.workdays import ensure_working_days

if TYPE_CHECKING:
    from reports.portable import History

# Activities and deadlines can reach this far around the cases of a report; the ordinal table is made
# to cover it (a deadline is at most a working year after what it counts from).
_BEFORE = dt.timedelta(days=2 * 366)
_AFTER = dt.timedelta(days=2 * 366)


def _local(expression: str) -> str:
    """SQL for the institution-time date of a timestamptz expression."""
    return f"(({expression}) AT TIME ZONE %(tz)s)::date"


def _end_of_day(day: str) -> str:
    """SQL for 23:59:59 institution time on a date expression, as a timestamptz."""
    return f"(({day}) + time '23:59:59') AT TIME ZONE %(tz)s"


def _policy_due(moment: str, days: str) -> str:
    """SQL (a scalar subquery) for "`days` working days after `moment`"; used where no due time is stored."""
    return _end_of_day(
        f"CASE WHEN {days} = 0 THEN {_local(moment)} ELSE (SELECT w2.day FROM reports_workingday w1 "  # noqa: S608  # nosec B608 - fixed SQL fragments
        f"JOIN reports_workingday w2 ON w2.ordinal = w1.ordinal + {days} AND w2.working "
        f"WHERE w1.day = {_local(moment)}) END"
    )


def _measure_rule_days(column: str) -> str:
    return (
        f"(SELECT r.{column} FROM deadlines_measuredeadlinerule r "  # noqa: S608  # nosec B608 - a fixed column name
        "WHERE r.policy_id = m.policy_id AND r.measure_type = m.type)"
    )


_DECISION_POLICY_DUE = _policy_due("m.requested_at", _measure_rule_days("decision_working_days"))
_IMPLEMENTATION_POLICY_DUE = _policy_due("m.requested_at", _measure_rule_days("implementation_working_days"))


@dataclass(frozen=True)
class Scope:
    """Which cases: an SQL condition on `cases_case c` (fixed text) and its parameters."""

    condition: str
    params: dict[str, Any]
    first_day: dt.date


def case_scope(case_id: int, received_at: dt.datetime) -> Scope:
    return Scope("c.id = %(case_id)s", {"case_id": case_id}, local_date(received_at))


def period_scope(first: dt.date, last: dt.date, *, team_id: int | None = None) -> Scope:
    """The cases received on a date from `first` to `last` (institution dates, both included)."""
    tz = institution_tz()
    params: dict[str, Any] = {
        "received_from": dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        "received_before": dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    }
    condition = "c.received_at >= %(received_from)s AND c.received_at < %(received_before)s"
    if team_id is not None:
        condition += " AND c.team_id = %(team_id)s"
        params["team_id"] = team_id
    return Scope(condition, params, first)


# The measures of the scope's cases. Copied to a temporary table for the history worked out from the
# events, which reads them in several places. Over the derived rows each question reads them once
# (a separation's shared sessions, a case's first decision), and where it does: a copy of all of them
# took 280 ms of a ten-year report, a seventh of it (docs/benchmarks.md, "Scale").
_MEASURES = """
    SELECT m.id, m.case_id, m.code, m.type, m.requested_at, m.decided_at, m.decision, m.implemented_at,
           m.lifted_at, m.requested_by_id, m.against_id, m.decision_due_at, m.implementation_due_at,
           m.decision_due_at_completion, m.implementation_due_at_completion, s.policy_id,
           coalesce(m.decided_at, m.implemented_at) AS decision_done_at, s.dormancy
    FROM accommodations_measure m JOIN report_scope s ON s.case_id = m.case_id
    WHERE m.requested_at <= %(as_of)s"""


def _prepare_sql(condition: str, *, derived: bool = False) -> list[str]:
    """The statements that fill the temporary tables the history reads (see `session`).

    With `derived`, the scope carries each case's row of reports.models.ReportCase and the stage
    events are not copied: the derived history (`_DERIVED_HISTORY`) reads the derived rows instead.
    """
    scope = """CREATE TEMPORARY TABLE report_scope AS
    SELECT c.id AS case_id, c.policy_id, c.team_id, c.received_at,
           date_trunc('month', c.received_at AT TIME ZONE %(tz)s)::date AS received_month,
           p.dormancy_working_days AS dormancy{derived_columns}
    FROM cases_case c JOIN deadlines_deadlinepolicy p ON p.id = c.policy_id{derived_join}
    WHERE ({condition}) AND c.received_at <= %(as_of)s"""
    scope = scope.replace("{condition}", condition)
    # The stage as of T and where the gap still running as of T starts, from the kept rows: the events
    # are read only for a case whose latest stage event, or latest activity, came after T.
    derived_columns = """,
           rc.last_activity_at, rc.longest_gap_working_days AS longest_gap,
           CASE WHEN rc.stage_at IS NULL OR rc.stage_at <= %(as_of)s THEN rc.stage
                ELSE coalesce((SELECT e.stage_to FROM cases_caseevent e
                               WHERE e.case_id = c.id AND e.type = 'stage' AND e.at <= %(as_of)s
                               ORDER BY e.at DESC, e.id DESC LIMIT 1), 'received') END AS stage_now,
           CASE WHEN rc.last_activity_at <= %(as_of)s THEN rc.last_activity_at
                ELSE coalesce((SELECT max(g.to_at) FROM reports_reportgap g
                               WHERE g.case_id = c.id AND g.to_at <= %(as_of)s), c.received_at) END AS running_from"""
    scope = scope.replace("{derived_columns}", derived_columns if derived else "")
    scope = scope.replace("{derived_join}", " JOIN reports_reportcase rc ON rc.case_id = c.id" if derived else "")
    stage_events = [
        """CREATE TEMPORARY TABLE report_stage_events AS
    SELECT e.case_id, e.id, e.at, e.stage_to,
           LEAD(e.at) OVER (PARTITION BY e.case_id ORDER BY e.at, e.id) AS next_at,
           LEAD(e.id) OVER (PARTITION BY e.case_id ORDER BY e.at, e.id) IS NULL AS latest
    FROM cases_caseevent e JOIN report_scope s ON s.case_id = e.case_id
    WHERE e.type = 'stage' AND e.at <= %(as_of)s""",
        "ANALYZE report_stage_events",
    ]
    measures = [f"CREATE TEMPORARY TABLE report_measures AS {_MEASURES}", "ANALYZE report_measures"]  # nosec B608
    # Over the derived rows the measures are read where a question asks about them (`_DERIVED_HISTORY`).
    return [scope, "ANALYZE report_scope", *([] if derived else [*stage_events, *measures])]  # nosec B608 - fixed text


# The common table expressions every question below is asked of. A CTE that a query does not
# reference is not run, so the report's queries each pay only for what they use.
_HISTORY = f"""
WITH t AS (
    SELECT %(as_of)s::timestamptz AS as_of,
           (SELECT ordinal FROM reports_workingday WHERE day = {_local("%(as_of)s::timestamptz")}) AS ordinal
),
scope AS NOT MATERIALIZED (SELECT * FROM report_scope),
stage_events AS NOT MATERIALIZED (SELECT * FROM report_stage_events),
-- The stage as of T: the `to` of the latest stage event then; `received` before any.
stage_now AS (
    SELECT s.case_id, coalesce(se.stage_to, 'received') AS stage
    FROM scope s LEFT JOIN stage_events se ON se.case_id = s.case_id AND se.latest
),
-- Stages whose limit counts from the receipt form one deadline ("leaving received/preliminary_assessment").
receipt_rules AS (
    SELECT r.policy_id,
           coalesce(max(r.working_days) FILTER (WHERE r.stage = 'received'), min(r.working_days)) AS days,
           array_agg(r.stage) AS stages
    FROM deadlines_stagedeadlinerule r
    WHERE r.basis = 'received' OR r.stage = 'received'
    GROUP BY r.policy_id
),
entered_rules AS (
    SELECT r.policy_id, r.stage, r.working_days AS days
    FROM deadlines_stagedeadlinerule r
    WHERE r.basis = 'entered' AND r.stage <> 'received'
),
-- The first stage event to a stage outside those: when the case left them.
receipt_done AS (
    SELECT se.case_id, min(se.at) AS done_at
    FROM stage_events se
    JOIN scope s ON s.case_id = se.case_id
    JOIN receipt_rules rr ON rr.policy_id = s.policy_id
    WHERE NOT (se.stage_to = ANY (rr.stages))
    GROUP BY se.case_id
),
measures_in AS NOT MATERIALIZED (SELECT * FROM report_measures),
deadlines AS (
    SELECT s.case_id, 'stage_overdue'::text AS kind, NULL::text AS measure_type, NULL::text AS measure,
           0::bigint AS ref_id,
           {_end_of_day("CASE WHEN rr.days = 0 THEN w0.day ELSE wn.day END")} AS due_at,
           rd.done_at
    FROM scope s
    JOIN receipt_rules rr ON rr.policy_id = s.policy_id
    LEFT JOIN receipt_done rd ON rd.case_id = s.case_id
    JOIN reports_workingday w0 ON w0.day = {_local("s.received_at")}
    LEFT JOIN reports_workingday wn ON wn.ordinal = w0.ordinal + rr.days AND wn.working
  UNION ALL
    SELECT se.case_id, 'stage_overdue', NULL, NULL, se.id,
           {_end_of_day("CASE WHEN er.days = 0 THEN w0.day ELSE wn.day END")},
           se.next_at
    FROM stage_events se
    JOIN scope s ON s.case_id = se.case_id
    JOIN entered_rules er ON er.policy_id = s.policy_id AND er.stage = se.stage_to
    JOIN reports_workingday w0 ON w0.day = {_local("se.at")}
    LEFT JOIN reports_workingday wn ON wn.ordinal = w0.ordinal + er.days AND wn.working
  UNION ALL
    SELECT m.case_id, 'measure_decision_overdue', m.type, m.code, m.id,
           coalesce(m.decision_due_at_completion, m.decision_due_at, {_DECISION_POLICY_DUE}),
           CASE WHEN m.decision_done_at <= %(as_of)s THEN m.decision_done_at END
    FROM measures_in m
    -- A measure lifted before it was decided never needed a decision.
    WHERE m.decision_done_at <= %(as_of)s OR m.lifted_at IS NULL OR m.lifted_at > %(as_of)s
  UNION ALL
    SELECT m.case_id, 'measure_implementation_overdue', m.type, m.code, m.id,
           coalesce(m.implementation_due_at_completion, m.implementation_due_at, {_IMPLEMENTATION_POLICY_DUE}),
           CASE WHEN m.implemented_at <= %(as_of)s THEN m.implemented_at END
    FROM measures_in m
    -- Not for a request declined, or a measure lifted, by T without being implemented.
    WHERE m.implemented_at <= %(as_of)s
       OR ((m.lifted_at IS NULL OR m.lifted_at > %(as_of)s)
           AND NOT (m.decision = 'declined' AND m.decided_at <= %(as_of)s))
  UNION ALL
    SELECT o.case_id, 'sanction_compliance_overdue', NULL, NULL, sa.id, sa.due_at,
           CASE WHEN sa.complied_at <= %(as_of)s THEN sa.complied_at END
    FROM cases_sanction sa
    JOIN cases_outcome o ON o.id = sa.outcome_id
    JOIN scope s ON s.case_id = o.case_id
    WHERE sa.due_at IS NOT NULL AND o.decided_at <= %(as_of)s
),
deadline_rows AS (
    SELECT d.case_id, d.kind, d.measure_type, d.measure, d.ref_id, d.due_at, d.done_at,
           s.team_id, s.received_month,
           CASE WHEN d.done_at IS NOT NULL THEN CASE WHEN d.done_at <= d.due_at THEN 'met' ELSE 'missed' END
                WHEN d.due_at < t.as_of THEN 'overdue'
                ELSE 'pending' END AS status,
           CASE WHEN d.done_at IS NOT NULL AND d.done_at > d.due_at THEN w_done.ordinal - w_due.ordinal
                WHEN d.done_at IS NULL AND d.due_at < t.as_of THEN t.ordinal - w_due.ordinal
                ELSE 0 END AS late_working_days
    FROM deadlines d
    JOIN scope s ON s.case_id = d.case_id
    CROSS JOIN t
    JOIN reports_workingday w_due ON w_due.day = {_local("d.due_at")}
    LEFT JOIN reports_workingday w_done ON w_done.day = {_local("d.done_at")}
),
-- Every activity as of T, and T itself for the cases still open then (the gap that is still running).
points AS (
    SELECT s.case_id, s.received_at AS at, s.dormancy FROM scope s
  UNION ALL
    SELECT e.case_id, e.at, s.dormancy FROM cases_caseevent e JOIN scope s ON s.case_id = e.case_id
    WHERE e.type <> 'system' AND e.at <= %(as_of)s
  UNION ALL
    SELECT m.case_id, m.requested_at, m.dormancy FROM measures_in m
  UNION ALL
    SELECT m.case_id, m.decided_at, m.dormancy FROM measures_in m WHERE m.decided_at <= %(as_of)s
  UNION ALL
    SELECT m.case_id, m.implemented_at, m.dormancy FROM measures_in m WHERE m.implemented_at <= %(as_of)s
  UNION ALL
    SELECT s.case_id, %(as_of)s::timestamptz, s.dormancy FROM scope s
    WHERE NOT EXISTS (SELECT 1 FROM stage_events se
                      WHERE se.case_id = s.case_id AND se.latest AND se.stage_to IN ('closed', 'withdrawn'))
),
steps AS (
    SELECT p.case_id, p.at, p.dormancy, LAG(p.at) OVER (PARTITION BY p.case_id ORDER BY p.at) AS previous_at
    FROM points p
),
-- Every gap with its length in working days (for a few cases at a time: the case list).
gaps AS (
    SELECT st.case_id, st.previous_at AS from_at, st.at AS to_at,
           w_to.ordinal - w_from.ordinal AS working_days,
           w_to.ordinal - w_from.ordinal > st.dormancy AS dormant
    FROM steps st
    JOIN reports_workingday w_from ON w_from.day = {_local("st.previous_at")}
    JOIN reports_workingday w_to ON w_to.day = {_local("st.at")}
    WHERE st.previous_at IS NOT NULL
),
-- The dormant periods. The working days after one date up to another are never more than the days
-- between them, so only gaps longer than the dormancy period in calendar days (less a day, for the
-- shorter day of a daylight-saving change) need counting: a million activities cost a few thousand
-- calendar look-ups instead of two million.
dormant_gaps AS (
    SELECT g.* FROM (
        SELECT st.case_id, st.previous_at AS from_at, st.at AS to_at,
               w_to.ordinal - w_from.ordinal AS working_days, st.dormancy
        FROM steps st
        JOIN reports_workingday w_from ON w_from.day = {_local("st.previous_at")}
        JOIN reports_workingday w_to ON w_to.day = {_local("st.at")}
        WHERE st.previous_at IS NOT NULL AND st.at - st.previous_at > make_interval(days => st.dormancy - 1)
    ) g
    WHERE g.working_days > g.dormancy
)
"""  # noqa: S608  # nosec B608 - only this module's fixed fragments are formatted in


# The same CTEs as `_HISTORY` (the ones the reports aggregate: `stage_now`, `deadline_rows`,
# `dormant_gaps`, `measures_in`), read from the rows reports.derived keeps for every case rather than
# worked out from the events: only what depends on T is left here. A deadline exists from `exists_from`
# unless it was cancelled by T before being done; it is done as of T if it was done by T; the gaps as of
# T are those that ended by T (the activities by T are the first ones of the full history), and the
# gap still running starts at the latest activity by T.
_DERIVED_HISTORY = f"""
WITH t AS (
    SELECT %(as_of)s::timestamptz AS as_of,
           (SELECT ordinal FROM reports_workingday WHERE day = {_local("%(as_of)s::timestamptz")}) AS ordinal
),
scope AS NOT MATERIALIZED (SELECT * FROM report_scope),
measures_in AS NOT MATERIALIZED ({_MEASURES}),
stage_now AS (SELECT s.case_id, s.stage_now AS stage FROM scope s),
deadline_rows AS (
    SELECT d.case_id, d.kind, d.measure_type, d.measure, d.ref_id, d.due_at,
           CASE WHEN d.done_at <= t.as_of THEN d.done_at END AS done_at, s.team_id, s.received_month,
           CASE WHEN d.done_at <= t.as_of THEN CASE WHEN d.done_at <= d.due_at THEN 'met' ELSE 'missed' END
                WHEN d.due_at < t.as_of THEN 'overdue'
                ELSE 'pending' END AS status,
           CASE WHEN d.done_at <= t.as_of THEN d.done_late_working_days
                WHEN d.due_at < t.as_of THEN t.ordinal - w_due.ordinal
                ELSE 0 END AS late_working_days
    FROM reports_reportdeadline d
    JOIN scope s ON s.case_id = d.case_id
    CROSS JOIN t
    JOIN reports_workingday w_due ON w_due.day = d.due_day
    WHERE d.exists_from <= t.as_of
      AND (d.done_at <= t.as_of OR d.cancelled_at IS NULL OR d.cancelled_at > t.as_of)
),
-- One row per dormant case (its longest dormant gap), which is all the reports ask of it: a case
-- whose every activity was by T has its longest gap kept; the others' gaps are looked up.
dormant_gaps AS (
    SELECT s.case_id, s.longest_gap AS working_days, s.dormancy FROM scope s
    WHERE s.last_activity_at <= %(as_of)s AND s.longest_gap > s.dormancy
  UNION ALL
    -- (one index range per case: the planner would rather scan every case's gaps)
    SELECT s.case_id, lg.working_days, s.dormancy
    FROM scope s
    CROSS JOIN LATERAL (SELECT max(g.working_days) AS working_days FROM reports_reportgap g
                        WHERE g.case_id = s.case_id AND g.to_at <= %(as_of)s) lg
    WHERE s.last_activity_at > %(as_of)s AND lg.working_days > s.dormancy
  UNION ALL
    SELECT r.* FROM (
        SELECT s.case_id, t.ordinal - w_from.ordinal AS working_days, s.dormancy
        FROM scope s CROSS JOIN t
        JOIN reports_workingday w_from ON w_from.day = {_local("s.running_from")}
        WHERE s.stage_now NOT IN ('closed', 'withdrawn')
    ) r
    WHERE r.working_days > r.dormancy
)
"""  # noqa: S608  # nosec B608 - only this module's fixed fragments are formatted in


def prepare(scope: Scope, *, as_of: dt.datetime) -> None:
    """Make sure the working-day table covers the days questions about `scope` as of `as_of` can reach.

    Call once before `run` (two small queries when the table is up to date).
    """
    ensure_working_days(scope.first_day - _BEFORE, max(scope.first_day, local_date(as_of)) + _AFTER)


def history_query(scope: Scope, *, as_of: dt.datetime, select: str) -> tuple[str, dict[str, Any]]:
    """The history CTEs for `scope` as of `as_of`, followed by `select` (fixed SQL text), and its params."""
    # Only fixed text is formatted in: the scope condition and `select` are constants of this package.
    sql = _HISTORY + select
    params = {**scope.params, "as_of": as_of, "tz": settings.TIME_ZONE}
    return sql, params


class Ask(Protocol):
    def __call__(self, select: str, *, before: str = "") -> list[tuple[Any, ...]]: ...


_TEMPORARY = ("report_scope", "report_stage_events", "report_measures")

# The reports' planner settings, for the transaction that runs them (each ends with it). These queries
# sort and join a million rows at a time: JIT compilation costs more than it saves on them, and the
# sorts should stay in memory. The temporary tables are analysed for their sizes and rough
# distributions, not fine ones: a sample of 3,000 rows rather than 30,000 (ANALYZE took a tenth of a
# report). The rows a report reads are in memory, so an index probe costs about what a sequential read
# does (random_page_cost 1.1, not the default 4 of a spinning disk): at 4 the planner read all 863,192
# deadline rows and all 300,000 measures to keep a year's 2,526 cases' (docs/benchmarks.md, "Scale").
PLANNER_SETTINGS = (
    "SELECT set_config('jit', 'off', true), set_config('work_mem', '256MB', true), "
    "set_config('default_statistics_target', '10', true), set_config('random_page_cost', '1.1', true)"
)


@contextmanager
def session(scope: Scope, *, as_of: dt.datetime, derived: bool = False) -> Iterator[Ask]:
    """A function that answers `select`s over the history CTEs for `scope` as of `as_of`, all in one
    transaction; `prepare` must have been called for `scope` and `as_of`. With `derived`, the CTEs
    read the rows of reports.derived, which must be up to date for every case of `scope`
    (reports.derived.ensure_current).

    The cases, their stage events and their measures are first copied to temporary tables and
    analysed, so that the planner knows how many rows each step joins (a CTE has no statistics, and
    its guesses at a hundred thousand cases were off by a factor of a thousand); they are dropped
    again at the end.
    """
    params = {**scope.params, "as_of": as_of, "tz": settings.TIME_ZONE}
    history = _DERIVED_HISTORY if derived else _HISTORY
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PLANNER_SETTINGS)
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_TEMPORARY)}")
        for statement in _prepare_sql(scope.condition, derived=derived):
            cursor.execute(statement, params)

        def ask(select: str, *, before: str = "") -> list[tuple[Any, ...]]:
            # Only fixed text is formatted in: `before` and `select` are constants of this package
            # (`before` an INSERT's head, for reports.derived).
            cursor.execute(before + history + select, params)
            return list(cursor.fetchall()) if cursor.description else []

        yield ask
        cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_TEMPORARY)}")


def run(scope: Scope, *, as_of: dt.datetime, select: str) -> list[tuple[Any, ...]]:
    """Rows of `select` over the history CTEs, worked out from the cases' events (see `session`)."""
    with session(scope, as_of=as_of) as ask:
        return ask(select)


def _postgresql() -> bool:
    """Whether the SQL of this package can run; on another database (the embedded default, SQLite)
    reports.portable works the same figures out in Python."""
    return connection.vendor == "postgresql"


def _portable(scope: Scope, as_of: dt.datetime) -> History:
    from reports.portable import History

    return History(scope, as_of=as_of)


@dataclass(frozen=True)
class CaseDeadline:
    kind: str
    measure_type: str | None
    measure: str | None
    due_at: dt.datetime
    done_at: dt.datetime | None
    status: str
    late_working_days: int


@dataclass(frozen=True)
class Gap:
    from_at: dt.datetime
    to_at: dt.datetime
    working_days: int


def case_deadlines(case_id: int, received_at: dt.datetime, *, as_of: dt.datetime) -> list[CaseDeadline]:
    """Every deadline the case has had as of `as_of`, by due time, then kind, then measure."""
    scope = case_scope(case_id, received_at)
    if not _postgresql():
        return _portable(scope, as_of).case_deadlines()
    prepare(scope, as_of=as_of)
    rows = run(
        scope,
        as_of=as_of,
        select="SELECT kind, measure_type, measure, due_at, done_at, status, late_working_days FROM deadline_rows "
        "ORDER BY due_at, kind, measure NULLS FIRST, ref_id",
    )
    return [CaseDeadline(*row) for row in rows]


def case_dormant_periods(case_id: int, received_at: dt.datetime, *, as_of: dt.datetime) -> list[Gap]:
    """The case's dormant periods as of `as_of`, oldest first."""
    scope = case_scope(case_id, received_at)
    if not _postgresql():
        return _portable(scope, as_of).dormant_periods()
    prepare(scope, as_of=as_of)
    rows = run(
        scope,
        as_of=as_of,
        select="SELECT from_at, to_at, working_days FROM dormant_gaps ORDER BY from_at, to_at",
    )
    return [Gap(*row) for row in rows]


def cases_scope(case_ids: list[int], first_day: dt.date) -> Scope:
    """The cases with these ids; `first_day` is the earliest of their receipt dates."""
    return Scope("c.id = ANY(%(case_ids)s)", {"case_ids": list(case_ids)}, first_day)


def longest_gaps(case_ids: list[int], first_day: dt.date, *, as_of: dt.datetime) -> dict[int, int]:
    """The longest gap of each of these cases as of `as_of`, in working days (one query)."""
    if not case_ids:
        return {}
    scope = cases_scope(case_ids, first_day)
    if not _postgresql():
        return _portable(scope, as_of).longest_gaps()
    prepare(scope, as_of=as_of)
    rows = run(scope, as_of=as_of, select="SELECT case_id, max(working_days) FROM gaps GROUP BY case_id")
    return {int(case_id): int(longest) for case_id, longest in rows}
