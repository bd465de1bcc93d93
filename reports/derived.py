"""The rows the governance reports aggregate, kept per case (reports.models.ReportCase, ReportDeadline,
ReportGap) so that a report over a hundred thousand cases reads them instead of working the contract's
rules out again from a million events.

What is kept is what reports.deadline_history's rules give for a case's full history, with the moments
that decide what existed as of an earlier T (`exists_from`, `cancelled_at`, `done_at`, the end of each
gap): as of any T the derived history (`deadline_history._DERIVED_HISTORY`) gives the same rows as the
events do. The rows are built by the same SQL fragments the rules are written in, here, for a set of
cases at once.

They are kept up to date in three ways:

- every change to a case ends in cases.changes.record_case_change, which marks the case stale
  (`mark_stale`, registered in reports.apps); the next report rebuilds the stale cases first, in the
  same way and in one go, so a change in the middle of an action's transaction is never missed;
- a case without rows (new, or loaded in bulk) is built the first time a report covers it; a bulk
  import may build them at once with `rebuild_for_cases`;
- the rows depend on the working-day calendar (holidays, closures), the stage and measure rules of the
  policies and the time zone: a fingerprint of those is kept, and all rows are rebuilt when it differs
  (as after a policy change or a new closure day).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from deadlines.calendar import WorkingCalendar, local_date
from reports.deadline_history import (
    _DECISION_POLICY_DUE,
    _IMPLEMENTATION_POLICY_DUE,
    PLANNER_SETTINGS,
    Ask,
    Scope,
    _end_of_day,
    _local,
    cases_scope,
    prepare,
    session,
)
from reports.models import DerivedBasis, StaleCase
from reports.workdays import _fingerprint, ensure_working_days

# Change it whenever what is kept, or how, changes: every row is then rebuilt.
VERSION = "2"
# One process rebuilds at a time (any fixed 64-bit key).
_REBUILD_LOCK_KEY = 0x7265_706F_7274_7332
# Built "as of" a moment after every fact, so that each row holds the case's full history.
_END_OF_TIME = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
_BEFORE = dt.timedelta(days=2 * 366)
_AFTER = dt.timedelta(days=2 * 366)

_DERIVED_TABLES = ("reports_reportdeadline", "reports_reportgap", "reports_reportcase")

# Every deadline of the full history. Unlike deadline_history's `deadlines` (as of one T), a measure's
# steps are kept whatever became of it, with the moment they stopped being deadlines if not done by
# then: its decision when it was lifted; its implementation when it was lifted or declined (a request
# marked declined without a decision time is, as there, never one).
_BUILD_DEADLINES = f"""
, built AS (
    SELECT s.case_id, 'stage_overdue'::text AS kind, NULL::text AS measure_type, NULL::text AS measure,
           0::bigint AS ref_id, s.received_at AS exists_from, NULL::timestamptz AS cancelled_at,
           {_end_of_day("CASE WHEN rr.days = 0 THEN w0.day ELSE wn.day END")} AS due_at,
           rd.done_at
    FROM scope s
    JOIN receipt_rules rr ON rr.policy_id = s.policy_id
    LEFT JOIN receipt_done rd ON rd.case_id = s.case_id
    JOIN reports_workingday w0 ON w0.day = {_local("s.received_at")}
    LEFT JOIN reports_workingday wn ON wn.ordinal = w0.ordinal + rr.days AND wn.working
  UNION ALL
    SELECT se.case_id, 'stage_overdue', NULL, NULL, se.id, se.at, NULL,
           {_end_of_day("CASE WHEN er.days = 0 THEN w0.day ELSE wn.day END")},
           se.next_at
    FROM stage_events se
    JOIN scope s ON s.case_id = se.case_id
    JOIN entered_rules er ON er.policy_id = s.policy_id AND er.stage = se.stage_to
    JOIN reports_workingday w0 ON w0.day = {_local("se.at")}
    LEFT JOIN reports_workingday wn ON wn.ordinal = w0.ordinal + er.days AND wn.working
  UNION ALL
    SELECT m.case_id, 'measure_decision_overdue', m.type, m.code, m.id, m.requested_at, m.lifted_at,
           coalesce(m.decision_due_at_completion, m.decision_due_at, {_DECISION_POLICY_DUE}),
           m.decision_done_at
    FROM measures_in m
  UNION ALL
    SELECT m.case_id, 'measure_implementation_overdue', m.type, m.code, m.id, m.requested_at,
           CASE WHEN m.decision = 'declined' AND m.decided_at IS NULL THEN '-infinity'::timestamptz
                ELSE least(m.lifted_at, CASE WHEN m.decision = 'declined' THEN m.decided_at END) END,
           coalesce(m.implementation_due_at_completion, m.implementation_due_at, {_IMPLEMENTATION_POLICY_DUE}),
           m.implemented_at
    FROM measures_in m
  UNION ALL
    SELECT o.case_id, 'sanction_compliance_overdue', NULL, NULL, sa.id, o.decided_at, NULL, sa.due_at,
           sa.complied_at
    FROM cases_sanction sa
    JOIN cases_outcome o ON o.id = sa.outcome_id
    JOIN scope s ON s.case_id = o.case_id
    WHERE sa.due_at IS NOT NULL
)
SELECT b.case_id, b.kind, b.measure_type, b.measure, b.ref_id, b.exists_from, b.cancelled_at, b.due_at,
       w_due.day, b.done_at,
       CASE WHEN b.done_at > b.due_at THEN w_done.ordinal - w_due.ordinal ELSE 0 END
