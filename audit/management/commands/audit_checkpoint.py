from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from audit.checkpoints import checkpoint_file, write_checkpoint
from casemgr.clock import now


class Command(BaseCommand):
    help = "Link the audit rows waiting to be linked and append the chain's head to the checkpoint file."

    def handle(self, *args: Any, **options: Any) -> None:
        checkpoint = write_checkpoint(at=now())
        if checkpoint is None:
            self.stdout.write(f"Nothing new to checkpoint ({checkpoint_file()}).")
        else:
            self.stdout.write(f"Checkpoint written to {checkpoint_file()}: row {checkpoint.seq}, {checkpoint.hash}.")
