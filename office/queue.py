"""The officer's work queue: every step on her cases that is overdue or due within the next working days,
worst first, with its deadline and what the complainant is told when it is missed.

The steps come from the flag kinds' own registry (oversight.kinds): each kind's `overdue(horizon)` lists
its open steps due before the horizon, read from the partial indexes on the open rows, so a new kind of
step shows here without a change. Complainants' requests have a deadline but no flag kind; they are
read from the case's requests. A bounded number of queries: one per kind, plus a few.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import StaffRole, has_role
from casemgr.vocabulary import FINAL_STAGES
from cases.models import Case, ComplainantRequest, RequestDecision
from cases.selectors import find_cases
from deadlines.calendar import WorkingCalendar, local_date, working_days_after_moment
from deadlines.policy import request_decision_deadline
from oversight.kinds import DueStep, describe_flags, flag_kind, registered_kinds
from oversight.models import Flag

HORIZON_WORKING_DAYS = 5
MAX_ITEMS = 100
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


def _request_steps(cases: dict[int, Case], *, horizon: dt.datetime, calendar: WorkingCalendar) -> list[DueStep]:
    undecided = ComplainantRequest.objects.filter(case_id__in=list(cases)).exclude(
        Exists(RequestDecision.objects.filter(request=OuterRef("pk")))
    )
    steps = []
    for request in undecided.order_by("requested_at")[:MAX_ITEMS]:
        case = cases[request.case_id]
        due = request_decision_deadline(calendar, case.policy, request.requested_at).due_at
        if due < horizon:
            words = _("the decision on the request: %(kind)s") % {"kind": request.get_kind_display()}
            steps.append(DueStep(REQUEST_KIND, f"request:{request.pk}", due, case.pk, None, detail={"words": words}))
    return steps


def work_queue(user: User, *, now: dt.datetime, calendar: WorkingCalendar) -> list[QueueItem]:
    """The steps of `user`'s cases (the cases assigned to her; a supervisor's team's) overdue at `now` or due
    within HORIZON_WORKING_DAYS working days, worst first: highest flag level, overdue before due, oldest due."""
    mine = not has_role(user, StaffRole.CASE_SUPERVISOR)
    cases = {c.pk: c for c in find_cases(user, mine=mine).exclude(stage__in=FINAL_STAGES).select_related("policy")}
    if not cases:
        return []
    horizon = working_days_after_moment(calendar, now, HORIZON_WORKING_DAYS)
    steps = [
        step
        for kind in registered_kinds()
        for step in kind.overdue(horizon)
        if step.case_id in cases
    ]
    steps += _request_steps(cases, horizon=horizon, calendar=calendar)
    open_flags = {
        (f.kind, f.step_key): f
        for f in Flag.objects.filter(case_id__in=list(cases), closed_at__isnull=True).only(
            "kind", "step_key", "level", "overdue_working_days"
        )
    }
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
    return sorted(items, key=lambda item: item.urgency)[:MAX_ITEMS]
