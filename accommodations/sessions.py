"""Timetabled sessions a complainant still shared with the person a separation was asked against."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from accommodations.models import Measure
from timetable.models import Session
from timetable.queries import sessions_shared_since_request


def shared_sessions_for_measure(measure: Measure, *, now: dt.datetime) -> QuerySet[Session]:
    """The sessions both the requester and the `against` person were in after the request and before it
    was implemented (or before `now`, while it is not), by start time (interchange contract).

    Empty for measures other than class separation and no-contact directives, and without `against`.
    """
    if not measure.is_separation or measure.against is None:
        return Session.objects.none()
    return sessions_shared_since_request(
        measure.requested_by.username,
        measure.against.username,
        requested_at=measure.requested_at,
        implemented_at=measure.implemented_at,
        now=now,
    )


def shared_session_count(measure: Measure, *, now: dt.datetime) -> int:
    """How many sessions `shared_sessions_for_measure` lists (one COUNT query)."""
    return shared_sessions_for_measure(measure, now=now).count()
