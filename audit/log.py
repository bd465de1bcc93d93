"""Writing audit rows. Call `record` inside the transaction of the change it records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, transaction

from audit.chain import GENESIS, compute_hash
from audit.context import current_origin
from audit.models import AuditEntry

# Any fixed 64-bit key: the advisory lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 0x6361_7365_6D67_7231


def record(
    action: str,
    *,
    actor: Any,
    at: dt.datetime,
    case_id: int | None = None,
    target: str = "",
    outcome: str = AuditEntry.Outcome.OK,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit row to the chain, in the caller's transaction (opening one if there is none).

    `actor` is a user or None (the system). `detail` must hold no personal data: ids and codes only.
    """
    # No savepoint of its own: if the row cannot be written, the change it records must not commit either.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").only("seq", "hash").first()
        origin = current_origin()
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        entry = AuditEntry(
            seq=(last.seq + 1) if last else 1,
            at=at.astimezone(dt.UTC),
            actor_id=actor.pk if authenticated else None,
            actor_username=actor.get_username() if authenticated else "",
            action=action,
            outcome=outcome,
            case_id=case_id,
            target=target,
            reason=reason,
            source=origin.source,
            user_agent=origin.user_agent,
            detail=detail or {},
            prev_hash=last.hash if last else GENESIS,
        )
        entry.hash = compute_hash(entry)
        entry.save(force_insert=True)
    return entry


def _lock_chain() -> None:
    # The chain needs one writer at a time; the lock is released when the transaction ends.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite (the embedded demo) serialises writers already.
