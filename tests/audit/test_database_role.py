"""The application's database role (deploy/postgres/app-role.sql, which compose runs the web, worker and
beat under) can write the trail but not cut it: no DELETE, no TRUNCATE, no switching triggers off.

The shipped SQL is run with psql against the test database, for a role of this test's own; the checks
then run in this connection after SET ROLE, which drops the superuser's rights for the transaction.
"""

from __future__ import annotations

import importlib
import os
import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from audit.linking import link_pending
from audit.log import record
from audit.models import AuditEntry
from audit.verify import verify_chain
from tests.audit.conftest import NOW

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _psql(sql_file: Path, **variables: str) -> None:
    settings = connection.settings_dict
    arguments = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", str(settings["NAME"])]
    arguments += ["-h", str(settings["HOST"] or "127.0.0.1"), "-p", str(settings["PORT"] or 5432)]
    arguments += ["-U", str(settings["USER"])]
    for name, value in variables.items():
        arguments.append(f"--set={name}={value}")
    environment = {**os.environ, "PGPASSWORD": str(settings["PASSWORD"] or "")}
    done = subprocess.run([*arguments, "-f", str(sql_file)], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def app_role() -> Iterator[str]:
    name = f"casemgr_app_test_{secrets.token_hex(4)}"
    owner = str(connection.settings_dict["USER"])
    sql = ROOT / "deploy" / "postgres" / "app-role.sql"
    _psql(sql, app_role=name, app_password=secrets.token_hex(8), owner_role=owner)
    yield name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE "{name}"')


def _as(role: str, sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'SET LOCAL ROLE "{role}"')
        cursor.execute(sql)


def test_the_application_role_writes_and_links_the_trail(app_role, officer):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'SET LOCAL ROLE "{app_role}"')
        record("case.view", actor=officer, at=NOW, case_id=1, detail={"page": "case_page"})
        record("case.export", actor=None, at=NOW, detail={"cases": [1, 2], "format": "casemgr/1"})
        link_pending()
    assert verify_chain()[1] is None
    assert AuditEntry.objects.count() == 2


REFUSED = {
    "DELETE FROM audit_auditentry": "permission denied",
    "TRUNCATE audit_auditentry CASCADE": "permission denied",
    "DELETE FROM audit_auditentrycase": "permission denied",
    "TRUNCATE audit_auditentrycase": "permission denied",
    "ALTER TABLE audit_auditentry DISABLE TRIGGER USER": "must be owner",
    "DROP TRIGGER audit_entry_no_delete ON audit_auditentry": "must be owner",
    "CREATE TABLE audit_copy (id int)": "permission denied for schema public",
}


def test_the_application_role_cannot_cut_the_trail(app_role):
    record("case.view", actor=None, at=NOW, case_id=1)
    for sql, refusal in REFUSED.items():
        with pytest.raises(DatabaseError, match=refusal):
            _as(app_role, sql)
    assert AuditEntry.objects.count() == 1


def test_the_audit_migration_takes_back_delete_and_truncate_whoever_granted_them(app_role):
    # As on a fresh installation: the role's default privileges gave it DELETE on tables created later.
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT ALL ON audit_auditentry, audit_auditentrycase TO "{app_role}", PUBLIC')
    guard = importlib.import_module("audit.migrations.0007_guard_the_trail")
    with connection.cursor() as cursor:
        cursor.execute(guard.REVOKE)
    record("case.view", actor=None, at=NOW, case_id=1)
    with pytest.raises(DatabaseError, match="permission denied"):
        _as(app_role, "DELETE FROM audit_auditentry")
    with pytest.raises(DatabaseError, match="permission denied"):
        _as(app_role, "TRUNCATE audit_auditentrycase")
    _as(app_role, "DELETE FROM django_session")  # other tables: rows as usual
