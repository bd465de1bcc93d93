"""A case (from tests/conftest.py) and a way to request measures on it at a given time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from accommodations.actions import do_request_measure
from accommodations.models import Measure
from accounts.models import User
from cases.models import Case

RequestMeasure = Callable[..., Measure]


@pytest.fixture
def request_measure(case: Case, officer: User, complainant: User, respondent: User) -> RequestMeasure:
    """Request a measure on `case` by the complainant against the respondent, recorded by the officer."""

    def make(type: str = "class_separation", *, requested_at: dt.datetime, **overrides: object) -> Measure:
        values: dict[str, object] = {
            "type": type,
            "requested_by": complainant,
            "against": respondent,
            "requested_at": requested_at,
            "recorded_by": officer,
            "at": requested_at,
        }
        values.update(overrides)
        return do_request_measure(case, **values)  # type: ignore[arg-type]

    return make
