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


def test_a_panel_members_bundle_is_revoked_from_the_page_and_the_next_request_is_refused(
    case, officer, panel_member, client_for
):
    from cases.actions.panel import do_assign_panel_member

    do_assign_panel_member(case, member=panel_member, acting_user=officer, at=AT)
    member = client_for(panel_member)
    bundle = f"/cases/{case.public_id}/bundle/"
    assert member.get(bundle).status_code == 200

    response = client_for(officer).post(f"/cases/{case.public_id}/panel/remove/", {"member": panel_member.pk})

    assert response.status_code == 302
    refused = member.get(bundle)
    assert refused.status_code == 404
    assert case.reference not in refused.content.decode()


def test_a_panel_members_bundle_is_given_and_revoked_through_the_api(case, officer, panel_member, client_for):
    api = client_for(officer)
    given = api.post(
        f"/api/v1/cases/{case.public_id}/panel-members/", {"member": panel_member.username}, "application/json"
    )
    assert given.status_code == 201, given.content
    member = client_for(panel_member)
    assert member.get(f"/cases/{case.public_id}/bundle/").status_code == 200

    removed = api.delete(f"/api/v1/cases/{case.public_id}/panel-members/{panel_member.username}/")

    assert removed.status_code == 204
    assert member.get(f"/cases/{case.public_id}/bundle/").status_code == 404
    assert api.delete(f"/api/v1/cases/{case.public_id}/panel-members/{panel_member.username}/").status_code == 404
