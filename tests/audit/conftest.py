"""Audit tests run with the clock frozen on a working day after the `case` fixture's complaint."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import time_machine
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEntry
from tests.conftest import hkt, sign_in

NOW = hkt(2025, 3, 20, 10, 0)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path: Path) -> Path:
    """Each test its own checkpoint file: checkpoints of another test's trail would not match this one."""
    path = tmp_path / "audit" / "checkpoints.jsonl"
    settings.CASEMGR_AUDIT_CHECKPOINT_FILE = path
    return path


@pytest.fixture
def api_client_for() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            sign_in(client, user)
        return client

    return make


def rows_after(seq: int, **filters: object) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(seq__gt=seq, **filters).order_by("seq"))


def last_seq() -> int:
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
