"""What fuzzing the API found, kept fixed."""

from __future__ import annotations

import json


def test_it_refuses_options_instead_of_failing(case, officer, client_for):
    response = client_for(officer).options("/api/v1/cases/")
    assert response.status_code == 405


def test_it_refuses_a_time_in_a_far_off_year(case, officer, client_for):
    body = {"reference": "IBSA-2025-0100", "received_at": "0179-11-17T20:46:04-02:56", "summary": "", "allegations": []}
    response = client_for(officer).post("/api/v1/cases/", json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "received_at" in response.json()


def test_it_still_takes_a_time_of_this_century(case, officer, client_for):
    body = {
        "body": "police",
        "complainant_consent": True,
        "status": "considering",
        "reported_at": "2025-03-19T10:00:00+08:00",
    }
    response = client_for(officer).post(
        f"/api/v1/cases/{case.public_id}/proceedings/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["reported_at"].startswith("2025-03-19T10:00:00")
