"""Who meets whom in class: read-only questions about the imported timetable.

A student is in a session when enrolled in its course and group (interchange contract). Every function
here is one query: both students' groups are subqueries on the (student_id, group) enrolment index,
and the sessions are found through the (group, starts_at) index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet

from timetable.models import Enrollment, Session, TeachingGroup


def _groups_of(student_id: str) -> QuerySet[Enrollment, int]:
    return Enrollment.objects.filter(student_id=student_id).values_list("group_id", flat=True)


def _sessions_of_both(student_a: str, student_b: str) -> QuerySet[Session]:
    return Session.objects.filter(group_id__in=_groups_of(student_a)).filter(group_id__in=_groups_of(student_b))


def shared_sessions(student_a: str, student_b: str, *, after: dt.datetime, before: dt.datetime) -> QuerySet[Session]:
    """Sessions of groups both students are enrolled in with after < starts_at < before, by starts_at.

    Both bounds are strict. `after` and `before` must be aware datetimes (any offset).
    """
    return (
        _sessions_of_both(student_a, student_b)
        .filter(starts_at__gt=after, starts_at__lt=before)
        .select_related("group")
        .order_by("starts_at", "id")
    )


def count_shared_sessions(student_a: str, student_b: str, *, after: dt.datetime, before: dt.datetime) -> int:
    """How many sessions `shared_sessions` would list (one COUNT query)."""
    return _sessions_of_both(student_a, student_b).filter(starts_at__gt=after, starts_at__lt=before).count()


def upcoming_shared_sessions(student_a: str, student_b: str, *, now: dt.datetime, days: int = 14) -> list[Session]:
    """Sessions both students are in with now < starts_at <= now + days, by starts_at."""
    horizon = now + dt.timedelta(days=days)
    return list(
        _sessions_of_both(student_a, student_b)
        .filter(starts_at__gt=now, starts_at__lte=horizon)
        .select_related("group")
        .order_by("starts_at", "id")
    )


def sessions_shared_since_request(
    student_a: str,
    student_b: str,
    *,
    requested_at: dt.datetime,
    implemented_at: dt.datetime | None,
    now: dt.datetime,
) -> QuerySet[Session]:
    """The contract's class-separation rule: sessions both are in that start after `requested_at` and
    before `implemented_at`, or before `now` while the separation is not implemented (both strict).

    `student_a` is the requesting complainant, `student_b` the person the request is against.
    """
    until = implemented_at if implemented_at is not None else now
    return shared_sessions(student_a, student_b, after=requested_at, before=until)


def alternative_groups(student_a: str, student_b: str, *, course_code: str, now: dt.datetime) -> list[TeachingGroup]:
    """Groups of `course_code` that `student_a` could move to so as not to meet `student_b` there.

    That is the course's groups in which neither student is enrolled now and which still have a
    session starting after `now`, ordered by group. Empty when there is none (or no such course).
    """
    return list(
        TeachingGroup.objects.filter(course_code=course_code)
        .exclude(id__in=_groups_of(student_a))
        .exclude(id__in=_groups_of(student_b))
        .filter(Exists(Session.objects.filter(group_id=OuterRef("id"), starts_at__gt=now)))
        .order_by("group")
    )


def count_shared_sessions_many(
    pairs: Sequence[tuple[int, str, str, dt.datetime, dt.datetime]],
) -> dict[int, int]:
    """`count_shared_sessions` for many pairs in one query per 500: each pair is (key, student_a,
    student_b, after, before), with the same strict bounds; returns {key: count} (0 for every pair given).

    For the sweep, which needs the count of every overdue separation at once.
    """
    counts = {key: 0 for key, *_rest in pairs}
    enrollment = connection.ops.quote_name(Enrollment._meta.db_table)
    session = connection.ops.quote_name(Session._meta.db_table)
    for start in range(0, len(pairs), 500):
        chunk = pairs[start : start + 500]
        rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))
        # Times as the backend stores them (SQLite keeps UTC text), since raw SQL skips the ORM's adaptation.
        adapt = connection.ops.adapt_datetimefield_value
        params: list[Any] = [v for key, a, b, after, before in chunk for v in (key, a, b, adapt(after), adapt(before))]
        # Table names from the models' metadata; every value is a bound parameter.
        sql = (
            f"WITH pairs (k, a, b, after_at, before_at) AS (VALUES {rows}) "  # noqa: S608  # nosec B608
            f"SELECT p.k, COUNT(s.id) FROM pairs p "
            f"JOIN {enrollment} ea ON ea.student_id = p.a "
            f"JOIN {enrollment} eb ON eb.student_id = p.b AND eb.group_id = ea.group_id "
            f"JOIN {session} s ON s.group_id = ea.group_id AND s.starts_at > p.after_at AND s.starts_at < p.before_at "
            f"GROUP BY p.k"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for key, count in cursor.fetchall():
                counts[int(key)] = int(count)
    return counts


class PairsTimetable:
    """The sessions several pairs of students share, read in a fixed number of queries whatever the
    number of pairs (the case page's measures): the same answers as `shared_sessions`,
    `upcoming_shared_sessions` and `alternative_groups` for each pair, filtered in memory from the
    enrolments of every student named and the sessions of the groups two of them share within
    `after` < starts_at <= `before`.
    """

    def __init__(
        self,
        pairs: Sequence[tuple[str, str]],
        *,
        after: dt.datetime,
        before: dt.datetime,
        students: Iterable[str] = (),
    ) -> None:
        """`students`: others whose enrolments to read with the pairs' (`in_no_group`)."""
        students = {s for pair in pairs for s in pair} | set(students)
        self.groups: dict[str, set[int]] = {s: set() for s in students}
        for student_id, group_id in Enrollment.objects.filter(student_id__in=students).values_list(
            "student_id", "group_id"
        ):
            self.groups[student_id].add(group_id)
        shared = set().union(*(self.groups[a] & self.groups[b] for a, b in pairs)) if pairs else set()
        self.sessions: list[Session] = (
            list(
                Session.objects.filter(group_id__in=shared, starts_at__gt=after, starts_at__lte=before)
                .select_related("group")
                .order_by("starts_at", "id")
            )
            if shared
            else []
        )

    def in_no_group(self) -> set[str]:
        """The students read who are in no teaching group at all: for them a count of shared sessions is
        not good news, the timetable simply does not know them."""
        return {student for student, groups in self.groups.items() if not groups}

    def shared(self, a: str, b: str, *, after: dt.datetime, before: dt.datetime) -> list[Session]:
        """`shared_sessions(a, b, after=after, before=before)` (both bounds strict), by starts_at."""
        groups = self.groups[a] & self.groups[b]
        return [s for s in self.sessions if s.group_id in groups and after < s.starts_at < before]

    def upcoming(self, a: str, b: str, *, now: dt.datetime, days: int = 14) -> list[Session]:
        """`upcoming_shared_sessions(a, b, now=now, days=days)`."""
        groups = self.groups[a] & self.groups[b]
        horizon = now + dt.timedelta(days=days)
        return [s for s in self.sessions if s.group_id in groups and now < s.starts_at <= horizon]

    def alternatives(
        self, requests: Sequence[tuple[str, str, str]], *, now: dt.datetime
    ) -> dict[tuple[str, str, str], list[TeachingGroup]]:
        """`alternative_groups(a, b, course_code=code, now=now)` for each (a, b, code), in one query."""
        if not requests:
            return {}
        candidates = list(
            TeachingGroup.objects.filter(course_code__in={code for _a, _b, code in requests})
            .filter(Exists(Session.objects.filter(group_id=OuterRef("id"), starts_at__gt=now)))
            .order_by("group")
        )
        return {
            (a, b, code): [
                g
                for g in candidates
                if g.course_code == code and g.pk not in self.groups[a] and g.pk not in self.groups[b]
            ]
            for a, b, code in requests
        }
