"""The officers the case list's filter offers (cases.officer_choices): those assigned to a case she may
open, read once and kept, and read again as soon as someone is assigned to a case or taken off one."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import StaffRole
from accounts.services import do_create_staff, role_group
from cases.actions.case import do_assign_officer, do_unassign_officer
from tests.conftest import hkt
from tests.web.conftest import NOW
from tests.web.test_officer_home import _case

pytestmark = pytest.mark.sqlite


def _offered(client) -> tuple[list[str], int]:
    """The officer filter's options on her home, and how many of its queries read assignments."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/cases/").content.decode()
    select = body[body.index('name="officer"') :]
    select = select[: select.index("</select>")]
    names = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select)
    assignment_reads = sum(1 for q in queries.captured_queries if "cases_caseassignment" in q["sql"])
    return names, assignment_reads


def test_it_offers_the_officers_of_her_cases_and_reads_them_once(case, officer, other_officer, client_for):
    client = client_for(officer)
    first, first_reads = _offered(client)
    assert first == [str(officer)]
    again, again_reads = _offered(client)
    assert again == first
    assert again_reads == first_reads - 1  # the filter's read of every assignment of her cases, kept


def test_an_officer_assigned_or_taken_off_shows_on_the_next_load(case, officer, other_officer, client_for):
    client = client_for(officer)
    assert _offered(client)[0] == [str(officer)]
    do_assign_officer(case, officer=other_officer, acting_user=officer, at=NOW)
    assert sorted(_offered(client)[0]) == sorted([str(officer), str(other_officer)])
    do_unassign_officer(case, officer=other_officer, acting_user=officer, at=NOW)
    assert _offered(client)[0] == [str(officer)]


def test_what_one_user_is_offered_is_not_kept_for_another(case, officer, supervisor, client_for):
    lone = do_create_staff(
        username="officer.lone", email="lone@example.edu", name="Lone", role=StaffRole.CONDUCT_OFFICER
    )
    assert _offered(client_for(officer))[0] == [str(officer)]
    assert _offered(client_for(lone))[0] == []  # no case of hers: no officer to filter by
    assert _offered(client_for(supervisor))[0] == [str(officer)]  # the team's case, and its officer


def test_a_role_given_changes_what_she_is_offered(case, officer, other_officer, client_for):
    _case(other_officer, "IBSA-2025-0301", received=hkt(2025, 3, 3, 9))
    client = client_for(officer)
    assert _offered(client)[0] == [str(officer)]  # her own case only
    officer.groups.add(role_group(StaffRole.CASE_SUPERVISOR))
    # Now she supervises the team: its other officer's case is hers to see, and so is he in the filter.
    assert sorted(_offered(client)[0]) == sorted([str(officer), str(other_officer)])
