"""The officer's forms refuse far-off years and oversized texts, naming the field, and store nothing
(issue 9, items 1 and 7). A typed 0001-01-01 used to be stored and then stop every sweep."""

from __future__ import annotations

import pytest

from accommodations.models import Measure
from cases.models import Case, CaseEvent
from tests.web.conftest import case_url


def _complaint(received_at: str) -> dict[str, str]:
    return {
        "reference": "IBSA-2025-0042",
        "received_at": received_at,
        "summary": "Folders of generated images.",
        "conduct": "creation",
        "parties-TOTAL_FORMS": "0",
        "parties-INITIAL_FORMS": "0",
    }


@pytest.mark.parametrize("received_at", ["0001-01-01T00:00", "1900-01-01T09:00", "9999-12-31T23:59"])
def test_it_refuses_a_complaint_received_outside_the_years_it_accepts(officer, client_for, received_at):
    response = client_for(officer).post("/cases/new/", _complaint(received_at))

    assert response.status_code == 200
    assert response.context["form"].errors["received_at"] == [
        f"Received: {received_at} is outside the years this system accepts (1990-2100)."
    ]
    assert "is outside the years this system accepts" in response.content.decode()
    assert not Case.objects.filter(reference="IBSA-2025-0042").exists()


def test_it_accepts_a_complaint_received_in_the_first_year(officer, client_for):
    response = client_for(officer).post("/cases/new/", _complaint("1990-01-01T00:00"))

    assert response.status_code == 302
    assert Case.objects.filter(reference="IBSA-2025-0042").exists()


@pytest.mark.parametrize("requested_at", ["0001-01-01T00:00", "9999-12-31T23:59"])
def test_it_refuses_a_measure_asked_for_outside_the_years(case, complainant, respondent, as_officer, requested_at):
    response = as_officer.post(
        case_url(case, "measures/"),
        {
            "type": "class_separation",
            "requested_by": complainant.pk,
            "against": respondent.pk,
            "requested_at": requested_at,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["requested_at"] == [
        f"Asked on: {requested_at} is outside the years this system accepts (1990-2100)."
    ]
    assert not Measure.objects.exists()


def test_it_refuses_a_megabyte_note_and_keeps_nothing(case, as_officer):
    before = CaseEvent.objects.filter(case=case).count()

    response = as_officer.post(case_url(case, "notes/"), {"type": "note", "text": "x" * 1_000_000})

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Ensure this value has at most 20000 characters (it has 1000000)."
    ]
    assert CaseEvent.objects.filter(case=case).count() == before


def test_it_refuses_a_summary_over_its_limit(officer, client_for):
    data = _complaint("2025-03-18T15:30") | {"summary": "x" * 20_001}

    response = client_for(officer).post("/cases/new/", data)

    assert response.context["form"].errors["summary"] == [
        "Ensure this value has at most 20000 characters (it has 20001)."
    ]
    assert not Case.objects.filter(reference="IBSA-2025-0042").exists()
