"""Reading open flags: the worst flag per case, for lists of cases the caller has already scoped."""

from __future__ import annotations

from collections.abc import Iterable

from oversight.models import Flag

# Most urgent first: highest level, then longest overdue, then earliest due.
URGENCY = ("-level", "-overdue_working_days", "due_at", "id")


def _urgency_key(flag: Flag) -> tuple[int, int, float, int]:
    return (-flag.level, -flag.overdue_working_days, flag.due_at.timestamp(), flag.pk)


def worst_flag_by_case(case_ids: Iterable[int]) -> dict[int, Flag]:
    """The most urgent open flag of each case among `case_ids` (cases without one are absent).

    One query on the open-flag partial index; the caller has already scoped `case_ids` to the user.
    """
    worst: dict[int, Flag] = {}
    for flag in Flag.objects.filter(case_id__in=list(case_ids), closed_at__isnull=True).select_related("measure"):
        assert flag.case_id is not None  # filtered on case ids
        current = worst.get(flag.case_id)
        if current is None or _urgency_key(flag) < _urgency_key(current):
            worst[flag.case_id] = flag
    return worst
