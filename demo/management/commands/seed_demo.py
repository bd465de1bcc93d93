"""`manage.py seed_demo`: fictional demo staff, people and cases, created once (running it again adds nothing)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from audit.context import process_origin
from casemgr.clock import now as clock_now
from casemgr.env import env_bool
from demo.data.accounts import DemoLogin, ensure_demo_accounts
from demo.data.cases import seed_demo_cases
from demo.data.timetable import seed_demo_timetable
from oversight.sweep import sweep


class Command(BaseCommand):
    help = (
        "Create fictional demo staff, people and cases (idempotent). Demo passwords are set only with "
        "--with-passwords, CASEMGR_DEMO=1 or DEBUG."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="Give the demo log-ins a known password (a demo installation only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with process_origin("command:seed_demo"):
            self._seed(options)

    def _seed(self, options: dict[str, Any]) -> None:
        # Known passwords only when someone asked for a demo: never silently on a real installation.
        with_passwords = bool(options["with_passwords"]) or env_bool("CASEMGR_DEMO", default=False) or settings.DEBUG
        now = clock_now()
        with transaction.atomic():
            users, logins = ensure_demo_accounts(with_passwords=with_passwords)
        timetable = seed_demo_timetable(now=now)
        if timetable is not None:
            self.stdout.write(timetable.line())
        created = seed_demo_cases(users=users, now=now)
        if created:
            self.stdout.write(f"Demo cases created: {', '.join(created)}.")
            # Flag what is already overdue now rather than at the first periodic sweep.
            result = sweep(now)
            self.stdout.write(f"Sweep: {result.raised} flags raised, {result.open} open.")
        else:
            self.stdout.write("Demo cases already present; nothing added.")
        self._print_logins(logins, with_passwords=with_passwords)

    def _print_logins(self, logins: list[DemoLogin], *, with_passwords: bool) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo log-ins (fictional people; demo data only):"))
        width = max(len(login.username) for login in logins)
        for login in logins:
            password = login.password or "(password not shown: not the demo password, or not asked for)"
            self.stdout.write(f"  {login.username.ljust(width)}  {password}  {login.description}")
        if with_passwords:
            self.stdout.write(
                "Staff also give a one-time code after the password: "
                "`.venv/bin/python manage.py demo_totp officer.chan` prints the current one."
            )
        else:
            self.stdout.write(
                "No passwords were set. Use --with-passwords (or CASEMGR_DEMO=1) on a demo installation only."
            )
        self.stdout.write("")
