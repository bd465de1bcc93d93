"""Looking at and sorting evidence: every look at an original is deliberate (a reason) and audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from audit.actions import audited
from audit.log import record
from audit.models import AuditEntry
from cases.changes import record_case_change
from cases.models import Party
from evidence.crypto import open_sealed
from evidence.keyring import current_keyring
from evidence.models import Evidence
from evidence.storage import read_blob
from evidence.upload import check_depicts

MIN_REASON_LENGTH = 4


def check_reason(reason: str) -> str:
    """The reason, trimmed. Raises ValidationError on "reason" when it is missing or too short to mean anything."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": _("Say why you need to see the original.")})
    return reason


@audited
def do_record_reveal(evidence: Evidence, *, reason: str, acting_user: User, at: dt.datetime) -> AuditEntry:
    """Record that `acting_user` is about to see the unblurred original, and why. Precondition: the
    caller has authorised the user on the evidence's case. Raises ValidationError without a reason."""
    return record(
        "evidence.reveal",
        actor=acting_user,
        at=at,
        case_id=evidence.case_id,
        target=f"evidence:{evidence.pk}",
        reason=check_reason(reason),
    )


@audited
def do_record_download(evidence: Evidence, *, reason: str, acting_user: User, at: dt.datetime) -> AuditEntry:
    """As `do_record_reveal`, for taking a copy of the file."""
    return record(
        "evidence.download",
        actor=acting_user,
        at=at,
        case_id=evidence.case_id,
        target=f"evidence:{evidence.pk}",
        reason=check_reason(reason),
    )


def decrypt_evidence(evidence: Evidence) -> bytes:
    """The original bytes, in memory only. Raises crypto.EvidenceKeyError if the keys do not open it."""
    return open_sealed(
        read_blob(evidence.storage_name),
        nonce=bytes(evidence.nonce),
        key_id=evidence.key_id,
        wrapped_key=bytes(evidence.wrapped_key),
        evidence_id=evidence.public_id,
        keyring=current_keyring(),
    )


@audited
def do_set_depicted(evidence: Evidence, *, depicts: Party | None, acting_user: User, at: dt.datetime) -> Evidence:
    """Say whom the evidence depicts (or that it is not known). Raises ValidationError on "depicts"."""
    check_depicts(evidence.case, depicts=depicts)
    evidence.depicts = depicts
    evidence.save(update_fields=["depicts"])
    record_case_change(
        evidence.case,
        action="evidence.assign_person",
        acting_user=acting_user,
        at=at,
        text=_("Evidence sorted by the person it depicts."),
        detail={"action": "evidence_person", "evidence": evidence.pk, "party": depicts.pk if depicts else None},
    )
    return evidence
