"""The measure actions behind deadline pauses and extensions, reviews, requests answered with no measure and
messages to tutors, through the API (the clock: Monday 17 March 2025)."""

from __future__ import annotations

from accommodations.models import DeadlineAdjustment
from notifications.models import Notification
from tests.api.conftest import case_url

SEPARATION = {
    "type": "class_separation",
    "requested_by": "3035001234",
    "against": "3035009999",
    "requested_at": "2025-03-14T15:00:00+08:00",
    "details": "",
}


def _request(client, case, **overrides):
    response = client.post(case_url(case, "measures/"), {**SEPARATION, **overrides}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_it_pauses_extends_and_ends_a_measure_deadline(case, api_for, officer):
    client = api_for(officer)
    measure = _request(client, case)
    url = case_url(case, f"measures/{measure['id']}/")

    paused = client.post(
        url + "deadline-pause/",
        {"step": "decision", "reason": "Waiting for the timetable.", "review_at": "2025-03-21T12:00:00+08:00"},
        format="json",
    )
    assert paused.status_code == 201, paused.json()
    assert (paused.json()["kind"], paused.json()["review_at"]) == ("pause", "2025-03-21T12:00:00+08:00")
    assert client.get(case_url(case, "measures/")).json()[0]["decision_due_at"] == "2025-03-21T12:00:00+08:00"

    ended = client.post(case_url(case, f"deadline-adjustments/{paused.json()['id']}/end/"), format="json")
    assert ended.status_code == 200, ended.json()
    assert ended.json()["ended_at"] is not None

    extended = client.post(
        url + "deadline-extension/",
        {
            "step": "implementation",
            "reason": "The complainant asked for time.",
            "review_at": "2025-03-24T12:00:00+08:00",
            "new_due_at": "2025-03-28T17:00:00+08:00",
        },
        format="json",
    )
    assert extended.status_code == 201, extended.json()
    assert client.get(case_url(case, "measures/")).json()[0]["implementation_due_at"] == "2025-03-28T17:00:00+08:00"


def test_it_refuses_a_pause_without_a_reason_and_names_the_field(case, api_for, officer):
    client = api_for(officer)
    measure = _request(client, case)

    refused = client.post(
        case_url(case, f"measures/{measure['id']}/deadline-pause/"),
        {"step": "decision", "reason": " ", "review_at": "2025-03-21T12:00:00+08:00"},
        format="json",
    )

    assert refused.status_code == 400
    assert "reason" in refused.json()
    assert not DeadlineAdjustment.objects.exists()


def test_it_reviews_a_measure_in_force_and_records_a_request_with_no_measure(case, api_for, officer):
    client = api_for(officer)
    measure = _request(client, case)
    url = case_url(case, f"measures/{measure['id']}/")
    client.post(url + "decision/", {"decision": "approved"}, format="json")
    client.post(url + "implementation/", {"implemented_at": "2025-03-17T08:00:00+08:00", "note": ""}, format="json")

    reviewed = client.post(url + "review/", {"note": "Still needed."}, format="json")
    none_offered = client.post(
        case_url(case, "measures/no-measure-offered/"),
        {**SEPARATION, "type": "housing_change", "reasons": "Different campuses."},
        format="json",
    )

    assert reviewed.status_code == 200, reviewed.json()
    assert reviewed.json()["review_note"] == "Still needed."
    assert none_offered.status_code == 201, none_offered.json()
    assert (none_offered.json()["status"], none_offered.json()["decision_reasons"]) == (
        "declined",
        "Different campuses.",
    )


def test_it_prepares_and_sends_the_message_to_a_tutor_once(case, api_for, officer):
    client = api_for(officer)
    measure = _request(client, case, type="tutor_notification", against=None)
    url = case_url(case, f"measures/{measure['id']}/")
    client.post(url + "decision/", {"decision": "approved"}, format="json")

    prepared = client.post(
        url + "tutor-message/",
        {
            "tutor_name": "Dr Lam",
            "tutor_email": "lam@uni.example",
            "instruction": "Please let student 3035001234 attend tutorial group T04 instead of T01.",
        },
        format="json",
    )
    sent = client.post(url + "tutor-message/send/", format="json")
    again = client.post(url + "tutor-message/send/", format="json")

    assert prepared.status_code == 200, prepared.json()
    assert sent.status_code == 200, sent.json()
    assert sent.json()["tutor_instruction_queued_at"] is not None
    assert again.status_code == 400
    assert Notification.objects.filter(kind="tutor_instruction", to_email="lam@uni.example").count() == 1
