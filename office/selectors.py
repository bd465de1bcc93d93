"""What the office pages read besides each app's own selectors: the flags a member of staff may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cases.access import cases_visible_to
from oversight.models import Flag
from oversight.selectors import URGENCY


def open_flags_visible_to(user: Any) -> QuerySet[Flag]:
    """Open flags on the cases `user` may open (cases.access.cases_visible_to), most urgent first."""
    return (
        Flag.objects.filter(closed_at__isnull=True, case__in=cases_visible_to(user))
        .select_related("case", "measure")
        .order_by(*URGENCY)
    )
