import pytest

from accounts.models import User
from cases.models import Case, CaseAssignment, PartyRole
from tests.web.conftest import NOW


def _data(parties, **overrides):
    data = {
        "reference": "IBSA-2025-0042",
        "received_at": "2025-03-18T15:30",
        "summary": "Folders of generated images.",
        "conduct": "creation",
        "synthetic": "on",
        "allegation_description": "Per-person folders.",
        "parties-TOTAL_FORMS": str(len(parties)),
        "parties-INITIAL_FORMS": "0",
    }
    for index, row in enumerate(parties):
        data.update({f"parties-{index}-{key}": value for key, value in row.items()})
    data.update(overrides)
    return data


def test_it_records_a_complaint_with_several_complainants(complainant, officer, client_for):
    client = client_for(officer)
    assert client.get("/cases/new/").status_code == 200
    response = client.post(
        "/cases/new/",
        _data(
            [
                {"person_id": complainant.username, "role": "complainant"},
                {"person_id": "3035004321", "role": "complainant", "name": "Student C", "kind": "student"},
                {"person_id": "3035009990", "role": "respondent", "name": "Student X", "email": "x@connect.example"},
                {},
            ]
        ),
    )
    case = Case.objects.get(reference="IBSA-2025-0042")
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.public_id}/"
    assert case.parties.filter(role=PartyRole.COMPLAINANT).count() == 2
    assert case.parties.get(role=PartyRole.RESPONDENT).person.display_name == "Student X"
    assert User.objects.get(username="3035004321").has_usable_password() is False
    assert case.assignments.filter(user=officer, capacity=CaseAssignment.Capacity.OFFICER).exists()
    assert case.allegations.get().synthetic
    assert case.events.filter(text="Complaint recorded.").exists()
    # Nothing about the people or the complaint goes into the URL.
    assert "IBSA" not in response["Location"]


def test_it_asks_for_a_name_when_the_id_is_new(officer, client_for):
    response = client_for(officer).post("/cases/new/", _data([{"person_id": "3035000001", "role": "complainant"}]))
    assert response.status_code == 200
    assert "name" in response.context["parties"].forms[0].errors
    assert not Case.objects.exists()
    assert not User.objects.filter(username="3035000001").exists()


def test_it_rejects_a_reference_in_use(case, officer, client_for):
    response = client_for(officer).post("/cases/new/", _data([], reference=case.reference))
    assert response.status_code == 200
    assert "reference" in response.context["form"].errors
    assert Case.objects.count() == 1


def test_it_rejects_a_complaint_received_in_the_future(officer, client_for):
    response = client_for(officer).post("/cases/new/", _data([], received_at="2025-03-25T10:00"))
    assert response.status_code == 200
    assert "received_at" in response.context["form"].errors
    assert NOW.date().isoformat() < "2025-03-25"
    assert not Case.objects.exists()


def test_it_creates_nobody_when_a_later_row_fails(complainant, officer, client_for):
    rows = [
        {"person_id": "3035000002", "role": "complainant", "name": "New Person"},
        {"person_id": "3035000002", "role": "respondent", "name": "New Person"},
    ]
    response = client_for(officer).post("/cases/new/", _data(rows))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Case.objects.exists()
    assert not User.objects.filter(username="3035000002").exists()


@pytest.mark.parametrize("who", ["outsider", "complainant", "panel_member", "reviewer"])
def test_it_answers_404_to_people_who_do_not_record_complaints(who, request, client_for):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/cases/new/").status_code == 404
    assert client.post("/cases/new/", _data([])).status_code == 404
    assert not Case.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client_for):
    response = client_for(None).get("/cases/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
