"""Writing the case chronology."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from accounts.models import User
from audit.actions import record_action
from cases.models import Case, CaseEvent, EventType


def record_change(
    case: Case,
    *,
    action: str,
    acting_user: User | None,
    at: dt.datetime,
    text: str,
    detail: dict[str, Any] | None = None,
    type: str = EventType.CHANGE,
    stage_to: str = "",
    on_timeline: bool = True,
    audit_detail: dict[str, Any] | None = None,
) -> CaseEvent | None:
    """A change to a case: its timeline entry and its audit row `action` (e.g. "measure.decide"), both in
    the caller's transaction. The caller refreshes the case's deadlines.

    `detail` (ids and codes only) is kept on the entry and copied, with `audit_detail`, to the audit row;
    `text` stays on the timeline. With `on_timeline=False` only the audit row is written (a change the
    system makes, e.g. on import). Returns the timeline entry, if one was written.
    """
    event = None
    if on_timeline:
        event = CaseEvent.objects.create(
            case=case, at=at, actor=acting_user, type=type, stage_to=stage_to, text=text, detail=detail or {}
        )
    trail = {key: value for key, value in (detail or {}).items() if key != "action"}
    if event is not None:
        trail["event"] = event.pk
    record_action(action, actor=acting_user, at=at, case_id=case.pk, detail={**trail, **(audit_detail or {})})
    return event


def record_system_event(case: Case, *, at: dt.datetime, text: str, detail: dict[str, Any]) -> CaseEvent:
    """Something the system did (a flag raised, escalated, closed): on the timeline, not activity."""
    return CaseEvent.objects.create(case=case, at=at, actor=None, type=EventType.SYSTEM, text=text, detail=detail)


def record_system_events(entries: Iterable[tuple[Case, dt.datetime, str, dict[str, Any]]]) -> list[CaseEvent]:
    """Many `record_system_event`s at once, as (case, at, text, detail): a sweep raising hundreds of flags
    writes their timeline entries in a few statements, in the caller's transaction."""
    events = [
        CaseEvent(case=case, at=at, actor=None, type=EventType.SYSTEM, text=text, detail=detail)
        for case, at, text, detail in entries
    ]
    return CaseEvent.objects.bulk_create(events, batch_size=1000)
