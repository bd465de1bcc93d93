"""`manage.py rotate_evidence_keys`: re-wrap every evidence data key under CASEMGR_EVIDENCE_ACTIVE_KEY.

Rotate by adding the new key to CASEMGR_EVIDENCE_KEYS, making it the active key, running this command,
and only then removing the old key. File contents are not re-encrypted.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from audit.context import process_origin
from casemgr.clock import now
from evidence.crypto import EvidenceKeyError
from evidence.keyring import current_keyring
from evidence.rotation import do_rotate_evidence_keys


class Command(BaseCommand):
    help = "Re-wrap every evidence file's data key under the active evidence key (files are not rewritten)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with process_origin("command:rotate_evidence_keys"):
                result = do_rotate_evidence_keys(keyring=current_keyring(), at=now())
        except EvidenceKeyError as error:
            raise CommandError(
                f"{error}; keep every old key in CASEMGR_EVIDENCE_KEYS until rotation finishes"
            ) from None
        self.stdout.write(f"Re-wrapped {result.rewrapped} evidence key(s) under {result.active_key}.")
