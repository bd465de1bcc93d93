"""Requesting a measure: who may ask, against whom, and each validation error changing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from accommodations.actions import do_request_measure
from accommodations.models import Measure
from accounts.models import User
from accounts.services import do_create_person
from cases.actions.parties import do_add_party
from cases.models import Case, CaseEvent, EventType, PartyRole
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure

REQUESTED = hkt(2025, 3, 18, 10, 0)


def _assert_refused(case: Case, field: str, call: Callable[[], object]) -> None:
    measures, events = Measure.objects.count(), CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ValidationError) as error:
        call()
    assert field in error.value.message_dict
    assert Measure.objects.count() == measures
    assert CaseEvent.objects.filter(case=case).count() == events


def test_it_records_who_asked_on_whose_behalf_and_against_whom(
    case: Case, request_measure: RequestMeasure, officer: User, complainant: User, respondent: User
) -> None:
    measure = request_measure(requested_at=REQUESTED, details="Separate tutorial groups in LLAW3102.")
    assert measure.code == "M1"
    assert measure.requested_by == complainant
    assert measure.recorded_by == officer
    assert measure.against == respondent
    assert measure.status == "requested"
    event = CaseEvent.objects.filter(case=case, detail__action="measure_requested").get()
    assert event.actor == officer
    assert event.type == EventType.CHANGE
    # No names in the timeline text.
    assert "Student" not in event.text


def test_it_numbers_measures_per_case_and_keeps_given_codes(case: Case, request_measure: RequestMeasure) -> None:
    request_measure(requested_at=REQUESTED, code="M7")
    second = request_measure("support_referral", requested_at=REQUESTED, against=None)
    assert second.code == "M8"
    _assert_refused(case, "code", lambda: request_measure(requested_at=REQUESTED, code="M7"))


def test_it_counts_the_request_as_activity_on_the_case(case: Case, request_measure: RequestMeasure) -> None:
    request_measure(requested_at=REQUESTED, at=hkt(2025, 3, 20, 9, 0))
    case.refresh_from_db()
    assert case.last_activity_at == hkt(2025, 3, 20, 9, 0)
    # 15 working days after Thursday 20 March 2025; Friday 4 April (Ching Ming) is not counted.
    assert case.dormant_due_at == hkt(2025, 4, 11, 23, 59, 59)


def test_it_lets_an_affected_person_ask(case: Case, officer: User, request_measure: RequestMeasure) -> None:
    affected = do_create_person(person_id="3035007777", email="c@connect.uni.example", name="Student C", kind="student")
    do_add_party(case, person=affected, role=PartyRole.AFFECTED_PERSON, acting_user=officer, at=REQUESTED)
    measure = request_measure(requested_at=REQUESTED, requested_by=affected)
    assert measure.requested_by == affected


def test_it_refuses_a_measure_without_a_requester(case: Case, request_measure: RequestMeasure) -> None:
    _assert_refused(case, "requested_by", lambda: request_measure(requested_at=REQUESTED, requested_by=None))


def test_it_refuses_a_requester_who_is_not_a_complainant(
    case: Case, request_measure: RequestMeasure, respondent: User, other_complainant: User, complainant: User
) -> None:
    _assert_refused(
        case,
        "requested_by",
        lambda: request_measure(requested_at=REQUESTED, requested_by=respondent, against=complainant),
    )
    _assert_refused(
        case, "requested_by", lambda: request_measure(requested_at=REQUESTED, requested_by=other_complainant)
    )


def test_it_refuses_against_someone_not_on_the_case(
    case: Case, request_measure: RequestMeasure, other_complainant: User, complainant: User
) -> None:
    _assert_refused(case, "against", lambda: request_measure(requested_at=REQUESTED, against=other_complainant))
    _assert_refused(case, "against", lambda: request_measure(requested_at=REQUESTED, against=complainant))


@pytest.mark.parametrize("type", ["class_separation", "no_contact_directive"])
def test_it_requires_against_for_separation_measures(case: Case, request_measure: RequestMeasure, type: str) -> None:
    _assert_refused(case, "against", lambda: request_measure(type, requested_at=REQUESTED, against=None))


def test_it_refuses_an_unknown_type(case: Case, request_measure: RequestMeasure) -> None:
    _assert_refused(case, "type", lambda: request_measure("expulsion", requested_at=REQUESTED))


def test_it_refuses_a_request_time_without_time_zone(
    case: Case, officer: User, complainant: User, respondent: User
) -> None:
    def call() -> None:
        do_request_measure(
            case,
            type="class_separation",
            requested_by=complainant,
            against=respondent,
            requested_at=dt.datetime(2025, 3, 18, 10, 0),  # noqa: DTZ001 - the error under test
            recorded_by=officer,
            at=REQUESTED,
        )

    _assert_refused(case, "requested_at", call)


def test_it_refuses_a_request_in_the_future(case: Case, request_measure: RequestMeasure) -> None:
    _assert_refused(case, "requested_at", lambda: request_measure(requested_at=hkt(2025, 3, 19), at=hkt(2025, 3, 18)))
