from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import process_origin
from casemgr import clock
from casemgr.textfiles import NotUtf8
from interchange.bulk import analyze_imported_tables
from interchange.reader import InterchangeError
from interchange.streaming import import_cases_path


class Command(BaseCommand):
    help = (
        "Load people, staff and cases from a casemgr/1 cases file. The whole file is validated first; "
        "if anything does not fit, nothing is imported and every problem is listed by JSON path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the cases JSON file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            # A large file is read a case at a time; a leading byte-order mark is dropped, as the CSVs' is.
            with process_origin("command:import_cases"):
                summary = import_cases_path(path, at=clock.now())
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror or type(exc).__name__})") from None
        except NotUtf8 as exc:
            raise CommandError(f"{path}: nothing was imported.\n  {path}: {exc}") from None
        except InterchangeError as exc:
            lines = "\n".join(f"  {path}: {error}" for error in exc.errors)
            raise CommandError(f"{path}: nothing was imported.\n{lines}") from None
        analyze_imported_tables(summary.cases_created)
        self.stdout.write(
            f"{path}: imported {summary.cases_created} cases, "
            f"{summary.staff_created} new staff, {summary.people_created} new people."
        )
