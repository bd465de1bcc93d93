"""Input that once crashed the API or was stored as given: far-off years, deep nesting, huge texts
(issue 9, items 1, 6 and 7). Each answers 400 naming the field or the place, and nothing is stored."""

from __future__ import annotations

import json

import pytest

from accommodations.models import Measure
from cases.models import Case
from tests.api.conftest import case_url, event_count


@pytest.mark.parametrize("received_at", ["0001-01-01T00:00:00+08:00", "9999-12-31T23:59:00+08:00"])
def test_it_refuses_a_complaint_received_outside_the_years_it_accepts(officer, api_for, received_at):
    response = api_for(officer).post(
        "/api/v1/cases/", {"reference": "IBSA-2025-0100", "received_at": received_at}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "received_at": [f"received_at: {received_at} is outside the years this system accepts (1990-2100)."]
    }
    assert not Case.objects.exists()


def test_it_refuses_a_measure_asked_for_in_1900(case, complainant, api_for, officer):
    response = api_for(officer).post(
        case_url(case, "measures/"),
        {"type": "class_separation", "requested_by": complainant.username, "requested_at": "1900-01-01T09:00:00+08:00"},
        format="json",
    )

    assert response.status_code == 400
    assert "requested_at: 1900-01-01T09:00:00+08:00 is outside the years" in response.json()["requested_at"][0]
    assert not Measure.objects.exists()


def test_it_accepts_the_first_and_last_days_of_the_range(officer, api_for):
    client = api_for(officer)
    first = client.post(
        "/api/v1/cases/", {"reference": "IBSA-1990-0001", "received_at": "1990-01-01T00:00:00+08:00"}, format="json"
    )
    last = client.post(
        "/api/v1/cases/", {"reference": "IBSA-2100-0001", "received_at": "2100-12-31T23:59:00+08:00"}, format="json"
    )

    assert (first.status_code, last.status_code) == (201, 201), (first.json(), last.json())


def test_it_answers_a_deeply_nested_body_with_a_400_saying_why(officer, api_for):
    body = "[" * 1000 + "]" * 1000

    response = api_for(officer).post("/api/v1/cases/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - line 1, column 33: nested more than 32 levels deep"}
    assert not Case.objects.exists()


def test_it_still_reads_an_ordinary_nested_body(officer, api_for):
    body = {
        "reference": "IBSA-2025-0100",
        "received_at": "2025-03-14T10:00:00+08:00",
        "allegations": [{"conduct": "creation", "synthetic": True, "description": "Folders."}],
    }

    response = api_for(officer).post("/api/v1/cases/", json.dumps(body), content_type="application/json")

    assert response.status_code == 201, response.json()


def test_it_refuses_not_a_number_in_json(officer, api_for):
    body = '{"reference": "IBSA-2025-0100", "received_at": "2025-03-14T10:00:00+08:00", "summary": NaN}'

    response = api_for(officer).post("/api/v1/cases/", body, content_type="application/json")

    assert response.status_code == 400
    assert "NaN" in response.json()["detail"]


def test_it_refuses_a_megabyte_note_naming_the_limit(case, api_for, officer):
    before = event_count(case)
    note = {"type": "note", "text": "x" * 1_000_000}

    response = api_for(officer).post(case_url(case, "events/"), note, format="json")

    assert response.status_code == 400
    assert response.json() == {"text": ["Ensure this field has no more than 20000 characters."]}
    assert event_count(case) == before


def test_it_refuses_reasons_over_their_limit(case, api_for, officer):
    response = api_for(officer).post(
        case_url(case, "stage/"), {"to": "investigation", "reason": "x" * 5001}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"reason": ["Ensure this field has no more than 5000 characters."]}
    case.refresh_from_db()
    assert case.stage == "received"
