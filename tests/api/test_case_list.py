"""GET/POST /api/v1/cases/: the list of cases a user may see, its filters, and recording a complaint."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.actions.case import do_assign_officer, do_create_case
from cases.models import Case, CaseEvent
from cases.workflow import do_change_stage
from tests.conftest import hkt

URL = "/api/v1/cases/"


def _make_cases(count, officer, start=1):
    made = []
    for number in range(start, start + count):
        at = hkt(2025, 3, 10, 9, number)
        created = do_create_case(
            reference=f"IBSA-2024-{number:04d}", received_at=at, summary="", allegations=[], acting_user=None, at=at
        )
        do_assign_officer(created, officer=officer, acting_user=None, at=at)
        made.append(created)
    return made


def test_it_lists_the_cases_assigned_to_the_officer(case, api_for, officer):
    response = api_for(officer).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert row["id"] == str(case.public_id)
    assert row["reference"] == "IBSA-2025-0007"
    assert row["stage"] == "received"
    assert row["stage_label"] == "Received"
    assert row["assigned_officers"] == ["officer.chan"]
    assert row["received_at"] == "2025-03-14T10:00:00+08:00"
    assert row["stage_due_at"] is not None


def test_it_lists_nothing_to_staff_not_on_the_case(case, api_for, other_officer, panel_member, reviewer):
    for user in (other_officer, panel_member, reviewer):
        response = api_for(user).get(URL)
        assert response.status_code == 200
        assert response.json()["count"] == 0


def test_it_lists_the_team_cases_to_the_supervisor(case, api_for, supervisor):
    assert [r["reference"] for r in api_for(supervisor).get(URL).json()["results"]] == ["IBSA-2025-0007"]


def test_it_filters_mine_for_the_supervisor(case, api_for, supervisor):
    assert api_for(supervisor).get(URL, {"mine": "1"}).json()["count"] == 0
    do_assign_officer(case, officer=supervisor, acting_user=None, at=hkt(2025, 3, 14, 11, 0))
    assert api_for(supervisor).get(URL, {"mine": "1"}).json()["count"] == 1


def test_it_refuses_the_list_to_non_staff_and_anonymous(case, api_for, outsider, complainant):
    assert api_for(outsider).get(URL).status_code == 403
    assert api_for(complainant).get(URL).status_code == 403
    assert api_for(None).get(URL).status_code in (401, 403)


def test_it_filters_by_stage(case, api_for, officer):
    _make_cases(2, officer)
    do_change_stage(case, to="investigation", reason="", acting_user=officer, at=hkt(2025, 3, 14, 12, 0))
    client = api_for(officer)
    assert [r["reference"] for r in client.get(URL, {"stage": "investigation"}).json()["results"]] == ["IBSA-2025-0007"]
    assert client.get(URL, {"stage": "received"}).json()["count"] == 2


def test_it_rejects_an_unknown_stage_filter_naming_it(case, api_for, officer):
    response = api_for(officer).get(URL, {"stage": "limbo"})
    assert response.status_code == 400
    assert "stage" in response.json()


def test_it_finds_a_reference_exactly_or_by_its_beginning(case, api_for, officer):
    _make_cases(2, officer)
    client = api_for(officer)
    assert [r["reference"] for r in client.get(URL, {"reference": "IBSA-2025-0007"}).json()["results"]] == [
        "IBSA-2025-0007"
    ]
    assert [r["reference"] for r in client.get(URL, {"reference": "ibsa-2024"}).json()["results"]] == [
        "IBSA-2024-0002",
        "IBSA-2024-0001",
    ]
    assert client.get(URL, {"reference": "IBSA-2023"}).json()["count"] == 0


def test_it_pages_the_list(case, api_for, officer):
    _make_cases(3, officer)
    body = api_for(officer).get(URL, {"limit": 2, "offset": 0}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["next"] is not None


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.json()["count"]


def test_it_lists_in_a_number_of_queries_independent_of_the_number_of_cases(
    case, api_for, officer, other_officer, django_assert_max_num_queries
):
    client = api_for(officer)
    one, count = _list_queries(client)
    assert count == 1
    for made in _make_cases(8, officer):
        do_assign_officer(made, officer=other_officer, acting_user=None, at=hkt(2025, 3, 14, 12, 0))
    many, count = _list_queries(client)
    assert count == 9
    assert many == one
    # 6, and 1 for the second-factor device (django-otp) of the session.
    with django_assert_max_num_queries(7):
        client.get(URL)


def test_it_records_a_complaint_and_assigns_the_officer(api_for, officer, supervisor):
    response = api_for(officer).post(
        URL,
        {
            "reference": "IBSA-2025-0100",
            "received_at": "2025-03-14T10:00:00+08:00",
            "summary": "Images found.",
            "allegations": [{"conduct": "creation", "synthetic": True, "description": "Per-person folders."}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == "IBSA-2025-0100"
    assert body["stage"] == "received"
    assert [a["officer"]["id"] for a in body["assignments"]] == ["officer.chan"]
    assert [a["conduct"] for a in body["allegations"]] == ["creation"]
    assert body["policy"]
    case = Case.objects.get(public_id=body["id"])
    # The officer who recorded it, and the team's supervisor, can now open it.
    assert api_for(officer).get(f"{URL}{case.public_id}/").status_code == 200
    assert api_for(supervisor).get(f"{URL}{case.public_id}/").status_code == 200


def test_it_lets_only_officers_and_supervisors_record_a_complaint(api_for, reviewer, panel_member, outsider):
    payload = {"reference": "IBSA-2025-0101", "received_at": "2025-03-14T10:00:00+08:00"}
    for user in (reviewer, panel_member, outsider):
        assert api_for(user).post(URL, payload, format="json").status_code == 403
    assert not Case.objects.exists()


def test_it_rejects_a_time_without_offset_naming_the_field(api_for, officer):
    response = api_for(officer).post(
        URL, {"reference": "IBSA-2025-0102", "received_at": "2025-03-14T10:00:00"}, format="json"
    )
    assert response.status_code == 400
    assert "UTC offset" in response.json()["received_at"][0]
    assert not Case.objects.exists()


def test_it_rejects_a_duplicate_reference_and_changes_nothing(case, api_for, officer):
    events_before = CaseEvent.objects.count()
    response = api_for(officer).post(
        URL, {"reference": "IBSA-2025-0007", "received_at": "2025-03-14T10:00:00+08:00"}, format="json"
    )
    assert response.status_code == 400
    assert "reference" in response.json()
    assert Case.objects.count() == 1
    assert CaseEvent.objects.count() == events_before


def test_it_rejects_an_unknown_conduct_naming_the_field(api_for, officer):
    response = api_for(officer).post(
        URL,
        {
            "reference": "IBSA-2025-0103",
            "received_at": "2025-03-14T10:00:00+08:00",
            "allegations": [{"conduct": "gossip"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "conduct" in response.json()["allegations"]["0"]
    assert not Case.objects.exists()
