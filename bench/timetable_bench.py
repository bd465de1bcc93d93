"""Timetable at university scale: import time and the shared-session count (docs/benchmarks.md).

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=casemgr.settings.local \
        .venv/bin/python -m bench.timetable_bench

Generates 30,000 students, 300,000 enrolments and 200,000 sessions as the contract's CSVs in a
temporary directory, imports them as `import_timetable` does into the configured (migrated) database,
re-imports them, applies a small refresh, times the shared-session count for one pair and prints its
query plan. Every row it creates uses the course-code prefix below and is deleted at the end.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casemgr.settings.local")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from casemgr import clock  # noqa: E402
from timetable.bulk import copy_available  # noqa: E402
from timetable.importer import do_import_timetable  # noqa: E402
from timetable.models import Enrollment, Session, TeachingGroup  # noqa: E402
from timetable.queries import count_shared_sessions  # noqa: E402

PREFIX = "ZBENCH"  # no real course code starts like this; cleanup deletes by it
HKT = ZoneInfo("Asia/Hong_Kong")
TERM_START = dt.datetime(2025, 1, 13, tzinfo=HKT)  # a Monday
GROUPS_PER_COURSE = ("L01", "T01", "T02", "T03", "T04")
COURSES_PER_STUDENT = 5  # a lecture and one tutorial in each: 10 enrolments per student


def _student(number: int) -> str:
    return f"{PREFIX}{number:07d}"


def generate(directory: Path, *, students: int, sessions: int, seed: int) -> tuple[Path, Path]:
    """Write sessions.csv and enrollments.csv; students 0 and 1 share three courses' lecture and tutorial."""
    rng = random.Random(seed)  # nosec B311  # reproducible synthetic data, not a secret
    weeks = 20
    courses = max(COURSES_PER_STUDENT, sessions // (weeks * len(GROUPS_PER_COURSE)))
    sessions_path, enrollments_path = directory / "sessions.csv", directory / "enrollments.csv"
    with sessions_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["course_code", "group", "starts_at", "ends_at", "location"])
        for course in range(courses):
            for group in GROUPS_PER_COURSE:
                slot = TERM_START + dt.timedelta(days=rng.randrange(5), hours=rng.randrange(9, 19))
                room = f"R{rng.randrange(1, 400):03d}"
                for week in range(weeks):
                    start = slot + dt.timedelta(weeks=week)
                    end = start + dt.timedelta(minutes=50)
                    writer.writerow([f"{PREFIX}{course:04d}", group, start.isoformat(), end.isoformat(), room])
    with enrollments_path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "course_code", "group"])
        first: list[tuple[int, str]] = []
        for number in range(students):
            picks = [
                (course, rng.choice(GROUPS_PER_COURSE[1:]))
                for course in rng.sample(range(courses), COURSES_PER_STUDENT)
            ]
            if number == 0:
                first = picks
            elif number == 1:
                picks = first[:3] + [pick for pick in picks if pick[0] not in {c for c, _ in first[:3]}][:2]
            for course, tutorial in picks:
                writer.writerow([_student(number), f"{PREFIX}{course:04d}", "L01"])
                writer.writerow([_student(number), f"{PREFIX}{course:04d}", tutorial])
    return sessions_path, enrollments_path


def refresh_files(directory: Path, sessions_path: Path, enrollments_path: Path) -> tuple[Path, Path]:
    """A term-week's changes: every 100th session moves room, 1,000 students move tutorial."""
    out_sessions, out_enrollments = directory / "sessions_refresh.csv", directory / "enrollments_refresh.csv"
    with (
        sessions_path.open(newline="", encoding="utf-8") as src,
        out_sessions.open("w", newline="", encoding="utf-8") as dst,
    ):
        writer = csv.writer(dst)
        for index, row in enumerate(csv.reader(src)):
            if index and index % 100 == 0:
                row[4] = "R999"
            writer.writerow(row)
    with enrollments_path.open(newline="", encoding="utf-8") as src:
        rows = list(csv.reader(src))
    with out_enrollments.open("w", newline="", encoding="utf-8") as dst:
        writer = csv.writer(dst)
        writer.writerow(rows[0])
        # Rows come in (lecture, tutorial) pairs per course; students 1000-1999 move to the next tutorial.
        for row in rows[1:]:
            if row[2] != "L01" and 1000 <= int(row[0][len(PREFIX) :]) < 2000:
                row[2] = GROUPS_PER_COURSE[1:][(GROUPS_PER_COURSE[1:].index(row[2]) + 1) % 4]
            writer.writerow(row)
    return out_sessions, out_enrollments


def cleanup() -> None:
    Session.objects.filter(group__course_code__startswith=PREFIX).delete()
    Enrollment.objects.filter(group__course_code__startswith=PREFIX).delete()
    TeachingGroup.objects.filter(course_code__startswith=PREFIX).delete()


def timed_import(label: str, sessions: Path, enrollments: Path, *, use_copy: bool) -> float:
    """Run the import as `import_timetable` does (the command only wraps do_import_timetable)."""
    started = time.perf_counter()
    summary = do_import_timetable(
        sessions_path=sessions, enrollments_path=enrollments, at=clock.now(), use_copy=use_copy
    )
    elapsed = time.perf_counter() - started
    print(f"{label}: {elapsed:.1f} s  | {summary.line()}")
    return elapsed


def time_count(*, repeats: int) -> None:
    a, b = _student(0), _student(1)
    after, before = TERM_START - dt.timedelta(days=1), TERM_START + dt.timedelta(weeks=21)
    with CaptureQueriesContext(connection) as captured:
        shared = count_shared_sessions(a, b, after=after, before=before)
    durations = []
    for _ in range(repeats):
        started = time.perf_counter()
        count_shared_sessions(a, b, after=after, before=before)
        durations.append((time.perf_counter() - started) * 1000)
    print(
        f"count_shared_sessions for one pair: {shared} sessions, "
        f"median {statistics.median(durations):.2f} ms over {repeats} runs"
    )
    (query,) = captured.captured_queries
    explain = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(explain + query["sql"])
        plan = "\n".join(" | ".join(str(cell) for cell in row) for row in cursor.fetchall())
    print("plan of the count query:\n" + plan)
    if "Seq Scan" in plan:
        print("WARNING: the plan scans a table sequentially")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--students", type=int, default=30_000)
    parser.add_argument("--sessions", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-copy", action="store_true", help="use bulk_create/bulk_update even on PostgreSQL")
    args = parser.parse_args()
    use_copy = copy_available() and not args.no_copy
    print(
        f"database: {connection.vendor}; {args.students} students, "
        f"{args.students * 2 * COURSES_PER_STUDENT} enrolments, ~{args.sessions} sessions; "
        f"writing with {'COPY' if use_copy else 'bulk_create/bulk_update'}"
    )
    cleanup()  # a previous run that was killed may have left rows behind
    try:
        with tempfile.TemporaryDirectory(prefix="timetable-bench-") as tmp:
            directory = Path(tmp)
            started = time.perf_counter()
            sessions, enrollments = generate(directory, students=args.students, sessions=args.sessions, seed=args.seed)
            print(f"generate CSVs: {time.perf_counter() - started:.1f} s")
            timed_import("first import", sessions, enrollments, use_copy=use_copy)
            timed_import("same files again", sessions, enrollments, use_copy=use_copy)
            changed = refresh_files(directory, sessions, enrollments)
            timed_import("refresh (1% rooms, 1,000 students moved)", *changed, use_copy=use_copy)
            time_count(repeats=50)
    finally:
        cleanup()
        print("bench rows removed")


if __name__ == "__main__":
    main()
