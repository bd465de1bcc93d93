"""Interim measures through the API: requested, decided, implemented, lifted."""

from __future__ import annotations

from accommodations.models import Measure
from tests.api.conftest import case_url, event_count

SEPARATION = {
    "type": "class_separation",
    "requested_by": "3035001234",
    "against": "3035009999",
    "requested_at": "2025-03-14T15:00:00+08:00",
    "details": "Same tutorial group.",
}


def test_it_takes_a_measure_from_request_to_lifting(case, api_for, officer):
    client = api_for(officer)
    requested = client.post(case_url(case, "measures/"), SEPARATION, format="json")
    assert requested.status_code == 201, requested.json()
    body = requested.json()
    assert (body["code"], body["status"], body["against"]["id"]) == ("M1", "requested", "3035009999")
    assert body["recorded_by"]["id"] == "officer.chan"
    # Class separation: decision 2 working days after the request (Tue 18 March), implementation 5 (Fri 21).
    assert body["decision_due_at"] == "2025-03-18T23:59:59+08:00"
    assert body["implementation_due_at"] == "2025-03-21T23:59:59+08:00"
    assert body["shared_sessions_since_request"] == 0
    measure_url = case_url(case, f"measures/{body['id']}/")

    approved = client.post(measure_url + "decision/", {"decision": "approved"}, format="json")
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["decision_due_at"]) == ("approved", None)

    implemented = client.post(
        measure_url + "implementation/",
        {"implemented_at": "2025-03-17T08:00:00+08:00", "note": "Moved to T04."},
        format="json",
    )
    assert implemented.status_code == 200, implemented.json()
    assert implemented.json()["implemented_at"] == "2025-03-17T08:00:00+08:00"

    lifted = client.post(measure_url + "lift/", {"reason": "Respondent left the course."}, format="json")
    assert lifted.status_code == 200
    assert lifted.json()["status"] == "lifted"

    listed = client.get(case_url(case, "measures/"))
    assert [m["status"] for m in listed.json()] == ["lifted"]


def test_it_refuses_a_measure_for_a_person_without_an_account_or_not_on_the_case(
    case, api_for, officer, other_complainant
):
    client = api_for(officer)
    before = event_count(case)
    nobody = client.post(case_url(case, "measures/"), {**SEPARATION, "requested_by": "0000000000"}, format="json")
    not_party = client.post(case_url(case, "measures/"), {**SEPARATION, "requested_by": "3035005678"}, format="json")
    no_against = client.post(case_url(case, "measures/"), {**SEPARATION, "against": None}, format="json")
    naive = client.post(
        case_url(case, "measures/"), {**SEPARATION, "requested_at": "2025-03-14T15:00:00"}, format="json"
    )
    assert (nobody.status_code, list(nobody.json())) == (400, ["requested_by"])
    assert (not_party.status_code, list(not_party.json())) == (400, ["requested_by"])
    assert (no_against.status_code, list(no_against.json())) == (400, ["against"])
    assert (naive.status_code, list(naive.json())) == (400, ["requested_at"])
    assert not Measure.objects.exists()
    assert event_count(case) == before


def test_it_refuses_a_decline_without_reasons_and_implementing_an_undecided_measure(full_case, api_for, officer):
    client = api_for(officer)
    before = event_count(full_case.case)
    decline = client.post(full_case.url("measures/{measure}/decision/"), {"decision": "declined"}, format="json")
    implement = client.post(
        full_case.url("measures/{measure}/implementation/"),
        {"implemented_at": "2025-03-16T10:00:00+08:00"},
        format="json",
    )
    assert (decline.status_code, list(decline.json())) == (400, ["reasons"])
    assert (implement.status_code, list(implement.json())) == (400, ["implemented_at"])
    assert Measure.objects.get().status == "requested"
    assert event_count(full_case.case) == before


def test_it_answers_a_measure_of_another_case_with_not_found(case, full_case, api_for, officer):
    from cases.actions.case import do_assign_officer, do_create_case
    from tests.conftest import hkt

    at = hkt(2025, 3, 14, 11, 0)
    other = do_create_case(
        reference="IBSA-2025-0098", received_at=at, summary="", allegations=[], acting_user=None, at=at
    )
    do_assign_officer(other, officer=officer, acting_user=None, at=at)
    response = api_for(officer).post(
        case_url(other, f"measures/{full_case.ids['measure']}/decision/"), {"decision": "approved"}, format="json"
    )
    assert response.status_code == 404
    assert Measure.objects.get().status == "requested"
