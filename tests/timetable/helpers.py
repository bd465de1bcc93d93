"""Helpers for timetable tests: write the contract's CSVs, run the command, look at the database."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from timetable.models import Enrollment, Session
from timetable.parsing import ENROLLMENTS_HEADER, SESSIONS_HEADER


def write_csv(
    directory: Path, name: str, rows: Sequence[Sequence[str]], *, header: Sequence[str] | None = None
) -> Path:
    """Write rows under the contract's header for `name` (sessions*.csv or enrollments*.csv)."""
    if header is None:
        header = SESSIONS_HEADER if name.startswith("sessions") else ENROLLMENTS_HEADER
    path = directory / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run_import(sessions: Path | None = None, enrollments: Path | None = None) -> str:
    """Run the command as an operator would; returns what it printed."""
    out = StringIO()
    options: dict[str, object] = {"stdout": out}
    if sessions is not None:
        options["sessions"] = str(sessions)
    if enrollments is not None:
        options["enrollments"] = str(enrollments)
    call_command("import_timetable", **options)
    return out.getvalue()


def timetable_state() -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
    """Every session and enrolment with its id and content: an upsert must keep both."""
    sessions: set[tuple[object, ...]] = set(
        Session.objects.values_list("id", "group__course_code", "group__group", "starts_at", "ends_at", "location")
    )
    enrollments: set[tuple[object, ...]] = set(
        Enrollment.objects.values_list("id", "student_id", "group__course_code", "group__group")
    )
    return sessions, enrollments


def session_keys() -> set[tuple[str, str, dt.datetime]]:
    """(course_code, group, starts_at) of every session; aware datetimes compare by instant."""
    return set(Session.objects.values_list("group__course_code", "group__group", "starts_at"))


def enrollment_keys() -> set[tuple[str, str, str]]:
    return set(Enrollment.objects.values_list("student_id", "group__course_code", "group__group"))
