"""Writing the case chronology."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from accounts.models import User
from cases.models import Case, CaseEvent, EventType


def record_change(
    case: Case, *, acting_user: User | None, at: dt.datetime, text: str, detail: dict[str, Any] | None = None
) -> CaseEvent:
    """A change made by a person, on the timeline. The caller refreshes the case's deadlines."""
    return CaseEvent.objects.create(
        case=case, at=at, actor=acting_user, type=EventType.CHANGE, text=text, detail=detail or {}
    )


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
