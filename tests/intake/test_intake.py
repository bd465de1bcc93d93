"""Online reports: throttle, the same answer for a wrong number and a wrong key, the acknowledgement flag,
possible links, who sees the queue, and what a case opened from a report carries."""

from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import Team
from accounts.roles import StaffRole
from accounts.services import do_create_staff
from audit.models import AuditEntry
from cases.models import Case, PartyRole
from evidence.models import Evidence
from intake.actions import do_acknowledge_report, do_ask_reporter, do_open_case_from_report
from intake.files import adopt_report_files
from intake.flag_kinds import ACKNOWLEDGEMENT_OVERDUE
from intake.models import IntakeReport, PossibleReportLink, ReportStatus, ThrottleHit
from intake.submit import PersonInput, ReportInput, UploadInput, do_submit_report
from intake.tasks import forget_throttle_task
from intake.throttle import allow_lookup, allow_report
from notifications.models import Notification
from oversight.models import Flag
from oversight.policy_changes import do_update_acknowledgement
from oversight.sweep import sweep
from tests.conftest import hkt
from tests.evidence.conftest import encode, evidence_root, photo  # noqa: F401 - evidence under tmp_path

MONDAY = hkt(2025, 3, 17, 10, 0)


def _report(way: str = "anonymous", *, at=MONDAY, **extra) -> tuple[IntakeReport, str, str]:
    data = ReportInput(
        way=way,
        conducts=extra.pop("conducts", ["creation", "distribution"]),
        synthetic="ai",
        account=extra.pop("account", "He keeps folders of pictures named after us."),
        place="online",
        **extra,
    )
    receipt = do_submit_report(data, at=at)
    return receipt.report, receipt.number, receipt.key


@pytest.mark.django_db
def test_it_throttles_reports_per_address_and_forgets_the_address(settings):
    settings.CASEMGR_INTAKE_MAX_REPORTS_PER_WINDOW = 2
    assert allow_report("203.0.113.7", now=MONDAY)
    assert allow_report("203.0.113.7", now=MONDAY)
    assert not allow_report("203.0.113.7", now=MONDAY)
    assert allow_report("198.51.100.1", now=MONDAY)
    assert not any("203.0.113.7" in hit.bucket for hit in ThrottleHit.objects.all())
    later = MONDAY.replace(hour=12)
    assert allow_report("203.0.113.7", now=later)
    # Only the try just counted is left: the older ones were deleted with the window.
    assert ThrottleHit.objects.filter(at__lt=later).count() == 0


@pytest.mark.django_db
def test_it_throttles_key_tries_per_report_number_across_addresses(settings):
    settings.CASEMGR_INTAKE_MAX_LOOKUPS_PER_WINDOW = 3
    for i in range(3):
        assert allow_lookup(f"198.51.100.{i}", "R-ABCDEFGH", now=MONDAY)
    assert not allow_lookup("198.51.100.99", "R-ABCDEFGH", now=MONDAY)
    assert allow_lookup("198.51.100.99", "R-ZZZZZZZZ", now=MONDAY)


def _page(response, number: str) -> str:
    """The page without what differs between any two requests (the CSRF token) and the number typed."""
    text = response.content.decode().replace(number, "N")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.mark.django_db
def test_a_wrong_number_and_a_wrong_key_get_the_same_answer():
    report, number, key = _report()
    assert report.key_hash != key
    assert key not in report.key_hash
    lookup = reverse("intake:lookup")
    wrong_key = Client().post(lookup, {"number": number, "key": "AAAA-BBBB-CCCC-DDDD-EEEE"})
    wrong_number = Client().post(lookup, {"number": "R-23456789", "key": key})
    assert wrong_key.status_code == wrong_number.status_code == 400
    assert _page(wrong_key, number) == _page(wrong_number, "R-23456789")
    assert "The report number or the key is not right" in wrong_key.content.decode()
    right = Client()
    response = right.post(lookup, {"number": number.lower(), "key": key})
    assert response.status_code == 302
    assert number not in response["Location"]
    assert key not in response["Location"]
    assert "Your report has been received" in right.get(reverse("intake:status")).content.decode()


