"""The parties' pages as a complainant and a respondent would notice them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from casemgr.vocabulary import MeasureDecision, Stage
from cases.workflow import do_change_stage
from notifications.models import Notification
from oversight.models import Flag
from oversight.sweep import sweep
from portal import actions
from portal.flag_kinds import DELAY_UNEXPLAINED
from portal.models import Message
from tests.conftest import hkt

pytestmark = pytest.mark.django_db


def _page(client, case):
    return client.get(reverse("portal:case", kwargs={"case_id": case.public_id}))


def test_it_sends_a_party_to_her_own_cases_after_sign_in(client_for, complainant, officer, case):
    assert client_for(complainant).get(reverse("portal:landing"))["Location"] == reverse("portal:my_cases")
    assert client_for(officer).get(reverse("portal:landing"))["Location"] == reverse("office:case_list")
    body = client_for(complainant).get(reverse("portal:my_cases")).content.decode()
    assert reverse("portal:case", kwargs={"case_id": case.public_id}) in body
    assert "IBSA-2025-0007" not in body


def test_it_links_a_party_404_to_her_cases(client_for, complainant):
    response = client_for(complainant).get("/cases/not-a-case/")
    assert response.status_code == 404
    assert reverse("portal:my_cases") in response.content.decode()


@time_machine.travel(hkt(2025, 3, 17, 9), tick=False)
def test_it_shows_her_status_and_the_deadline_of_a_measure_she_asks_for(client_for, complainant, case, her):
    client = client_for(complainant)
    response = client.post(
        reverse("portal:measure", kwargs={"case_id": case.public_id}), {"type": "class_separation", "details": ""}
    )
    assert response.status_code == 302
    body = _page(client, case).content.decode()
    assert "Class separation" in body
    assert "Waiting for a decision" in body
    assert "due by 2025-" in body
    assert "Received" in body


@time_machine.travel(hkt(2025, 3, 17, 9), tick=False)
def test_a_second_complainant_sees_none_of_the_first_ones_requests(
    client_for, complainant, second_complainant, case, her
):
    actions.do_ask_for_measure(her, type="class_separation", details="Secret detail A", at=hkt(2025, 3, 17, 9))
    actions.do_send_message(her, text="Message from A", author=complainant, at=hkt(2025, 3, 17, 9))
    body = _page(client_for(second_complainant), case).content.decode()
    assert "Class separation" not in body
    assert "Message from A" not in body
    assert "Student A" not in body


def test_the_respondent_sees_nothing_before_the_notice_is_released(client_for, respondent, officer, case, him):
    client = client_for(respondent)
    body = _page(client, case).content.decode()
    assert "nothing for you to read here yet" in body
    assert "Folders per person" not in body
    actions.do_release_notice(
        case,
        text="You are alleged to have created images.",
        notice_date=dt.date(2025, 3, 20),
        hearing_at=None,
        hearing_place="",
        acting_user=officer,
        at=hkt(2025, 3, 20, 10),
    )
    body = _page(client, case).content.decode()
    assert "You are alleged to have created images." in body
    assert "Your rights" in body


def test_it_refuses_and_records_a_message_on_a_withdrawn_case(client_for, complainant, officer, case, her):
    do_change_stage(case, to=Stage.WITHDRAWN, reason="withdrawn", acting_user=officer, at=hkt(2025, 3, 15))
    client = client_for(complainant)
    response = client.post(
        reverse("portal:message", kwargs={"case_id": case.public_id}), {"text": "hello"}, follow=True
    )
    assert "withdrawn" in response.content.decode()
    assert not Message.objects.exists()
    assert AuditEntry.objects.filter(action=actions.REFUSED, outcome=AuditEntry.Outcome.DENIED).exists()


def test_it_refuses_a_second_review_of_the_same_decision(complainant, officer, case, her):
    from accommodations.actions import do_decide_measure

    measure = actions.do_ask_for_measure(her, type="class_separation", details="", at=hkt(2025, 3, 17, 9))
    do_decide_measure(
        measure,
        decision=MeasureDecision.DECLINED,
        reasons="No shared class.",
        acting_user=officer,
        at=hkt(2025, 3, 18, 9),
    )
    actions.do_ask_for_review(her, subject=f"measure:{measure.pk}", reasons="We do share one.", at=hkt(2025, 3, 19))
    with pytest.raises(actions.PartyRefused):
        actions.do_ask_for_review(her, subject=f"measure:{measure.pk}", reasons="Again.", at=hkt(2025, 3, 20))


def test_a_message_reaches_the_officer_by_a_minimal_mail(complainant, officer, case, her):
    actions.do_send_message(her, text="Hello", author=complainant, at=hkt(2025, 3, 17, 9))
    row = Notification.objects.get(recipient=officer, kind="party_message")
    assert row.case_id == case.pk


def test_an_overdue_stage_tells_her_and_then_wants_a_reason(client_for, complainant, officer, case, her):
    assert case.stage_due_at is not None
    late = case.stage_due_at + dt.timedelta(days=1)
    sweep(late)
    stage_flag = Flag.objects.get(case=case, kind="stage_overdue")
    assert Notification.objects.filter(recipient=complainant, flag=stage_flag).exists()
    with time_machine.travel(late, tick=False):
        assert "has not moved on from its current stage" in _page(client_for(complainant), case).content.decode()
    sweep(late + dt.timedelta(days=7))
    delay = Flag.objects.get(kind=DELAY_UNEXPLAINED, closed_at__isnull=True)
    actions.do_explain_delay(
        stage_flag,
        reason="Waiting for a witness.",
        expected_at=(late + dt.timedelta(days=20)).date(),
        acting_user=officer,
        at=late + dt.timedelta(days=7, hours=1),
    )
    delay.refresh_from_db()
    assert delay.closed_at is not None
    with time_machine.travel(late + dt.timedelta(days=8), tick=False):
        assert "Waiting for a witness." in _page(client_for(complainant), case).content.decode()


def test_a_file_that_fails_the_checks_is_refused_clearly_and_recorded(
    client_for, complainant, case, her, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import Evidence

    settings.CASEMGR_EVIDENCE_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("photo.jpg", b"not a picture at all", content_type="image/jpeg")
    response = client_for(complainant).post(
        reverse("portal:information", kwargs={"case_id": case.public_id}), {"file": upload, "description": ""}
    )
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Evidence.objects.exists()
    assert AuditEntry.objects.filter(action=actions.REFUSED, detail__action="information.invalid").exists()


def test_a_party_writing_to_a_case_not_hers_gets_the_404(client_for, other_complainant, case):
    response = client_for(other_complainant).post(reverse("portal:message", args=[case.public_id]), {"text": "x"})
    assert response.status_code == 404
    assert not Message.objects.exists()


def test_the_only_complainant_withdrawing_withdraws_the_case_and_then_nothing_more_is_taken(
    client_for, complainant, case, her
):
    client = client_for(complainant)
    url = reverse("portal:withdraw", kwargs={"case_id": case.public_id})
    assert client.post(url, {"reason": "I want to move on."}).status_code == 200  # not confirmed: asked again
    case.refresh_from_db()
    assert case.stage == Stage.RECEIVED
    assert client.post(url, {"confirm": "on", "reason": "I want to move on."}).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN
    body = _page(client, case).content.decode()
    assert "You withdrew your complaint on" in body
    assert 'name="text"' not in body  # no message form any more


def test_one_of_two_complainants_withdrawing_leaves_the_case_open(complainant, second_complainant, case, her):
    actions.do_withdraw(her, reason="", at=hkt(2025, 3, 18))
    case.refresh_from_db()
    assert case.stage == Stage.RECEIVED
    with pytest.raises(actions.PartyRefused):
        actions.do_send_message(her, text="again", author=complainant, at=hkt(2025, 3, 19))


def test_the_office_list_sends_a_party_to_her_own(client_for, complainant):
    response = client_for(complainant).get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("portal:my_cases")
    assert response.status_code == 200


def test_her_page_offers_for_review_what_the_review_action_accepts(complainant, officer, case, her):
    """The page builds the subjects from what it has read (cases' requests, her measures, the flags);
    the action reads them afresh. Both must give the same subjects in the same order."""
    from accommodations.actions import do_decide_measure
    from cases.actions.requests import do_decide_request, do_record_request
    from deadlines.calendar import WorkingCalendar
    from portal.pages import complainant_page

    first = actions.do_ask_for_measure(her, type="class_separation", details="", at=hkt(2025, 3, 17, 9))
    actions.do_ask_for_measure(her, type="no_contact_directive", details="", at=hkt(2025, 3, 17, 10))
    do_decide_measure(
        first, decision=MeasureDecision.APPROVED, reasons="Yes.", acting_user=officer, at=hkt(2025, 3, 18)
    )
    later, earlier = (
        do_record_request(her, kind=kind, details="", requested_at=day, acting_user=officer, at=day)
        for kind, day in (("tutor_notification", hkt(2025, 3, 16)), ("committee_hearing", hkt(2025, 3, 15)))
    )
    # Decided in the other order from the requests': the subjects follow the decisions.
    do_decide_request(later, grants="granted", reasons="Done.", acting_user=officer, at=hkt(2025, 3, 19))
    do_decide_request(earlier, grants="refused", reasons="No.", acting_user=officer, at=hkt(2025, 3, 20))
    do_decide_request(later, grants="partly", reasons="Revised.", acting_user=officer, at=hkt(2025, 3, 21))
    sweep(case.stage_due_at + dt.timedelta(days=1))
    expected = actions.review_subjects(her)
    kinds = [key.split(":")[0] for key in expected]
    assert kinds[:4] == ["measure", "decision", "decision", "decision"]
    assert set(kinds[4:]) == {"flag"}  # the stage's delay and her open measure's
    now = case.stage_due_at + dt.timedelta(days=2)
    page = complainant_page(her, calendar=WorkingCalendar.load(), now=now)
    assert list(page.review_subjects.items()) == list(expected.items())
