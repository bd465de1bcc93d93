"""Linking rows into the chain, in `seq` order, one linker at a time.

A writer that finds the chain free links its own row at once (and any rows left unlinked before it);
a writer that finds another transaction extending the chain stores its row unlinked and goes on, so
concurrent requests never wait for each other to append. `link_pending` links what was left: the
`audit.link_pending` beat task runs it every minute, and checkpoints, `verify_audit`, redaction and
trimming run it first. Because `seq` and the hash are given only under the chain lock, which is held
until the linking transaction ends, `seq` counts without gaps and each row follows the committed head.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Exists

from audit.chain import GENESIS, compute_hash
from audit.keys import audit_key
from audit.models import AuditEntry

# Any fixed 64-bit key: the advisory lock held by whoever is extending the chain.
CHAIN_LOCK_KEY = 0x6361_7365_6D67_7231
# How many earlier unlinked rows a writer links along with its own (bounds a request's extra work).
LINK_ALONG = 100


def try_lock_chain() -> bool:
    """Take the chain lock for the current transaction if nobody holds it; never waits."""
    if connection.vendor != "postgresql":
        return True  # SQLite (the embedded demo) runs one writer at a time already
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        row = cursor.fetchone()
    return bool(row and row[0])


def lock_chain() -> None:
    """Take the chain lock for the current transaction, waiting for the writer that holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last linked row, or (0, GENESIS) for an empty trail. Call under the chain lock."""
    return _head_and_pending()[0]


def _head_and_pending() -> tuple[tuple[int, str], bool]:
    # One query for the head and whether any committed row waits to be linked: a writer's usual case
    # (nothing waiting) then costs no more than the head. Plain "-seq" (NULLS FIRST, but the filter
    # leaves none) reads the seq index backwards; "DESC NULLS LAST" would sort the whole table.
    unlinked = AuditEntry.objects.filter(seq__isnull=True)
    row = (
        AuditEntry.objects.filter(seq__isnull=False)
        .annotate(waiting=Exists(unlinked))
        .order_by("-seq")
        .values_list("seq", "hash", "waiting")
        .first()
    )
    if row is None:
        return (0, GENESIS), unlinked.exists()
    seq, hash_, waiting = row
    # Filtered on linked rows, which have both.
    assert seq is not None
    assert hash_ is not None
    return (seq, hash_), bool(waiting)


def link(entry: AuditEntry, head: tuple[int, str], *, key: bytes) -> tuple[int, str]:
    """Give `entry` the next seq after `head` and seal it; returns the new head."""
    entry.seq = head[0] + 1
    entry.prev_hash = head[1]
    entry.hash = compute_hash(entry, key=key)
    return entry.seq, entry.hash


def link_earlier(head: tuple[int, str], *, key: bytes, limit: int) -> tuple[tuple[int, str], int]:
    """Link up to `limit` committed unlinked rows, oldest first, after `head`. Call under the chain lock."""
    pending = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id")[:limit])
    for entry in pending:
        head = link(entry, head, key=key)
    if pending:
        AuditEntry.objects.bulk_update(pending, ["seq", "prev_hash", "hash"])
    return head, len(pending)


def head_after_waiting_rows(*, key: bytes) -> tuple[int, str]:
    """The head once the rows waiting to be linked (a few at most) are linked. Call under the chain lock."""
    head, waiting = _head_and_pending()
    if waiting:
        head, _ = link_earlier(head, key=key, limit=LINK_ALONG)
    return head


def link_pending(*, batch_size: int = 1000) -> int:
    """Link every committed unlinked row (waiting for the chain lock); returns how many were linked.

    Rows of transactions still running are not visible and are linked by a later run."""
    key = audit_key()
    total = 0
    while True:
        with transaction.atomic():
            lock_chain()
            _, linked = link_earlier(chain_head(), key=key, limit=batch_size)
        total += linked
        if linked < batch_size:
            return total
