from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import process_origin
from casemgr import clock
from casemgr.textfiles import NotUtf8, read_utf8
from interchange.bulk import analyze_imported_tables
from interchange.importer import import_cases_text
from interchange.reader import InterchangeError


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
            text = read_utf8(path)  # a leading byte-order mark is dropped, as the CSVs' is
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror or type(exc).__name__})") from None
        except NotUtf8 as exc:
            raise CommandError(f"{path}: nothing was imported.\n  {path}: {exc}") from None
        try:
            with process_origin("command:import_cases"):
                summary = import_cases_text(text, at=clock.now())
        except InterchangeError as exc:
            lines = "\n".join(f"  {path}: {error}" for error in exc.errors)
            raise CommandError(f"{path}: nothing was imported.\n{lines}") from None
        analyze_imported_tables(summary.cases_created)
        self.stdout.write(
            f"{path}: imported {summary.cases_created} cases, "
            f"{summary.staff_created} new staff, {summary.people_created} new people."
        )