FROM built b
JOIN reports_workingday w_due ON w_due.day = {_local("b.due_at")}
LEFT JOIN reports_workingday w_done ON w_done.day = {_local("b.done_at")}
"""  # noqa: S608  # nosec B608 - fixed SQL fragments

# Every activity of the full history (deadline_history's `points` without T).
_ACTIVITIES = """
, activities AS (
    SELECT s.case_id, s.received_at AS at FROM scope s
  UNION ALL
    SELECT e.case_id, e.at FROM cases_caseevent e JOIN scope s ON s.case_id = e.case_id WHERE e.type <> 'system'
  UNION ALL
    SELECT m.case_id, m.requested_at FROM measures_in m
  UNION ALL
    SELECT m.case_id, m.decided_at FROM measures_in m WHERE m.decided_at IS NOT NULL
  UNION ALL
    SELECT m.case_id, m.implemented_at FROM measures_in m WHERE m.implemented_at IS NOT NULL
)
"""

_BUILD_GAPS = f"""{_ACTIVITIES}
, activity_steps AS (
    SELECT a.case_id, a.at, LAG(a.at) OVER (PARTITION BY a.case_id ORDER BY a.at) AS previous_at FROM activities a
)
SELECT st.case_id, st.previous_at, st.at, w_to.ordinal - w_from.ordinal
FROM activity_steps st
JOIN reports_workingday w_from ON w_from.day = {_local("st.previous_at")}
JOIN reports_workingday w_to ON w_to.day = {_local("st.at")}
WHERE st.previous_at IS NOT NULL
"""  # noqa: S608  # nosec B608 - fixed SQL fragments

_BUILD_CASES = f"""{_ACTIVITIES}
, latest AS (SELECT a.case_id, max(a.at) AS at FROM activities a GROUP BY a.case_id)
SELECT s.case_id, coalesce(se.stage_to, 'received'), se.at, l.at,
       coalesce((SELECT max(g.working_days) FROM reports_reportgap g WHERE g.case_id = s.case_id), 0)
FROM scope s
JOIN latest l ON l.case_id = s.case_id
LEFT JOIN stage_events se ON se.case_id = s.case_id AND se.latest
"""  # noqa: S608  # nosec B608 - fixed SQL fragments

_INSERT_DEADLINES = (
    "INSERT INTO reports_reportdeadline (case_id, kind, measure_type, measure, ref_id, exists_from, "
    "cancelled_at, due_at, due_day, done_at, done_late_working_days) "
)
_INSERT_GAPS = "INSERT INTO reports_reportgap (case_id, from_at, to_at, working_days) "
_INSERT_CASES = "INSERT INTO reports_reportcase (case_id, stage, stage_at, last_activity_at, longest_gap_working_days) "


@contextmanager
def report_session(scope: Scope, *, as_of: dt.datetime) -> Iterator[Ask]:
    """The reports' way in: `deadline_history.session` over the derived rows, brought up to date first."""
    prepare(scope, as_of=as_of)
    ensure_current(scope)
    with session(scope, as_of=as_of, derived=True) as ask:
        yield ask


def mark_stale(case_id: int) -> None:
    """Note that the case changed (called by cases.changes.record_case_change, in the action's transaction)."""
    StaleCase.objects.bulk_create([StaleCase(case_id=case_id)], ignore_conflicts=True)


def _build(scope: Scope, *, first_day: dt.date, last_day: dt.date) -> None:
    """(Re)build the rows of the cases of `scope`; inside a transaction holding the rebuild lock."""
    ensure_working_days(first_day - _BEFORE, last_day + _AFTER)
    with session(scope, as_of=_END_OF_TIME) as ask, connection.cursor() as cursor:
        for table in _DERIVED_TABLES:
            delete = f"DELETE FROM {table} WHERE case_id IN (SELECT case_id FROM report_scope)"  # noqa: S608  # nosec B608
            cursor.execute(delete)
        ask(_BUILD_DEADLINES, before=_INSERT_DEADLINES)
        ask(_BUILD_GAPS, before=_INSERT_GAPS)
        ask(_BUILD_CASES, before=_INSERT_CASES)


def rebuild_for_cases(case_ids: Iterable[int]) -> None:
    """Build the report rows of these cases now (e.g. at the end of a bulk import); a set operation."""
    ids = sorted(set(case_ids))
    if not ids or connection.vendor != "postgresql":
        return  # elsewhere the reports work from the events (reports.portable) and keep no rows
    with transaction.atomic():
        _lock()
        _rebuild(ids)


