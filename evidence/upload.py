"""Adding a file to a case's evidence: check, fingerprint, encrypt, store, record, match."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import AUDITED, action_scope
from cases.changes import record_case_change
from cases.models import Case, Party, PartyRole
from evidence.crypto import seal
from evidence.hashing import pdq_hash, sha256_hex
from evidence.keyring import current_keyring
from evidence.matching import flag_possible_links
from evidence.models import Evidence, EvidenceSource
from evidence.storage import new_storage_name, remove_blob, write_blob
from evidence.validation import check_evidence_file

DEPICTABLE_ROLES = (PartyRole.COMPLAINANT, PartyRole.AFFECTED_PERSON)


def check_depicts(case: Case, *, depicts: Party | None) -> None:
    """The depicted person must be a complainant or affected person on this same case."""
    if depicts is not None and (depicts.case_id != case.pk or depicts.role not in DEPICTABLE_ROLES):
        raise ValidationError({"depicts": _("Choose a complainant or affected person on this case.")})


def check_source(case: Case, *, source: str, acting_user: User) -> None:
    if source not in EvidenceSource.values:
        raise ValidationError({"source": _("Unknown source of evidence.")})
    if (
        source == EvidenceSource.COMPLAINANT
        and not Party.objects.filter(case=case, person=acting_user, role=PartyRole.COMPLAINANT).exists()
    ):
        raise ValidationError({"source": _("Only a complainant on the case may add evidence as a complainant.")})


def do_upload_evidence(
    case: Case,
    *,
    content: bytes,
    filename: str,
    description: str,
    depicts: Party | None,
    source: str,
    acting_user: User,
    at: dt.datetime,
) -> Evidence:
    """Keep `content` as evidence on `case`: encrypted at rest, hashed (SHA-256, and PDQ for images),
    with an audit row "evidence.upload", a timeline entry, and possible links to other cases raised.

    Precondition: the caller has authorised `acting_user` (an officer with CHANGE, or for `source`
    complainant a complainant on the case, which is checked here). `filename` is used only to check that
    its extension matches the content; it is never stored. Raises ValidationError ("file", "depicts",
    "source") with nothing stored. Runs in its own transaction (durable): the encrypted file is written
    first and removed again if the transaction does not commit, so a failure leaves no file behind.
    """
    check_source(case, source=source, acting_user=acting_user)
    check_depicts(case, depicts=depicts)
    checked = check_evidence_file(
        content,
        filename=filename,
        max_bytes=settings.CASEMGR_EVIDENCE_MAX_BYTES,
        max_pixels=settings.CASEMGR_EVIDENCE_MAX_PIXELS,
    )
    perceptual = pdq_hash(checked.image) if checked.image is not None else None
    public_id = uuid.uuid4()
    sealed = seal(content, evidence_id=public_id, keyring=current_keyring())
    storage_name = new_storage_name()
    write_blob(storage_name, sealed.ciphertext)
    try:
        # Durable: the file is removed below if this transaction fails, which an enclosing one could
        # still roll back after we returned. action_scope makes it one audited action (audit.actions).
        with transaction.atomic(durable=True), action_scope():
            evidence = Evidence.objects.create(
                case=case,
                public_id=public_id,
                depicts=depicts,
                description=description.strip(),
                kind=checked.kind.name,
                content_type=checked.kind.content_type,
                size=len(content),
                sha256=sha256_hex(content),
                pdq_hash=perceptual.hex if perceptual else "",
                pdq_quality=perceptual.quality if perceptual else None,
                width=checked.width,
                height=checked.height,
                storage_name=storage_name,
                key_id=sealed.key_id,
                wrapped_key=sealed.wrapped_key,
                nonce=sealed.nonce,
                source=source,
                uploaded_by=acting_user,
                uploaded_at=at,
            )
            _record_upload(evidence, acting_user=acting_user, at=at)
            flag_possible_links(evidence, at=at)
    except BaseException:
        remove_blob(storage_name)
        raise
    return evidence


# It writes its audit row in its own durable transaction (see above), as @audited would.
AUDITED.add(do_upload_evidence)


def _record_upload(evidence: Evidence, *, acting_user: User, at: dt.datetime) -> None:
    case = evidence.case
    # No file name or description on the timeline: it is shown more widely than the evidence page.
    text = _("Evidence added by the complainant.") if evidence.source == EvidenceSource.COMPLAINANT else None
    record_case_change(
        case,
        action="evidence.upload",
        acting_user=acting_user,
        at=at,
        text=text or _("Evidence added."),
        detail={"action": "add_evidence", "evidence": evidence.pk},
        audit_detail={"kind": evidence.kind, "size": evidence.size, "source": evidence.source},
    )
