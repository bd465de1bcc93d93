"""What a purge needs from the trail (issue 13): nothing of the people or their texts stays in it, and
`verify_audit` still passes, whether their texts are erased or the oldest rows trimmed."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.context import process_origin
from audit.log import record
from audit.models import AuditEntry
from audit.redaction import TrailDamaged, do_redact_case_entries, do_redact_person_entries, do_trim_before
from audit.report import StaffAccess, access_report, staff_access_by_role
from audit.verify import verify_trail
from tests.audit.conftest import NOW
from tests.conftest import hkt

ADDRESS = "10.9.8.7"
BROWSER = "Browser/1.0 (Student A's laptop)"
REASON = "Comparing the folder with Student A's account"


def _trail_text() -> str:
    """Every value of every row of the audit tables, as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(e)::text FROM audit_auditentry e")
        entries = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT row_to_json(c)::text FROM audit_auditentrycase c")
        links = [row[0] for row in cursor.fetchall()]
    return "\n".join(entries + links)


def _verifies() -> None:
    call_command("verify_audit", stdout=StringIO())


def test_the_trail_keeps_people_by_internal_id_only(case, complainant, officer, client_for):
    record("case.view", actor=complainant, at=NOW, case_id=case.pk, detail={"page": "portal"})
    client_for(officer).get(f"/cases/{case.public_id}/")

    text = _trail_text()
    for personal in (complainant.username, complainant.display_name, complainant.email, officer.username):
        assert personal not in text
    row = AuditEntry.objects.filter(actor_id=complainant.pk).get()
    assert row.actor_username == complainant.username  # read from her account when shown


def test_erasing_a_case_leaves_who_what_and_when_and_the_trail_still_verifies(
    case, officer, supervisor, client_for
):
    client_for(officer).get(f"/cases/{case.public_id}/", REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=BROWSER)
    record("evidence.reveal", actor=officer, at=NOW, case_id=case.pk, target="evidence:1", reason=REASON)
    record("case.export", actor=None, at=NOW, detail={"cases": [case.pk, case.pk + 1], "format": "casemgr/1"})
    record("evidence.reveal", actor=officer, at=NOW, case_id=case.pk + 1, reason="Another case's reason")
    call_command("audit_checkpoint", stdout=StringIO())
    assert ADDRESS in _trail_text()

    erased = do_redact_case_entries(case.pk, at=NOW)

    assert erased >= 2  # the page view (address, browser) and the reveal (reason)
    text = _trail_text()
    for personal in (ADDRESS, BROWSER, REASON):
        assert personal not in text
    assert "Another case's reason" in text  # other cases keep theirs
    _verifies()  # the chain and the checkpoint written before the erasure
    view = AuditEntry.objects.get(action="case.view", case_id=case.pk)
    assert (view.actor_id, view.source, view.user_agent, view.redacted_at) == (officer.pk, "", "", NOW)
    export = AuditEntry.objects.get(action="case.export")
    assert export.source == "system"  # not a person's address: kept
    redaction = AuditEntry.objects.get(action="audit.redact")
    assert (redaction.case_id, redaction.detail) == (case.pk, {"case": case.pk, "rows": erased})
    report = access_report(case.pk, page_number=None)
    assert {(p.username, p.views, p.reveals, p.exports) for p in report.people} >= {(officer.username, 1, 1, 0)}
    assert all(entry.reason == "" for entry in report.entries)


def test_erasing_a_case_counts_each_row_once_whether_it_is_the_cases_or_names_it(case, officer):
    # An export of this case alone (its own row, and naming it) and one of it among others (naming it).
    record("case.export", actor=officer, at=NOW, case_id=case.pk, reason="Own export", detail={"cases": [case.pk]})
    record("case.export", actor=officer, at=NOW, reason="Shared export", detail={"cases": [case.pk, case.pk + 1]})

    erased = do_redact_case_entries(case.pk, at=NOW)

    assert erased == 2
    text = _trail_text()
    assert "Own export" not in text
    assert "Shared export" not in text
    _verifies()


def test_erasing_a_person_removes_her_addresses_from_her_sign_ins(complainant, client_for):
    record("auth.login", actor=complainant, at=NOW, target=f"user:{complainant.pk}", detail={"step": "password"})
    record("auth.login", actor=None, at=NOW, outcome="failed", target=f"user:{complainant.pk}")
    rows = AuditEntry.objects.filter(target=f"user:{complainant.pk}")
    # Written outside a request: give it the address a sign-in page would have recorded.
    with process_origin(f"ip:{ADDRESS}"):
        record("auth.two_factor", actor=complainant, at=NOW, target=f"user:{complainant.pk}")
    assert rows.count() == 3

    erased = do_redact_person_entries(complainant.pk, at=NOW)

    assert erased == 1
    assert ADDRESS not in _trail_text()
    assert AuditEntry.objects.get(action="audit.redact").detail == {"person": complainant.pk, "rows": 1}
    _verifies()


