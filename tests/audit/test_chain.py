import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.log import record
from audit.models import AuditEntry
from audit.verify import verify_chain
from tests.conftest import hkt


def _write(n, actor=None):
    for i in range(n):
        record("case.view", actor=actor, at=hkt(2025, 3, 14, 10, i), case_id=7, target=f"case:{i}")


@pytest.mark.django_db
def test_it_chains_rows_without_gaps(officer):
    _write(3, officer)
    entries = list(AuditEntry.objects.all())
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].hash
    assert entries[0].actor_username == "officer.chan"
    assert verify_chain() == (3, None)


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_a_row():
    _write(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.update(action="nothing")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.all().delete()


def _bypass_triggers(sql, params):
    # What an attacker with owner rights could do: switch the triggers off and edit the table.
    with connection.cursor() as cursor:
        # Foreign keys checked now, not at commit: pending checks would stop the ALTER TABLE below.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")


@pytest.mark.django_db
def test_verify_audit_finds_a_row_edited_in_the_database():
    _write(5)
    _bypass_triggers("UPDATE audit_auditentry SET target = %s WHERE seq = %s", ["case:999", 3])
    with pytest.raises(CommandError, match="broken at row 3: row 3 was altered"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_finds_a_deleted_row():
    _write(5)
    _bypass_triggers("DELETE FROM audit_auditentry WHERE seq = %s", [4])
    with pytest.raises(CommandError, match="row 4 is missing"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_reports_an_intact_trail(capsys):
    _write(2)
    call_command("verify_audit")
    assert "intact: 2 rows" in capsys.readouterr().out
