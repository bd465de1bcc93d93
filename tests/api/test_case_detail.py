"""GET /api/v1/cases/{id}/ and its timeline."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.actions.parties import do_add_party
from tests.conftest import hkt


def test_it_shows_the_whole_case_to_the_assigned_officer(full_case, api_for, officer):
    response = api_for(officer).get(full_case.url(""))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(full_case.case.public_id)
    assert body["reference"] == "IBSA-2025-0007"
    assert body["summary"].startswith("AI-generated")
    assert (body["stage"], body["stage_label"]) == ("appeal", "Appeal")
    assert body["policy"]
    assert [a["conduct"] for a in body["allegations"]] == ["creation"]
    persons = {(p["person"]["id"], p["person"]["name"], p["role"]) for p in body["parties"]}
    assert persons == {("3035001234", "Student A", "complainant"), ("3035009999", "Student R", "respondent")}
    assert all(p["informed_at"] is None and p["support_offered_at"] is None for p in body["parties"])
    assert [a["officer"]["id"] for a in body["assignments"]] == ["officer.chan"]
    [asked] = body["requests"]
    assert (asked["kind"], asked["party"], asked["decisions"]) == ("class_adjustment", full_case.ids["party"], [])
    assert [p["body"] for p in body["proceedings"]] == ["police"]
    [outcome] = body["outcomes"]
    assert outcome["includes_statutory_sanction"] is False
    [apology] = outcome["sanctions"]
    assert (apology["type"], apology["statutory"], apology["due_at"]) == ("apology", False, "2025-04-30T17:00:00+08:00")
    assert [a["grounds"] for a in outcome["appeals"]] == ["Too lenient."]


def test_it_shows_the_team_supervisor_the_case(full_case, api_for, supervisor):
    assert api_for(supervisor).get(full_case.url("")).status_code == 200


def _detail_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_shows_the_case_in_a_fixed_number_of_queries(
    full_case, api_for, officer, other_complainant, django_assert_max_num_queries
):
    client = api_for(officer)
    before = _detail_queries(client, full_case.url(""))
    do_add_party(full_case.case, person=other_complainant, role="complainant", acting_user=officer, at=hkt(2025, 3, 15))
    assert _detail_queries(client, full_case.url("")) == before
    # 16, 3 for the audit row of the view (chain lock, last row, insert), 1 for the second-factor device.
    with django_assert_max_num_queries(20):
        client.get(full_case.url(""))


def test_it_shows_the_timeline_oldest_first_without_machine_detail(full_case, api_for, officer):
    response = api_for(officer).get(full_case.url("timeline/"))
    assert response.status_code == 200
    events = response.json()
    assert [e["at"] for e in events] == sorted(e["at"] for e in events)
    assert events[0]["text"] == "Complaint recorded."
    assert events[0]["actor"] == {"id": "officer.chan", "name": "Officer.Chan"}
    assert {"note", "stage", "decision", "change"} <= {e["type"] for e in events}
    assert all("detail" not in e for e in events)
    assert any(e["type"] == "stage" and e["stage_to"] == "investigation" for e in events)


def test_it_shows_the_timeline_in_a_fixed_number_of_queries(full_case, api_for, officer, django_assert_max_num_queries):
    client = api_for(officer)
    # 7, 3 for the audit row of the view (chain lock, last row, insert), 1 for the second-factor device.
    with django_assert_max_num_queries(11):
        client.get(full_case.url("timeline/"))
