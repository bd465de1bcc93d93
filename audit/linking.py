"""Linking rows into the chain, in `seq` order, one linker at a time.

A writer that finds the chain free links its own row at once; a writer that finds another
transaction extending the chain stores its row unlinked and goes on, so concurrent requests never
wait for each other to append. The process that left a row waiting links it (with any other waiting
rows) at its next write that finds the chain free, and `link_pending` links whatever is left: the
`audit.link_pending` beat task runs it every minute, and checkpoints, `verify_audit`, redaction and
trimming run it first. Because `seq` and the hash are given only under the chain lock, which is held
until the linking transaction ends, `seq` counts without gaps and each row follows the committed head.
"""

from __future__ import annotations

from django.db import connection, transaction

from audit.chain import GENESIS, compute_hash
from audit.keys import audit_key
from audit.models import AuditEntry

# Any fixed 64-bit key: the advisory lock held by whoever is extending the chain.
CHAIN_LOCK_KEY = 0x6361_7365_6D67_7231
# How many earlier unlinked rows a writer links along with its own (bounds a request's extra work).
LINK_ALONG = 100
# Whether this process has left rows waiting since it last linked: a hint, so that the usual write
# does not look for waiting rows (linking leaves dead index entries behind, which make that look cost
# more than the write itself until the table is vacuumed). Correctness never depends on it.
_left_waiting = False


def note_left_waiting() -> None:
    global _left_waiting
    _left_waiting = True


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


# Every page view runs this, so it is written out rather than built by the ORM. Plain DESC (NULLS
# FIRST, but the filter leaves none) reads the seq index backwards; "DESC NULLS LAST" would sort the
# whole table. Portable SQL: SQLite runs it too.
_HEAD = "SELECT seq, hash FROM audit_auditentry WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1"


def chain_head() -> tuple[int, str]:
    """(seq, hash) of the last linked row, or (0, GENESIS) for an empty trail. Call under the chain lock."""
    with connection.cursor() as cursor:
        cursor.execute(_HEAD)
        row = cursor.fetchone()
    if row is None:
        return 0, GENESIS
    return int(row[0]), str(row[1])


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
    _store_links(pending)
    return head, len(pending)


def _store_links(entries: list[AuditEntry]) -> None:
    if not entries:
        return
    if connection.vendor != "postgresql":
        for entry in entries:  # SQLite: few rows ever wait there (one writer at a time)
            AuditEntry.objects.filter(pk=entry.pk).update(seq=entry.seq, prev_hash=entry.prev_hash, hash=entry.hash)
        return
    # One statement for all of them (bulk_update's CASE expressions cost far more to build).
    values = ", ".join(["(%s::bigint, %s::bigint, %s, %s)"] * len(entries))
    params: list[int | str | None] = []
    for entry in entries:
        params += [entry.pk, entry.seq, entry.prev_hash, entry.hash]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditentry AS e SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash "  # noqa: S608 - fixed names, values as parameters  # nosec B608
            f"FROM (VALUES {values}) AS v (id, seq, prev_hash, hash) WHERE e.id = v.id",
            params,
        )


def head_after_waiting_rows(*, key: bytes) -> tuple[int, str]:
    """The head, after linking the rows waiting to be linked if this process left any. Call under the
    chain lock."""
    global _left_waiting
    head = chain_head()
    if _left_waiting:
        head, linked = link_earlier(head, key=key, limit=LINK_ALONG)
        _left_waiting = linked == LINK_ALONG  # more may wait
    return head


def link_pending(*, batch_size: int = 1000) -> int:
    """Link every committed unlinked row (waiting for the chain lock); returns how many were linked.

    Rows of transactions still running are not visible and are linked by a later run."""
    global _left_waiting
    key = audit_key()
    total = 0
    _left_waiting = False
    while True:
        with transaction.atomic():
            lock_chain()
            _, linked = link_earlier(chain_head(), key=key, limit=batch_size)
        total += linked
        if linked < batch_size:
            return total
