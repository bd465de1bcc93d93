"""Files sent with a report: the evidence vault's checks and encryption, before any case exists.

The file is checked (evidence.validation) and sealed under the file's own id as evidence is. When a case
is opened from the report, each file is opened in memory and given to the vault's own upload
(`adopt_report_files`: fingerprints, possible links, audit row), with the reporter as its source, and the
report's copy is removed. Nothing of the file's name is kept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from accounts.models import User
from cases.models import Case
from evidence.crypto import open_sealed, seal
from evidence.keyring import current_keyring
from evidence.models import EvidenceSource
from evidence.storage import new_storage_name, read_blob, remove_blob, write_blob
from evidence.upload import do_upload_evidence
from evidence.validation import check_evidence_file
from intake.models import IntakeReport, ReportFile


def check_report_file(content: bytes, *, filename: str) -> None:
    """Raise ValidationError ("file") unless the evidence vault would take the file."""
    check_evidence_file(
        content,
        filename=filename,
        max_bytes=settings.CASEMGR_EVIDENCE_MAX_BYTES,
        max_pixels=settings.CASEMGR_EVIDENCE_MAX_PIXELS,
    )


def store_report_file(report: IntakeReport, *, content: bytes, filename: str, at: dt.datetime) -> ReportFile:
    """Check, encrypt and keep `content` with `report`. The blob is written before the row: the caller
    removes it (evidence.storage.remove_blob) if its transaction fails."""
    checked = check_evidence_file(
        content,
        filename=filename,
        max_bytes=settings.CASEMGR_EVIDENCE_MAX_BYTES,
        max_pixels=settings.CASEMGR_EVIDENCE_MAX_PIXELS,
    )
    row = ReportFile(report=report, kind=checked.kind.name, content_type=checked.kind.content_type, size=len(content))
    sealed = seal(content, evidence_id=row.public_id, keyring=current_keyring())
    row.storage_name = new_storage_name()
    write_blob(row.storage_name, sealed.ciphertext)
    row.key_id = sealed.key_id
    row.wrapped_key = sealed.wrapped_key
    row.nonce = sealed.nonce
    row.received_at = at
    row.save()
    return row


def open_report_file(row: ReportFile) -> bytes:
    return open_sealed(
        read_blob(row.storage_name),
        nonce=bytes(row.nonce),
        key_id=row.key_id,
        wrapped_key=bytes(row.wrapped_key),
        evidence_id=row.public_id,
        keyring=current_keyring(),
    )


_EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


def adopt_report_files(report: IntakeReport, *, case: Case, acting_user: User, at: dt.datetime) -> int:
    """Put the report's files not yet on a case into `case`'s evidence (each in the vault's own durable
    transaction, so this runs outside any other); returns how many. A file that fails stays with the
    report and is tried again next time."""
    adopted = 0
    for row in ReportFile.objects.filter(report=report, evidence__isnull=True):
        content = open_report_file(row)
        evidence = do_upload_evidence(
            case,
            content=content,
            filename=f"report.{_EXTENSION.get(row.content_type, 'txt')}",
            description="",
            depicts=None,
            source=EvidenceSource.REPORTER,
            acting_user=acting_user,
            at=at,
        )
        ReportFile.objects.filter(pk=row.pk).update(evidence=evidence, storage_name=f"moved{row.pk}")
        remove_blob(row.storage_name)
        adopted += 1
    return adopted
