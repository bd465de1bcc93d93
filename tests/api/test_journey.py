"""A whole case through the API: recorded, parties added, investigated, decided, and all on the timeline."""

from __future__ import annotations

import pytest
import time_machine

from tests.api.conftest import case_url
from tests.conftest import hkt


@pytest.mark.sqlite
def test_it_records_a_case_from_complaint_to_outcome_and_shows_it_on_the_timeline(
    api_for, officer, complainant, other_complainant, respondent
):
    client = api_for(officer)
    created = client.post(
        "/api/v1/cases/",
        {
            "reference": "IBSA-2025-0200",
            "received_at": "2025-03-14T10:00:00+08:00",
            "summary": "Folders of AI-generated images found on a laptop.",
            "allegations": [{"conduct": "creation", "synthetic": True}, {"conduct": "possession", "synthetic": True}],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    case_id = created.json()["id"]

    for person, role in (
        (complainant.username, "complainant"),
        (other_complainant.username, "complainant"),
        (respondent.username, "respondent"),
    ):
        added = client.post(case_url(case_id, "parties/"), {"person": person, "role": role}, format="json")
        assert added.status_code == 201, added.json()

    with time_machine.travel(hkt(2025, 3, 18, 10, 0), tick=False):
        moved = client.post(case_url(case_id, "stage/"), {"to": "investigation", "reason": "Enough to investigate."})
        assert moved.status_code == 200, moved.json()
        assert moved.json()["stage"] == "investigation"

    with time_machine.travel(hkt(2025, 4, 10, 15, 0), tick=False):
        client = api_for(officer)  # a new session: the first one has expired by now
        decided = client.post(
            case_url(case_id, "outcomes/"),
            {
                "sanctions": [
                    {"type": "suspension", "months": 6},
                    {"type": "apology", "due_at": "2025-04-30T17:00:00+08:00"},
                ],
                "reasons": "Created and kept intimate images of classmates without consent.",
            },
            format="json",
        )
        assert decided.status_code == 201, decided.json()

    detail = client.get(case_url(case_id)).json()
    assert detail["stage"] == "decided"
    assert sorted((p["person"]["id"], p["role"]) for p in detail["parties"]) == [
        ("3035001234", "complainant"),
        ("3035005678", "complainant"),
        ("3035009999", "respondent"),
    ]
    [outcome] = detail["outcomes"]
    assert outcome["includes_statutory_sanction"] is True
    assert [(s["type"], s["statutory"], s["months"], s["due_at"]) for s in outcome["sanctions"]] == [
        ("suspension", True, 6, None),
        ("apology", False, None, "2025-04-30T17:00:00+08:00"),
    ]

    timeline = client.get(case_url(case_id, "timeline/")).json()
    entries = [(e["at"], e["type"], e["stage_to"]) for e in timeline]
    assert entries[0] == ("2025-03-17T09:00:00+08:00", "change", "")  # recorded when the officer entered it
    assert sum(1 for e in timeline if e["text"] == "Complainant added.") == 2
    assert sum(1 for e in timeline if e["text"] == "Respondent added.") == 1
    assert ("2025-03-18T10:00:00+08:00", "stage", "investigation") in entries
    assert ("2025-04-10T15:00:00+08:00", "stage", "decided") in entries
    [outcome_event] = [e for e in timeline if e["type"] == "decision"]
    assert (
        outcome_event["text"]
        == "Outcome: Suspension, Apology (not a statutory sanction). Includes a statutory sanction."
    )
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
