"""The pages an officer uses all day read a fixed number of queries, whatever the data (issue 15): the
case page with five measures in every state reads what it reads with one, and so does the complainant's
own page of the case; the case list and the API list read what they read for two cases when they hold
many more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accommodations.actions import do_decide_measure, do_implement_measure, do_request_measure
from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from oversight.sweep import sweep
from tests.api.conftest import api_for  # noqa: F401 - the API tests' signed-in client
from tests.conftest import hkt
from tests.web.conftest import case_url
from tests.web.test_measures import timetable  # noqa: F401 - the shared sessions of the measure tests

REQUESTED = hkt(2025, 3, 17, 9, 0)
TYPES = ["class_separation", "no_contact_directive", "exam_arrangement", "housing_change", "support_referral"]


def _measure(case, officer, complainant, respondent, index):
    return do_request_measure(
        case,
        type=TYPES[index],
        requested_by=complainant,
        against=respondent,
        requested_at=REQUESTED,
        details="",
        recorded_by=officer,
        at=REQUESTED,
    )


def _queries(client, url):
    client.get(url)  # the session and the caches warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("page", ["officer's case page", "complainant's page"])
def test_the_case_page_reads_as_many_queries_with_five_measures_as_with_one(
    page, case, officer, complainant, respondent, timetable, client_for  # noqa: F811
):
    client, url = (
        (client_for(officer), case_url(case))
        if page == "officer's case page"
        else (client_for(complainant), f"/my/cases/{case.public_id}/")
    )
    _measure(case, officer, complainant, respondent, 0)
    sweep(hkt(2025, 3, 25, 9, 0))  # the first measure's decision is overdue: a flag on the page
    one, body = _queries(client, url)
    assert "Class separation" in body
    decided = _measure(case, officer, complainant, respondent, 1)
    do_decide_measure(decided, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 18, 9))
    implemented = _measure(case, officer, complainant, respondent, 2)
    do_decide_measure(implemented, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 18, 9))
    do_implement_measure(
        implemented, implemented_at=hkt(2025, 3, 19, 9), note="", acting_user=officer, at=hkt(2025, 3, 19, 9)
    )
    declined = _measure(case, officer, complainant, respondent, 3)
    do_decide_measure(declined, decision="declined", reasons="no", acting_user=officer, at=hkt(2025, 3, 18, 9))
    _measure(case, officer, complainant, respondent, 4)
    sweep(hkt(2025, 3, 26, 9, 0))
    five, body = _queries(client, url)
    assert "Referral to support" in body  # the fifth
    assert five == one


def _cases(officer, count, start):
    for index in range(count):
        at = hkt(2025, 3, 1 + index % 28, 9)
        created = do_create_case(
            reference=f"IBSA-2025-{start + index:04d}",
            received_at=at,
            summary="",
            allegations=[AllegationInput(conduct="possession", synthetic=True)],
            acting_user=officer,
            at=at,
        )
        do_assign_officer(created, officer=officer, acting_user=None, at=at)


def test_the_case_list_and_the_api_list_read_as_many_queries_for_forty_cases_as_for_two(
    officer, client_for, api_for  # noqa: F811
):
    _cases(officer, 2, 100)
    sweep(hkt(2025, 4, 30, 9, 0))
    web_two, _ = _queries(client_for(officer), "/cases/")
    api = api_for(officer)
    api.get("/api/v1/cases/")
    with CaptureQueriesContext(connection) as captured:
        assert api.get("/api/v1/cases/").json()["count"] == 2
    api_two = len(captured)
    _cases(officer, 40, 200)
    sweep(hkt(2025, 5, 30, 9, 0))  # flags on many of them, at two levels
    web_many, body = _queries(client_for(officer), "/cases/")
    assert "IBSA-2025-0239" in body or "Page 1 of" in body
    with CaptureQueriesContext(connection) as captured:
        assert api.get("/api/v1/cases/").json()["count"] == 42
    assert web_many == web_two
    assert len(captured) == api_two
