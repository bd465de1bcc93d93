"""Evidence is encrypted at rest: the file on disk says nothing without the key, and a failed
transaction leaves no file behind."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError

from audit.models import AuditEntry
from cases.models import CaseEvent
from evidence import upload as upload_module
from evidence.actions import decrypt_evidence
from evidence.crypto import EvidenceKeyError, open_sealed, seal
from evidence.hashing import sha256_hex
from evidence.keyring import Keyring, choose_active_key, current_keyring, parse_evidence_keys
from evidence.models import Evidence, EvidenceSource
from evidence.storage import read_blob
from evidence.upload import do_upload_evidence
from tests.evidence.conftest import AT, stored_files


def upload(case, user, data: bytes, filename: str = "screenshot.png", **extra) -> Evidence:
    options = {"description": "", "depicts": None, "source": EvidenceSource.OFFICER, **extra}
    return do_upload_evidence(case, content=data, filename=filename, acting_user=user, at=AT, **options)


def other_keyring() -> Keyring:
    return Keyring(keys={"other": b"\x01" * 32}, active_id="other")


def test_it_stores_only_ciphertext_named_at_random(case, officer, evidence_root, png_bytes):
    evidence = upload(case, officer, png_bytes)
    [path] = stored_files(evidence_root)
    on_disk = path.read_bytes()
    assert path.name == evidence.storage_name
    assert "screenshot" not in path.name
    assert str(evidence.public_id) not in str(path)
    assert b"\x89PNG" not in on_disk
    assert b"IHDR" not in on_disk
    assert png_bytes[100:132] not in on_disk
    assert len(on_disk) == len(png_bytes) + 16  # AES-GCM: same length plus the tag
    assert path.stat().st_mode & 0o077 == 0


def test_it_decrypts_with_the_configured_key_and_not_with_another(case, officer, png_bytes):
    evidence = upload(case, officer, png_bytes)
    assert decrypt_evidence(evidence) == png_bytes
    with pytest.raises(EvidenceKeyError):
        open_sealed(
            read_blob(evidence.storage_name),
            nonce=bytes(evidence.nonce),
            key_id=evidence.key_id,
            wrapped_key=bytes(evidence.wrapped_key),
            evidence_id=evidence.public_id,
            keyring=Keyring(keys={evidence.key_id: b"\x02" * 32}, active_id=evidence.key_id),
        )


def test_a_file_sealed_for_one_evidence_does_not_open_as_another():
    keyring = other_keyring()
    first, second = uuid.uuid4(), uuid.uuid4()
    sealed = seal(b"chat export", evidence_id=first, keyring=keyring)
    options: dict[str, Any] = {
        "nonce": sealed.nonce,
        "key_id": sealed.key_id,
        "wrapped_key": sealed.wrapped_key,
        "keyring": keyring,
    }
    assert open_sealed(sealed.ciphertext, evidence_id=first, **options) == b"chat export"
    with pytest.raises(EvidenceKeyError):
        open_sealed(sealed.ciphertext, evidence_id=second, **options)
    with pytest.raises(EvidenceKeyError):
        open_sealed(sealed.ciphertext[:-1] + b"\x00", evidence_id=first, **options)


def test_it_records_hashes_audit_and_timeline_without_the_file_name(case, officer, png_bytes):
    evidence = upload(case, officer, png_bytes, filename="Jenny folder 03.png", description="From folder 3")
    assert evidence.sha256 == sha256_hex(png_bytes)
    assert len(evidence.pdq_hash) == 64
    assert evidence.pdq_quality == 100
    assert (evidence.kind, evidence.width, evidence.height, evidence.size) == ("image", 640, 480, len(png_bytes))
    row = AuditEntry.objects.get(action="evidence.upload")
    assert (row.actor_id, row.case_id, row.detail["evidence"]) == (officer.pk, case.pk, evidence.pk)
    event = CaseEvent.objects.filter(case=case).latest("id")
    assert event.text == "Evidence added."
    everything = str(row.detail) + event.text + str(event.detail)
    assert "Jenny" not in everything
    assert "folder" not in everything


def test_a_failed_transaction_leaves_no_file(case, officer, evidence_root, png_bytes, monkeypatch):
    # Fault injection: the timeline write fails after the file was written and the row inserted.
    def failing_record_change(*args, **kwargs):
        raise IntegrityError("simulated failure inside the upload transaction")

    monkeypatch.setattr(upload_module, "record_case_change", failing_record_change)
    with pytest.raises(IntegrityError):
        upload(case, officer, png_bytes)
    assert not Evidence.objects.exists()
    assert stored_files(evidence_root) == []


def test_it_refuses_a_complainant_source_from_someone_who_is_not_a_complainant(case, officer, png_bytes):
    with pytest.raises(ValidationError) as caught:
        upload(case, officer, png_bytes, source=EvidenceSource.COMPLAINANT)
    assert "source" in caught.value.message_dict


def test_a_complainant_may_add_her_own_evidence(case, complainant, png_bytes):
    party = case.parties.get(person=complainant)
    evidence = upload(case, complainant, png_bytes, source=EvidenceSource.COMPLAINANT, depicts=party)
    assert (evidence.source, evidence.depicts, evidence.uploaded_by) == ("complainant", party, complainant)
    assert CaseEvent.objects.filter(case=case).latest("id").text == "Evidence added by the complainant."


def test_it_refuses_a_depicted_person_from_another_case_or_the_respondent(case, other_case, officer, png_bytes):
    for party in (other_case.parties.get(role="complainant"), case.parties.get(role="respondent")):
        with pytest.raises(ValidationError) as caught:
            upload(case, officer, png_bytes, depicts=party)
        assert "depicts" in caught.value.message_dict
    assert not Evidence.objects.exists()


class TestKeySettings:
    KEY = base64.b64encode(b"k" * 32).decode()

    def test_it_parses_several_keys(self):
        keys = parse_evidence_keys(f"2024:{self.KEY}, 2025:{base64.b64encode(b'j' * 32).decode()}")
        assert keys == {"2024": b"k" * 32, "2025": b"j" * 32}
        assert choose_active_key(keys, "2025") == "2025"

    @pytest.mark.parametrize(
        "raw",
        ["nokey", f"bad id!:{KEY}", "a:not-base64!!", f"a:{base64.b64encode(b'short').decode()}", f"a:{KEY},a:{KEY}"],
    )
    def test_it_fails_loudly_on_a_bad_value_without_printing_the_key(self, raw):
        with pytest.raises(ImproperlyConfigured) as caught:
            parse_evidence_keys(raw)
        assert self.KEY not in str(caught.value)

    def test_it_needs_the_active_key_named_among_several(self):
        keys = {"a": b"a" * 32, "b": b"b" * 32}
        with pytest.raises(ImproperlyConfigured):
            choose_active_key(keys, "")
        with pytest.raises(ImproperlyConfigured):
            choose_active_key(keys, "c")

    def test_it_refuses_to_work_without_keys(self, settings):
        settings.CASEMGR_EVIDENCE_KEYS = {}
        with pytest.raises(ImproperlyConfigured):
            current_keyring()
