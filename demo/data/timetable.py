"""A small demo timetable, loaded through the real importer from CSV files in the contract's format.

A complainant and the respondent of DEMO-0001 share the weekly tutorial DEMO1001/T01; T02 is the
alternative group. Sessions run from six weeks before to six weeks after today.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from pathlib import Path

from deadlines.calendar import institution_tz, local_date
from timetable.importer import ImportSummary, do_import_timetable
from timetable.models import TeachingGroup

COURSE = "DEMO1001"
# (group, weekday, hour, minute, location): Monday is 0.
GROUPS = (("T01", 3, 14, 30, "DEMO-2.42"), ("T02", 1, 10, 30, "DEMO-1.05"))
ENROLLMENTS = (("9990000101", "T01"), ("9990000199", "T01"), ("9990000102", "T02"), ("9990000201", "T02"))
WEEKS_EACH_SIDE = 6


def seed_demo_timetable(*, now: dt.datetime) -> ImportSummary | None:
    """Import the demo timetable unless its course is already there (then None: nothing changes)."""
    if TeachingGroup.objects.filter(course_code=COURSE).exists():
        return None
    with tempfile.TemporaryDirectory() as folder:
        sessions = Path(folder) / "sessions.csv"
        enrollments = Path(folder) / "enrollments.csv"
        _write(sessions, ["course_code", "group", "starts_at", "ends_at", "location"], _session_rows(now))
        _write(enrollments, ["student_id", "course_code", "group"], [[s, COURSE, g] for s, g in ENROLLMENTS])
        return do_import_timetable(sessions_path=sessions, enrollments_path=enrollments, at=now)


def _session_rows(now: dt.datetime) -> list[list[str]]:
    today = local_date(now)
    monday = today - dt.timedelta(days=today.weekday())
    rows = []
    for group, weekday, hour, minute, location in GROUPS:
        for week in range(-WEEKS_EACH_SIDE, WEEKS_EACH_SIDE + 1):
            day = monday + dt.timedelta(weeks=week, days=weekday)
            starts = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=institution_tz())
            ends = starts + dt.timedelta(minutes=50)
            rows.append([COURSE, group, starts.isoformat(), ends.isoformat(), location])
    return rows


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
