"""Issue 13 (transparency) and the decision deadlines of her requests, as a party would notice them:
who on the staff opened her case (roles and days, never names, never the other parties), the privacy
notice on every party page, and a decision date on each request still waiting for one."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from cases.actions.requests import do_decide_request, do_record_request
from cases.models import Party
from portal import actions
from tests.conftest import hkt

pytestmark = pytest.mark.django_db


def _url(name, case):
    return reverse(name, kwargs={"case_id": case.public_id})


def _access_body(client, case):
    response = client.get(_url("portal:access", case))
    assert response.status_code == 200
    return response.content.decode()


def test_a_complainant_sees_the_officer_opening_her_case_by_role_and_day_only(
    client_for, officer, supervisor, complainant, second_complainant, case, her
):
    other = Party.objects.get(case=case, person=second_complainant)
    actions.do_send_message(other, text="Message from B", author=second_complainant, at=hkt(2025, 3, 17, 9))
    with time_machine.travel(hkt(2025, 3, 18, 10), tick=False):
        first = client_for(complainant)
        assert _access_body(first, case).count("Nobody on the staff has opened your case yet.") == 1
        assert client_for(officer).get(reverse("office:case_detail", args=[case.public_id])).status_code == 200
        # Her own visits and the other complainant's are not staff looks.
        first.get(_url("portal:case", case))
        client_for(second_complainant).get(_url("portal:case", case))
    with time_machine.travel(hkt(2025, 3, 19, 10), tick=False):
        case_page = first.get(_url("portal:case", case)).content.decode()
        assert _url("portal:access", case) in case_page
        body = _access_body(first, case)
        second_body = _access_body(client_for(second_complainant), case)
    assert "2025-03-18" in body
    assert "Conduct officer: opened the case once" in body
    assert "Nobody on the staff" not in body
    for name in ("officer.chan", "Officer.Chan", "supervisor.lee", "Student A", "Student B", "Student R"):
        assert name not in body
        assert name not in second_body
    assert "Message from B" not in body
    # The second complainant sees the same staff list, and nothing of the first complainant.
    assert "Conduct officer: opened the case once" in second_body
    assert "2025-03-18" in second_body


def test_the_staff_list_is_in_traditional_chinese(client_for, officer, complainant, case, her):
    with time_machine.travel(hkt(2025, 3, 18, 10), tick=False):
        client_for(officer).get(reverse("office:case_detail", args=[case.public_id]))
        client = client_for(complainant)
        client.cookies["django_language"] = "zh-hant"
        with translation.override("zh-hant"):
            body = _access_body(client, case)
    assert "哪些職員曾開啟你的個案" in body
    assert "開啟個案 1 次" in body
    assert "Conduct officer" not in body


def test_the_respondent_sees_no_staff_list_before_the_notice_and_an_outsider_never(
    client_for, officer, respondent, other_complainant, case
):
    assert client_for(respondent).get(_url("portal:access", case)).status_code == 404
    assert client_for(other_complainant).get(_url("portal:access", case)).status_code == 404
    assert client_for(officer).get(_url("portal:access", case)).status_code == 404
    actions.do_release_notice(
        case,
        text="Notice.",
        notice_date=dt.date(2025, 3, 20),
        hearing_at=None,
        hearing_place="",
        acting_user=officer,
        at=hkt(2025, 3, 20, 10),
    )
    page = client_for(respondent).get(_url("portal:case", case)).content.decode()
    assert "Who on the staff has opened your case" in page
    assert client_for(respondent).get(_url("portal:access", case)).status_code == 200


def test_every_party_page_links_the_privacy_notice(client_for, complainant, respondent, case, her):
    notice = reverse("privacy:notice")
    pages = {
        complainant: [
            reverse("portal:my_cases"),
            _url("portal:case", case),
            _url("portal:access", case),
            _url("portal:measure", case),
            _url("portal:review", case),
            _url("portal:information", case),
            _url("portal:withdraw", case),
        ],
        respondent: [reverse("portal:my_cases"), _url("portal:case", case)],
    }
    for person, urls in pages.items():
        client = client_for(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'href="{notice}"' in response.content.decode(), url
    assert client_for(complainant).get(notice).status_code == 200


def test_an_undecided_request_shows_its_decision_date_and_then_that_it_is_late(
    client_for, officer, complainant, case, her
):
    do_record_request(
        her,
        kind="committee_hearing",
        details="",
        requested_at=hkt(2025, 3, 17, 9),
        acting_user=officer,
        at=hkt(2025, 3, 17, 9),
    )
    client = client_for(complainant)
    with time_machine.travel(hkt(2025, 3, 20, 9), tick=False):
        body = client.get(_url("portal:case", case)).content.decode()
    assert "Decision due by 2025-03-31" in body
    assert "Decision due by 2025-03-31: late" not in body
    assert "Something is late" not in body
    with time_machine.travel(hkt(2025, 4, 1, 9), tick=False):
        body = client.get(_url("portal:case", case)).content.decode()
    assert "Decision due by 2025-03-31: late" in body
    assert "Something is late" in body


def test_a_decided_request_shows_its_decision_and_no_deadline(client_for, officer, complainant, case, her):
    request = do_record_request(
        her,
        kind="tutor_notification",
        details="",
        requested_at=hkt(2025, 3, 17, 9),
        acting_user=officer,
        at=hkt(2025, 3, 17, 9),
    )
    do_decide_request(request, grants="granted", reasons="Tutors told.", acting_user=officer, at=hkt(2025, 3, 18, 9))
    with time_machine.travel(hkt(2025, 4, 10, 9), tick=False):
        body = client_for(complainant).get(_url("portal:case", case)).content.decode()
    assert "Tutors told." in body
    assert "Decision due by" not in body
