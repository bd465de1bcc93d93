"""An officer's own list is counted from her assignments (cases.selectors.own_assignments): the count
must be the list's, for every kind of staff member and filter, on the officer pages and the API."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.models import Team
from accounts.roles import StaffRole
from cases.actions.case import do_assign_officer
from cases.pages import case_list
from cases.selectors import CountedBy, find_cases, own_assignments
from tests.conftest import hkt
from tests.web.test_officer_home import _case

pytestmark = pytest.mark.sqlite

AT = hkt(2025, 3, 14, 10)


@pytest.fixture
def cases_of_two_officers(case, officer, other_officer, supervisor):
    """`officer` on the fixture's case and two more, one of them shared with `other_officer`, who also
    has one of her own; all in the supervisor's team but one of `officer`'s."""
    mine = _case(officer, "IBSA-2025-0101", received=AT)
    shared = _case(officer, "IBSA-2025-0102", received=AT)
    do_assign_officer(shared, officer=other_officer, acting_user=None, at=AT)
    theirs = _case(other_officer, "IBSA-2025-0103", received=AT)
    elsewhere = Team.objects.create(name="Another team")
    mine.team = elsewhere
    mine.save(update_fields=["team"])
    return mine, shared, theirs


def _listed(user, **filters):
    defaults = {"mine": False, "stage": "", "reference": ""}
    return case_list(user, **{**defaults, **filters})


@pytest.mark.parametrize("sort", ["urgency", "due", "received"])
@pytest.mark.parametrize("mine", [False, True])
def test_the_count_is_the_lists_for_an_officer(cases_of_two_officers, officer, other_officer, sort, mine):
    for user in (officer, other_officer):
        listed = _listed(user, mine=mine, sort=sort)
        expected = find_cases(user, mine=mine).count()
        assert listed.count() == expected == len(list(listed[0:100]))
    assert _listed(officer, sort=sort).count() == 3
    assert _listed(other_officer, sort=sort).count() == 2


def test_who_is_counted_from_assignments(cases_of_two_officers, officer, supervisor):
    assert own_assignments(officer, mine=False) is not None
    # A supervisor's list is her team's: not her assignments, unless she asks for hers and is an officer.
    assert own_assignments(supervisor, mine=False) is None
    assert own_assignments(supervisor, mine=True) is None
    supervisor.groups.add(Group.objects.get(name=StaffRole.CONDUCT_OFFICER))
    supervisor = type(supervisor).objects.get(pk=supervisor.pk)  # the roles are cached on the object
    assert own_assignments(supervisor, mine=False) is None
    assert own_assignments(supervisor, mine=True) is not None
    assert _listed(supervisor, mine=False).count() == find_cases(supervisor, mine=False).count()


def test_a_filtered_list_is_counted_by_itself(cases_of_two_officers, officer):
    assert not isinstance(_listed(officer, reference="0101", sort="due"), CountedBy)
    assert _listed(officer, reference="0101", sort="due").count() == 1
    assert _listed(officer, stage="received", sort="received").count() == 3


def test_the_api_counts_an_officers_own_list_alike(cases_of_two_officers, officer, other_officer, client_for):
    for user, expected in ((officer, 3), (other_officer, 2)):
        body = client_for(user).get("/api/v1/cases/").json()
        assert body["count"] == expected == len(body["results"])
        assert client_for(user).get("/api/v1/cases/?reference=0102").json()["count"] == 1
