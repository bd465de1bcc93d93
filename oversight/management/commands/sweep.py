"""`python manage.py sweep [--now TIME] [--dry-run]`: the overdue sweep, exactly as the periodic task runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from audit.context import process_origin
from casemgr import clock
from casemgr.timerange import OutOfRange, check_in_range
from oversight.models import Flag
from oversight.sweep import last_sweep, sweep


def parse_now(value: str) -> dt.datetime:
    """An ISO 8601 time with a UTC offset; raises CommandError without one or if it does not parse."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--now: {value!r} is not an ISO 8601 time, e.g. 2025-03-24T09:00:00+08:00") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CommandError(f"--now: {value!r} has no UTC offset; give one, e.g. 2025-03-24T09:00:00+08:00")
    try:
        check_in_range(moment, field="--now", value=value)
    except OutOfRange as error:
        raise CommandError(str(error)) from None
    return moment


def check_sweep_time(now: dt.datetime, *, real_now: dt.datetime, dry_run: bool) -> None:
    """Refuse a time the flags cannot be swept at: before the latest sweep (it would close flags that are
    still overdue, and the next sweep would raise them again and tell people twice), or after the real
    clock unless it is only a dry run (a real one would escalate early and queue mail for the future)."""
    latest = last_sweep()
    if latest is not None and now < latest.now:
        raise CommandError(
            f"--now {now.isoformat()} is before the latest sweep ({latest.now.isoformat()}); sweeps only move "
            "forward. To see what a sweep would do at another time, use a later --now with --dry-run."
        )
    if now > real_now and not dry_run:
        raise CommandError(
            f"--now {now.isoformat()} is in the future; a sweep in the future would escalate early and queue "
            "mail for then. Add --dry-run to see what it would raise without changing anything."
        )


class Command(BaseCommand):
    help = "Raise, escalate and close overdue flags as of TIME (default: now). Running it twice raises nothing new."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", metavar="TIME", help="ISO 8601 time with a UTC offset; default: the clock.")
        parser.add_argument("--dry-run", action="store_true", help="Print what the sweep would do and change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        real_now = clock.now()
        now = parse_now(options["now"]) if options["now"] else real_now
        dry_run = bool(options["dry_run"])
        check_sweep_time(now, real_now=real_now, dry_run=dry_run)
        with process_origin("command:sweep"):
            if dry_run:
                self._dry_run(now, real_now=real_now)
                return
            result = sweep(now, finished_at=real_now)
        self.stdout.write(
            f"Sweep at {now.isoformat()}: {result.raised} raised, {result.escalated} escalated, "
            f"{result.closed} closed, {result.open} open."
        )

    def _dry_run(self, now: dt.datetime, *, real_now: dt.datetime) -> None:
        with transaction.atomic():
            before = set(Flag.objects.filter(closed_at__isnull=True).values_list("pk", flat=True))
            result = sweep(now, finished_at=real_now)
            raised = Flag.objects.filter(closed_at__isnull=True).exclude(pk__in=before).select_related("case")
            lines = [f"  {f.case.reference if f.case else '-'} {f.kind} level {f.level}" for f in raised]
            # Everything the sweep wrote (flags, timeline, outbox, audit) is undone.
            transaction.set_rollback(True)
        self.stdout.write(
            f"Dry run at {now.isoformat()}: would raise {result.raised}, escalate {result.escalated}, "
            f"close {result.closed}; nothing was changed."
        )
        for line in lines:
            self.stdout.write(line)