@pytest.mark.django_db
def test_it_flags_a_report_not_acknowledged_after_three_working_days(officer, supervisor):
    report, _, _ = _report()
    assert report.acknowledgement_due_at == hkt(2025, 3, 20, 23, 59, 59)
    sweep(hkt(2025, 3, 20, 23, 0))
    assert not Flag.objects.filter(kind=ACKNOWLEDGEMENT_OVERDUE).exists()
    sweep(hkt(2025, 3, 21, 9, 0))
    flag = Flag.objects.get(kind=ACKNOWLEDGEMENT_OVERDUE, closed_at__isnull=True)
    assert flag.level == 1
    assert flag.case is None
    # Five working days overdue: the supervisors of the intake team are told.
    sweep(hkt(2025, 3, 27, 9, 0))
    flag.refresh_from_db()
    assert flag.level == 2
    do_acknowledge_report(report, text="", acting_user=officer, at=hkt(2025, 3, 27, 10, 0))
    flag.refresh_from_db()
    assert flag.closed_at is not None
    assert AuditEntry.objects.filter(action="intake.acknowledge").exists()


@pytest.mark.django_db
def test_it_shows_supervisors_a_possible_link_without_the_others_content(case, officer, supervisor, client_for):
    first, _, _ = _report(respondent=PersonInput(name="Student R", number="3035009999"), account="First account.")
    second, _, _ = _report(
        respondent=PersonInput(name="Student R", number=" 3035009999 "),
        account="Second account.",
        at=MONDAY.replace(hour=11),
    )
    links = PossibleReportLink.objects.filter(report=second)
    assert {(link.other_report_id, link.other_case_id) for link in links} == {(first.pk, None), (None, case.pk)}
    url = reverse("intake:report_detail", kwargs={"report_id": second.public_id})
    page = client_for(supervisor).get(url).content.decode()
    assert "Possible links" in page
    assert "An open case" in page
    assert "Another online report" in page
    assert "First account." not in page
    assert case.reference not in page
    assert case.summary not in page
    assert "Possible links" not in client_for(officer).get(url).content.decode()
    link = links.get(other_case=case)
    link_url = reverse("intake:link", kwargs={"report_id": second.public_id})
    assert client_for(officer).post(link_url, {"link": link.public_id}).status_code == 404
    assert client_for(supervisor).post(link_url, {"link": link.public_id}).status_code == 302
    link.refresh_from_db()
    assert link.linked_by == supervisor


@pytest.mark.django_db
def test_only_the_intake_team_sees_reports(officer, supervisor, reviewer, client_for, settings):
    report, _, _ = _report()
    other_team = Team.objects.create(name="Halls")
    other = do_create_staff(
        username="supervisor.yip", email="y@uni.example", name="Yip", role=StaffRole.CASE_SUPERVISOR, team=other_team
    )
    detail = reverse("intake:report_detail", kwargs={"report_id": report.public_id})
    missing = reverse("intake:report_detail", kwargs={"report_id": "00000000-0000-0000-0000-000000000000"})
    assert client_for(officer).get(reverse("intake:queue")).status_code == 200
    assert client_for(officer).get(detail).status_code == 200
    for user in (other, reviewer):
        client = client_for(user)
        assert client.get(reverse("intake:queue")).status_code == 404
        assert client.get(detail).status_code == 404
        assert client.get(missing).status_code == 404
    assert Client().get(detail).status_code == 302  # to sign in
    settings.CASEMGR_INTAKE_TEAM = "Halls"
    assert client_for(officer).get(detail).status_code == 404


@pytest.mark.django_db
def test_a_named_report_becomes_a_complainant_invited_to_the_portal_and_is_exported(officer, tmp_path):
    report, _, _ = _report(
        "named",
        reporter=PersonInput(name="Student N", email="n@connect.uni.example", number="3035004444"),
        respondent=PersonInput(name="Student R", number="3035009999"),
        requests=["committee_hearing"],
        measures=["class_separation"],
    )
    at = hkt(2025, 3, 18, 9, 0)
    case = do_open_case_from_report(report, reference="IBSA-2025-0100", acting_user=officer, at=at)
    assert case.received_at == MONDAY
    assert {(p.person.username, p.role) for p in case.parties.select_related("person")} == {
        ("3035004444", PartyRole.COMPLAINANT),
        ("3035009999", PartyRole.RESPONDENT),
    }
    assert case.requests.get().kind == "committee_hearing"
    report.refresh_from_db()
    assert report.status == ReportStatus.CASE_OPENED
    reporter = case.parties.get(role=PartyRole.COMPLAINANT).person
    invitation = Notification.objects.get(kind="account_invitation", recipient=reporter)
    assert "IBSA" not in invitation.subject
    assert "Student" not in invitation.subject
    assert report.invitation_due_at is None
    assert AuditEntry.objects.filter(action="intake.open_case", case_id=case.pk).exists()
    assert AuditEntry.objects.filter(action="auth.invitation", case_id=case.pk).exists()
    out = tmp_path / "cases.json"
    call_command("export_cases", "--output", str(out))
    exported = {c["reference"]: c for c in json.loads(out.read_text())["cases"]}
    assert exported["IBSA-2025-0100"]["received_at"] == "2025-03-17T10:00:00+08:00"
    assert {"creation", "distribution"} == {a["conduct"] for a in exported["IBSA-2025-0100"]["allegations"]}


