"""The officer's work queue: every step on her cases that is overdue or due within the next working days,
worst first, with its deadline and what the complainant is told when it is missed.

The steps come from the flag kinds' own registry (oversight.kinds): each kind's `overdue(horizon)` lists
its open steps due before the horizon, read from the partial indexes on the open rows, so a new kind of
step shows here without a change. Complainants' requests have a deadline but no flag kind; they are
read from the case's requests. A bounded number of queries (one or two per kind, plus a few) reading a bounded
number of rows, whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import StaffRole, has_role
from cases.access import visibility_condition
from cases.models import Case, ComplainantRequest, RequestDecision
from cases.models.case import OPEN_CASE, open_case
from cases.selectors import find_cases
from deadlines.calendar import WorkingCalendar, local_date, working_days_after_moment
from deadlines.policy import request_decision_deadline
from oversight.kinds import CaseCondition, CaseScope, DueStep, describe_flags, flag_kind, in_cases, registered_kinds
from oversight.models import Flag

HORIZON_WORKING_DAYS = 5
LISTED_CASES = 2000
MAX_ITEMS = 30  # the most urgent; the flags page lists every open flag
REQUEST_KIND = "request_decision"


@dataclass(frozen=True)
class QueueItem:
    case: Case
    step: str
    due_at: dt.datetime
    overdue: bool
    overdue_working_days: int
    level: int  # the open flag's level, 0 when none is raised yet
    consequence: str  # what the complainant sees when the step is missed

    @property
    def urgency(self) -> tuple[int, int, dt.datetime]:
        return (-self.level, 0 if self.overdue else 1, self.due_at)


def _consequence(kind: str) -> str:
    sentence = str(flag_kind(kind).waiting_overdue_sentence) if kind != REQUEST_KIND else ""
    if sentence:
        return _("Once overdue the complainant is told: “%(sentence)s”") % {"sentence": sentence}
    if kind == REQUEST_KIND:
        return _("The complainant sees on her page that the decision on her request is still awaited.")
    return _("The complainant sees no message; supervisors are told as it escalates.")


def _request_steps(cases: CaseScope, *, horizon: dt.datetime, calendar: WorkingCalendar) -> list[DueStep]:
    undecided = ComplainantRequest.objects.filter(in_cases("case_id", cases)).exclude(
        Exists(RequestDecision.objects.filter(request=OuterRef("pk")))
    )
    steps = []
    for request in undecided.select_related("case__policy").order_by("requested_at", "pk")[:MAX_ITEMS]:
        due = request_decision_deadline(calendar, request.case.policy, request.requested_at).due_at
        if due < horizon:
            words = _("the decision on the request: %(kind)s") % {"kind": request.get_kind_display()}
            steps.append(
                DueStep(REQUEST_KIND, f"request:{request.pk}", due, request.case_id, None, detail={"words": words})
            )
    return steps


def _candidate_steps(cases: CaseScope, *, horizon: dt.datetime) -> list[DueStep]:
    """The steps that can be among the first MAX_ITEMS: those of the highest open flags (as the flags
    record them), and of each kind the earliest due. Read in the database for the user's cases only (an
    officer may hold thousands of cases, years of them imported), so the queue's queries and the rows they
    return are the same in number at any size."""
    flagged = Flag.objects.filter(in_cases("case_id", cases), closed_at__isnull=True).order_by("-level", "due_at", "pk")
    steps = {
        (flag.kind, flag.step_key): DueStep(
            flag.kind,
            flag.step_key,
            flag.due_at,
            flag.case_id,
            None,
            measure_id=flag.measure_id,
            sanction_id=flag.sanction_id,
        )
        for flag in flagged.only("kind", "step_key", "due_at", "case_id", "measure_id", "sanction_id")[:MAX_ITEMS]
    }
    counts = Counter(kind for kind, _ in steps)
    for kind in registered_kinds():
        # The earliest due, enough of them that MAX_ITEMS remain besides the flagged ones; the kind's own
        # reading of a step replaces the flag's.
        found = kind.overdue(horizon, cases=cases, limit=MAX_ITEMS + counts[kind.name], with_detail=False)
        steps.update(((step.kind, step.step_key), step) for step in found)
    return list(steps.values())


def open_cases_condition(user: User) -> CaseCondition:
    """The open cases `user` may open, as a condition on each row's case (oversight.kinds.CaseCondition).
    The same cases as the queue's list of them: for an officer who supervises no team her visible cases
    are her own (find_cases with `mine`)."""
    return CaseCondition(lambda prefix: visibility_condition(user, prefix=prefix) & open_case(prefix))


def work_queue(user: User, *, now: dt.datetime, calendar: WorkingCalendar) -> list[QueueItem]:
    """The steps of `user`'s cases (the cases assigned to her; a supervisor's team's) overdue at `now` or due
    within HORIZON_WORKING_DAYS working days, worst first: highest flag level, overdue before due, oldest
    due; at most MAX_ITEMS."""
    mine = not has_role(user, StaffRole.CASE_SUPERVISOR)
    # Unordered: every id is used (or the subquery), so the planner merges the open cases' index with her
    # assignments' and reads no table row (sorted by receipt, it read all 6,654 open cases' rows).
    open_query = find_cases(user, mine=mine).filter(OPEN_CASE).order_by().values_list("pk", flat=True)
    # Read once and given to each kind's query as a list of ids, which the planner joins far more cheaply
    # than the same subquery repeated in each; a caseload too large to list stays a subquery.
    ids = list(open_query[: LISTED_CASES + 1])
    if not ids:
        return []
    # As one array (`case_id = ANY(...)`, oversight.kinds.in_cases), planned as the IN list it stands for:
    # `IN (SELECT unnest(...))` had the planner run the subquery once per flag row when there were many,
    # and an IN list of hundreds of placeholders cost the driver more to render than the database to run.
    # More cases than that (a supervisor's team) as a condition on each row's case, which the planner
    # estimates on the cases table rather than as a subquery of thousands of ids (docs/benchmarks.md).
    open_cases: CaseScope = ids if len(ids) <= LISTED_CASES else open_cases_condition(user)
    horizon = working_days_after_moment(calendar, now, HORIZON_WORKING_DAYS)
    steps = _candidate_steps(open_cases, horizon=horizon)
    steps += _request_steps(open_cases, horizon=horizon, calendar=calendar)
    if not steps:
        return []
    open_flags = {
        (f.kind, f.step_key): f
        for f in Flag.objects.filter(
            in_cases("case_id", open_cases), closed_at__isnull=True, step_key__in={step.step_key for step in steps}
        ).only("kind", "step_key", "level", "overdue_working_days")
    }

    def urgency(step: DueStep) -> tuple[int, dt.datetime, str]:
        flag = open_flags.get((step.kind, step.step_key))
        # Overdue before due is the same order as by due time.
        return (-(flag.level if flag else 0), step.due_at, step.step_key)

    steps = sorted(steps, key=urgency)[:MAX_ITEMS]
    cases = Case.objects.in_bulk({step.case_id for step in steps if step.case_id is not None})
    # The kinds' words for each step, through unsaved flags numbered by position (describe_many keys by pk).
    probes = []
    for index, step in enumerate(steps):
        if step.kind != REQUEST_KIND:
            probe = Flag(
                kind=step.kind,
                step_key=step.step_key,
                case_id=step.case_id,
                measure_id=step.measure_id,
                sanction_id=step.sanction_id,
                due_at=step.due_at,
            )
            probe.pk = index + 1
            probes.append(probe)
    words = describe_flags(probes)
    items = []
    for index, step in enumerate(steps):
        flag = open_flags.get((step.kind, step.step_key))
        overdue = step.due_at < now
        days = calendar.working_days_after(local_date(step.due_at), local_date(now)) if overdue else 0
        items.append(
            QueueItem(
                case=cases[step.case_id or 0],
                step=step.detail.get("words") or words.get(index + 1, ""),
                due_at=step.due_at,
                overdue=overdue,
                overdue_working_days=flag.overdue_working_days if flag else days,
                level=flag.level if flag else 0,
                consequence=_consequence(step.kind),
            )
        )
    return sorted(items, key=lambda item: item.urgency)
