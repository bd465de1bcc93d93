"""The purge reaches what the parties' pages and the online reports hold (through casemgr.erasure):
nothing of a purged case's messages or reports is left, and reports that never became cases go once
closed and past the schedule's period for them."""

from __future__ import annotations

import pytest

from accounts.models import User
from cases.models import Case, Party
from intake.models import IntakeReport, ReportStatus
from intake.submit import PersonInput, ReportInput, do_submit_report
from portal.models import Message
from tests.conftest import hkt
from tests.privacy.test_purge import database_text, purge

pytestmark = pytest.mark.usefixtures("imported")


def _report(account: str, *, at, reporter: PersonInput | None = None) -> IntakeReport:
    data = ReportInput(
        way="named" if reporter else "anonymous",
        conducts=["creation"],
        synthetic="ai",
        account=account,
        place="online",
        reporter=reporter,
    )
    return do_submit_report(data, at=at).report


def test_a_purged_case_takes_its_messages_and_its_online_report_with_it() -> None:
    case = Case.objects.get(reference="OLD-2018-0001")
    party = Party.objects.filter(case=case).select_related("person").first()
    assert party is not None
    Message.objects.create(
        party=party, author=party.person, from_party=True, text="portalsecret-thread", sent_at=hkt(2018, 3, 1)
    )
    report = _report(
        "intakesecret-account",
        at=hkt(2018, 2, 1),
        reporter=PersonInput(name="Reporter Quill", email="quill@connect.uni.example", number="3035007777"),
    )
    IntakeReport.objects.filter(pk=report.pk).update(case=case, status=ReportStatus.CASE_OPENED)
    kept = Case.objects.get(reference="RECENT-2024-0001")
    kept_party = Party.objects.filter(case=kept).select_related("person").first()
    assert kept_party is not None
    Message.objects.create(
        party=kept_party, author=kept_party.person, from_party=True, text="portalkept-thread", sent_at=hkt(2024, 3, 1)
    )

    purge()

    text = database_text()
    assert "portalsecret-thread" not in text
    assert "intakesecret-account" not in text
    assert "Reporter Quill" not in text
    assert "portalkept-thread" in text


def test_reports_that_never_became_cases_go_once_closed_and_their_period_is_over() -> None:
    old_closed = _report("oldclosed-account", at=hkt(2024, 5, 1))
    IntakeReport.objects.filter(pk=old_closed.pk).update(status=ReportStatus.CLOSED, closed_at=hkt(2024, 5, 8))
    old_open = _report("oldopen-account", at=hkt(2024, 5, 2))  # still waiting for the office: kept
    recent_closed = _report("recentclosed-account", at=hkt(2026, 6, 1))
    IntakeReport.objects.filter(pk=recent_closed.pk).update(status=ReportStatus.CLOSED, closed_at=hkt(2026, 6, 8))

    dry = purge("--dry-run")
    assert IntakeReport.objects.filter(pk=old_closed.pk).exists()
    assert "intake_reports" in dry

    purge()

    assert not IntakeReport.objects.filter(pk=old_closed.pk).exists()
    assert IntakeReport.objects.filter(pk=old_open.pk).exists()
    assert IntakeReport.objects.filter(pk=recent_closed.pk).exists()
    assert "oldclosed-account" not in database_text()


def test_a_purged_person_is_blanked_in_a_report_that_is_kept() -> None:
    # Bertram (3035000002) is on the purged case only; a kept, still open report names him as respondent.
    report = _report("kept-report", at=hkt(2026, 11, 1))
    IntakeReport.objects.filter(pk=report.pk).update(
        respondent_number="3035000002", respondent_name="Bertram Vanishing", respondent_email="b.v@elsewhere.example"
    )
    assert User.objects.filter(username="3035000002").exists()

    purge()

    report.refresh_from_db()
    assert report.respondent_number == ""
    assert report.respondent_name == ""
    # An address that is not one of his stays: the report's other columns are left as they were.
    assert report.respondent_email == "b.v@elsewhere.example"
