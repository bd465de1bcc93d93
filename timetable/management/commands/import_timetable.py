"""`python manage.py import_timetable --sessions S.csv --enrollments E.csv` (interchange contract, casemgr/1).

Loads or refreshes timetabled sessions and enrolments, idempotent on natural keys:

- sessions are upserted on (course_code, group, starts_at); for every (course_code, group) in the
  sessions file, that group's sessions not in the file are removed (the file is its current timetable);
- enrolments are upserted on (student_id, course_code, group); for every (student_id, course_code) in
  the enrolments file, the student's enrolments in other groups of that course are removed;
- an enrolment in a group with no sessions (in the file or already imported) is an "unknown course".

Anything that does not fit refuses the whole import with the file, line and reason; nothing is written.
See timetable.importer for the details.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.context import process_origin
from casemgr import clock
from timetable.importer import do_import_timetable
from timetable.parsing import TimetableFileError


class Command(BaseCommand):
    help = (
        "Load or refresh the timetable from sessions.csv (course_code,group,starts_at,ends_at,location) and "
        "enrollments.csv (student_id,course_code,group). Idempotent: sessions are upserted on "
        "(course_code, group, starts_at) and, for each group in the sessions file, its sessions missing from "
        "the file are removed; enrolments are upserted on (student_id, course_code, group) and, for each "
        "student and course in the enrolments file, the student's other groups of that course are removed. "
        "Times need a UTC offset. Any problem refuses the whole import, naming the file and line."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--sessions", type=Path, help="sessions.csv: the current timetable of each group in it")
        parser.add_argument("--enrollments", type=Path, help="enrollments.csv: students' groups")

    def handle(self, *args: Any, **options: Any) -> None:
        # call_command() passes options through without argparse's type conversion.
        sessions = Path(options["sessions"]) if options["sessions"] is not None else None
        enrollments = Path(options["enrollments"]) if options["enrollments"] is not None else None
        if sessions is None and enrollments is None:
            raise CommandError(_("Give --sessions, --enrollments or both."))
        try:
            with process_origin("command:import_timetable"):
                summary = do_import_timetable(sessions_path=sessions, enrollments_path=enrollments, at=clock.now())
        except TimetableFileError as exc:
            raise CommandError(_("%(problems)s\nNothing was imported.") % {"problems": exc}) from exc
        self.stdout.write(summary.line())
