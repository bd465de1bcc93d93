"""Crypto-shredding: a purged case's evidence cannot be opened, even from a backup copy of its file,
with any key that remains; evidence of a case that is kept still opens."""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from cases.models import Case
from evidence.crypto import EvidenceKeyError, open_sealed
from evidence.keyring import current_keyring
from evidence.models import Evidence
from evidence.storage import read_blob
from evidence.upload import do_upload_evidence
from tests.conftest import hkt
from tests.evidence.conftest import encode, photo
from tests.privacy.conftest import NOW
from tests.privacy.test_purge import database_text


def _upload(reference: str, seed: int) -> tuple[Evidence, bytes]:
    content = encode(photo(seed), "PNG")
    evidence = do_upload_evidence(
        Case.objects.get(reference=reference),
        content=content,
        filename="picture.png",
        description=f"zebraquartz-evidence-{seed}",
        depicts=None,
        source="officer",
        acting_user=User.objects.get(username="officer.chan"),
        at=hkt(2018, 3, 1, 10, 0),
    )
    return evidence, content


def _opens(ciphertext: bytes, evidence: Evidence) -> bytes:
    return open_sealed(
        ciphertext,
        nonce=bytes(evidence.nonce),
        key_id=evidence.key_id,
        wrapped_key=bytes(evidence.wrapped_key),
        evidence_id=evidence.public_id,
        keyring=current_keyring(),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("imported")
def test_it_shreds_the_evidence_of_a_purged_case_so_no_remaining_key_opens_a_backup() -> None:
    purged, content = _upload("OLD-2018-0001", 1)
    kept, kept_content = _upload("HELD-2018-0002", 2)
    backup = read_blob(purged.storage_name)  # a copy taken before the purge, e.g. in last night's backup
    assert _opens(backup, purged) == content

    call_command("purge", "--now", NOW.isoformat(), stdout=StringIO())

    shredded = Evidence.objects.get(pk=purged.pk)
    assert not (Path(settings.CASEMGR_EVIDENCE_ROOT) / purged.storage_name).exists()
    assert shredded.key_id == ""
    assert bytes(shredded.wrapped_key) == b""
    assert shredded.sha256 == ""
    # Neither the shredded row nor any other row's data key, under any configured key, opens the backup.
    for row in Evidence.objects.all():
        for key_id in current_keyring().keys:
            # An empty wrapped key is refused before decryption (ValueError); any other does not open.
            with pytest.raises((EvidenceKeyError, ValueError)):
                open_sealed(
                    backup,
                    nonce=bytes(row.nonce),
                    key_id=key_id,
                    wrapped_key=bytes(row.wrapped_key),
                    evidence_id=purged.public_id,
                    keyring=current_keyring(),
                )
    # The kept case's evidence is untouched.
    assert _opens(read_blob(kept.storage_name), Evidence.objects.get(pk=kept.pk)) == kept_content
    text = database_text()
    assert hashlib.sha256(content).hexdigest() not in text
    assert "zebraquartz-evidence-1" not in text
    assert "zebraquartz-evidence-2" in text
