"""The hash chain over audit rows: what is hashed, and how a row's hash is computed."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def entry_fields(entry: Any) -> dict[str, Any]:
    """The fields the hash covers (everything but the hash itself)."""
    return {
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


def compute_hash(entry: Any) -> str:
    return hashlib.sha256(canonical(entry_fields(entry))).hexdigest()