@pytest.mark.django_db
def test_a_file_sent_with_a_report_becomes_evidence_from_the_reporter(officer, evidence_root):  # noqa: F811
    report, _, _ = _report(files=[UploadInput(content=encode(photo(3), "PNG"), filename="shot.png")])
    stored = report.files.get()
    assert (evidence_root / stored.storage_name).exists()
    assert encode(photo(3), "PNG")[:64] not in (evidence_root / stored.storage_name).read_bytes()
    do_ask_reporter(report, text="When did you see them?", acting_user=officer, at=MONDAY)
    case = do_open_case_from_report(report, reference="IBSA-2025-0101", acting_user=officer, at=MONDAY)
    with time_machine.travel(MONDAY, tick=False):
        assert adopt_report_files(report, case=case, acting_user=officer, at=MONDAY) == 1
    evidence = Evidence.objects.get(case=case)
    assert evidence.source == "reporter"
    assert evidence.kind == "image"
    assert not (evidence_root / stored.storage_name).exists()
    assert Case.objects.get(pk=case.pk).parties.count() == 0  # anonymous: nobody to add


@pytest.mark.django_db
def test_the_public_pages_speak_traditional_chinese():
    client = Client()
    client.cookies["django_language"] = "zh-hant"
    start = client.get(reverse("intake:start")).content.decode()
    assert "三種舉報方式" in start
    assert "3 個工作天內確認收到" in start
    form = client.get(reverse("intake:new_report")).content.decode()
    assert "你以甚麼方式舉報？" in form
    assert "匿名" in form


@pytest.mark.django_db
def test_changing_the_policy_number_moves_the_deadline_of_waiting_reports(supervisor):
    report, _, _ = _report()
    do_update_acknowledgement(report.policy, acknowledgement_working_days=5, acting_user=supervisor, at=MONDAY)
    report.refresh_from_db()
    assert report.acknowledgement_due_at == hkt(2025, 3, 24, 23, 59, 59)


@pytest.mark.django_db
def test_the_periodic_task_forgets_the_hashed_addresses_after_the_window():
    allow_report("203.0.113.7", now=MONDAY)
    with time_machine.travel(MONDAY.replace(hour=10, minute=59), tick=False):
        forget_throttle_task()
    assert ThrottleHit.objects.count() == 1
    with time_machine.travel(MONDAY.replace(hour=11, minute=1), tick=False):
        forget_throttle_task()
    assert ThrottleHit.objects.count() == 0


@pytest.mark.django_db
def test_a_named_report_attached_to_an_existing_case_adds_a_second_complainant(
    case, officer, other_officer, client_for
):
    report, _, _ = _report(
        "named",
        reporter=PersonInput(name="Student B", email="b2@connect.uni.example", number="3035005555"),
        respondent=PersonInput(name="Student R", number="3035009999"),
    )
    url = reverse("intake:attach", kwargs={"report_id": report.public_id})
    # An officer who may not change the case gets the answer of a missing one.
    refused = client_for(other_officer).post(url, {"reference": case.reference})
    assert refused.status_code == 400
    assert "No open case you may change has that reference." in refused.content.decode()
    response = client_for(officer).post(url, {"reference": case.reference})
    assert response.status_code == 302
    complainants = case.parties.filter(role=PartyRole.COMPLAINANT).values_list("person__username", flat=True)
    assert set(complainants) == {"3035001234", "3035005555"}
    assert case.parties.filter(role=PartyRole.RESPONDENT).count() == 1
    report.refresh_from_db()
    assert report.case == case
    assert report.status == ReportStatus.CASE_OPENED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_opening_a_case_from_the_report_page_moves_its_file_into_the_evidence(officer, client_for, evidence_root):  # noqa: F811
    report, _, _ = _report(files=[UploadInput(content=encode(photo(5), "JPEG", quality=90), filename="a.jpg")])
    url = reverse("intake:open_case", kwargs={"report_id": report.public_id})
    response = client_for(officer).post(url, {"reference": "IBSA-2025-0400"})
    case = Case.objects.get(reference="IBSA-2025-0400")
    assert response["Location"] == reverse("office:case_detail", kwargs={"public_id": case.public_id})
    evidence = Evidence.objects.get(case=case)
    assert evidence.source == "reporter"
    assert report.files.get().evidence == evidence
