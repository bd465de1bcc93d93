import datetime as dt

import pytest

from accommodations.actions import do_decide_measure, do_implement_measure, do_request_measure
from accommodations.models import Measure
from cases.models import CaseEvent
from tests.conftest import hkt
from tests.web.conftest import case_url
from timetable.models import Enrollment, Session, TeachingGroup

REQUESTED = hkt(2025, 3, 17, 9, 0)


@pytest.fixture
def timetable(complainant, respondent):
    shared = TeachingGroup.objects.create(course_code="LLAW3102", group="T01")
    other = TeachingGroup.objects.create(course_code="LLAW3102", group="T02")
    for student in (complainant.username, respondent.username):
        Enrollment.objects.create(student_id=student, group=shared)
    for start in (hkt(2025, 3, 18, 14, 30), hkt(2025, 3, 24, 14, 30), hkt(2025, 3, 27, 14, 30)):
        Session.objects.create(
            group=shared, starts_at=start, ends_at=start + dt.timedelta(minutes=50), location="CPD-2.42"
        )
    start = hkt(2025, 3, 25, 10, 30)
    Session.objects.create(group=other, starts_at=start, ends_at=start + dt.timedelta(minutes=50), location="KK-101")


def _separation(case, officer, complainant, respondent):
    return do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=REQUESTED,
        details="",
        recorded_by=officer,
        at=REQUESTED,
    )


def test_it_records_a_measure_request(case, officer, complainant, respondent, client_for):
    response = client_for(officer).post(
        case_url(case, "measures/"),
        {
            "type": "class_separation",
            "requested_by": complainant.pk,
            "against": respondent.pk,
            "requested_at": "2025-03-17T09:00",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(case=case)
    assert measure.requested_at == REQUESTED
    assert CaseEvent.objects.filter(case=case, detail__action="measure_requested").exists()


def test_it_asks_who_a_separation_is_against(case, officer, complainant, client_for):
    response = client_for(officer).post(
        case_url(case, "measures/"),
        {"type": "class_separation", "requested_by": complainant.pk, "requested_at": "2025-03-17T09:00"},
    )
    assert response.status_code == 200
    assert "against" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_it_decides_implements_and_lifts_a_measure(case, officer, complainant, respondent, client_for):
    measure = _separation(case, officer, complainant, respondent)
    client = client_for(officer)
    response = client.post(case_url(case, "measures/decide/"), {"measure": measure.pk, "decision": "approved"})
    assert response.status_code == 302
    response = client.post(
        case_url(case, "measures/implement/"),
        {"measure": measure.pk, "implemented_at": "2025-03-19T12:00", "note": "Moved to T02."},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.decision == "approved"
    assert measure.implemented_at == hkt(2025, 3, 19, 12, 0)
    response = client.post(case_url(case, "measures/lift/"), {"measure": measure.pk, "reason": "Course ended."})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.lifted_at is not None


def test_it_refuses_to_implement_a_declined_measure(case, officer, complainant, respondent, client_for):
    measure = _separation(case, officer, complainant, respondent)
    do_decide_measure(measure, decision="declined", reasons="No shared classes.", acting_user=officer, at=REQUESTED)
    response = client_for(officer).post(
        case_url(case, "measures/implement/"), {"measure": measure.pk, "implemented_at": "2025-03-19T12:00"}
    )
    assert response.status_code == 200
    assert "measure" in response.context["form"].errors
    measure.refresh_from_db()
    assert measure.implemented_at is None


def test_it_shows_deadlines_shared_sessions_and_alternatives(
    case, officer, complainant, respondent, timetable, client_for
):
    _separation(case, officer, complainant, respondent)
    body = client_for(officer).get(case_url(case)).content.decode()
    assert "M1: Class separation" in body
    assert "2025-03-19 23:59 HKT" in body
    assert "Overdue by 1 working day" in body
    assert "2 working days after" in body
    assert "<strong>1</strong> timetabled session shared with the other person after the request." in body
    assert '<li class="highlight"><strong>Next:</strong> Mon 2025-03-24 14:30' in body
    assert "2025-03-27 14:30" in body
    assert "Other groups of LLAW3102 neither is in:" in body
    assert "T02" in body


def test_it_stops_counting_once_the_separation_is_in_place(
    case, officer, complainant, respondent, timetable, client_for
):
    measure = _separation(case, officer, complainant, respondent)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=REQUESTED)
    at = hkt(2025, 3, 18, 9)
    do_implement_measure(measure, implemented_at=at, note="", acting_user=officer, at=at)
    body = client_for(officer).get(case_url(case)).content.decode()
    assert "<strong>0</strong> timetabled sessions shared" in body
    assert "Next:" not in body


@pytest.mark.parametrize("suffix", ["measures/", "measures/decide/", "measures/implement/", "measures/lift/"])
@pytest.mark.parametrize("who", ["other_officer", "outsider", "complainant"])
def test_it_answers_404_to_people_not_on_the_case(
    case, officer, complainant, respondent, suffix, who, request, client_for
):
    measure = _separation(case, officer, complainant, respondent)
    client = client_for(request.getfixturevalue(who))
    assert client.get(case_url(case, suffix)).status_code == 404
    assert client.post(case_url(case, suffix), {"measure": measure.pk, "decision": "approved"}).status_code == 404
    measure.refresh_from_db()
    assert measure.decision == ""


@pytest.mark.parametrize("suffix", ["measures/", "measures/decide/", "measures/implement/", "measures/lift/"])
def test_it_sends_anonymous_visitors_to_sign_in(case, suffix, client_for):
    response = client_for(None).get(case_url(case, suffix))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_reads_the_case_page_with_measures_in_a_bounded_number_of_queries(
    case, officer, complainant, respondent, timetable, client_for, django_assert_max_num_queries
):
    _separation(case, officer, complainant, respondent)
    client = client_for(officer)
    client.get(case_url(case))
    # 30 for the case page with measures, and a fixed number for the parties' panel (portal.officer), the
    # invitations and the legal hold (tests/web/test_query_counts.py: the same for one measure as for five).
    with django_assert_max_num_queries(40):
        assert client.get(case_url(case)).status_code == 200
