"""What the office pages read besides each app's own selectors: the flags a member of staff may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from accommodations.flag_kinds import STEP_OF_KIND
from accommodations.models import DeadlineAdjustment
from accounts.roles import StaffRole, has_role
from cases.access import cases_visible_to
from oversight.models import Flag
from oversight.selectors import URGENCY


def open_flags_visible_to(user: Any) -> QuerySet[Flag]:
    """Open flags on the cases `user` may open (cases.access.cases_visible_to), and for supervisors the flags
    about no case (the outbox, the sweep itself), most urgent first."""
    visible = Q(case__in=cases_visible_to(user))
    if has_role(user, StaffRole.CASE_SUPERVISOR):
        visible |= Q(case__isnull=True)
    return Flag.objects.filter(visible, closed_at__isnull=True).select_related("case", "measure").order_by(*URGENCY)


def with_adjustments(flags: Iterable[Flag]) -> list[Flag]:
    """The flags, each measure flag given the open pause or extension of its step as `adjustment` (one query),
    so the flag lists show why a deadline moved and when it is reviewed."""
    flags = list(flags)
    measure_ids = {f.measure_id for f in flags if f.measure_id is not None}
    open_adjustments: dict[tuple[int | None, str], DeadlineAdjustment] = {
        (a.measure_id, a.step): a
        for a in DeadlineAdjustment.objects.filter(measure_id__in=measure_ids, ended_at__isnull=True)
    }
    for flag in flags:
        step = STEP_OF_KIND.get(flag.kind)
        flag.adjustment = open_adjustments.get((flag.measure_id, step)) if step else None  # type: ignore[attr-defined]
    return flags
