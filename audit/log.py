"""Writing audit rows. Call `record` inside the transaction of the change it records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from audit.chain import digests_of, erasable_values
from audit.context import current_origin
from audit.keys import audit_key
from audit.linking import head_after_waiting_rows, link, note_left_waiting, try_lock_chain
from audit.models import AuditEntry, AuditEntryCase
from casemgr.bulkinsert import insert_rows


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
    """Append one audit row, in the caller's transaction (opening one if there is none).

    `actor` is a user or None (the system); the row keeps the user's id only. `detail` must hold no
    personal data: ids and codes only; `detail["cases"]`, a list of case ids, names the cases a row
    about many cases is about (an export), which their access reports then show. `reason` may be free
    text: it is sealed by digest and can be erased later (audit.redaction).

    The row is linked into the chain at once when no other transaction is extending it, and otherwise
    stored unlinked (its `seq` is then None) for audit.linking to link soon after: a write never waits.
    """
    key = audit_key()
    origin = current_origin()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        at=at.astimezone(dt.UTC),
        actor_id=actor.pk if authenticated else None,
        action=action,
        outcome=outcome,
        case_id=case_id,
        target=target,
        reason=reason,
        source=origin.source,
        user_agent=origin.user_agent,
        detail=detail or {},
    )
    entry.digests = digests_of(erasable_values(entry), key=key)
    # No savepoint of its own: if the row cannot be written, the change it records must not commit either.
    with transaction.atomic(savepoint=False):
        if try_lock_chain():
            link(entry, head_after_waiting_rows(key=key), key=key)
        else:
            note_left_waiting()
        entry.save(force_insert=True)
        cases = named_cases(entry.detail)
        if cases:
            AuditEntryCase.objects.bulk_create([AuditEntryCase(entry=entry, case_id=case) for case in cases])
    return entry


def record_many(rows: list[dict[str, Any]], *, batch_size: int = 1000) -> list[AuditEntry]:
    """Append many rows at once, in the caller's transaction, in the order given: each as the keyword
    arguments of `record` (action, actor, at, case_id, target, detail). The same rows as calling `record`
    for each, in a few statements: linked in order when the chain is free, otherwise left for
    audit.linking as `record` leaves one. For a bulk import."""
    if not rows:
        return []
    key = audit_key()
    origin = current_origin()
    entries = []
    for row in rows:
        actor = row.get("actor")
        authenticated = actor is not None and getattr(actor, "is_authenticated", False)
        entry = AuditEntry(
            at=row["at"].astimezone(dt.UTC),
            actor_id=actor.pk if actor is not None and authenticated else None,
            action=row["action"],
            outcome=AuditEntry.Outcome.OK,
            case_id=row.get("case_id"),
            target=row.get("target", ""),
            reason="",
            source=origin.source,
            user_agent=origin.user_agent,
            detail=row.get("detail") or {},
        )
        entry.digests = digests_of(erasable_values(entry), key=key)
        entries.append(entry)
    with transaction.atomic(savepoint=False):
        if try_lock_chain():
            head = head_after_waiting_rows(key=key)
            for entry in entries:
                head = link(entry, head, key=key)
        else:
            note_left_waiting()
        # COPY on PostgreSQL (10,000 rows of an import took seconds as multi-row INSERTs); in order, so
        # the ids follow the chain's order as `record` gives them.
        insert_rows(AuditEntry, entries, at=entries[0].at)
        links = [AuditEntryCase(entry=e, case_id=c) for e in entries for c in named_cases(e.detail)]
        if links:
            AuditEntryCase.objects.bulk_create(links, batch_size=batch_size)
    return entries


def named_cases(detail: Any) -> list[int]:
    """The case ids `detail["cases"]` lists (an export's), without repeats."""
    cases = detail.get("cases") if isinstance(detail, dict) else None
    if not isinstance(cases, list):
        return []
    return sorted({case for case in cases if isinstance(case, int) and not isinstance(case, bool)})
