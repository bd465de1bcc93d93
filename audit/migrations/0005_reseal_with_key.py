# Re-seal the existing trail under the audit key (CASEMGR_AUDIT_KEY): each row's hash becomes an HMAC
# over the fields of audit/chain.py (people by id; reason, source and user agent through keyed digests),
# so that the username column can go (0006) and texts can later be erased. The old plain SHA-256 chain
# is checked first: a trail that does not verify is not re-sealed (that would launder the damage) and
# the migration stops, naming the row. The sealing below is a frozen copy of audit/chain.py as of this
# migration, so that later changes there cannot change what this step did.

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

GENESIS = "0" * 64
ERASABLE = ("reason", "source", "user_agent")


def _canonical(fields):
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def _legacy_hash(entry):
    return hashlib.sha256(
        _canonical(
            {
                "seq": entry.seq,
                "at": entry.at.isoformat(),
                "actor_id": entry.actor_id,
                "actor_username": entry.actor_username,
                "action": entry.action,
                "outcome": entry.outcome,
                "case_id": entry.case_id,
                "target": entry.target,
                "reason": entry.reason,
                "source": entry.source,
                "user_agent": entry.user_agent,
                "detail": entry.detail,
                "prev_hash": entry.prev_hash,
            }
        )
    ).hexdigest()


def _digest(name, value, key):
    return hmac.new(key, f"audit-field\x00{name}\x00{value}".encode(), hashlib.sha256).hexdigest()


def _sealed_hash(entry, key):
    fields = {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "action": entry.action,
        "outcome": entry.outcome,
        "case_id": entry.case_id,
        "target": entry.target,
        "digests": entry.digests,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    return hmac.new(key, _canonical(fields), hashlib.sha256).hexdigest()


def _named_cases(detail):
    cases = detail.get("cases") if isinstance(detail, dict) else None
    if not isinstance(cases, list):
        return []
    return sorted({c for c in cases if isinstance(c, int) and not isinstance(c, bool)})


def reseal(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditEntryCase = apps.get_model("audit", "AuditEntryCase")
    if not AuditEntry.objects.exists():
        return
    key = getattr(settings, "CASEMGR_AUDIT_KEY", b"")
    if not key:
        raise RuntimeError("Set CASEMGR_AUDIT_KEY before migrating: the audit trail is re-sealed under it.")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
    expected, legacy_previous, sealed_previous = 1, GENESIS, GENESIS
    batch, links = [], []
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected or entry.prev_hash != legacy_previous or _legacy_hash(entry) != entry.hash:
            raise RuntimeError(
                f"Audit row {expected} does not verify under the old chain: run `manage.py verify_audit` with "
                "the previous release and restore the trail from a backup before migrating. Nothing was changed."
            )
        legacy_previous = entry.hash
        entry.digests = {name: _digest(name, getattr(entry, name), key) for name in ERASABLE if getattr(entry, name)}
        entry.prev_hash = sealed_previous
        entry.hash = sealed_previous = _sealed_hash(entry, key)
        batch.append(entry)
        links.extend(AuditEntryCase(entry_id=entry.pk, case_id=case) for case in _named_cases(entry.detail))
        expected += 1
        if len(batch) >= 2000:
            AuditEntry.objects.bulk_update(batch, ["digests", "prev_hash", "hash"])
            AuditEntryCase.objects.bulk_create(links)
            batch, links = [], []
    AuditEntry.objects.bulk_update(batch, ["digests", "prev_hash", "hash"])
    AuditEntryCase.objects.bulk_create(links)
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_sealed_fields")]
    # Re-sealing cannot be undone (the old hashes covered the usernames this step lets go).
    operations = [migrations.RunPython(reseal, migrations.RunPython.noop)]
