import pytest

from cases.actions.case import AllegationInput, do_assign_officer, do_create_case
from cases.actions.outcome import SanctionInput, do_record_outcome
from cases.workflow import do_change_stage
from tests.conftest import hkt
from tests.web.conftest import case_url


def _cases(officer, count, *, start=100):
    made = []
    for index in range(count):
        at = hkt(2025, 3, 1 + index % 28, 9)
        created = do_create_case(
            reference=f"IBSA-2025-{start + index:04d}",
            received_at=at,
            summary="",
            allegations=[AllegationInput(conduct="possession", synthetic=True)],
            acting_user=officer,
            at=at,
        )
        do_assign_officer(created, officer=officer, acting_user=None, at=at)
        made.append(created)
    return made


def test_it_lists_the_officers_cases(case, officer, client_for):
    response = client_for(officer).get("/cases/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "IBSA-2025-0007" in body
    assert case_url(case) in body


def test_it_does_not_list_cases_of_other_officers(case, other_officer, client_for):
    response = client_for(other_officer).get("/cases/")
    assert response.status_code == 200
    assert "IBSA-2025-0007" not in response.content.decode()


@pytest.mark.parametrize("who", ["outsider", "complainant"])
def test_it_sends_people_who_are_not_staff_to_their_own_cases(case, who, request, client_for):
    response = client_for(request.getfixturevalue(who)).get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/my/"


def test_it_sends_anonymous_visitors_to_sign_in(client_for):
    response = client_for(None).get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_filters_by_stage_and_reference(case, officer, client_for):
    _cases(officer, 2)
    do_change_stage(case, to="investigation", reason="", acting_user=officer, at=hkt(2025, 3, 17))
    client = client_for(officer)
    body = client.get("/cases/", {"stage": "investigation"}).content.decode()
    assert "IBSA-2025-0007" in body
    assert "IBSA-2025-0100" not in body
    body = client.get("/cases/", {"q": "0101"}).content.decode()
    assert "IBSA-2025-0101" in body
    assert "IBSA-2025-0007" not in body


def test_it_shows_a_supervisor_only_their_own_assignments_under_mine(case, supervisor, client_for):
    client = client_for(supervisor)
    assert "IBSA-2025-0007" in client.get("/cases/").content.decode()
    assert "IBSA-2025-0007" not in client.get("/cases/", {"mine": "on"}).content.decode()


def test_it_marks_statutory_outcomes_in_the_list(case, officer, client_for):
    do_change_stage(case, to="investigation", reason="", acting_user=officer, at=hkt(2025, 3, 17))
    do_record_outcome(
        case, sanctions=[SanctionInput(type="expulsion")], reasons="", acting_user=officer, at=hkt(2025, 3, 18)
    )
    body = client_for(officer).get("/cases/").content.decode()
    assert "Statutory sanction" in body


def test_it_paginates(officer, client_for):
    _cases(officer, 30)
    client = client_for(officer)
    first = client.get("/cases/").content.decode()
    second = client.get("/cases/", {"page": 2}).content.decode()
    assert first.count("/cases/") > 25
    assert "Page 2 of 2" in second


def test_it_reads_the_list_in_the_same_number_of_queries_for_any_size(
    officer, client_for, django_assert_max_num_queries
):
    client = client_for(officer)
    _cases(officer, 2)
    client.get("/cases/")
    # The list (with the count of open flags that chooses how to order it), and above it the work
    # queue: one query per flag kind (the intake, party and data request kinds included; the delay kind
    # one per deadline policy) and a few more (office.queue).
    with django_assert_max_num_queries(26) as small:
        client.get("/cases/")
    few = len(small.captured_queries)  # now: the connection keeps only the latest 9,000 queries
    _cases(officer, 40, start=200)
    client.get("/cases/")  # the filter's officers are read again once assignments change, then kept
    with django_assert_max_num_queries(few):
        response = client.get("/cases/")
    assert response.status_code == 200


def test_it_lists_hearing_bundles_for_a_panel_member(case, officer, panel_member, client_for):
    from cases.actions.panel import do_assign_panel_member

    client = client_for(panel_member)
    assert f"/cases/{case.public_id}/bundle/" not in client.get("/cases/").content.decode()
    do_assign_panel_member(case, member=panel_member, acting_user=officer, at=hkt(2025, 3, 15))
    body = client.get("/cases/").content.decode()
    assert f"/cases/{case.public_id}/bundle/" in body
    assert f'href="/cases/{case.public_id}/"' not in body


def test_it_shows_each_cases_worst_open_flag(case, officer, client_for, frozen_clock):
    from oversight.sweep import sweep

    later = hkt(2025, 4, 10, 9)
    sweep(later)
    frozen_clock.move_to(later)
    body = client_for(officer).get("/cases/").content.decode()
    assert "Stage overdue" in body
    assert "working days overdue" in body
