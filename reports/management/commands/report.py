"""`python manage.py report --json --from DATE --to DATE [--now TIME]`: the governance timeliness report."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casemgr import clock
from reports.report_json import report_document
from reports.times import parse_date_option, parse_time_option


class Command(BaseCommand):
    help = (
        "The governance timeliness report over the cases received from DATE to DATE (institution dates, both "
        "included), as of TIME (default: now), with small numbers suppressed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the interchange JSON object.")
        parser.add_argument("--from", dest="first", metavar="DATE", required=True, help="First date, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", metavar="DATE", required=True, help="Last date, YYYY-MM-DD.")
        parser.add_argument("--now", metavar="TIME", help="ISO 8601 time with a UTC offset; default: the clock.")

    def handle(self, *args: Any, **options: Any) -> None:
        first = parse_date_option("--from", options["first"])
        last = parse_date_option("--to", options["last"])
        if first > last:
            raise CommandError(f"--from {first.isoformat()} is after --to {last.isoformat()}")
        as_of = parse_time_option("--now", options["now"]) if options["now"] else clock.now()
        document = report_document(first=first, last=last, as_of=as_of)
        if options["json"]:
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self.stdout.write(_summary(document))


def _summary(document: dict[str, Any]) -> str:
    cases = document["cases"]
    lines = [
        f"Cases received {document['from']} to {document['to']}, as of {document['as_of']}: "
        f"{cases['received']} received, {cases['open']} open.",
        "Outcomes: " + ", ".join(f"{key} {value}" for key, value in cases["outcomes"].items()),
    ]
    for row in document["deadlines"]:
        name = row["kind"] + (f" ({row['measure_type']})" if "measure_type" in row else "")
        lines.append(
            f"{name}: {row['total']} in all, {row['met']} met, {row['missed']} missed, {row['overdue']} overdue, "
            f"{row['pending']} pending; median late working days {row['median_late_working_days']}"
        )
    separation, dormancy = document["separation"], document["dormancy"]
    lines.append(
        f"Class separation: {separation['requests']} requests, {separation['with_shared_sessions']} with shared "
        f"sessions, {separation['shared_sessions']} shared sessions."
    )
    lines.append(f"Dormant cases: {dormancy['cases_dormant']}; longest gap {dormancy['longest_working_days']}.")
    return "\n".join(lines)