def _rebuild(ids: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(received_at), max(received_at) FROM cases_case WHERE id = ANY(%s)", [ids])
        first, last = cursor.fetchone() or (None, None)
        # First, so that a change committed while this builds leaves its mark for the next report.
        cursor.execute("DELETE FROM reports_stalecase WHERE case_id = ANY(%s)", [ids])
    if first is None or last is None:
        return
    _build(cases_scope(ids, local_date(first)), first_day=local_date(first), last_day=local_date(last))
    if len(ids) >= ANALYZE_AFTER:
        _analyze()


def rebuild_all() -> None:
    """Rebuild every case's rows (after the calendar or the rules changed; `manage.py rebuild_report_rows`)."""
    if connection.vendor != "postgresql":
        return  # elsewhere the reports work from the events (reports.portable) and keep no rows
    with transaction.atomic():
        _lock()
        _rebuild_all(_basis())


def _rebuild_all(fingerprint: str) -> None:
    with connection.cursor() as cursor:
        for table in (*_DERIVED_TABLES, "reports_stalecase"):
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608 - fixed table names
        cursor.execute("SELECT min(received_at), max(received_at) FROM cases_case")
        first, last = cursor.fetchone() or (None, None)
    if first is not None and last is not None:
        _build(Scope("TRUE", {}, local_date(first)), first_day=local_date(first), last_day=local_date(last))
        _analyze()
    DerivedBasis.objects.all().delete()
    DerivedBasis.objects.create(fingerprint=fingerprint)


# Rows rebuilt for this many cases at once (the first report after an import of years of cases, or
# rebuild_report_rows) change the tables' statistics, which the reports' plans depend on: with the
# statistics of the empty tables (autovacuum had not yet analysed them) the planner read all 863,192
# deadline rows to report on one year's cases. ANALYZE takes about 0.9 s at 100,000 cases.
ANALYZE_AFTER = 1000


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(_DERIVED_TABLES)}")  # nosec B608 - fixed table names


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REBUILD_LOCK_KEY])


_BASIS_SQL = """
SELECT (SELECT json_agg(json_build_array(r.policy_id, r.stage, r.basis, r.working_days)
                        ORDER BY r.policy_id, r.stage, r.basis, r.working_days) FROM deadlines_stagedeadlinerule r),
       (SELECT json_agg(json_build_array(r.policy_id, r.measure_type, r.decision_working_days,
                                         r.implementation_working_days)
                        ORDER BY r.policy_id, r.measure_type) FROM deadlines_measuredeadlinerule r),
       (SELECT b.fingerprint FROM reports_derivedbasis b ORDER BY b.id DESC LIMIT 1)
"""


def _basis_and_stored() -> tuple[str, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(_BASIS_SQL)
        stage_rules, measure_rules, stored = cursor.fetchone()
    rules = json.dumps([_json(stage_rules), _json(measure_rules)], sort_keys=True)
    calendar = _fingerprint(WorkingCalendar.load())
    text = f"v={VERSION};tz={settings.TIME_ZONE};calendar={calendar};rules={rules}"
    return hashlib.sha256(text.encode()).hexdigest(), stored


def _basis() -> str:
    return _basis_and_stored()[0]


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


# The scope's cases without rows, each looked up in reports_reportcase's index (LATERAL ... LIMIT 1): as
# a NOT EXISTS the planner hashed all 100,000 rows of the table to check a year's 2,526 cases (20 ms of
# every report).
_NEEDED_SQL = """
SELECT s.case_id FROM reports_stalecase s
UNION
SELECT c.id FROM cases_case c
LEFT JOIN LATERAL (SELECT 1 AS built FROM reports_reportcase rc WHERE rc.case_id = c.id LIMIT 1) rc ON true
WHERE ({condition}) AND rc.built IS NULL
"""


def ensure_current(scope: Scope) -> None:
    """Bring the rows of every case of `scope` up to date (and those of any case marked stale): two
    queries when nothing changed; a rebuild of what did, under a lock, when something did."""
    fingerprint, stored = _basis_and_stored()
    if fingerprint != stored:
        with transaction.atomic():
            _lock()
            if _basis_and_stored() != (fingerprint, fingerprint):
                _rebuild_all(fingerprint)
        return
    needed = _needed(scope)
    if not needed:
        return
    with transaction.atomic():
        _lock()
        needed = _needed(scope)  # another report may have rebuilt them meanwhile
        if needed:
            _rebuild(needed)


def _needed(scope: Scope) -> list[int]:
    # With the reports' planner settings: under the default ones a ten-year scope's estimate was high
    # enough for PostgreSQL to compile the statement first (JIT), 78 ms of its 185. They last to the end of
    # the transaction, as the report's own do (no savepoint: nothing here is to be rolled back).
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(PLANNER_SETTINGS)
        cursor.execute(_NEEDED_SQL.replace("{condition}", scope.condition), scope.params)  # nosec B608 - fixed text
        return [int(row[0]) for row in cursor.fetchall()]
