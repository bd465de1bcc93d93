from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.verify import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail's hash chain and report the first altered or missing row."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problem = verify_chain()
        if problem is not None:
            raise CommandError(
                f"Audit trail broken at row {problem.seq}: {problem.problem}. {checked} rows before it are intact."
            )
        self.stdout.write(f"Audit trail intact: {checked} rows.")