def test_texts_erased_without_a_sealed_redaction_are_reported(db):
    record("evidence.reveal", actor=None, at=NOW, case_id=7, reason=REASON)
    record("case.view", actor=None, at=NOW, case_id=8)
    # Allowed by the database (an erasure), but nothing in the trail says why.
    AuditEntry.objects.filter(seq=1).update(reason="", redacted_at=NOW)

    with pytest.raises(CommandError, match="row 1: reason erased without a sealed redaction of its case or person"):
        _verifies()


def test_the_database_lets_texts_be_erased_but_not_changed(db):
    record("evidence.reveal", actor=None, at=NOW, case_id=7, reason=REASON)
    refused = {
        "UPDATE audit_auditentry SET reason = 'Something else', redacted_at = now()": "texts may only be erased",
        "UPDATE audit_auditentry SET reason = ''": "texts may only be erased",  # without saying when
        "UPDATE audit_auditentry SET hash = md5('x') || md5('y')": "link refused",
        "UPDATE audit_auditentry SET seq = NULL, hash = NULL": "link refused",
        "UPDATE audit_auditentry SET digests = '{}'": "content refused",
    }
    for sql, message in refused.items():
        with pytest.raises(DatabaseError, match=message), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.get().reason == REASON


def _write(n: int) -> None:
    for i in range(n):
        record("case.view", actor=None, at=hkt(2025, 3, 14, 10, i), case_id=7, target=f"case:{i}")


def _lines(path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_trimming_removes_the_oldest_rows_behind_a_recorded_checkpoint(db, checkpoint_file):
    _write(3)
    call_command("audit_checkpoint", stdout=StringIO())  # sees row 3, which the trim removes
    _write(3)
    call_command("audit_checkpoint", stdout=StringIO())
    anchor = AuditEntry.objects.get(seq=4).hash

    removed = do_trim_before(5, at=NOW)

    assert removed == 4
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == [5, 6, 7]
    trim = AuditEntry.objects.get(seq=7)
    assert (trim.action, trim.detail) == ("audit.trim", {"before": 5, "anchor": anchor, "rows": 4})
    assert _lines(checkpoint_file)[-1] == {"kind": "trim", "seq": 4, "hash": anchor, "at": "2025-03-20T02:00:00+00:00"}
    result = verify_trail()
    assert (result.intact, result.first_seq, result.checkpoints) == (True, 5, 3)
    _verifies()


def test_the_trim_command_runs_it(db, capsys):
    _write(4)
    call_command("audit_trim", "--before", "3")
    assert "Removed 2 audit rows; the trail now starts at row 3." in capsys.readouterr().out
    assert AuditEntry.objects.get(action="audit.trim").source == "command:audit_trim"
    with pytest.raises(CommandError, match="Give a row after the first"):
        call_command("audit_trim", "--before", "99")


def test_rows_removed_from_the_start_without_a_trim_are_reported(db):
    _write(4)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM audit_auditentry WHERE seq <= 2")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")

    with pytest.raises(CommandError, match=r"rows 1 to 2 are missing \(next row is 3\), and no sealed trim"):
        _verifies()


def test_it_does_not_trim_a_damaged_trail_or_outside_it(db):
    _write(4)
    with pytest.raises(ValidationError) as raised:
        do_trim_before(1, at=NOW)
    assert "seq" in raised.value.message_dict
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("UPDATE audit_auditentry SET case_id = 8 WHERE seq = 2")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    with pytest.raises(TrailDamaged, match="row 2 was altered"):
        do_trim_before(3, at=NOW)
    assert AuditEntry.objects.count() == 4


def test_the_database_refuses_deleting_rows_outside_a_trim(db):
    _write(2)
    with pytest.raises(DatabaseError, match="DELETE refused"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE seq = 1")


def test_staff_access_by_role_says_which_roles_opened_the_case_on_which_days_without_names(
    case, officer, supervisor, complainant
):
    late_evening = hkt(2025, 3, 18, 23, 30)  # 15:30 UTC: still the 18th at the institution
    for at in (late_evening, late_evening, hkt(2025, 3, 19, 9)):
        record("case.view", actor=officer, at=at, case_id=case.pk, detail={"page": "case_page"})
    record("evidence.reveal", actor=officer, at=hkt(2025, 3, 19, 9, 5), case_id=case.pk, reason=REASON)
    record("case.view", actor=supervisor, at=hkt(2025, 3, 19, 11), case_id=case.pk, detail={"page": "case_page"})
    record("case.view", actor=complainant, at=hkt(2025, 3, 19, 12), case_id=case.pk, detail={"page": "portal"})
    record("case.view", actor=officer, at=hkt(2025, 3, 19, 12), case_id=case.pk + 1)  # another case
    record("case.access", actor=supervisor, at=hkt(2025, 3, 19, 12), case_id=case.pk, outcome="denied")

    assert staff_access_by_role(case.pk) == [
        StaffAccess(on=dt.date(2025, 3, 18), role="conduct_officer", views=2, evidence=0),
        StaffAccess(on=dt.date(2025, 3, 19), role="conduct_officer", views=1, evidence=1),
        StaffAccess(on=dt.date(2025, 3, 19), role="case_supervisor", views=1, evidence=0),
    ]
