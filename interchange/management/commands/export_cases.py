from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from audit.context import process_origin
from audit.reads import record_export
from casemgr import clock
from cases.models import Case
from interchange import FORMAT
from interchange.exporter import export_queryset


class Command(BaseCommand):
    help = "Write cases in the casemgr/1 format (to standard output, or to --output FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--case", action="append", dest="references", help="only this reference (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        if options["references"]:
            cases = cases.filter(reference__in=options["references"])
        document = export_queryset(cases)
        # The row is written before the file: an export that is on disk is always on the trail.
        with process_origin("command:export_cases"):
            record_export(
                actor=None,
                at=clock.now(),
                case_ids=list(cases.values_list("pk", flat=True)),
                format=FORMAT,
            )
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
