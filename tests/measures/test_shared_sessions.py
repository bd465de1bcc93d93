"""Every timetabled session the complainant still shared with the respondent after asking to be separated."""

from __future__ import annotations

import datetime as dt

from accommodations.actions import do_decide_measure, do_implement_measure
from accommodations.sessions import shared_session_count, shared_sessions_for_measure
from accounts.models import User
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure
from timetable.models import Enrollment, Session, TeachingGroup

REQUESTED = hkt(2025, 3, 18, 10, 0)


def _group(course: str, group: str, *students: str) -> TeachingGroup:
    teaching_group = TeachingGroup.objects.create(course_code=course, group=group)
    Enrollment.objects.bulk_create(Enrollment(student_id=s, group=teaching_group) for s in students)
    return teaching_group


def _session(group: TeachingGroup, starts_at: dt.datetime) -> Session:
    return Session.objects.create(
        group=group, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=50), location="CPD-2.42"
    )


def test_it_counts_and_lists_three_tutorials_shared_before_implementation(
    request_measure: RequestMeasure, officer: User, complainant: User, respondent: User
) -> None:
    tutorial = _group("LLAW3102", "T03", complainant.username, respondent.username)
    lecture_alone = _group("LLAW3102", "L01", complainant.username)
    _session(tutorial, hkt(2025, 3, 13, 14, 30))  # before the request
    shared = [_session(tutorial, hkt(2025, 3, day, 14, 30)) for day in (20, 27)] + [
        _session(tutorial, hkt(2025, 4, 3, 14, 30))
    ]
    _session(lecture_alone, hkt(2025, 3, 21, 9, 30))  # the respondent is not in it
    _session(tutorial, hkt(2025, 4, 10, 14, 30))  # after the separation was in place
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    do_implement_measure(
        measure, implemented_at=hkt(2025, 4, 8, 9), note="Moved to T04.", acting_user=officer, at=hkt(2025, 4, 8, 9)
    )
    now = hkt(2025, 5, 1)
    assert shared_session_count(measure, now=now) == 3
    assert list(shared_sessions_for_measure(measure, now=now)) == shared


def test_it_counts_up_to_now_while_not_implemented(
    request_measure: RequestMeasure, complainant: User, respondent: User
) -> None:
    tutorial = _group("LLAW3102", "T03", complainant.username, respondent.username)
    for day in (20, 27):
        _session(tutorial, hkt(2025, 3, day, 14, 30))
    measure = request_measure(requested_at=REQUESTED)
    assert shared_session_count(measure, now=hkt(2025, 3, 25)) == 1
    assert shared_session_count(measure, now=hkt(2025, 3, 28)) == 2


def test_it_counts_nothing_for_measures_other_than_separation(
    request_measure: RequestMeasure, complainant: User, respondent: User
) -> None:
    tutorial = _group("LLAW3102", "T03", complainant.username, respondent.username)
    _session(tutorial, hkt(2025, 3, 20, 14, 30))
    measure = request_measure("exam_arrangement", requested_at=REQUESTED)
    assert shared_session_count(measure, now=hkt(2025, 4, 1)) == 0
