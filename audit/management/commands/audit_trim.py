from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import process_origin
from audit.redaction import TrailDamaged, do_trim_before
from casemgr.clock import now


class Command(BaseCommand):
    help = (
        "Remove the audit rows before --before, behind a recorded checkpoint, so that the trail still "
        "verifies. Needs the tables' owner (the migration role), not the application's role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", type=int, required=True, help="the seq of the first row to keep")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with process_origin("command:audit_trim"):
                removed = do_trim_before(options["before"], at=now())
        except (TrailDamaged, ValidationError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Removed {removed} audit rows; the trail now starts at row {options['before']}.")
