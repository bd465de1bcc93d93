"""What a case's interim measures say about closing it: a case may not be closed or withdrawn while a
measure is undecided, or approved and not yet in place (cases.workflow.check_closing asks this).

A measure that goes on after the case ends, such as a no-contact directive, is recorded as implemented
(with the date it ends); one that is no longer needed is declined or lifted, with reasons.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from accommodations.models import Measure
from casemgr.vocabulary import MeasureDecision, MeasureType
from cases.models import Case

# Undecided (and not lifted), or approved and neither in place nor lifted.
OPEN_AT_CLOSURE = Q(lifted_at__isnull=True, implemented_at__isnull=True) & (
    Q(decision="") | Q(decision=MeasureDecision.APPROVED)
)


def measures_blocking_closure(case: Case) -> list[str]:
    """Each open measure as "M1 (Class separation: not decided)", oldest request first."""
    items = []
    for code, type, decision in (
        Measure.objects.filter(OPEN_AT_CLOSURE, case=case)
        .order_by("requested_at", "id")
        .values_list("code", "type", "decision")
    ):
        state = _("approved, not yet in place") if decision == MeasureDecision.APPROVED else _("not decided")
        items.append(
            _("%(code)s (%(type)s: %(state)s)") % {"code": code, "type": MeasureType(type).label, "state": state}
        )
    return items
