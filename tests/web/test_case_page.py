import uuid

import pytest

from accounts.services import do_create_person
from cases.access import HEARING_BUNDLE
from cases.actions.case import do_record_event
from cases.actions.outcome import SanctionInput, do_record_outcome
from cases.actions.panel import do_assign_panel_member
from cases.actions.parties import do_add_party
from cases.models import PartyRole
from cases.workflow import do_change_stage
from tests.conftest import hkt
from tests.web.conftest import case_url

# Also run on the embedded default, SQLite (scripts/test).
pytestmark = pytest.mark.sqlite


def _investigate(case, officer):
    do_change_stage(case, to="investigation", reason="Evidence found.", acting_user=officer, at=hkt(2025, 3, 17, 9))


def test_it_shows_the_case_to_its_officer(case, officer, client_for):
    response = client_for(officer).get(case_url(case))
    assert response.status_code == 200
    body = response.content.decode()
    assert "IBSA-2025-0007" in body
    assert "Creating intimate images" in body
    assert "AI-generated or altered images" in body
    assert "Student A" in body
    assert "Student R" in body
    assert "Complaint recorded." in body
    assert "No outcome yet" in body


def test_it_shows_deadlines_with_their_basis(case, officer, client_for):
    body = client_for(officer).get(case_url(case)).content.decode()
    # Received Friday 14 March 2025: 10 working days later is 28 March.
    assert "2025-03-28 23:59 HKT" in body
    assert "10 working days after 2025-03-14" in body
    assert "15 working days after" in body


@pytest.mark.parametrize("who", ["other_officer", "outsider", "panel_member", "reviewer", "complainant", "respondent"])
def test_it_answers_404_to_people_not_on_the_case(case, who, request, client_for):
    response = client_for(request.getfixturevalue(who)).get(case_url(case))
    assert response.status_code == 404
    assert "IBSA-2025-0007" not in response.content.decode()


def test_it_answers_404_for_a_missing_case(officer, client_for):
    assert client_for(officer).get(f"/cases/{uuid.uuid4()}/").status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(case, client_for):
    response = client_for(None).get(case_url(case))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_gap_between_identified_and_informed(case, officer, client_for):
    for index in range(3):
        person = do_create_person(person_id=f"30350100{index}", email="", name=f"Affected {index}", kind="student")
        do_add_party(case, person=person, role=PartyRole.AFFECTED_PERSON, acting_user=officer, at=hkt(2025, 3, 15))
    body = client_for(officer).get(case_url(case)).content.decode()
    assert "3 identified affected people have not been informed." in body


def test_it_says_plainly_that_a_warning_letter_is_not_a_statutory_sanction(case, officer, client_for):
    _investigate(case, officer)
    do_record_outcome(
        case, sanctions=[SanctionInput(type="warning_letter")], reasons="", acting_user=officer, at=hkt(2025, 3, 18)
    )
    body = client_for(officer).get(case_url(case)).content.decode()
    assert "No statutory sanction" in body
    assert "Includes a statutory sanction" not in body


def test_it_marks_an_outcome_with_a_suspension_as_statutory(case, officer, client_for):
    _investigate(case, officer)
    do_record_outcome(
        case,
        sanctions=[SanctionInput(type="suspension", months=6)],
        reasons="",
        acting_user=officer,
        at=hkt(2025, 3, 18),
    )
    body = client_for(officer).get(case_url(case)).content.decode()
    assert "Includes a statutory sanction" in body


def test_it_reads_the_case_page_in_a_bounded_number_of_queries(
    case, officer, client_for, django_assert_max_num_queries
):
    client = client_for(officer)
    client.get(case_url(case))  # warm the session and the content-type cache
    for index in range(20):
        person = do_create_person(person_id=f"30350200{index}", email="", name=f"P{index}", kind="student")
        do_add_party(case, person=person, role=PartyRole.AFFECTED_PERSON, acting_user=officer, at=hkt(2025, 3, 15))
        do_record_event(case, type="note", text=f"Note {index}", acting_user=officer, at=hkt(2025, 3, 16))
    # 25 for the case page itself, and a fixed number for the parties' panel (portal.officer), the
    # invitations (accounts.invitations.last_invitations) and the legal hold (privacy.holds).
    with django_assert_max_num_queries(34):
        response = client.get(case_url(case))
    assert response.status_code == 200


def test_it_shows_the_panel_member_the_bundle_without_names(case, officer, panel_member, client_for):
    do_assign_panel_member(case, member=panel_member, acting_user=officer, at=hkt(2025, 3, 15))
    do_record_event(case, type="note", text="Private note about Student A", acting_user=officer, at=hkt(2025, 3, 16))
    _investigate(case, officer)
    response = client_for(panel_member).get(case_url(case, "bundle/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Creating intimate images" in body
    assert "Investigation" in body
    assert "Complainant: 1" in body
    assert "Student A" not in body
    assert "Student R" not in body
    assert "Private note" not in body
    assert "3035001234" not in body


@pytest.mark.parametrize("who", ["officer", "other_officer", "outsider", "panel_member"])
def test_it_hides_the_bundle_from_people_not_given_it(case, who, request, client_for):
    assert HEARING_BUNDLE == "view_hearing_bundle"
    response = client_for(request.getfixturevalue(who)).get(case_url(case, "bundle/"))
    assert response.status_code == 404
