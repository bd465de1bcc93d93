"""`python manage.py flags --json [--case REF]`: the open flags, as of the last sweep."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cases.models import Case
from interchange.flags import flag_records, open_flags


class Command(BaseCommand):
    help = "Print the open overdue flags (as of the last sweep), as a table or as the interchange JSON array."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the interchange JSON array.")
        parser.add_argument("--case", metavar="REF", help="Only the flags of the case with this reference.")

    def handle(self, *args: Any, **options: Any) -> None:
        reference: str | None = options["case"]
        if reference is not None and not Case.objects.filter(reference=reference).exists():
            raise CommandError(f"--case: there is no case with reference {reference!r}")
        records = flag_records(open_flags(case_reference=reference))
        if options["json"]:
            self.stdout.write(json.dumps(records, indent=2, ensure_ascii=False))
            return
        if not records:
            self.stdout.write("No open flags.")
            return
        header = ("case", "kind", "measure", "due_at", "level", "overdue_working_days", "detail")
        rows = [header] + [
            (
                r["case"],
                r["kind"],
                r.get("measure", ""),
                r["due_at"],
                str(r["level"]),
                str(r["overdue_working_days"]),
                json.dumps(r["detail"], sort_keys=True) if r["detail"] else "",
            )
            for r in records
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
