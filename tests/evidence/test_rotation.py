"""`manage.py rotate_evidence_keys` re-wraps every data key under the active key; files are untouched."""

from __future__ import annotations

import pytest
import time_machine
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from evidence.actions import decrypt_evidence
from evidence.models import Evidence, EvidenceSource
from evidence.upload import do_upload_evidence
from tests.evidence.conftest import AT, encode, photo, stored_files

OLD = b"\x11" * 32
NEW = b"\x22" * 32


@pytest.fixture
def two_items(settings, case, officer):
    settings.CASEMGR_EVIDENCE_KEYS = {"2024": OLD}
    settings.CASEMGR_EVIDENCE_ACTIVE_KEY = "2024"
    return [
        do_upload_evidence(
            case,
            content=encode(photo(seed), "PNG"),
            filename="a.png",
            description="",
            depicts=None,
            source=EvidenceSource.OFFICER,
            acting_user=officer,
            at=AT,
        )
        for seed in (1, 2)
    ]


def test_it_rewraps_without_rewriting_files(settings, two_items, evidence_root):
    originals = [decrypt_evidence(item) for item in two_items]
    files_before = {p.name: p.read_bytes() for p in stored_files(evidence_root)}
    settings.CASEMGR_EVIDENCE_KEYS = {"2024": OLD, "2025": NEW}
    settings.CASEMGR_EVIDENCE_ACTIVE_KEY = "2025"
    with time_machine.travel(AT, tick=False):
        call_command("rotate_evidence_keys")

    assert {p.name: p.read_bytes() for p in stored_files(evidence_root)} == files_before
    settings.CASEMGR_EVIDENCE_KEYS = {"2025": NEW}  # the old key can now be retired
    for item, original in zip(two_items, originals, strict=True):
        fresh = Evidence.objects.get(pk=item.pk)
        assert fresh.key_id == "2025"
        assert bytes(fresh.wrapped_key) != bytes(item.wrapped_key)
        assert decrypt_evidence(fresh) == original
    row = AuditEntry.objects.get(action="evidence.rotate_keys")
    assert row.detail == {"rewrapped": 2, "active_key": "2025"}
    assert row.source == "command:rotate_evidence_keys"


def test_it_changes_nothing_when_an_old_key_is_missing(settings, two_items):
    settings.CASEMGR_EVIDENCE_KEYS = {"2025": NEW}
    settings.CASEMGR_EVIDENCE_ACTIVE_KEY = "2025"
    with pytest.raises(CommandError, match="keep every old key"):
        call_command("rotate_evidence_keys")
    assert set(Evidence.objects.values_list("key_id", flat=True)) == {"2024"}
