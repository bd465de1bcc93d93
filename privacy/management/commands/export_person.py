"""`python manage.py export_person --person ID [--output FILE]`: everything held about one person (casemgr/1-person)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.actions import record_action
from audit.context import process_origin
from casemgr import clock
from privacy.person_export import PersonNotFound, export_person, find_person

EXPORT_PERSON = "privacy.export_person"


class Command(BaseCommand):
    help = (
        "Write everything held about one person as JSON, for a data access request (standard output or --output FILE)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--person", required=True, metavar="ID", help="the person's id (as in the cases file)")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            person = find_person(options["person"])
        except PersonNotFound as error:
            raise CommandError(str(error)) from None
        document = export_person(person)
        # On the trail before the file exists, by internal id only.
        with process_origin("command:export_person"):
            record_action(EXPORT_PERSON, actor=None, at=clock.now(), target=f"user:{person.pk}")
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")
