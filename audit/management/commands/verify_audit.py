from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.checkpoints import CheckpointFileError, checkpoint_file
from audit.verify import verify_trail


class Command(BaseCommand):
    help = (
        "Check the audit trail's keyed hash chain and its checkpoints; report every altered, missing or "
        "unexplained stretch."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="a checkpoint file to check against (default: CASEMGR_AUDIT_CHECKPOINT_FILE), e.g. a reviewer's copy",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["checkpoints"] or checkpoint_file()
        try:
            result = verify_trail(checkpoint_path=path)
        except CheckpointFileError as error:
            raise CommandError(f"Audit checkpoints unreadable: {error}") from None
        if result.problems:
            places = "; at ".join(f"row {p.seq}: {p.problem}" for p in result.problems)
            raise CommandError(
                f"Audit trail broken at {places}. {len(result.problems)} damaged stretch(es) "
                f"in {result.checked} rows checked."
            )
        self.stdout.write(f"Audit trail intact: {result.checked} rows (rows {result.first_seq} to {result.last_seq}).")
        if result.checkpoints:
            self.stdout.write(f"It agrees with the {result.checkpoints} checkpoint(s) in {path}.")
        else:
            self.stdout.write(
                self.style.WARNING(f"No checkpoints in {path}: rows cut from the end of the trail would not show.")
            )
        if result.unlinked:
            self.stdout.write(f"{result.unlinked} row(s) of transactions still running are not linked yet.")
