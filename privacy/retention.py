"""Which retention schedule is in force, and when a case counts as closed for it."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Max

from casemgr.vocabulary import FINAL_STAGES
from cases.models import Case, CaseEvent, EventType
from deadlines.calendar import local_date
from privacy.models import RecordType, RetentionRule, RetentionSchedule


class NoSchedule(Exception):
    """No retention schedule is in force at the given time: nothing can be purged."""


def schedule_in_force(now: dt.datetime) -> RetentionSchedule:
    """The latest version in force on `now`'s date (institution time). Raises NoSchedule if none is."""
    schedule = RetentionSchedule.objects.filter(effective_from__lte=local_date(now)).first()
    if schedule is None:
        raise NoSchedule(f"no retention schedule is in force on {local_date(now).isoformat()}")
    return schedule


def rule_for(schedule: RetentionSchedule, record_type: RecordType) -> RetentionRule | None:
    return schedule.rules.filter(record_type=record_type).first()


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """`moment` moved by whole calendar months (negative: back), the day clamped to the month's length
    (29 February plus 12 months is 28 February)."""
    index = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def expires(start: dt.datetime, rule: RetentionRule) -> dt.datetime:
    """The end of the period counted from `start` ("7 years after closure" is 84 calendar months)."""
    return add_months(start, rule.months)


_LISTED_CASES = 1000


def closed_at_by_case(cases: list[Case]) -> dict[int, dt.datetime]:
    """When each closed or withdrawn case was closed: its latest stage event to `closed`/`withdrawn`
    (casemgr/1, Retention), or the time it entered its final stage when no such event is stored."""
    final = [c for c in cases if c.stage in FINAL_STAGES]
    stages = sorted(str(s) for s in FINAL_STAGES)
    closing = CaseEvent.objects.filter(type=EventType.STAGE, stage_to__in=stages)
    # Many cases (a purge looks at every closed one: 93,000 at 100,000 cases) by their stage, joined,
    # rather than as a list of ids the driver sends one by one; a few by their ids.
    closing = closing.filter(case__stage__in=stages) if len(final) > _LISTED_CASES else closing.filter(case__in=final)
    events = dict(closing.values("case_id").annotate(last=Max("at")).values_list("case_id", "last"))
    return {c.pk: events.get(c.pk) or c.stage_entered_at for c in final}
