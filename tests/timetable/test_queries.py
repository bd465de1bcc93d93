"""Who meets whom in class: the shared-session rule and the alternatives to it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from pytest_django import DjangoAssertNumQueries

from tests.conftest import hkt
from timetable.models import Enrollment, Session, TeachingGroup
from timetable.queries import (
    alternative_groups,
    count_shared_sessions,
    sessions_shared_since_request,
    shared_sessions,
    upcoming_shared_sessions,
)

A = "3035001234"  # complainant
B = "3035009999"  # respondent
UTC = dt.UTC


def _group(course: str, group: str, *students: str, starts: tuple[dt.datetime, ...] = ()) -> TeachingGroup:
    teaching_group = TeachingGroup.objects.create(course_code=course, group=group)
    for student in students:
        Enrollment.objects.create(student_id=student, group=teaching_group)
    for start in starts:
        Session.objects.create(group=teaching_group, starts_at=start, ends_at=start + dt.timedelta(minutes=50))
    return teaching_group


def _starts(sessions: object) -> list[dt.datetime]:
    return [session.starts_at for session in sessions]  # type: ignore[attr-defined]


@pytest.fixture
def timetable(db: None) -> None:
    """A and B share tutorial T03 (Thursdays) and lecture L01 (Tuesdays) of LLAW3102; each also has a group alone."""
    _group(
        "LLAW3102", "T03", A, B, starts=(hkt(2025, 3, 20, 14, 30), hkt(2025, 3, 27, 14, 30), hkt(2025, 4, 3, 14, 30))
    )
    _group("LLAW3102", "L01", A, B, "3035005678", starts=(hkt(2025, 3, 18, 10, 30), hkt(2025, 3, 25, 10, 30)))
    _group("LLAW3102", "T01", A, starts=(hkt(2025, 3, 21, 9, 30),))
    _group("LLAW2001", "T02", B, starts=(hkt(2025, 3, 19, 16, 30),))
    _group("LLAW2001", "T05", "3035005678", starts=(hkt(2025, 3, 19, 16, 30),))


def test_it_lists_sessions_of_groups_both_are_in_by_start(timetable: None) -> None:
    shared = shared_sessions(A, B, after=hkt(2025, 3, 1), before=hkt(2025, 5, 1))

    assert _starts(shared) == [
        hkt(2025, 3, 18, 10, 30),
        hkt(2025, 3, 20, 14, 30),
        hkt(2025, 3, 25, 10, 30),
        hkt(2025, 3, 27, 14, 30),
        hkt(2025, 4, 3, 14, 30),
    ]
    assert _starts(shared_sessions(B, A, after=hkt(2025, 3, 1), before=hkt(2025, 5, 1))) == _starts(shared)


def test_it_shares_nothing_with_a_student_in_other_groups(timetable: None) -> None:
    assert count_shared_sessions(A, "3035000000", after=hkt(2025, 3, 1), before=hkt(2025, 5, 1)) == 0
    assert count_shared_sessions(B, "3035005678", after=hkt(2025, 3, 1), before=hkt(2025, 5, 1)) == 2


def test_it_excludes_sessions_starting_exactly_at_either_bound(timetable: None) -> None:
    shared = shared_sessions(A, B, after=hkt(2025, 3, 20, 14, 30), before=hkt(2025, 3, 27, 14, 30))

    assert _starts(shared) == [hkt(2025, 3, 25, 10, 30)]


def test_it_compares_instants_whatever_the_offset(timetable: None) -> None:
    # 14:30 in Hong Kong is 06:30 UTC and 07:30 in Tokyo.
    tokyo = ZoneInfo("Asia/Tokyo")
    at_start_utc = dt.datetime(2025, 3, 20, 6, 30, tzinfo=UTC)
    just_before_tokyo = dt.datetime(2025, 3, 20, 15, 29, 59, tzinfo=tokyo)

    assert count_shared_sessions(A, B, after=at_start_utc, before=hkt(2025, 3, 21)) == 0
    assert count_shared_sessions(A, B, after=just_before_tokyo, before=hkt(2025, 3, 21)) == 1


def test_it_counts_in_one_query(timetable: None, django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(1):
        assert count_shared_sessions(A, B, after=hkt(2025, 3, 1), before=hkt(2025, 5, 1)) == 5


def test_it_lists_with_their_groups_in_one_query(
    timetable: None, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        groups = [str(s.group) for s in shared_sessions(A, B, after=hkt(2025, 3, 1), before=hkt(2025, 3, 21))]

    assert groups == ["LLAW3102 L01", "LLAW3102 T03"]


def test_it_lists_upcoming_sessions_up_to_and_including_the_horizon(timetable: None) -> None:
    now = hkt(2025, 3, 20, 14, 30)  # exactly when a shared tutorial starts: not upcoming any more

    assert _starts(upcoming_shared_sessions(A, B, now=now, days=14)) == [
        hkt(2025, 3, 25, 10, 30),
        hkt(2025, 3, 27, 14, 30),
        hkt(2025, 4, 3, 14, 30),
    ]
    assert _starts(upcoming_shared_sessions(A, B, now=now, days=7)) == [
        hkt(2025, 3, 25, 10, 30),
        hkt(2025, 3, 27, 14, 30),  # now + 7 days exactly: included
    ]


def test_it_counts_sessions_shared_after_the_request_until_now_while_not_implemented(timetable: None) -> None:
    shared = sessions_shared_since_request(
        A, B, requested_at=hkt(2025, 3, 19, 9, 0), implemented_at=None, now=hkt(2025, 3, 27, 14, 30)
    )

    # The tutorial starting at `now` itself is not counted yet (strict bound).
    assert _starts(shared) == [hkt(2025, 3, 20, 14, 30), hkt(2025, 3, 25, 10, 30)]


def test_it_stops_counting_when_the_separation_is_implemented(timetable: None) -> None:
    shared = sessions_shared_since_request(
        A,
        B,
        requested_at=hkt(2025, 3, 18, 10, 30),  # the lecture starting at the request is not counted
        implemented_at=hkt(2025, 3, 25, 10, 30),  # nor the one starting as it is implemented
        now=hkt(2025, 4, 30),
    )

    assert _starts(shared) == [hkt(2025, 3, 20, 14, 30)]


def test_it_offers_groups_of_the_course_without_either_student_that_still_meet(timetable: None) -> None:
    now = hkt(2025, 3, 26)
    _group("LLAW3102", "T04", starts=(hkt(2025, 3, 27, 9, 30), hkt(2025, 4, 3, 9, 30)))
    _group("LLAW3102", "T02", "3035005678", starts=(hkt(2025, 3, 28, 11, 30),))
    _group("LLAW3102", "T06", B, starts=(hkt(2025, 3, 27, 16, 30),))  # the respondent is there
    _group("LLAW3102", "T07", starts=(hkt(2025, 3, 24, 16, 30), now))  # no session after now
    _group("LLAW2001", "T09", starts=(hkt(2025, 3, 27, 16, 30),))  # another course

    offered = alternative_groups(A, B, course_code="LLAW3102", now=now)

    # Not T03/L01 (both there), T01 (the complainant is already in it), T06, T07, nor LLAW2001.
    assert [str(group) for group in offered] == ["LLAW3102 T02", "LLAW3102 T04"]


def test_it_offers_no_groups_for_an_unknown_course(timetable: None) -> None:
    assert alternative_groups(A, B, course_code="LLAW0000", now=hkt(2025, 3, 1)) == []
