"""The interim-measures section of the case page: each measure with its deadlines and their basis, and
for a separation the timetabled sessions the two people shared after the request and will share next.

Callers have already authorised the user (cases.access); these functions only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accommodations.explain import StepDeadline, measure_deadlines_explained
from accommodations.models import Measure
from accommodations.sessions import counts_shared_sessions, shared_sessions_for_measure
from accounts.models import User
from casemgr.vocabulary import MeasureType
from cases.models import Case
from deadlines.calendar import WorkingCalendar
from timetable.models import Session, TeachingGroup
from timetable.queries import alternative_groups, students_in_no_timetable, upcoming_shared_sessions

UPCOMING_DAYS = 14


@dataclass(frozen=True)
class CourseAlternatives:
    course_code: str
    groups: list[TeachingGroup]


@dataclass(frozen=True)
class MeasurePanel:
    measure: Measure
    type_label: str
    steps: list[StepDeadline]
    # Sessions shared after the request and before implementation (or now): the contract's count.
    shared_sessions: list[Session]
    # Sessions the two are both timetabled in over the next fortnight; the first is the most urgent.
    upcoming: list[Session]
    alternatives: list[CourseAlternatives]
    # The requester or the person the measure is against when the timetable has neither in any group.
    unknown_to_timetable: list[User] = field(default_factory=list)

    @property
    def shared_count(self) -> int:
        return len(self.shared_sessions)

    @property
    def in_force(self) -> bool:
        return self.measure.implemented_at is not None and self.measure.lifted_at is None


def _upcoming(measure: Measure, *, now: dt.datetime) -> list[Session]:
    # Once a separation is in place or over, the remaining shared sessions are no longer a risk to show.
    if not counts_shared_sessions(measure) or measure.lifted_at is not None:
        return []
    if measure.implemented_at is not None:
        return []
    assert measure.against is not None  # counts_shared_sessions
    return upcoming_shared_sessions(
        measure.requested_by.username, measure.against.username, now=now, days=UPCOMING_DAYS
    )


def _alternatives(measure: Measure, upcoming: list[Session], *, now: dt.datetime) -> list[CourseAlternatives]:
    if measure.against is None:
        return []
    courses = sorted({session.group.course_code for session in upcoming})
    return [
        CourseAlternatives(
            course_code=code,
            groups=alternative_groups(
                measure.requested_by.username, measure.against.username, course_code=code, now=now
            ),
        )
        for code in courses
    ]


def _unknown_to_timetable(measure: Measure) -> list[User]:
    if not measure.is_separation:
        return []
    people = [p for p in (measure.requested_by, measure.against) if p is not None]
    unknown = set(students_in_no_timetable(*(p.username for p in people)))
    return [p for p in people if p.username in unknown]


def measure_panels(case: Case, *, calendar: WorkingCalendar, now: dt.datetime) -> list[MeasurePanel]:
    """Every measure of `case`, oldest request first. A few queries per measure."""
    measures = Measure.objects.filter(case=case).select_related("requested_by", "against", "decided_by")
    panels = []
    for measure in measures:
        measure.case = case  # already loaded with its policy; saves a query per measure
        upcoming = _upcoming(measure, now=now)
        panels.append(
            MeasurePanel(
                measure=measure,
                type_label=str(MeasureType(measure.type).label),
                steps=measure_deadlines_explained(measure, calendar=calendar, now=now),
                shared_sessions=list(shared_sessions_for_measure(measure, now=now).select_related("group")),
                upcoming=upcoming,
                alternatives=_alternatives(measure, upcoming, now=now),
                unknown_to_timetable=_unknown_to_timetable(measure),
            )
        )
    return panels
