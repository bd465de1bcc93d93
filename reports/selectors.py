"""What the reviewer's pages read, beyond the contract's figures (reports.timeliness): the figures by
month and by team, the working days to the first steps, outcomes by allegation, and open flags.

Every function aggregates in SQL over the cases received in a period, as of a moment; a handful of
queries whatever the number of cases. Figures are exact here and suppressed where they are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case as When_
from django.db.models import CharField, Count, Value, When

from reports.deadline_history import Ask, period_scope
from reports.derived import report_session
from reports.portable import History
from reports.timeliness import Figures, GroupBy, figures_for

MILESTONES = ("first_decision", "first_implementation", "outcome")


@dataclass(frozen=True)
class Milestone:
    """Working days from the receipt to a first step, over the cases that had reached it."""

    name: str
    cases: int
    median_working_days: float | None


@dataclass
class PeriodFigures:
    first: dt.date
    last: dt.date
    as_of: dt.datetime
    overall: Figures
    by_month: dict[dt.date, Figures]
    milestones: list[Milestone]
    policies: list[tuple[str, dt.date, int]] = field(default_factory=list)


_MILESTONES = """
, measure_firsts AS (
    SELECT m.case_id,
           min(m.decided_at) FILTER (WHERE m.decided_at <= %(as_of)s) AS first_decision,
           min(m.implemented_at) FILTER (WHERE m.implemented_at <= %(as_of)s) AS first_implementation
    FROM measures_in m GROUP BY m.case_id
),
outcome_firsts AS (
    SELECT o.case_id, min(o.decided_at) AS outcome
    FROM cases_outcome o JOIN scope s ON s.case_id = o.case_id
    WHERE o.decided_at <= %(as_of)s GROUP BY o.case_id
),
firsts AS (
    SELECT s.case_id, s.received_at, mf.first_decision, mf.first_implementation, ou.outcome
    FROM scope s
    LEFT JOIN measure_firsts mf ON mf.case_id = s.case_id
    LEFT JOIN outcome_firsts ou ON ou.case_id = s.case_id
),
spans AS (
    SELECT f.case_id, name, wd.ordinal - wr.ordinal AS working_days
    FROM firsts f
    JOIN reports_workingday wr ON wr.day = (f.received_at AT TIME ZONE %(tz)s)::date
    CROSS JOIN LATERAL (VALUES ('first_decision', f.first_decision),
                               ('first_implementation', f.first_implementation),
                               ('outcome', f.outcome)) AS v(name, at)
    JOIN reports_workingday wd ON wd.day = (v.at AT TIME ZONE %(tz)s)::date
)
SELECT name, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY working_days) FROM spans GROUP BY name
"""

_POLICIES = """
SELECT p.name, p.effective_from, p.dormancy_working_days, count(*)
FROM scope s JOIN deadlines_deadlinepolicy p ON p.id = s.policy_id
GROUP BY p.name, p.effective_from, p.dormancy_working_days
ORDER BY p.effective_from, p.name
"""


def milestones(ask: Ask) -> list[Milestone]:
    rows = {name: (count, median) for name, count, median in ask(_MILESTONES)}
    result = []
    for name in MILESTONES:
        count, median = rows.get(name, (0, None))
        result.append(Milestone(name, count, None if median is None else float(median)))
    return result


def policies_in_force(ask: Ask) -> list[tuple[str, dt.date, int]]:
    """The deadline policy versions the period's cases are under: (name, in force from, dormancy days)."""
    return [(name, since, dormancy) for name, since, dormancy, _count in ask(_POLICIES)]


def period_figures(*, first: dt.date, last: dt.date, as_of: dt.datetime, team_id: int | None = None) -> PeriodFigures:
    """The timeliness page: the contract's figures over the period and month by month, the working days
    to the first decision, implementation and outcome, and the policy versions in force."""
    if connection.vendor != "postgresql":
        history = History(period_scope(first, last, team_id=team_id), as_of=as_of)
        by_month = history.figures(GroupBy.MONTH, with_total=True)
        overall = by_month.pop(None, Figures())
        return PeriodFigures(
            first=first,
            last=last,
            as_of=as_of,
            overall=overall,
            by_month=dict(sorted(by_month.items())),
            milestones=history.milestones(),
            policies=history.policies(),
        )
    with report_session(period_scope(first, last, team_id=team_id), as_of=as_of) as ask:
        by_month = figures_for(ask, group_by=GroupBy.MONTH, with_total=True)
        overall = by_month.pop(None, Figures())
        return PeriodFigures(
            first=first,
            last=last,
            as_of=as_of,
            overall=overall,
            by_month=dict(sorted(by_month.items())),
            milestones=milestones(ask),
            policies=policies_in_force(ask),
        )


