"""The interim-measures section of the case page: each measure with its deadlines and their basis, and
for a separation the timetabled sessions the two people shared after the request and will share next.

Callers have already authorised the user (cases.access); these functions only read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accommodations.explain import StepDeadline, measure_deadlines_explained
from accommodations.models import DeadlineAdjustment, Measure
from accommodations.sessions import counts_shared_sessions
from accounts.models import User
from casemgr.vocabulary import MeasureType
from cases.models import Case
from deadlines.calendar import WorkingCalendar
from deadlines.models import MeasureDeadlineRule
from deadlines.policy import PolicyRuleMissing
from timetable.models import Session, TeachingGroup
from timetable.queries import PairsTimetable

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


def measure_panels(
    case: Case, *, calendar: WorkingCalendar, now: dt.datetime, requested_by: User | None = None
) -> list[MeasurePanel]:
    """Every measure of `case` (with `requested_by`, those that person asked for: her own page), oldest
    request first, in a fixed number of queries however many there are: the measures, their rules, their
    open adjustments, and for the separations the two people's enrolments, shared sessions and
    alternative groups (timetable.queries.PairsTimetable) and who of them the timetable does not know."""
    rows = Measure.objects.filter(case=case)
    if requested_by is not None:
        rows = rows.filter(requested_by=requested_by)
    measures = list(rows.select_related("requested_by", "against", "decided_by"))
    if not measures:
        return []
    rules = {r.measure_type: r for r in MeasureDeadlineRule.objects.filter(policy_id=case.policy_id)}
    adjustments: dict[int, dict[str, DeadlineAdjustment]] = {}
    for adjustment in DeadlineAdjustment.objects.filter(measure__in=measures, ended_at__isnull=True):
        adjustments.setdefault(adjustment.measure_id, {})[adjustment.step] = adjustment
    separations = [m for m in measures if counts_shared_sessions(m)]
    pairs = [(m.requested_by.username, m.against.username) for m in separations if m.against is not None]
    # For them a count of shared sessions is not good news when the timetable does not know them.
    separation_people = {p.username for m in measures if m.is_separation for p in (m.requested_by, m.against) if p}
    horizon = now + dt.timedelta(days=UPCOMING_DAYS)
    timetable = (
        PairsTimetable(
            pairs,
            after=min([m.requested_at for m in separations] + [now]),
            before=max([m.implemented_at or now for m in separations] + [horizon]),
            students=separation_people,
        )
        if pairs or separation_people
        else None
    )
    shared: dict[int, list[Session]] = {}
    upcoming: dict[int, list[Session]] = {}
    for m in separations:
        assert timetable is not None
        assert m.against is not None  # counts_shared_sessions
        a, b = m.requested_by.username, m.against.username
        shared[m.pk] = timetable.shared(a, b, after=m.requested_at, before=m.implemented_at or now)
        # Once a separation is in place or over, the remaining shared sessions are no longer a risk to show.
        if m.lifted_at is None and m.implemented_at is None:
            upcoming[m.pk] = timetable.upcoming(a, b, now=now, days=UPCOMING_DAYS)
    wanted = [
        (m.requested_by.username, m.against.username, code)
        for m in separations
        if m.against is not None
        for code in sorted({s.group.course_code for s in upcoming.get(m.pk, [])})
    ]
    alternatives = timetable.alternatives(wanted, now=now) if timetable is not None else {}
    unknown = timetable.in_no_group() if timetable is not None else set()
    panels = []
    for measure in measures:
        measure.case = case  # already loaded with its policy; saves a query per measure
        rule = rules.get(measure.type)
        if rule is None:
            raise PolicyRuleMissing(f"policy {case.policy} has no rule for measure type {measure.type}")
        coming = upcoming.get(measure.pk, [])
        courses = sorted({s.group.course_code for s in coming})
        panels.append(
            MeasurePanel(
                measure=measure,
                type_label=str(MeasureType(measure.type).label),
                steps=measure_deadlines_explained(
                    measure, calendar=calendar, now=now, rule=rule, adjustments=adjustments.get(measure.pk, {})
                ),
                shared_sessions=shared.get(measure.pk, []),
                upcoming=coming,
                alternatives=[
                    CourseAlternatives(
                        course_code=code,
                        groups=alternatives[(measure.requested_by.username, measure.against.username, code)],
                    )
                    for code in courses
                    if measure.against is not None
                ],
                unknown_to_timetable=[
                    p
                    for p in (measure.requested_by, measure.against)
                    if p is not None and measure.is_separation and p.username in unknown
                ],
            )
        )
    return panels
