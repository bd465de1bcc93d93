"""`python manage.py chronology --json --case REF [--now TIME]`: one case's pseudonymised chronology."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import process_origin
from casemgr import clock
from cases.models import Case
from reports.chronology import chronology, chronology_record
from reports.reads import record_chronology_read
from reports.times import parse_time_option


class Command(BaseCommand):
    help = "One case's chronology for a review panel as of TIME (default: now): parties by role, no names or texts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the interchange JSON object.")
        parser.add_argument("--case", metavar="REF", required=True, help="The case's reference.")
        parser.add_argument("--now", metavar="TIME", help="ISO 8601 time with a UTC offset; default: the clock.")

    def handle(self, *args: Any, **options: Any) -> None:
        reference: str = options["case"]
        as_of = parse_time_option("--now", options["now"]) if options["now"] else clock.now()
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise CommandError(f"--case: there is no case with reference {reference!r}")
        chron = chronology(case, as_of=as_of)
        with process_origin("command:chronology"):
            record_chronology_read(actor=None, case=case, as_of=as_of, format="json", at=clock.now())
        record = chronology_record(chron)
        if options["json"]:
            self.stdout.write(json.dumps(record, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{record['case']} as of {record['as_of']}")
        self.stdout.write("Parties: " + ", ".join(p["label"] for p in record["parties"]))
        for entry in record["entries"]:
            self.stdout.write(f"  {entry['at']}  {entry['what']}  {entry['by'] or ''}".rstrip())
        for d in record["deadlines"]:
            measure = f" {d['measure']}" if "measure" in d else ""
            self.stdout.write(f"  due {d['due_at']}  {d['kind']}{measure}: {d['status']} ({d['late_working_days']})")
        for g in record["dormant_periods"]:
            self.stdout.write(f"  dormant {g['from']} to {g['to']}: {g['working_days']} working days")
