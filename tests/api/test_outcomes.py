"""Outcomes, sanctions and their statutory status, compliance, appeals, and the sanction catalogue."""

from __future__ import annotations

from cases.models import Outcome
from cases.workflow import do_change_stage
from tests.api.conftest import case_url, event_count
from tests.conftest import hkt


def _investigating(case, officer):
    do_change_stage(case, to="investigation", reason="", acting_user=officer, at=hkt(2025, 3, 14, 12, 0))
    return case


def test_it_records_an_outcome_and_says_a_warning_letter_is_not_a_statutory_sanction(case, api_for, officer):
    _investigating(case, officer)
    response = api_for(officer).post(
        case_url(case, "outcomes/"),
        {"sanctions": [{"type": "warning_letter"}], "reasons": "First offence."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["includes_statutory_sanction"] is False
    assert [(s["type"], s["statutory"]) for s in body["sanctions"]] == [("warning_letter", False)]
    case.refresh_from_db()
    assert case.stage == "decided"


def test_it_marks_an_outcome_with_a_suspension_as_statutory(case, api_for, officer):
    _investigating(case, officer)
    response = api_for(officer).post(
        case_url(case, "outcomes/"),
        {"sanctions": [{"type": "suspension", "months": 6}, {"type": "fine", "amount": "500.00"}]},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["includes_statutory_sanction"] is True
    assert [(s["type"], s["statutory"], s["months"], s["amount"]) for s in body["sanctions"]] == [
        ("suspension", True, 6, None),
        ("fine", True, None, "500.00"),
    ]


def test_it_refuses_an_invalid_outcome_naming_the_sanction(case, api_for, officer):
    _investigating(case, officer)
    before = event_count(case)
    client = api_for(officer)
    unknown = client.post(case_url(case, "outcomes/"), {"sanctions": [{"type": "caning"}]}, format="json")
    no_months = client.post(
        case_url(case, "outcomes/"), {"sanctions": [{"type": "reprimand"}, {"type": "suspension"}]}, format="json"
    )
    naive_due = client.post(
        case_url(case, "outcomes/"),
        {"sanctions": [{"type": "apology", "due_at": "2025-04-01T10:00:00"}]},
        format="json",
    )
    assert (unknown.status_code, list(unknown.json())) == (400, ["sanctions[0]"])
    assert (no_months.status_code, list(no_months.json())) == (400, ["sanctions[1]"])
    assert naive_due.status_code == 400
    assert "due_at" in naive_due.json()["sanctions"]["0"]
    assert not Outcome.objects.exists()
    assert event_count(case) == before
    case.refresh_from_db()
    assert case.stage == "investigation"


def test_it_refuses_an_outcome_before_investigation(case, api_for, officer):
    response = api_for(officer).post(case_url(case, "outcomes/"), {"sanctions": [{"type": "reprimand"}]}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["sanctions"])


def test_it_records_compliance_with_a_condition(full_case, api_for, officer):
    url = full_case.url("sanctions/{sanction}/compliance/")
    response = api_for(officer).post(url, {"complied_at": "2025-03-16T12:00:00+08:00"}, format="json")
    assert response.status_code == 200
    assert response.json()["complied_at"] == "2025-03-16T12:00:00+08:00"
    again = api_for(officer).post(url, {"complied_at": "2025-03-16T12:00:00+08:00"}, format="json")
    assert (again.status_code, list(again.json())) == (400, ["complied_at"])


def test_it_lodges_and_decides_an_appeal(full_case, api_for, officer):
    client = api_for(officer)
    respondent_party = full_case.case.parties.get(role="respondent")
    lodged = client.post(
        full_case.url("outcomes/{outcome}/appeals/"),
        {"party": respondent_party.pk, "grounds": "Too harsh."},
        format="json",
    )
    assert lodged.status_code == 201
    assert lodged.json()["lodged_by"] == respondent_party.pk

    decided = client.post(full_case.url("appeals/{appeal}/decision/"), {"result": "upheld"}, format="json")
    assert decided.status_code == 200
    assert (decided.json()["result"], decided.json()["decided_at"]) == ("upheld", "2025-03-17T09:00:00+08:00")
    full_case.case.refresh_from_db()
    assert full_case.case.stage == "decided"
    again = client.post(full_case.url("appeals/{appeal}/decision/"), {"result": "quashed"}, format="json")
    assert (again.status_code, list(again.json())) == (400, ["result"])


def test_it_refuses_an_appeal_by_a_witness_or_without_grounds(full_case, api_for, officer):
    client = api_for(officer)
    before = event_count(full_case.case)
    no_grounds = client.post(
        full_case.url("outcomes/{outcome}/appeals/"), {"party": full_case.ids["party"], "grounds": " "}, format="json"
    )
    stranger = client.post(
        full_case.url("outcomes/{outcome}/appeals/"), {"party": 987654, "grounds": "x"}, format="json"
    )
    assert (no_grounds.status_code, list(no_grounds.json())) == (400, ["grounds"])
    assert (stranger.status_code, list(stranger.json())) == (400, ["party"])
    assert event_count(full_case.case) == before


def test_it_lists_the_sanction_catalogue_with_the_statutory_flag(api_for, reviewer, officer):
    for user in (officer, reviewer):
        response = api_for(user).get("/api/v1/sanction-types/")
        assert response.status_code == 200
        flags = {t["code"]: t["statutory"] for t in response.json()}
        assert flags["suspension"] is True
        assert flags["expulsion"] is True
        assert flags["warning_letter"] is False
        assert flags["apology"] is False


def test_it_refuses_the_catalogue_to_non_staff(api_for, outsider):
    assert api_for(outsider).get("/api/v1/sanction-types/").status_code == 403
    assert api_for(None).get("/api/v1/sanction-types/").status_code in (401, 403)
