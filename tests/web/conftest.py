"""Web tests run with the clock frozen on a working day after the `case` fixture's complaint."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import time_machine
from django.test import Client

from accounts.models import User
from cases.models import Case
from tests.conftest import hkt

NOW = hkt(2025, 3, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def as_officer(case: Case, officer: User, client_for: Callable[[User | None], Client]) -> Client:
    return client_for(officer)


def case_url(case: Case, suffix: str = "") -> str:
    return f"/cases/{case.public_id}/{suffix}"
