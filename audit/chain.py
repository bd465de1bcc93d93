"""The hash chain over audit rows: what is sealed, and how a row's hash is computed.

A row's hash is an HMAC (SHA-256, key `CASEMGR_AUDIT_KEY`) over its fields and the previous row's
hash. The fields that may hold personal data or free text (`reason`, `source`, `user_agent`) are
sealed through a keyed digest of each, kept in `digests`: the text itself can be erased later (when a
case is purged) and the row still verifies, while a changed text no longer matches its digest.
People are held by internal id only (`actor_id`); their usernames are read from the user at display.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

GENESIS = "0" * 64
# The fields sealed by digest rather than directly: erasable without breaking the chain.
ERASABLE = ("reason", "source", "user_agent")


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def field_digest(name: str, value: str, *, key: bytes) -> str:
    # Keyed, so that a short text (a reason, an address) cannot be found again by guessing and hashing.
    return hmac.new(key, f"audit-field\x00{name}\x00{value}".encode(), hashlib.sha256).hexdigest()


def digests_of(values: dict[str, str], *, key: bytes) -> dict[str, str]:
    """The digest of each non-empty erasable field."""
    return {name: field_digest(name, values[name], key=key) for name in ERASABLE if values.get(name)}


def entry_fields(entry: Any) -> dict[str, Any]:
    """The fields the hash covers: everything but the hash, the erasable texts (covered by `digests`)
    and when they were erased."""
    return {
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


def compute_hash(entry: Any, *, key: bytes) -> str:
    return hmac.new(key, canonical(entry_fields(entry)), hashlib.sha256).hexdigest()


def erasable_values(entry: Any) -> dict[str, str]:
    return {name: getattr(entry, name) for name in ERASABLE}


def texts_match_digests(entry: Any, *, key: bytes) -> bool:
    """Whether every erasable text still present matches its sealed digest (an erased one is "")."""
    for name in ERASABLE:
        value: str = getattr(entry, name)
        sealed = entry.digests.get(name) if isinstance(entry.digests, dict) else None
        if value and (sealed is None or not hmac.compare_digest(sealed, field_digest(name, value, key=key))):
            return False
    return True


def erased_fields(entry: Any) -> list[str]:
    """The erasable fields that were sealed with a text that is no longer there."""
    digests = entry.digests if isinstance(entry.digests, dict) else {}
    return [name for name in ERASABLE if name in digests and not getattr(entry, name)]
