"""`cases.access.CasePermissions` reads a user's permissions on a case in one statement; it must answer
exactly as django-guardian's checker, which it replaced on every case request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm

from accounts.models import User
from cases.access import CHANGE, HEARING_BUNDLE, SUPERVISE, VIEW, CasePermissions
from cases.actions.case import AllegationInput, do_create_case
from cases.models import Case
from tests.conftest import hkt

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

PERMISSIONS = (VIEW, CHANGE, SUPERVISE, HEARING_BUNDLE)


def _other_case(officer: User) -> Case:
    return do_create_case(
        reference="IBSA-2025-0099",
        received_at=hkt(2025, 4, 1),
        summary="Another complaint.",
        allegations=[AllegationInput(conduct="distribution", synthetic=False, description="")],
        acting_user=officer,
        at=hkt(2025, 4, 1),
    )


def _answers(user: User, case: Case) -> tuple[dict[str, bool], dict[str, bool]]:
    ours, guardians = CasePermissions(user), ObjectPermissionChecker(user)
    return (
        {p: ours.has_perm(p, case) for p in PERMISSIONS},
        {p: guardians.has_perm(p, case) for p in PERMISSIONS},
    )


def test_it_answers_as_guardian_for_user_and_group_grants(
    case: Case, officer: User, supervisor: User, other_officer: User, outsider: User
) -> None:
    other = _other_case(officer)
    assign_perm(SUPERVISE, other_officer, other)  # a grant on another case must not count on this one
    panel = Group.objects.create(name="a panel")
    panel.user_set.add(outsider)
    assign_perm(HEARING_BUNDLE, panel, case)  # through a group only

    for user in (officer, supervisor, other_officer, outsider):
        ours, guardians = _answers(user, case)
        assert ours == guardians, user.username
    assert _answers(officer, case)[0][VIEW] is True
    assert _answers(outsider, case)[0] == {VIEW: False, CHANGE: False, SUPERVISE: False, HEARING_BUNDLE: True}
    assert _answers(other_officer, case)[0] == dict.fromkeys(PERMISSIONS, False)
    assert _answers(other_officer, other)[0][SUPERVISE] is True


def test_an_inactive_user_holds_nothing_and_a_superuser_everything(case: Case, officer: User) -> None:
    officer.is_active = False
    assert _answers(officer, case) == (dict.fromkeys(PERMISSIONS, False), dict.fromkeys(PERMISSIONS, False))
    officer.is_active, officer.is_superuser = True, True
    assert _answers(officer, case) == (dict.fromkeys(PERMISSIONS, True), dict.fromkeys(PERMISSIONS, True))


def test_several_questions_about_one_case_read_it_once(case: Case, officer: User) -> None:
    checker = CasePermissions(officer)
    with CaptureQueriesContext(connection) as reads:
        answers = [checker.has_perm(p, case) for p in PERMISSIONS]
    assert answers == [True, True, False, False]
    assert len(reads) == 1
