from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cases.interchange.exporter import export_queryset
from cases.models import Case


class Command(BaseCommand):
    help = "Write cases in the casemgr/1 format (to standard output, or to --output FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument("--case", action="append", dest="references", help="only this reference (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        cases = Case.objects.all()
        if options["references"]:
            cases = cases.filter(reference__in=options["references"])
        text = json.dumps(export_queryset(cases), ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
