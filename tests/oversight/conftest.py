from __future__ import annotations

import pytest

from accommodations.actions import do_request_measure
from accommodations.models import Measure
from accounts.models import User
from cases.models import Case
from tests.conftest import hkt


@pytest.fixture
def separation(case: Case, complainant: User, respondent: User, officer: User) -> Measure:
    """The contract's example: a class separation requested 2025-03-14T10:00+08:00 (decision due
    2025-03-18T23:59:59+08:00, implementation due 2025-03-21T23:59:59+08:00)."""
    at = hkt(2025, 3, 14, 10, 0)
    return do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=at,
        recorded_by=officer,
        at=at,
    )
