"""Re-wrapping every data key under the active key-encryption key; the files stay as they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from audit.actions import audited, record_action
from evidence.crypto import rewrap
from evidence.keyring import Keyring
from evidence.models import Evidence

BATCH = 500


@dataclass(frozen=True)
class RotationResult:
    rewrapped: int
    active_key: str


@audited
def do_rotate_evidence_keys(*, keyring: Keyring, at: dt.datetime) -> RotationResult:
    """Re-wrap the data key of every evidence row not yet under `keyring.active_id`, in one transaction
    (rows locked; a wrapped key is 60 bytes, so even many thousands of rows take seconds).

    Raises crypto.EvidenceKeyError, changing nothing, when a row's key id is not in the keyring: keep
    retired keys configured until rotation has finished. Writes one audit row.
    """
    rows = list(
        # A crypto-shredded file (privacy.shredding) has no key left to re-wrap: key_id is empty.
        Evidence.objects.exclude(key_id=keyring.active_id)
        .exclude(key_id="")
        .select_for_update()
        .only("pk", "public_id", "key_id", "wrapped_key")
        .order_by("pk")
    )
    for row in rows:
        row.key_id, row.wrapped_key = rewrap(
            bytes(row.wrapped_key), key_id=row.key_id, evidence_id=row.public_id, keyring=keyring
        )
    Evidence.objects.bulk_update(rows, ["key_id", "wrapped_key"], batch_size=BATCH)
    record_action(
        "evidence.rotate_keys", actor=None, at=at, detail={"rewrapped": len(rows), "active_key": keyring.active_id}
    )
    return RotationResult(rewrapped=len(rows), active_key=keyring.active_id)
