"""`python manage.py rebuild_report_rows`: rebuild the rows the governance reports read (reports.derived)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from reports.derived import rebuild_all


class Command(BaseCommand):
    help = (
        "Rebuild every case's report rows (deadlines and gaps) from the cases. Reports do this by themselves "
        "when the calendar or the deadline rules change; run it after loading cases in bulk to spare the "
        "first report the wait."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        rebuild_all()
        self.stdout.write(f"Rebuilt the report rows in {time.monotonic() - started:.1f} s.")
