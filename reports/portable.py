"""The reports' history and figures worked out in Python, for a database other than PostgreSQL (the
embedded default, SQLite, that `scripts/run` uses): the same rules as reports.deadline_history and the
same aggregates as reports.timeliness and reports.selectors, read with the ORM.

PostgreSQL answers in SQL, in a fixed number of statements whatever the number of cases (a hundred
thousand cases is its job); this path loads the scope's cases, events and measures into memory, which
is what a demonstration or a small installation on SQLite has. The tests compare both with the same
expected figures (tests/reports, run on both databases).
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from accommodations.models import Measure
from cases.models import Allegation, Case, CaseEvent, Outcome, Sanction
from deadlines.calendar import WorkingCalendar, end_of_day, local_date
from deadlines.models import MeasureDeadlineRule, StageDeadlineRule
from timetable.models import Enrollment, Session

if TYPE_CHECKING:
    from reports.deadline_history import CaseDeadline, Gap, Scope
    from reports.selectors import Milestone, OutcomeRow
    from reports.timeliness import Figures, GroupBy

FINAL = ("closed", "withdrawn")


def _scope_filter(scope: Scope) -> Q:
    """The ORM form of the scopes reports.deadline_history makes (by id, by ids, by period and team)."""
    p = scope.params
    if "case_id" in p:
        return Q(pk=p["case_id"])
    if "case_ids" in p:
        return Q(pk__in=p["case_ids"])
    q = Q(received_at__gte=p["received_from"], received_at__lt=p["received_before"])
    if "team_id" in p:
        q &= Q(team_id=p["team_id"])
    return q


@dataclass
class _Row:
    case_id: int
    kind: str
    measure_type: str | None
    measure: str | None
    ref_id: int
    due_at: dt.datetime
    done_at: dt.datetime | None
    status: str = ""
    late_working_days: int = 0


@dataclass
class _CaseHistory:
    case: Case
    stage: str = "received"
    deadlines: list[_Row] = field(default_factory=list)
    gaps: list[tuple[dt.datetime, dt.datetime, int]] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)


class History:
    """The history of the cases of `scope` as of `as_of` (only what had happened by then)."""

    def __init__(self, scope: Scope, *, as_of: dt.datetime) -> None:
        self.as_of = as_of
        self.calendar = WorkingCalendar.load()
        cases = list(Case.objects.filter(_scope_filter(scope), received_at__lte=as_of).select_related("policy"))
        self.cases: dict[int, _CaseHistory] = {c.pk: _CaseHistory(c) for c in cases}
        ids = list(self.cases)
        events: dict[int, list[CaseEvent]] = defaultdict(list)
        for e in CaseEvent.objects.filter(case_id__in=ids, at__lte=as_of).order_by("at", "id"):
            events[e.case_id].append(e)
        for m in Measure.objects.filter(case_id__in=ids, requested_at__lte=as_of).order_by("id"):
            self.cases[m.case_id].measures.append(m)
        policies = {c.policy_id for c in cases}
        stage_rules = list(StageDeadlineRule.objects.filter(policy_id__in=policies))
        measure_rules = {
            (r.policy_id, r.measure_type): r for r in MeasureDeadlineRule.objects.filter(policy_id__in=policies)
        }
        sanctions: dict[int, list[Sanction]] = defaultdict(list)
        for sa in Sanction.objects.filter(
            outcome__case_id__in=ids, due_at__isnull=False, outcome__decided_at__lte=as_of
        ).select_related("outcome"):
            sanctions[sa.outcome.case_id].append(sa)
        for h in self.cases.values():
            self._build(h, events[h.case.pk], stage_rules, measure_rules, sanctions[h.case.pk])

    def ordinal_days(self, start: dt.datetime, end: dt.datetime) -> int:
        """ordinal(date of end) - ordinal(date of start), as the working-day table gives it."""
        a, b = local_date(start), local_date(end)
        if b >= a:
            return self.calendar.working_days_after(a, b)
        return -self.calendar.working_days_after(b, a)

    def _due(self, moment: dt.datetime, days: int | None) -> dt.datetime | None:
        if days is None:
            return None
        return end_of_day(self.calendar.add_working_days(local_date(moment), days))

    def _build(
        self,
        h: _CaseHistory,
        events: list[CaseEvent],
        stage_rules: list[StageDeadlineRule],
        measure_rules: dict[tuple[int, str], MeasureDeadlineRule],
        sanctions: list[Sanction],
    ) -> None:
        case, as_of = h.case, self.as_of
        stage_events = [e for e in events if e.type == "stage"]
        if stage_events:
            h.stage = stage_events[-1].stage_to
        rows: list[_Row] = []
        policy_rules = [r for r in stage_rules if r.policy_id == case.policy_id]
        receipt = [r for r in policy_rules if r.basis == "received" or r.stage == "received"]
        if receipt:
            on_received = [r.working_days for r in receipt if r.stage == "received"]
            days = max(on_received) if on_received else min(r.working_days for r in receipt)
            stages = {r.stage for r in receipt}
            done = [e.at for e in stage_events if e.stage_to not in stages]
            due = self._due(case.received_at, days)
            if due is not None:
                rows.append(_Row(case.pk, "stage_overdue", None, None, 0, due, min(done) if done else None))
        entered = {r.stage: r.working_days for r in policy_rules if r.basis == "entered" and r.stage != "received"}
        for i, e in enumerate(stage_events):
            if e.stage_to in entered:
                due = self._due(e.at, entered[e.stage_to])
                following = stage_events[i + 1].at if i + 1 < len(stage_events) else None
                if due is not None:
                    rows.append(_Row(case.pk, "stage_overdue", None, None, e.pk, due, following))
        for m in h.measures:
            rule = measure_rules.get((case.policy_id, m.type))
            decision_done = m.decided_at or m.implemented_at
            decision_done = decision_done if decision_done is not None and decision_done <= as_of else None
            live = m.lifted_at is None or m.lifted_at > as_of
            if decision_done is not None or live:
                due = (
                    m.decision_due_at_completion
                    or m.decision_due_at
                    or self._due(m.requested_at, rule.decision_working_days if rule else None)
                )
                if due is not None:
                    rows.append(_Row(case.pk, "measure_decision_overdue", m.type, m.code, m.pk, due, decision_done))
            implemented = m.implemented_at if m.implemented_at is not None and m.implemented_at <= as_of else None
            declined = m.decision == "declined" and (m.decided_at is None or m.decided_at <= as_of)
            if implemented is not None or (live and not declined):
                due = (
                    m.implementation_due_at_completion
                    or m.implementation_due_at
                    or self._due(m.requested_at, rule.implementation_working_days if rule else None)
                )
                if due is not None:
                    rows.append(_Row(case.pk, "measure_implementation_overdue", m.type, m.code, m.pk, due, implemented))
        for sa in sanctions:
            assert sa.due_at is not None
            complied = sa.complied_at if sa.complied_at is not None and sa.complied_at <= as_of else None
            rows.append(_Row(case.pk, "sanction_compliance_overdue", None, None, sa.pk, sa.due_at, complied))
        for r in rows:
            if r.done_at is not None:
                r.status = "met" if r.done_at <= r.due_at else "missed"
                r.late_working_days = self.ordinal_days(r.due_at, r.done_at) if r.done_at > r.due_at else 0
            elif r.due_at < as_of:
                r.status, r.late_working_days = "overdue", self.ordinal_days(r.due_at, as_of)
            else:
                r.status = "pending"
        h.deadlines = rows
        points = [case.received_at, *(e.at for e in events if e.type != "system")]
        for m in h.measures:
            points.append(m.requested_at)
            points += [at for at in (m.decided_at, m.implemented_at) if at is not None and at <= as_of]
        if h.stage not in FINAL:
            points.append(as_of)
        points.sort()
        h.gaps = [(a, b, self.ordinal_days(a, b)) for a, b in itertools.pairwise(points)]

    # What the chronology and the case list ask.

    def case_deadlines(self) -> list[CaseDeadline]:
        from reports.deadline_history import CaseDeadline

        rows = [r for h in self.cases.values() for r in h.deadlines]
        rows.sort(key=lambda r: (r.due_at, r.kind, r.measure is not None, r.measure or "", r.ref_id))
        return [
            CaseDeadline(r.kind, r.measure_type, r.measure, r.due_at, r.done_at, r.status, r.late_working_days)
            for r in rows
        ]

    def dormant_periods(self) -> list[Gap]:
        from reports.deadline_history import Gap

        gaps = [
            Gap(a, b, days)
            for h in self.cases.values()
            for a, b, days in h.gaps
            if days > h.case.policy.dormancy_working_days
        ]
        return sorted(gaps, key=lambda g: (g.from_at, g.to_at))

    def longest_gaps(self) -> dict[int, int]:
        return {pk: max(d for _, _, d in h.gaps) for pk, h in self.cases.items() if h.gaps}

    # What reports.timeliness and reports.selectors aggregate.

    def _key(self, h: _CaseHistory, group_by: GroupBy) -> Any:
        if group_by.name == "TEAM":
            return h.case.team_id
        if group_by.name == "MONTH":
            return local_date(h.case.received_at).replace(day=1)
        return None

    def _latest_outcomes(self) -> dict[int, Outcome]:
        latest: dict[int, Outcome] = {}
        for o in Outcome.objects.filter(case_id__in=list(self.cases), decided_at__lte=self.as_of).order_by(
            "decided_at", "id"
        ):
            latest[o.case_id] = o
        return latest

    def _statutory_outcomes(self) -> set[int]:
        return set(
            Sanction.objects.filter(outcome__case_id__in=list(self.cases), type__statutory=True).values_list(
                "outcome_id", flat=True
            )
        )

    def figures(self, group_by: GroupBy, *, with_total: bool = False) -> dict[Any, Figures]:
        from reports.timeliness import Figures

        # The total is there even over no cases, as a grouping set `()` gives it.
        figures: dict[Any, Figures] = {None: Figures()} if with_total else {}
        keyed = [(h, [self._key(h, group_by)] + ([None] if with_total else [])) for h in self.cases.values()]
        outcomes, statutory = self._latest_outcomes(), self._statutory_outcomes()
        shared = self._shared_sessions()
        deadlines: dict[Any, dict[tuple[str, str | None], list[_Row]]] = defaultdict(lambda: defaultdict(list))
        for h, keys in keyed:
            for key in keys:
                f = figures.setdefault(key, Figures())
                f.received += 1
                f.open += h.stage not in FINAL
                o = outcomes.get(h.case.pk)
                if o is None:
                    f.none_yet += 1
                elif o.pk in statutory:
                    f.statutory_sanction += 1
                else:
                    f.informal_only += 1
                for r in h.deadlines:
                    deadlines[key][(r.kind, r.measure_type)].append(r)
                for m in h.measures:
                    if m.type == "class_separation" and m.pk in shared:
                        f.separation_requests += 1
                        f.with_shared_sessions += shared[m.pk] > 0
                        f.shared_sessions += shared[m.pk]
                dormancy = h.case.policy.dormancy_working_days
                dormant = [d for _, _, d in h.gaps if d > dormancy]
                if dormant:
                    f.cases_dormant += 1
                    f.longest_working_days = max(f.longest_working_days or 0, *dormant)
        for key, kinds in deadlines.items():
            for (kind, measure_type), rows in sorted(kinds.items(), key=lambda i: (i[0][0], i[0][1] or "")):
                figures[key].deadlines.append(_deadline_figures(kind, measure_type, rows))
        return figures

    def _shared_sessions(self) -> dict[int, int]:
        """The contract's class-separation rule: shared sessions after the request, up to the
        implementation, the decision of a declined request, or T (reports.timeliness has it in SQL)."""
        as_of = self.as_of
        measures = [
            m for h in self.cases.values() for m in h.measures if m.type == "class_separation" and m.requested_by_id
        ]
        users = {m.requested_by_id for m in measures} | {m.against_id for m in measures if m.against_id}
        from django.contrib.auth import get_user_model

        usernames = dict(get_user_model().objects.filter(pk__in=users).values_list("pk", "username"))
        groups: dict[str, set[int]] = defaultdict(set)
        for student, group in Enrollment.objects.filter(student_id__in=list(usernames.values())).values_list(
            "student_id", "group_id"
        ):
            groups[student].add(group)
        common: dict[int, set[int]] = {}
        ends: dict[int, dt.datetime] = {}
        for m in measures:
            if m.requested_by_id not in usernames:
                continue
            against = groups.get(usernames[m.against_id], set()) if m.against_id in usernames else set()
            common[m.pk] = groups[usernames[m.requested_by_id]] & against
            if m.implemented_at is not None and m.implemented_at <= as_of:
                ends[m.pk] = m.implemented_at
            elif m.decision == "declined" and m.decided_at is not None and m.decided_at <= as_of:
                ends[m.pk] = m.decided_at
            else:
                ends[m.pk] = as_of
        starts: dict[int, list[dt.datetime]] = defaultdict(list)
        wanted = set().union(*common.values()) if common else set()
        for group, starts_at in Session.objects.filter(group_id__in=wanted).values_list("group_id", "starts_at"):
            starts[group].append(starts_at)
        return {
            m.pk: sum(1 for g in common[m.pk] for at in starts[g] if m.requested_at < at < ends[m.pk])
            for m in measures
            if m.pk in common
        }

    def milestones(self) -> list[Milestone]:
        from reports.selectors import MILESTONES, Milestone

        firsts: dict[str, list[int]] = defaultdict(list)
        outcomes: dict[int, dt.datetime] = {}
        for case_id, at in Outcome.objects.filter(case_id__in=list(self.cases), decided_at__lte=self.as_of).values_list(
            "case_id", "decided_at"
        ):
            outcomes[case_id] = min(at, outcomes.get(case_id, at))
        for pk, h in self.cases.items():
            decided = [m.decided_at for m in h.measures if m.decided_at is not None and m.decided_at <= self.as_of]
            done = [m.implemented_at for m in h.measures if m.implemented_at and m.implemented_at <= self.as_of]
            for name, moments in (("first_decision", decided), ("first_implementation", done)):
                if moments:
                    firsts[name].append(self.ordinal_days(h.case.received_at, min(moments)))
            if pk in outcomes:
                firsts["outcome"].append(self.ordinal_days(h.case.received_at, outcomes[pk]))
        return [
            Milestone(name, len(firsts[name]), float(statistics.median(firsts[name])) if firsts[name] else None)
            for name in MILESTONES
        ]

    def policies(self) -> list[tuple[str, dt.date, int]]:
        found = {
            (h.case.policy.name, h.case.policy.effective_from, h.case.policy.dormancy_working_days)
            for h in self.cases.values()
        }
        return sorted(found, key=lambda p: (p[1], p[0]))

    def outcomes(self) -> list[OutcomeRow]:
        from reports.selectors import OutcomeRow

        latest, statutory = self._latest_outcomes(), self._statutory_outcomes()
        codes: dict[int, set[str]] = defaultdict(set)
        for outcome_id, code in Sanction.objects.filter(outcome_id__in=[o.pk for o in latest.values()]).values_list(
            "outcome_id", "type__code"
        ):
            codes[outcome_id].add(code)
        conducts = set(
            Allegation.objects.filter(case_id__in=list(self.cases)).values_list("case_id", "conduct").distinct()
        )
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
        by_sanction: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for case_id, conduct in conducts:
            o = latest.get(case_id)
            t = totals[conduct]
            t[0] += 1
            # As the SQL counts them: a case without an outcome has no statutory sanction.
            if o is not None and o.pk in statutory:
                t[1] += 1
            else:
                t[2] += 1
            if o is None:
                t[3] += 1
            for code in codes.get(o.pk, set()) if o is not None else set():
                by_sanction[conduct][code] += 1
        return [
            OutcomeRow(
                conduct,
                cases=t[0],
                statutory_sanction=t[1],
                informal_only=t[2],
                none_yet=t[3],
                by_sanction=dict(by_sanction.get(conduct, {})),
            )
            for conduct, t in sorted(totals.items())
        ]


def _deadline_figures(kind: str, measure_type: str | None, rows: list[_Row]) -> Any:
    from reports.timeliness import DeadlineFigures

    statuses = [r.status for r in rows]
    late = [r.late_working_days for r in rows if r.status in ("missed", "overdue")]
    return DeadlineFigures(
        kind,
        measure_type,
        len(rows),
        statuses.count("met"),
        statuses.count("missed"),
        statuses.count("overdue"),
        statuses.count("pending"),
        len(late),
        float(statistics.median(late)) if late else None,
    )
