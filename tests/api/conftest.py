"""API fixtures: a JSON client per role, the clock set, and a case with one of every nested record."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from accommodations.actions import do_request_measure
from accounts.models import User
from cases.actions.case import do_record_event
from cases.actions.outcome import SanctionInput, do_lodge_appeal, do_record_outcome
from cases.actions.proceedings import do_record_proceeding
from cases.actions.requests import do_record_request
from cases.models import Case, CaseEvent, Party, PartyRole
from cases.workflow import do_change_stage
from tests.conftest import hkt, sign_in

# The API's clock in these tests: Monday 17 March 2025, three days after the case fixture was received.
NOW = hkt(2025, 3, 17, 9, 0)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def api_for() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            sign_in(client, user)  # a real session, as the browser's (SessionAuthentication)
        return client

    return make


def case_url(case_or_id: Case | uuid.UUID, suffix: str = "") -> str:
    public_id = case_or_id.public_id if isinstance(case_or_id, Case) else case_or_id
    return f"/api/v1/cases/{public_id}/{suffix}"


def event_count(case: Case) -> int:
    return CaseEvent.objects.filter(case=case).count()


@dataclass(frozen=True)
class FullCase:
    """A case at appeal with one record of each kind, for endpoints that name a nested record."""

    case: Case
    complainant_party: Party
    ids: dict[str, int]

    def url(self, template: str) -> str:
        return case_url(self.case, template.format(**self.ids))


@pytest.fixture
def full_case(case: Case, officer: User, complainant: User, respondent: User) -> FullCase:
    at = hkt(2025, 3, 14, 12, 0)
    measure = do_request_measure(
        case,
        type="class_separation",
        requested_by=complainant,
        against=respondent,
        requested_at=at,
        details="",
        recorded_by=officer,
        at=at,
    )
    party = case.parties.get(role=PartyRole.COMPLAINANT)
    request = do_record_request(party, kind="class_adjustment", details="", requested_at=at, acting_user=officer, at=at)
    proceeding = do_record_proceeding(
        case,
        body="police",
        complainant_consent=True,
        reported_at=None,
        reference_number="",
        status="considering",
        acting_user=officer,
        at=at,
    )
    do_record_event(case, type="note", text="Met the complainant.", acting_user=officer, at=at)
    do_change_stage(case, to="investigation", reason="", acting_user=officer, at=at)
    outcome = do_record_outcome(
        case,
        sanctions=[SanctionInput(type="apology", due_at=hkt(2025, 4, 30, 17, 0))],
        reasons="",
        acting_user=officer,
        at=at,
    )
    appeal = do_lodge_appeal(outcome, party=party, grounds="Too lenient.", acting_user=officer, at=at)
    ids = {
        "party": party.pk,
        "request": request.pk,
        "proceeding": proceeding.pk,
        "outcome": outcome.pk,
        "sanction": outcome.sanctions.get().pk,
        "appeal": appeal.pk,
        "measure": measure.pk,
    }
    return FullCase(case=case, complainant_party=party, ids=ids)


def json_of(response: Any) -> Any:
    return response.json() if response.content else None
