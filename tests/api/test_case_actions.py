"""Stage moves, events, parties, allegations and assignments through the API."""

from __future__ import annotations

from cases.models import Allegation, CaseAssignment, Party
from tests.api.conftest import case_url, event_count


def test_it_moves_the_case_to_another_stage(case, api_for, officer):
    response = api_for(officer).post(case_url(case, "stage/"), {"to": "investigation", "reason": "Facts clear."})
    assert response.status_code == 200, response.json()
    assert (response.json()["stage"], response.json()["stage_label"]) == ("investigation", "Investigation")
    case.refresh_from_db()
    assert case.stage == "investigation"
    latest = case.events.order_by("-id").first()
    assert (latest.type, latest.stage_to, latest.text, latest.actor) == (
        "stage",
        "investigation",
        "Facts clear.",
        officer,
    )


def test_it_refuses_an_illegal_move_naming_to_and_changes_nothing(case, api_for, officer):
    before = event_count(case)
    response = api_for(officer).post(case_url(case, "stage/"), {"to": "appeal"}, format="json")
    assert response.status_code == 400
    assert "cannot move" in response.json()["to"][0]
    case.refresh_from_db()
    assert case.stage == "received"
    assert event_count(case) == before


def test_it_refuses_an_unknown_stage_naming_to(case, api_for, officer):
    response = api_for(officer).post(case_url(case, "stage/"), {"to": "limbo"}, format="json")
    assert response.status_code == 400
    assert "to" in response.json()


def test_it_lets_the_team_supervisor_move_the_case(case, api_for, supervisor):
    response = api_for(supervisor).post(case_url(case, "stage/"), {"to": "preliminary_assessment"}, format="json")
    assert response.status_code == 200


def test_it_records_a_meeting(case, api_for, officer):
    response = api_for(officer).post(
        case_url(case, "events/"), {"type": "meeting", "text": "Met both complainants."}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["type"], body["text"], body["actor"]["id"]) == ("meeting", "Met both complainants.", "officer.chan")
    assert body["at"] == "2025-03-17T09:00:00+08:00"
    case.refresh_from_db()
    assert case.last_activity_at.isoformat() == "2025-03-17T01:00:00+00:00"


def test_it_refuses_a_stage_event_and_an_empty_note(case, api_for, officer):
    before = event_count(case)
    client = api_for(officer)
    wrong_type = client.post(case_url(case, "events/"), {"type": "stage", "text": "x"}, format="json")
    empty = client.post(case_url(case, "events/"), {"type": "note", "text": "   "}, format="json")
    assert (wrong_type.status_code, list(wrong_type.json())) == (400, ["type"])
    assert (empty.status_code, list(empty.json())) == (400, ["text"])
    assert event_count(case) == before


def test_it_adds_a_party_by_institutional_id(case, api_for, officer, other_complainant):
    response = api_for(officer).post(
        case_url(case, "parties/"), {"person": "3035005678", "role": "complainant"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["person"] == {"id": "3035005678", "name": "Student B"}
    assert (body["role"], body["informed_at"]) == ("complainant", None)
    assert case.parties.filter(person=other_complainant, role="complainant").exists()


def test_it_refuses_a_person_without_an_account_naming_person(case, api_for, officer):
    before = (Party.objects.count(), event_count(case))
    response = api_for(officer).post(case_url(case, "parties/"), {"person": "9999999999", "role": "witness"})
    assert response.status_code == 400
    assert list(response.json()) == ["person"]
    assert (Party.objects.count(), event_count(case)) == before


def test_it_refuses_the_respondent_as_complainant_naming_role(case, api_for, officer, respondent):
    response = api_for(officer).post(
        case_url(case, "parties/"), {"person": respondent.username, "role": "complainant"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["role"]


def test_it_records_when_a_party_was_informed_and_offered_support(case, api_for, officer):
    party = case.parties.get(role="complainant")
    response = api_for(officer).post(
        case_url(case, f"parties/{party.pk}/contact/"),
        {"informed_at": "2025-03-15T10:00:00+08:00", "support_offered_at": "2025-03-15T11:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["informed_at"] == "2025-03-15T10:00:00+08:00"
    party.refresh_from_db()
    assert party.support_offered_at.isoformat() == "2025-03-15T03:00:00+00:00"


def test_it_refuses_contact_without_a_time_or_with_a_naive_time(case, api_for, officer):
    party = case.parties.get(role="complainant")
    before = event_count(case)
    client = api_for(officer)
    url = case_url(case, f"parties/{party.pk}/contact/")
    assert list(client.post(url, {}, format="json").json()) == ["informed_at"]
    naive = client.post(url, {"informed_at": "2025-03-15T10:00:00"}, format="json")
    assert (naive.status_code, list(naive.json())) == (400, ["informed_at"])
    assert event_count(case) == before


def test_it_answers_a_party_of_another_case_with_not_found(case, full_case, api_for, officer, other_officer):
    from cases.actions.case import do_assign_officer, do_create_case
    from tests.conftest import hkt

    at = hkt(2025, 3, 14, 11, 0)
    other = do_create_case(
        reference="IBSA-2025-0099", received_at=at, summary="", allegations=[], acting_user=None, at=at
    )
    do_assign_officer(other, officer=officer, acting_user=None, at=at)
    response = api_for(officer).post(
        case_url(other, f"parties/{full_case.ids['party']}/contact/"),
        {"informed_at": "2025-03-15T10:00:00+08:00"},
        format="json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_adds_an_allegation(case, api_for, officer):
    response = api_for(officer).post(
        case_url(case, "allegations/"),
        {"conduct": "distribution", "synthetic": True, "description": "Shared in a group chat."},
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["conduct"], response.json()["synthetic"]) == ("distribution", True)
    assert list(case.allegations.values_list("conduct", flat=True)) == ["creation", "distribution"]


def test_it_refuses_an_unknown_conduct_naming_it(case, api_for, officer):
    response = api_for(officer).post(case_url(case, "allegations/"), {"conduct": "gossip"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["conduct"])
    assert Allegation.objects.filter(case=case).count() == 1


def test_it_lets_the_supervisor_assign_and_unassign_an_officer(case, api_for, supervisor, other_officer):
    client = api_for(supervisor)
    assigned = client.post(case_url(case, "assignments/"), {"officer": "officer.wong"}, format="json")
    assert assigned.status_code == 201
    assert assigned.json()["officer"]["id"] == "officer.wong"
    assert api_for(other_officer).get(case_url(case)).status_code == 200

    removed = client.delete(case_url(case, "assignments/officer.wong/"))
    assert removed.status_code == 204
    assert api_for(other_officer).get(case_url(case)).status_code == 404
    assert client.delete(case_url(case, "assignments/officer.wong/")).status_code == 404


def test_it_refuses_to_assign_someone_who_is_not_an_officer(case, api_for, supervisor, reviewer):
    client = api_for(supervisor)
    before = CaseAssignment.objects.count()
    not_officer = client.post(case_url(case, "assignments/"), {"officer": reviewer.username}, format="json")
    nobody = client.post(case_url(case, "assignments/"), {"officer": "nobody"}, format="json")
    assert (not_officer.status_code, list(not_officer.json())) == (400, ["officer"])
    assert (nobody.status_code, list(nobody.json())) == (400, ["officer"])
    assert CaseAssignment.objects.count() == before
