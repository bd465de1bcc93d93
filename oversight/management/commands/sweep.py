"""`python manage.py sweep [--now TIME]`: the overdue sweep, exactly as the periodic task runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.context import process_origin
from casemgr import clock
from oversight.sweep import sweep


def parse_now(value: str) -> dt.datetime:
    """An ISO 8601 time with a UTC offset; raises CommandError without one or if it does not parse."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now: {value!r} is not an ISO 8601 time, e.g. 2025-03-24T09:00:00+08:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CommandError(f"--now: {value!r} has no UTC offset; give one, e.g. 2025-03-24T09:00:00+08:00")
    return moment


class Command(BaseCommand):
    help = "Raise, escalate and close overdue flags as of TIME (default: now). Running it twice raises nothing new."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", metavar="TIME", help="ISO 8601 time with a UTC offset; default: the clock.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] else clock.now()
        with process_origin("command:sweep"):
            result = sweep(now)
        self.stdout.write(
            f"Sweep at {now.isoformat()}: {result.raised} raised, {result.escalated} escalated, "
            f"{result.closed} closed, {result.open} open."
        )
