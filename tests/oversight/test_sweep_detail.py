from __future__ import annotations

import datetime as dt

import pytest

from accommodations.actions import do_decide_measure, do_implement_measure
from accommodations.models import Measure
from accounts.models import User
from casemgr.vocabulary import FlagKind
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt
from timetable.models import Enrollment, Session, TeachingGroup

pytestmark = pytest.mark.django_db


def timetable(complainant: User, respondent: User, starts: list[dt.datetime]) -> None:
    group = TeachingGroup.objects.create(course_code="LLAW3102", group="T03")
    for student in (complainant, respondent):
        Enrollment.objects.create(student_id=student.username, group=group)
    for start in starts:
        Session.objects.create(group=group, starts_at=start, ends_at=start + dt.timedelta(minutes=50))


def test_it_counts_sessions_still_shared_after_the_separation_request(
    separation: Measure, complainant: User, respondent: User, officer: User
) -> None:
    # One before the request, three after it and before the sweep, one after the sweep.
    before = [hkt(2025, 3, 13, 14, 30)]
    after = [hkt(2025, 3, 17, 14, 30), hkt(2025, 3, 20, 14, 30), hkt(2025, 3, 24, 14, 30)]
    later = [hkt(2025, 3, 27, 14, 30)]
    timetable(complainant, respondent, [*before, *after, *later])

    sweep(hkt(2025, 3, 25, 9))

    for kind in (FlagKind.MEASURE_DECISION_OVERDUE, FlagKind.MEASURE_IMPLEMENTATION_OVERDUE):
        flag = Flag.objects.get(kind=kind)
        assert flag.detail == {"shared_sessions_since_request": 3}

    do_decide_measure(separation, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 25, 10))
    at = hkt(2025, 3, 25, 11)
    do_implement_measure(separation, implemented_at=at, note="Moved.", acting_user=officer, at=at)
    sweep(hkt(2025, 3, 31, 9))

    closed = Flag.objects.get(kind=FlagKind.MEASURE_IMPLEMENTATION_OVERDUE)
    assert closed.closed_at is not None
    assert closed.detail == {"shared_sessions_since_request": 3}
