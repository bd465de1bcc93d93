"""Crypto-shredding of evidence: the file's data key is destroyed with the row's hashes and the file.

Each file is sealed under its own data key, stored only wrapped in its row (evidence.crypto). Once the
wrapped key and nonce are gone no key that remains (the settings' key-encryption keys, the other rows'
data keys) opens the file, so a copy of it in a backup is unreadable too. The file itself is removed
after the transaction commits (a rollback must not leave a row whose file is gone for no reason).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from evidence.models import Evidence
from evidence.storage import remove_blob


def shredded(evidence: Evidence) -> bool:
    return evidence.key_id == ""


def shred_evidence(rows: QuerySet[Evidence]) -> int:
    """Destroy the data keys, hashes and descriptions of `rows` and (after commit) their files.

    Keeps what statistics need (kind, size, when). Returns the number of files shredded. The caller
    holds the transaction and writes the audit row."""
    names = list(rows.exclude(key_id="").values_list("storage_name", flat=True))
    count = rows.exclude(key_id="").update(
        key_id="",
        wrapped_key=b"",
        nonce=b"",
        sha256="",
        pdq_hash="",
        pdq_quality=None,
        width=None,
        height=None,
        description="",
        depicts=None,
    )
    for name in names:
        transaction.on_commit(lambda name=name: remove_blob(name))  # type: ignore[misc]
    return count
