"""Closing a flag in the transaction of the action that completed its step.

Without this, the officer who just decided a measure would still see it overdue, and the supervisor might
be told about it, until the next sweep. Actions call `settle_flags` after recomputing the due dates they
changed; it closes each open flag in scope whose step is no longer overdue at `at`, exactly as the sweep
would (oversight.closing). Raising and escalating stay with the sweep.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from notifications.outbox import queue_notifications
from oversight.closing import close_flags, record_history
from oversight.kinds import by_kind, flag_kind
from oversight.models import Flag


def settle_flags(*, at: dt.datetime, case_id: int | None = None, step_keys: Collection[str] = ()) -> int:
    """Close the open flags of case `case_id` (and/or with one of `step_keys`) whose step is no longer
    overdue at `at`; returns how many were closed. Must run inside the action's transaction."""
    scope = Flag.objects.filter(closed_at__isnull=True)
    if case_id is not None and step_keys:
        scope = scope.filter(case_id=case_id) | scope.filter(step_key__in=list(step_keys))
    elif case_id is not None:
        scope = scope.filter(case_id=case_id)
    elif step_keys:
        scope = scope.filter(step_key__in=list(step_keys))
    else:
        return 0
    # The same lock order as the sweep (flag ids ascending), so the two never deadlock.
    flags = list(scope.select_for_update().order_by("pk"))
    if not flags:
        return 0
    closing: list[Flag] = []
    for name, group in by_kind(flags).items():
        if not flag_kind(name).settled_by_actions:
            continue
        still_due = {step.step_key for step in flag_kind(name).overdue(at, only={f.step_key for f in group})}
        closing.extend(flag for flag in group if flag.step_key not in still_due)
    if not closing:
        return 0
    history, notices = close_flags(closing, now=at)
    record_history(history)
    queue_notifications(notices, at=at)
    return len(closing)
