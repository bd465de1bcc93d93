"""Cutting or rewriting the trail does not go unnoticed (issue 9, item 3).

Each test plays someone who can write to the database, up to its owner switching the triggers off,
but who cannot write the checkpoint file (and, but for one test, does not hold the audit key).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.chain import canonical, entry_fields
from audit.log import record
from audit.models import AuditEntry
from tests.conftest import hkt


def _write(n: int, first_minute: int = 0) -> None:
    for i in range(first_minute, first_minute + n):
        record("case.view", actor=None, at=hkt(2025, 3, 14, 10, i), case_id=7, target=f"case:{i}")


def _as_owner(*statements: tuple[str, list[Any]]) -> None:
    # The tables' owner can switch the append-only triggers off and edit the table directly.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred checks would stop the ALTER TABLE
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


def _checkpoint() -> None:
    call_command("audit_checkpoint", stdout=StringIO())


def _broken() -> str:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit", stdout=StringIO())
    return str(raised.value)


def _plain_hash(row: AuditEntry) -> str:
    # An unkeyed chain: what anyone can recompute from the rows alone.
    return hashlib.sha256(canonical(entry_fields(row))).hexdigest()


def _rewrite(first_seq: int, change: Callable[[AuditEntry], None], seal: Callable[[AuditEntry], str]) -> None:
    """Change row `first_seq` and recompute its hash and every later one with `seal`, so that each
    row again follows the one before it."""
    previous = AuditEntry.objects.get(seq=first_seq - 1).hash or ""
    statements: list[tuple[str, list[Any]]] = []
    for row in AuditEntry.objects.filter(seq__gte=first_seq).order_by("seq"):
        if row.seq == first_seq:
            change(row)
        row.prev_hash = previous
        row.hash = previous = seal(row)
        update = "UPDATE audit_auditentry SET target = %s, prev_hash = %s, hash = %s WHERE seq = %s"
        statements.append((update, [row.target, row.prev_hash, row.hash, row.seq]))
    _as_owner(*statements)


def _retarget(row: AuditEntry) -> None:
    row.target = "case:999"


@pytest.mark.django_db
def test_verify_audit_finds_the_last_rows_deleted():
    _write(5)
    _checkpoint()
    _as_owner(("DELETE FROM audit_auditentry WHERE seq > %s", [3]))

    message = _broken()

    assert "rows 4 to 5 are missing: the checkpoint of 2025-03-20 02:00 UTC saw row 5, the trail ends at row 3" in (
        message
    )


def _truncate_as_any_connection_but_the_tests(table: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # Only the test settings open connections with this on (casemgr/settings/test.py).
        cursor.execute("SET LOCAL casemgr.audit_allow_truncate = 'off'")
        cursor.execute(f"TRUNCATE {table} CASCADE")


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["audit_auditentry", "audit_auditentrycase"])
def test_the_database_refuses_to_empty_the_trail(table):
    _write(2)
    with pytest.raises(DatabaseError, match="TRUNCATE refused"):
        _truncate_as_any_connection_but_the_tests(table)
    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db
def test_verify_audit_finds_a_trail_emptied_and_started_again():
    _write(5)
    _checkpoint()
    # The owner, triggers off, empties the table; new rows then start a fresh chain from row 1.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("TRUNCATE audit_auditentry, audit_auditentrycase")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    _write(2, first_minute=30)

    message = _broken()

    assert "rows 3 to 5 are missing: the checkpoint of 2025-03-20 02:00 UTC saw row 5, the trail ends at row 2" in (
        message
    )


@pytest.mark.django_db
def test_verify_audit_finds_rows_rewritten_with_recomputed_plain_hashes():
    _write(6)
    _rewrite(3, _retarget, _plain_hash)

    message = _broken()

    assert "broken at row 3: rows 3 to 6 were altered" in message
    assert AuditEntry.objects.get(seq=3).target == "case:999"


@pytest.mark.django_db
def test_a_rewrite_by_someone_holding_the_key_is_found_by_the_checkpoint():
    from audit.chain import compute_hash
    from audit.keys import audit_key

    _write(6)
    _checkpoint()
    _rewrite(3, _retarget, lambda row: compute_hash(row, key=audit_key()))

    message = _broken()

    # The chain itself verifies (the key was used); the head the checkpoint saw is not there any more.
    assert "row 6 differs from what the checkpoint of 2025-03-20 02:00 UTC saw row 6" in message
    assert "altered" not in message


@pytest.mark.django_db
def test_verify_audit_reports_every_damaged_stretch():
    _write(10)
    _as_owner(
        ("UPDATE audit_auditentry SET target = 'x' WHERE seq = %s", [2]),
        ("UPDATE audit_auditentry SET case_id = 8 WHERE seq IN (%s, %s)", [6, 7]),
        ("DELETE FROM audit_auditentry WHERE seq = %s", [9]),
    )

    message = _broken()

    assert "at row 2: row 2 was altered" in message
    assert "at row 6: rows 6 to 7 were altered" in message
    assert "at row 9: row 9 is missing (next row is 10)" in message
    assert "3 damaged stretch(es)" in message


@pytest.mark.django_db
def test_verify_audit_checks_a_copy_of_the_checkpoints_given_to_it(tmp_path, checkpoint_file):
    _write(3)
    _checkpoint()
    copy = tmp_path / "reviewers-copy.jsonl"
    copy.write_bytes(checkpoint_file.read_bytes())
    checkpoint_file.unlink()  # the server's own file is lost, or was removed
    _as_owner(("DELETE FROM audit_auditentry WHERE seq = %s", [3]))

    call_command("verify_audit", stdout=StringIO())  # nothing to compare with: the cut does not show
    with pytest.raises(CommandError, match="row 3 is missing: the checkpoint of 2025-03-20 02:00 UTC saw row 3"):
        call_command("verify_audit", "--checkpoints", str(copy), stdout=StringIO())
