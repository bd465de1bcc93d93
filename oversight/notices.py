"""Who is told about flags, as outbox rows: staff by level, and the people waiting on a step.

Every function here only builds `Outgoing` rows; the caller queues them in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from notifications.models import NotificationKind
from notifications.outbox import Outgoing
from oversight.kinds import by_kind, flag_kind
from oversight.models import Flag


def staff_notices(flags_and_levels: Iterable[tuple[Flag, Iterable[int]]]) -> list[Outgoing]:
    """One message per member of staff at each of the given levels of each flag (e.g. levels 1..3 for a
    flag raised at level 3, or just 3 for one escalated from 2)."""
    pairs = [(flag, list(levels)) for flag, levels in flags_and_levels]
    outgoing = []
    for name, flags in by_kind(flag for flag, _levels in pairs).items():
        people = flag_kind(name).recipients(flags)
        for flag, levels in pairs:
            if flag.kind != name:
                continue
            for level in levels:
                for user_id in sorted(people.get(flag.pk, {}).get(level, set())):
                    outgoing.append(
                        Outgoing(user_id, flag.case_id, flag.pk, NotificationKind.STEP_OVERDUE.value, flag.kind, level)
                    )
    return outgoing


def waiting_notices(flags: Sequence[Flag], *, kind: NotificationKind) -> list[Outgoing]:
    """One message to each person waiting on each flag's step (REQUEST_OVERDUE when raised, REQUEST_DONE
    when the step is done)."""
    outgoing = []
    for name, group in by_kind(flags).items():
        waiting = flag_kind(name).waiting(group)
        for flag in group:
            for user_id in sorted(waiting.get(flag.pk, set())):
                outgoing.append(Outgoing(user_id, flag.case_id, flag.pk, kind.value, flag.kind, 1))
    return outgoing
