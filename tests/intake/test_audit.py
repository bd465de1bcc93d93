"""Every intake action writes exactly one audit row, with ids only (tests/audit/test_every_action.py lists
them as covered here)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from audit.models import AuditEntry
from intake.actions import (
    do_acknowledge_report,
    do_ask_reporter,
    do_attach_report,
    do_close_report,
    do_open_case_from_report,
    do_record_contact_choice,
    do_reporter_message,
)
from intake.links import do_link_report
from intake.models import PossibleReportLink
from intake.submit import PersonInput, ReportInput, do_submit_report
from tests.conftest import hkt

AT = hkt(2025, 3, 18, 9, 0)
SECRET = "Confidential account of what happened"


def _submit(**extra):
    data = ReportInput(way="anonymous", conducts=["creation"], synthetic="ai", account=SECRET, place="online", **extra)
    return do_submit_report(data, at=AT).report


def _last_id() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _rows_of(run: Callable[[], object]) -> list[AuditEntry]:
    last = _last_id()
    run()
    return list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "action"),
    [
        ("submit", "intake.submit"),
        ("acknowledge", "intake.acknowledge"),
        ("ask", "intake.ask"),
        ("reporter_message", "intake.reporter_message"),
        ("contact", "intake.contact_choice"),
        ("close", "intake.close"),
        ("open_case", "intake.open_case"),
        ("attach", "intake.attach"),
        ("link", "intake.link"),
    ],
)
def test_each_intake_action_writes_one_audit_row_without_its_text(name, action, officer, supervisor, case):
    report = _submit(respondent=PersonInput(name="Student R", number="3035009999"))
    runs: dict[str, Callable[[], object]] = {
        "submit": lambda: _submit(),
        "acknowledge": lambda: do_acknowledge_report(report, text=SECRET, acting_user=officer, at=AT),
        "ask": lambda: do_ask_reporter(report, text=SECRET, acting_user=officer, at=AT),
        "reporter_message": lambda: do_reporter_message(report, text=SECRET, at=AT),
        "contact": lambda: do_record_contact_choice(report, willing=True, details="by phone 9123 4567", at=AT),
        "close": lambda: do_close_report(report, reason=SECRET, acting_user=officer, at=AT),
        "open_case": lambda: do_open_case_from_report(report, reference="IBSA-2025-0300", acting_user=officer, at=AT),
        "attach": lambda: do_attach_report(report, case=case, acting_user=officer, at=AT),
        "link": lambda: do_link_report(
            PossibleReportLink.objects.get(report=report, other_case=case), acting_user=supervisor, at=AT
        ),
    }
    rows = _rows_of(runs[name])
    assert [r.action for r in rows] == [action]
    assert SECRET not in repr(rows[0].detail)
    assert "9123" not in repr(rows[0].detail)
    assert "Student R" not in repr(rows[0].detail)
