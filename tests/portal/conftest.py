from __future__ import annotations

import pytest

from accounts.models import User
from cases.actions.parties import do_add_party
from cases.models import Case, Party, PartyRole
from tests.conftest import hkt


@pytest.fixture
def second_complainant(case: Case, officer: User, other_complainant: User) -> User:
    do_add_party(
        case, person=other_complainant, role=PartyRole.COMPLAINANT, acting_user=officer, at=hkt(2025, 3, 14, 11)
    )
    return other_complainant


@pytest.fixture
def her(case: Case, complainant: User) -> Party:
    return Party.objects.select_related("case__policy", "person").get(case=case, person=complainant)


@pytest.fixture
def him(case: Case, respondent: User) -> Party:
    return Party.objects.select_related("case__policy", "person").get(case=case, person=respondent)
