"""Complainants' requests and decisions, external proceedings, and pausing the investigation."""

from __future__ import annotations

from cases.models import CasePause, ComplainantRequest, ExternalProceeding, RequestDecision
from tests.api.conftest import case_url, event_count


def _complainant_party(case):
    return case.parties.get(role="complainant")


def test_it_records_a_request_and_its_decision(case, api_for, officer):
    client = api_for(officer)
    party = _complainant_party(case)
    asked = client.post(
        case_url(case, "requests/"),
        {
            "party": party.pk,
            "kind": "class_adjustment",
            "details": "Separate tutorials.",
            "requested_at": "2025-03-14T15:00:00+08:00",
        },
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    request_id = asked.json()["id"]
    assert (asked.json()["kind"], asked.json()["decisions"]) == ("class_adjustment", [])

    decided = client.post(
        case_url(case, f"requests/{request_id}/decisions/"),
        {"grants": "partly", "reasons": "Alternative tutorial offered."},
        format="json",
    )
    assert decided.status_code == 201
    assert decided.json()["decided_by"]["id"] == "officer.chan"
    assert decided.json()["grants"] == "partly"
    detail = client.get(case_url(case)).json()
    assert [d["grants"] for d in detail["requests"][0]["decisions"]] == ["partly"]


def test_it_refuses_a_request_for_a_party_not_on_the_case_naming_party(case, full_case, api_for, officer):
    respondent_party = case.parties.get(role="respondent")
    client = api_for(officer)
    before = (ComplainantRequest.objects.count(), event_count(case))
    not_here = client.post(
        case_url(case, "requests/"),
        {"party": 999999, "kind": "other", "requested_at": "2025-03-14T15:00:00+08:00"},
        format="json",
    )
    respondent = client.post(
        case_url(case, "requests/"),
        {"party": respondent_party.pk, "kind": "other", "requested_at": "2025-03-14T15:00:00+08:00"},
        format="json",
    )
    future = client.post(
        case_url(case, "requests/"),
        {"party": _complainant_party(case).pk, "kind": "other", "requested_at": "2025-03-20T15:00:00+08:00"},
        format="json",
    )
    assert (not_here.status_code, list(not_here.json())) == (400, ["party"])
    assert (respondent.status_code, list(respondent.json())) == (400, ["party"])
    assert (future.status_code, list(future.json())) == (400, ["requested_at"])
    assert (ComplainantRequest.objects.count(), event_count(case)) == before


def test_it_refuses_a_decision_without_reasons(full_case, api_for, officer):
    response = api_for(officer).post(
        full_case.url("requests/{request}/decisions/"), {"grants": "refused", "reasons": " "}, format="json"
    )
    assert (response.status_code, list(response.json())) == (400, ["reasons"])
    assert not RequestDecision.objects.exists()


def test_it_records_and_updates_an_external_proceeding(case, api_for, officer):
    client = api_for(officer)
    created = client.post(
        case_url(case, "proceedings/"),
        {
            "body": "privacy_commissioner",
            "complainant_consent": True,
            "reported_at": "2025-03-16T10:00:00+08:00",
            "status": "reported",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["body"], body["status"], body["consent_recorded_at"]) == (
        "privacy_commissioner",
        "reported",
        "2025-03-17T09:00:00+08:00",
    )
    updated = client.patch(
        case_url(case, f"proceedings/{body['id']}/"), {"status": "under_investigation"}, format="json"
    )
    assert updated.status_code == 200
    proceeding = ExternalProceeding.objects.get()
    assert (proceeding.status, proceeding.reference_number) == ("under_investigation", "")
    client.patch(case_url(case, f"proceedings/{body['id']}/"), {"reference_number": "PC-1"}, format="json")
    proceeding.refresh_from_db()
    assert (proceeding.status, proceeding.reference_number) == ("under_investigation", "PC-1")


def test_it_refuses_an_unknown_body_and_status(case, full_case, api_for, officer):
    client = api_for(officer)
    unknown = client.post(case_url(case, "proceedings/"), {"body": "fbi"}, format="json")
    bad_status = client.patch(full_case.url("proceedings/{proceeding}/"), {"status": "lost"}, format="json")
    assert (unknown.status_code, list(unknown.json())) == (400, ["body"])
    assert (bad_status.status_code, list(bad_status.json())) == (400, ["status"])
    assert ExternalProceeding.objects.get().status == "considering"


def test_it_answers_a_proceeding_of_another_case_with_not_found(case, api_for, officer):
    response = api_for(officer).patch(case_url(case, "proceedings/424242/"), {"status": "reported"}, format="json")
    assert response.status_code == 404


def test_it_pauses_and_resumes_the_investigation(case, api_for, officer):
    client = api_for(officer)
    paused = client.post(
        case_url(case, "pause/"),
        {"reason": "Police asked us to wait.", "review_at": "2025-04-14T10:00:00+08:00"},
        format="json",
    )
    assert paused.status_code == 201, paused.json()
    case.refresh_from_db()
    assert case.stage_due_at.isoformat() == "2025-04-14T02:00:00+00:00"
    again = client.post(
        case_url(case, "pause/"), {"reason": "Again.", "review_at": "2025-04-14T10:00:00+08:00"}, format="json"
    )
    assert (again.status_code, list(again.json())) == (400, ["reason"])

    resumed = client.post(case_url(case, "resume/"), {}, format="json")
    assert resumed.status_code == 200
    assert resumed.json()["resumed_at"] == "2025-03-17T09:00:00+08:00"
    assert client.post(case_url(case, "resume/"), {}, format="json").status_code == 400


def test_it_refuses_a_review_date_in_the_past_or_without_offset(case, api_for, officer):
    client = api_for(officer)
    past = client.post(
        case_url(case, "pause/"), {"reason": "x", "review_at": "2025-03-01T10:00:00+08:00"}, format="json"
    )
    naive = client.post(case_url(case, "pause/"), {"reason": "x", "review_at": "2025-04-01T10:00:00"}, format="json")
    assert (past.status_code, list(past.json())) == (400, ["review_at"])
    assert (naive.status_code, list(naive.json())) == (400, ["review_at"])
    assert not CasePause.objects.exists()
