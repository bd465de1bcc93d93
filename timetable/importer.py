"""Loading or refreshing the timetable from the contract's CSVs (`import_timetable`).

Refresh semantics (the interchange contract says only "idempotent on natural keys"; this is how):

- Sessions are upserted on (course_code, group, starts_at): new ones are created, ones whose ends_at or
  location changed are updated. For every (course_code, group) present in the sessions file, that
  group's sessions which are not in the file are removed: the file is the group's current timetable.
  Groups absent from the file are left alone.
- Enrolments are upserted on (student_id, course_code, group). For every (student_id, course_code)
  present in the enrolments file, that student's enrolments in other groups of that course are
  removed (the student moved group). Other students and other courses are left alone.
- An enrolment must name a group that has sessions, in this sessions file or already in the database.

Both files are parsed and checked completely before anything is written, and everything is written
in one transaction, so an import either applies entirely or not at all. Running the same import
twice changes nothing the second time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited, record_action
from timetable import bulk
from timetable.models import Enrollment, Session, TeachingGroup
from timetable.parsing import (
    MAX_PROBLEMS,
    EnrollmentRow,
    Problem,
    SessionRow,
    TimetableFileError,
    parse_enrollments,
    parse_sessions,
)

logger = logging.getLogger(__name__)

GroupKey = tuple[str, str]  # (course_code, group)
# Serialises concurrent imports on PostgreSQL (SQLite already serialises writers).
_ADVISORY_LOCK_KEY = 0x7173_7462  # arbitrary, fixed
# After writing this many rows the planner's statistics are stale enough to matter for the queries.
_ANALYZE_AFTER_ROWS = 10_000


@dataclass(frozen=True)
class ImportSummary:
    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_removed: int = 0
    sessions_unchanged: int = 0
    enrollments_created: int = 0
    enrollments_removed: int = 0
    enrollments_unchanged: int = 0

    @property
    def changed(self) -> int:
        return (
            self.sessions_created
            + self.sessions_updated
            + self.sessions_removed
            + self.enrollments_created
            + self.enrollments_removed
        )

    def line(self) -> str:
        """The one-line summary the command prints."""
        return _(
            "Timetable imported: sessions %(s_created)d created, %(s_updated)d updated, %(s_removed)d removed, "
            "%(s_unchanged)d unchanged; enrolments %(e_created)d created, %(e_removed)d removed, "
            "%(e_unchanged)d unchanged."
        ) % {
            "s_created": self.sessions_created,
            "s_updated": self.sessions_updated,
            "s_removed": self.sessions_removed,
            "s_unchanged": self.sessions_unchanged,
            "e_created": self.enrollments_created,
            "e_removed": self.enrollments_removed,
            "e_unchanged": self.enrollments_unchanged,
        }


@audited
def do_import_timetable(
    *,
    sessions_path: Path | None,
    enrollments_path: Path | None,
    at: dt.datetime,
    acting_user: User | None = None,
    use_copy: bool | None = None,
) -> ImportSummary:
    """Load or refresh sessions and enrolments from the contract's CSV files (see the module docstring).

    Either path may be None to leave that part of the timetable as it is. `use_copy` forces (True) or
    avoids (False) PostgreSQL COPY; by default COPY is used whenever the database supports it.
    One audit row ("timetable.import") records the counts, with `acting_user` (None: a command).
    Raises TimetableFileError (every problem with its file and line) and then writes nothing.
    """
    sessions = parse_sessions(sessions_path) if sessions_path is not None else []
    enrollments = parse_enrollments(enrollments_path) if enrollments_path is not None else []
    copy = bulk.copy_available() if use_copy is None else use_copy
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
        groups = dict(_all_groups())
        _check_enrollment_groups(enrollments, sessions, groups, name=str(enrollments_path))
        _create_missing_groups({(row.course_code, row.group) for row in sessions}, groups)
        created, updated, removed, unchanged = _apply_sessions(sessions, groups, use_copy=copy)
        e_created, e_removed, e_unchanged = _apply_enrollments(enrollments, groups, use_copy=copy)
        summary = ImportSummary(created, updated, removed, unchanged, e_created, e_removed, e_unchanged)
        record_action("timetable.import", actor=acting_user, at=at, detail=dataclasses.asdict(summary))
        if copy and summary.changed >= _ANALYZE_AFTER_ROWS:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Session._meta.db_table}, {Enrollment._meta.db_table}")
    logger.info("timetable import: %s rows changed", summary.changed)
    return summary


def _all_groups() -> list[tuple[GroupKey, int]]:
    return [
        ((course, group), pk) for pk, course, group in TeachingGroup.objects.values_list("id", "course_code", "group")
    ]


def _check_enrollment_groups(
    enrollments: list[EnrollmentRow], sessions: list[SessionRow], groups: dict[GroupKey, int], *, name: str
) -> None:
    """Refuse enrolments in a group that has no sessions, neither in the sessions file nor in the database."""
    in_file = {(row.course_code, row.group) for row in sessions}
    to_look_up = {
        groups[key] for row in enrollments if (key := (row.course_code, row.group)) not in in_file and key in groups
    }
    with_sessions: set[int] = set()
    for chunk in bulk.chunks(sorted(to_look_up), bulk.DELETE_CHUNK):
        with_sessions.update(Session.objects.filter(group_id__in=chunk).values_list("group_id", flat=True).distinct())
    problems = [
        Problem(
            name,
            row.line,
            _("unknown course: %(course)s group %(group)s has no sessions, in the sessions file or already imported")
            % {"course": row.course_code, "group": row.group},
        )
        for row in enrollments
        if (row.course_code, row.group) not in in_file and groups.get((row.course_code, row.group)) not in with_sessions
    ]
    if problems:
        raise TimetableFileError(problems[:MAX_PROBLEMS])


def _create_missing_groups(keys: set[GroupKey], groups: dict[GroupKey, int]) -> None:
    missing = sorted(keys - groups.keys())
    TeachingGroup.objects.bulk_create(
        [TeachingGroup(course_code=course, group=group) for course, group in missing], batch_size=bulk.ORM_BATCH
    )
    if missing:
        # bulk_create sets primary keys only on some backends; read them back to be sure.
        groups.update(_all_groups())


def _apply_sessions(
    rows: list[SessionRow], groups: dict[GroupKey, int], *, use_copy: bool
) -> tuple[int, int, int, int]:
    """Upsert the file's sessions, remove other sessions of the file's groups.

    Returns (created, updated, removed, unchanged).
    """
    group_ids = sorted({groups[(row.course_code, row.group)] for row in rows})
    existing: dict[tuple[int, dt.datetime], tuple[int, dt.datetime, str]] = {}
    for chunk in bulk.chunks(group_ids, bulk.DELETE_CHUNK):
        for pk, group_id, starts_at, ends_at, location in Session.objects.filter(group_id__in=chunk).values_list(
            "id", "group_id", "starts_at", "ends_at", "location"
        ):
            existing[(group_id, starts_at)] = (pk, ends_at, location)
    to_create: list[tuple[int, dt.datetime, dt.datetime, str]] = []
    to_update: list[tuple[int, dt.datetime, str]] = []
    unchanged = 0
    for row in rows:
        group_id = groups[(row.course_code, row.group)]
        # Aware datetimes hash and compare by instant, so +08:00 in the file matches UTC from the database.
        found = existing.pop((group_id, row.starts_at), None)
        if found is None:
            to_create.append((group_id, row.starts_at, row.ends_at, row.location))
        elif (found[1], found[2]) != (row.ends_at, row.location):
            to_update.append((found[0], row.ends_at, row.location))
        else:
            unchanged += 1
    # What is left of `existing` belongs to the file's groups but is no longer in their timetable.
    to_remove = sorted(pk for pk, _ends_at, _location in existing.values())
    bulk.delete(Session, to_remove)
    bulk.update_sessions(to_update, use_copy=use_copy)
    bulk.insert(Session, ["group_id", "starts_at", "ends_at", "location"], to_create, use_copy=use_copy)
    return len(to_create), len(to_update), len(to_remove), unchanged


def _apply_enrollments(
    rows: list[EnrollmentRow], groups: dict[GroupKey, int], *, use_copy: bool
) -> tuple[int, int, int]:
    """Upsert the file's enrolments and remove the same students' other groups of the same courses."""
    course_of = {pk: course for (course, _group), pk in groups.items()}
    wanted = {(row.student_id, groups[(row.course_code, row.group)]) for row in rows}
    courses_in_file = {(row.student_id, row.course_code) for row in rows}
    students = sorted({row.student_id for row in rows})
    to_remove: list[int] = []
    unchanged = 0
    for chunk in bulk.chunks(students, bulk.DELETE_CHUNK):
        for pk, student_id, group_id in Enrollment.objects.filter(student_id__in=chunk).values_list(
            "id", "student_id", "group_id"
        ):
            if (student_id, group_id) in wanted:
                wanted.discard((student_id, group_id))
                unchanged += 1
            elif (student_id, course_of[group_id]) in courses_in_file:
                to_remove.append(pk)
    bulk.delete(Enrollment, to_remove)
    to_create = sorted(wanted)
    bulk.insert(Enrollment, ["student_id", "group_id"], to_create, use_copy=use_copy)
    return len(to_create), len(to_remove), unchanged
