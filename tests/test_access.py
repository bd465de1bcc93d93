import uuid

import pytest

from cases.access import CaseNotFound, access_case, cases_visible_to
from cases.actions.case import do_unassign_officer
from tests.conftest import hkt


def test_it_lets_the_assigned_officer_open_the_case(case, officer):
    assert access_case(officer, case.public_id) == case


def test_it_lets_the_team_supervisor_open_the_case(case, supervisor):
    assert access_case(supervisor, case.public_id) == case


@pytest.mark.parametrize("who", ["other_officer", "panel_member", "reviewer", "outsider", "complainant", "respondent"])
def test_it_hides_the_case_from_people_not_on_it(case, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(CaseNotFound):
        access_case(user, case.public_id)
    assert case not in cases_visible_to(user)


def test_it_answers_a_missing_case_like_a_forbidden_one(officer):
    with pytest.raises(CaseNotFound):
        access_case(officer, uuid.uuid4())
    with pytest.raises(CaseNotFound):
        access_case(officer, "not-a-uuid")


def test_it_denies_the_next_request_after_unassignment(case, officer, supervisor):
    do_unassign_officer(case, officer=officer, acting_user=supervisor, at=hkt(2025, 3, 15, 9, 0))
    with pytest.raises(CaseNotFound):
        access_case(officer, case.public_id)
    assert not cases_visible_to(officer).exists()
