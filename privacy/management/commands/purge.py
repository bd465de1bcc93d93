"""`python manage.py purge [--now TIME] [--dry-run]`: the retention schedule, exactly as the nightly task applies it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casemgr import clock
from casemgr.timerange import OutOfRange, check_in_range
from privacy.purge import NoSchedule, PurgeResult, run_purge


def parse_now(value: str) -> dt.datetime:
    """An ISO 8601 time with a UTC offset; raises CommandError without one or if it does not parse."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now: {value!r} is not an ISO 8601 time, e.g. 2032-03-24T09:00:00+08:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CommandError(f"--now: {value!r} has no UTC offset; give one, e.g. 2032-03-24T09:00:00+08:00")
    try:
        check_in_range(moment, field="--now", value=value)
    except OutOfRange as error:
        raise CommandError(str(error)) from None
    return moment


def describe(result: PurgeResult) -> list[str]:
    """One line per case or kind of record purged (or that would be), then a summary line."""
    verb = "would purge" if result.dry_run else "purged"
    lines = []
    for item in result.items:
        if item.record_type == "cases":
            lines.append(f"{verb} case {item.reference} ({item.rule})")
        elif item.reference:
            lines.append(f"{verb} {item.count} {item.record_type} of case {item.reference} ({item.rule})")
        else:
            lines.append(f"{verb} {item.count} {item.record_type} ({item.rule})")
    cases = sum(1 for i in result.items if i.record_type == "cases")
    if not result.items:
        lines.append("nothing to purge" if result.dry_run else "nothing purged")
    else:
        summary = f"{cases} case(s)"
        if not result.dry_run:
            summary += f", {result.people_anonymised} person(s) anonymised"
        lines.append(
            ("would purge " if result.dry_run else "purged ")
            + summary
            + (" (dry run: nothing changed)" if result.dry_run else "")
        )
    return lines


class Command(BaseCommand):
    help = "Apply the retention schedule as of TIME (default: now). Running it twice purges nothing new."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", metavar="TIME", help="ISO 8601 time with a UTC offset; default: the clock.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be purged and change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] else clock.now()
        try:
            result = run_purge(now=now, dry_run=bool(options["dry_run"]), origin="command:purge")
        except NoSchedule as error:
            raise CommandError(str(error)) from None
        for line in describe(result):
            self.stdout.write(line)