def team_figures(*, first: dt.date, last: dt.date, as_of: dt.datetime) -> dict[int, Figures]:
    """The contract's figures for each team's cases in the period (teams without cases are absent)."""
    if connection.vendor != "postgresql":
        return History(period_scope(first, last), as_of=as_of).figures(GroupBy.TEAM)
    with report_session(period_scope(first, last), as_of=as_of) as ask:
        return figures_for(ask, group_by=GroupBy.TEAM)


@dataclass(frozen=True)
class OutcomeRow:
    """How the cases alleging one kind of conduct ended, as of the report's time."""

    conduct: str
    cases: int
    statutory_sanction: int
    informal_only: int
    none_yet: int
    # Cases whose outcome includes each sanction type, by type code.
    by_sanction: dict[str, int]


_OUTCOMES = """
, outcome_now AS (
    SELECT DISTINCT ON (o.case_id) o.case_id, o.id
    FROM cases_outcome o JOIN scope s ON s.case_id = o.case_id
    WHERE o.decided_at <= %(as_of)s
    ORDER BY o.case_id, o.decided_at DESC, o.id DESC
),
conducts AS (
    SELECT DISTINCT a.case_id, a.conduct FROM cases_allegation a JOIN scope s ON s.case_id = a.case_id
),
-- The statutory sanction looked up per outcome (as reports.timeliness does, and for the same reason).
ended AS (
    SELECT c.case_id, c.conduct, o.id AS outcome_id, st.statutory IS NOT NULL AS statutory
    FROM conducts c LEFT JOIN outcome_now o ON o.case_id = c.case_id
    LEFT JOIN LATERAL (
        SELECT true AS statutory FROM cases_sanction sa JOIN cases_sanctiontype st ON st.id = sa.type_id
        WHERE sa.outcome_id = o.id AND st.statutory LIMIT 1
    ) st ON true
)
SELECT e.conduct, NULL::text AS sanction, count(*),
       count(*) FILTER (WHERE e.statutory), count(*) FILTER (WHERE NOT e.statutory),
       count(*) FILTER (WHERE e.outcome_id IS NULL)
FROM ended e GROUP BY e.conduct
UNION ALL
SELECT e.conduct, st.code, count(DISTINCT e.case_id), 0, 0, 0
FROM ended e
JOIN cases_sanction sa ON sa.outcome_id = e.outcome_id
JOIN cases_sanctiontype st ON st.id = sa.type_id
GROUP BY e.conduct, st.code
"""


def outcome_figures(*, first: dt.date, last: dt.date, as_of: dt.datetime) -> list[OutcomeRow]:
    """Statutory sanctions against informal steps, by the conduct alleged (a case alleging two kinds
    counts under both), with how many cases' outcomes included each sanction type. One query."""
    totals: dict[str, list[int]] = {}
    by_sanction: dict[str, dict[str, int]] = {}
    if connection.vendor != "postgresql":
        return History(period_scope(first, last), as_of=as_of).outcomes()
    with report_session(period_scope(first, last), as_of=as_of) as ask:
        rows = ask(_OUTCOMES)
    for conduct, sanction, cases, statutory, informal, none_yet in rows:
        if sanction is None:
            totals[conduct] = [cases, statutory, informal, none_yet]
        else:
            by_sanction.setdefault(conduct, {})[sanction] = cases
    return [
        OutcomeRow(
            conduct,
            cases=totals[conduct][0],
            statutory_sanction=totals[conduct][1],
            informal_only=totals[conduct][2],
            none_yet=totals[conduct][3],
            by_sanction=by_sanction.get(conduct, {}),
        )
        for conduct in sorted(totals)
    ]


@dataclass(frozen=True)
class FlagCount:
    kind: str
    level: int
    age: str
    count: int


# Ages of an open flag by its working days overdue, at the escalation thresholds of the default policy.
AGES = (("0-4", 0, 4), ("5-14", 5, 14), ("15+", 15, None))


def open_flag_counts(*, first: dt.date, last: dt.date) -> list[FlagCount]:
    """The flags open now (as of the last sweep) on the period's cases, by kind, level and age. One query."""
    from oversight.models import Flag

    tz_from, tz_before = (period_scope(first, last).params[k] for k in ("received_from", "received_before"))
    age = When_(
        *[
            When(
                overdue_working_days__gte=low,
                **({"overdue_working_days__lte": high} if high is not None else {}),
                then=Value(name),
            )
            for name, low, high in AGES
        ],
        output_field=CharField(),
    )
    rows: Sequence[dict[str, Any]] = list(
        Flag.objects.filter(closed_at__isnull=True, case__received_at__gte=tz_from, case__received_at__lt=tz_before)
        .annotate(age=age)
        .values("kind", "level", "age")
        .annotate(count=Count("id"))
        .order_by("kind", "-level", "age")
    )
    return [FlagCount(r["kind"], r["level"], r["age"], r["count"]) for r in rows]
