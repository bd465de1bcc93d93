"""Revoking access takes effect on the very next request: nothing is cached across requests."""

from __future__ import annotations

from accounts.roles import StaffRole
from accounts.services import role_group
from cases.actions.case import do_assign_officer, do_unassign_officer
from tests.conftest import hkt

AT = hkt(2025, 3, 20, 10, 0)


def test_it_denies_the_very_next_page_and_api_call_after_the_assignment_is_revoked(
    case, officer, other_officer, supervisor, client_for
):
    do_assign_officer(case, officer=other_officer, acting_user=supervisor, at=AT)
    client = client_for(other_officer)
    page, api = f"/cases/{case.public_id}/", f"/api/v1/cases/{case.public_id}/"
    assert client.get(page).status_code == 200
    assert client.get(api).status_code == 200

    do_unassign_officer(case, officer=other_officer, acting_user=supervisor, at=AT)

    for url in (page, api):
        response = client.get(url)
        assert response.status_code == 404, url
        assert case.reference not in response.content.decode()
    assert client.post(f"{api}events/", {"type": "note", "text": "Still here?"}, "application/json").status_code == 404


def test_it_denies_the_very_next_request_after_the_revoke_through_the_api(
    case, officer, other_officer, supervisor, client_for
):
    do_assign_officer(case, officer=other_officer, acting_user=supervisor, at=AT)
    revoked = client_for(other_officer)
    assert revoked.get(f"/api/v1/cases/{case.public_id}/timeline/").status_code == 200
    response = client_for(supervisor).delete(f"/api/v1/cases/{case.public_id}/assignments/{other_officer.username}/")
    assert response.status_code == 204
    assert revoked.get(f"/api/v1/cases/{case.public_id}/timeline/").status_code == 404
    assert revoked.get(f"/cases/{case.public_id}/").status_code == 404


def test_it_denies_the_very_next_request_after_the_staff_role_is_taken_away(case, officer, client_for):
    client = client_for(officer)
    assert client.get(f"/cases/{case.public_id}/").status_code == 200
    officer.groups.remove(role_group(StaffRole.CONDUCT_OFFICER))
    assert client.get(f"/cases/{case.public_id}/").status_code == 404
    assert client.get(f"/api/v1/cases/{case.public_id}/").status_code == 403
