"""The parties' flag kinds (oversight.kinds): a delay a complainant was told of but not explained within
the policy's working days, and a party's request for a review left unanswered past its deadline.

`DelayUnexplained` has no due column of its own: its steps are the open flags the complainant waits on
(few, and locked by the sweep anyway), each due `delay_explanation_working_days` after it was raised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import cast

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casemgr.vocabulary import FlagKind
from cases.flag_kinds import CaseFlagKind
from deadlines.calendar import WorkingCalendar
from deadlines.models import DeadlinePolicy
from deadlines.policy import delay_explanation_deadline
from oversight.kinds import CaseScope, DueStep, first_due, in_cases, keys_to_ids, register
from oversight.models import Flag
from portal.models import ReviewRequest

DELAY_UNEXPLAINED = "delay_unexplained"
REVIEW_OVERDUE = "review_overdue"
# The steps a complainant waits on: she is told when one is late, and the officer must say why.
WAITED_ON = (
    FlagKind.STAGE_OVERDUE.value,
    FlagKind.MEASURE_DECISION_OVERDUE.value,
    FlagKind.MEASURE_IMPLEMENTATION_OVERDUE.value,
)


def delays_waiting_for_reason(
    cases: CaseScope | None = None, *, ids: list[int] | None = None, first: int | None = None
) -> list[Flag]:
    """Open flags on steps a complainant waits on that have no written reason yet: of `cases` only (case
    ids or a query of them) and with `ids` only, if given; with `first`, under each deadline policy the
    `first` raised earliest, whose reasons are due first (a reason is due a number of working days after
    the flag, set by the policy), rather than all of them."""
    flags = Flag.objects.filter(
        closed_at__isnull=True, kind__in=WAITED_ON, case__isnull=False, explanations__isnull=True
    )
    if cases is not None:
        flags = flags.filter(in_cases("case_id", cases))
    if ids is not None:
        flags = flags.filter(pk__in=ids)
    flags = flags.select_related("case__policy")
    if first is None:
        return list(flags.order_by("pk"))
    chosen: list[Flag] = []
    for policy_id in DeadlinePolicy.objects.values_list("pk", flat=True):
        chosen += flags.filter(case__policy_id=policy_id).order_by("raised_at", "pk")[:first]
    return chosen


class DelayUnexplained(CaseFlagKind):
    name = DELAY_UNEXPLAINED
    label = _("Delay not explained to the complainant")
    title = _("delay not explained to the complainant")
    staff_sentence = _(
        "A complainant was told that a step is late, and no reason or new date has been written for her in time."
    )

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        flags = delays_waiting_for_reason(cases, ids=keys_to_ids("delay", only), first=limit)
        if not flags:
            return []
        calendar = WorkingCalendar.load()
        steps = []
        for flag in flags:
            case = flag.case
            assert case is not None  # filtered above
            due = delay_explanation_deadline(calendar, case.policy, flag.raised_at).due_at
            if due < now:
                steps.append(DueStep(self.name, f"delay:{flag.pk}", due, case.pk, case.policy_id))
        if limit is not None:
            steps = sorted(steps, key=lambda step: (step.due_at, step.step_key))[:limit]
        return steps

    def describe(self, flag: Flag) -> str:
        return gettext("a written reason for a delay, for the complainant")


class ReviewOverdue(CaseFlagKind):
    name = REVIEW_OVERDUE
    label = _("Request for a review not answered")
    title = _("request for a review not answered")
    staff_sentence = _("A party asked for a review and has not had an answer by its deadline.")

    def overdue(
        self,
        now: dt.datetime,
        *,
        only: Collection[str] | None = None,
        cases: CaseScope | None = None,
        limit: int | None = None,
        with_detail: bool = True,
    ) -> list[DueStep]:
        due = ReviewRequest.objects.filter(due_at__isnull=False, due_at__lt=now)
        ids = keys_to_ids("review", only)
        if ids is not None:
            due = due.filter(pk__in=ids)
        if cases is not None:
            due = due.filter(in_cases("party__case_id", cases))
        rows = first_due(due, "due_at", limit).values_list("pk", "party__case_id", "due_at", "party__case__policy_id")
        return [
            DueStep(self.name, f"review:{pk}", cast(dt.datetime, due_at), case_id, policy_id)
            for pk, case_id, due_at, policy_id in rows
        ]

    def describe(self, flag: Flag) -> str:
        return gettext("an answer to a request for a review")


def register_flag_kinds() -> None:
    for kind in (DelayUnexplained(), ReviewOverdue()):
        register(kind)
