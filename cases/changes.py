"""The end of every action on a case: one helper, so that none of them can forget a part.

`lock_case` takes the case's row lock and re-reads the columns other actions write, so two officers acting
on one case at once are serialised and neither works from a stale copy. `record_case_change` then writes
the timeline entry and the audit row, recomputes the case's stored deadlines counting the change as
activity (writing only the columns it owns), and closes the flags whose step is no longer overdue, all in
the action's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from accounts.models import User
from cases.deadlines import refresh_case_deadlines
from cases.events import record_change
from cases.models import Case, CaseEvent, EventType
from oversight.settle import settle_flags

# Called with the case's id at the end of every change, in the action's transaction: apps above that
# keep data derived from a case register here in their AppConfig.ready() (reports.derived marks it stale).
CHANGE_LISTENERS: list[Callable[[int], None]] = []

# Columns that actions other than the one running may change; re-read under the lock.
SHARED_COLUMNS = ("stage", "stage_entered_at", "last_activity_at", "stage_due_at", "dormant_due_at")


def lock_case(case: Case) -> Case:
    """Lock `case`'s row until the transaction ends and refresh its shared columns in place; returns it.

    Must run inside a transaction (every `do_*` is one). Locking the same row again is harmless. Lock
    order: a case before its measures (accommodations.actions.lock_measure keeps it).
    """
    fresh = Case.objects.select_for_update().filter(pk=case.pk).values(*SHARED_COLUMNS).get()
    for column, value in fresh.items():
        setattr(case, column, value)
    return case


def record_case_change(
    case: Case,
    *,
    action: str,
    acting_user: User | None,
    at: dt.datetime,
    text: str,
    detail: dict[str, Any] | None = None,
    audit_detail: dict[str, Any] | None = None,
    type: str = EventType.CHANGE,
    stage_to: str = "",
    on_timeline: bool = True,
    activity: bool = True,
) -> CaseEvent | None:
    """Lock `case`, record the change (timeline entry and audit row `action`, see cases.events.record_change),
    recompute its stored deadlines (with `at` as its latest activity unless `activity=False`) and close
    the flags no longer overdue at `at`. Returns the timeline entry, if one was written."""
    lock_case(case)
    event = record_change(
        case,
        action=action,
        acting_user=acting_user,
        at=at,
        text=text,
        detail=detail,
        audit_detail=audit_detail,
        type=type,
        stage_to=stage_to,
        on_timeline=on_timeline,
    )
    refresh_case_deadlines(case, activity_at=at if activity else None)
    settle_flags(at=at, case_id=case.pk)
    for listener in CHANGE_LISTENERS:
        listener(case.pk)
    return event
