"""Security tests: sign-in as a browser does it, with the clock set."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.conftest import hkt

NOW = hkt(2025, 3, 20, 10, 0)
PASSWORD = "correct-horse-battery"


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
