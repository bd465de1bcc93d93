"""Timetabled sessions a complainant still shared with the person a separation was asked against."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import QuerySet

from accommodations.models import Measure
from timetable.models import Session
from timetable.queries import count_shared_sessions_many, sessions_shared_since_request


def counts_shared_sessions(measure: Measure) -> bool:
    """Whether the contract's shared-session count applies to `measure`: a separation measure (class
    separation or no-contact directive) asked for against someone. The one copy of this rule."""
    return measure.is_separation and measure.against_id is not None


def shared_sessions_for_measure(measure: Measure, *, now: dt.datetime) -> QuerySet[Session]:
    """The sessions both the requester and the `against` person were in after the request and before it
    was implemented (or before `now`, while it is not), by start time (interchange contract).

    Empty for measures other than class separation and no-contact directives, and without `against`.
    """
    if not counts_shared_sessions(measure):
        return Session.objects.none()
    assert measure.against is not None  # counts_shared_sessions
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


def shared_session_counts(measures: Sequence[Measure], *, now: dt.datetime) -> dict[int, int]:
    """`shared_session_count` of each measure to which the rule applies, by measure id, in one query.

    Precondition: `requested_by` and `against` are loaded (select_related) on every measure.
    """
    pairs = []
    for measure in measures:
        if counts_shared_sessions(measure):
            assert measure.against is not None
            until = measure.implemented_at if measure.implemented_at is not None else now
            pairs.append(
                (measure.pk, measure.requested_by.username, measure.against.username, measure.requested_at, until)
            )
    return count_shared_sessions_many(pairs)
