"""A measure's life: approved or declined with reasons, implemented, reviewed, lifted; who and when."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accommodations.actions import (
    do_decide_measure,
    do_implement_measure,
    do_lift_measure,
    do_record_no_measure_offered,
    do_review_measure,
)
from accommodations.models import Measure
from accounts.models import User
from cases.models import Case, CaseEvent, EventType
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure

REQUESTED = hkt(2025, 3, 18, 10, 0)  # a Tuesday


def _unchanged(measure: Measure) -> tuple[object, ...]:
    measure.refresh_from_db()
    return (measure.decision, measure.decided_at, measure.implemented_at, measure.lifted_at, measure.decision_due_at)


def test_it_stores_both_deadlines_when_requested(request_measure: RequestMeasure) -> None:
    measure = request_measure(requested_at=REQUESTED)
    assert measure.decision_due_at == hkt(2025, 3, 20, 23, 59, 59)
    assert measure.implementation_due_at == hkt(2025, 3, 25, 23, 59, 59)


def test_it_records_an_approval_as_a_decision_event(
    case: Case, request_measure: RequestMeasure, supervisor: User
) -> None:
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=supervisor, at=hkt(2025, 3, 19, 11))
    measure.refresh_from_db()
    assert (measure.decision, measure.decided_by, measure.decided_at) == ("approved", supervisor, hkt(2025, 3, 19, 11))
    assert measure.decision_due_at is None
    assert measure.decision_due_at_completion == hkt(2025, 3, 20, 23, 59, 59)
    assert measure.implementation_due_at == hkt(2025, 3, 25, 23, 59, 59)
    event = CaseEvent.objects.get(case=case, type=EventType.DECISION, detail__action="measure_decided")
    assert event.actor == supervisor
    case.refresh_from_db()
    assert case.last_activity_at == hkt(2025, 3, 19, 11)


def test_it_gives_a_declined_request_no_implementation_deadline(request_measure: RequestMeasure, officer: User) -> None:
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(
        measure,
        decision="declined",
        reasons="Different programmes; no shared classes.",
        acting_user=officer,
        at=hkt(2025, 3, 19),
    )
    measure.refresh_from_db()
    assert measure.decision_reasons == "Different programmes; no shared classes."
    assert measure.decision_due_at is None
    assert measure.implementation_due_at is None
    assert measure.implementation_due_at_completion is None


def test_it_records_why_no_measure_was_offered(case: Case, officer: User, complainant: User) -> None:
    measure = do_record_no_measure_offered(
        case,
        type="exam_arrangement",
        requested_by=complainant,
        against=None,
        requested_at=REQUESTED,
        reasons="No examinations this semester.",
        acting_user=officer,
        at=hkt(2025, 3, 19),
    )
    assert (measure.decision, measure.decision_reasons) == ("declined", "No examinations this semester.")
    assert measure.implementation_due_at is None
    with pytest.raises(ValidationError) as error:
        do_record_no_measure_offered(
            case,
            type="exam_arrangement",
            requested_by=complainant,
            against=None,
            requested_at=REQUESTED,
            reasons=" ",
            acting_user=officer,
            at=hkt(2025, 3, 19),
        )
    assert "reasons" in error.value.message_dict
    assert Measure.objects.filter(case=case).count() == 1


def test_it_refuses_a_decline_without_reasons(request_measure: RequestMeasure, officer: User) -> None:
    measure = request_measure(requested_at=REQUESTED)
    before = _unchanged(measure)
    with pytest.raises(ValidationError) as error:
        do_decide_measure(measure, decision="declined", reasons="  ", acting_user=officer, at=hkt(2025, 3, 19))
    assert "reasons" in error.value.message_dict
    assert _unchanged(measure) == before


def test_it_refuses_a_decision_that_is_not_approved_or_declined(request_measure: RequestMeasure, officer: User) -> None:
    measure = request_measure(requested_at=REQUESTED)
    before = _unchanged(measure)
    with pytest.raises(ValidationError) as error:
        do_decide_measure(measure, decision="granted", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    assert "decision" in error.value.message_dict
    assert _unchanged(measure) == before


def test_it_refuses_a_second_decision(request_measure: RequestMeasure, officer: User) -> None:
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    with pytest.raises(ValidationError) as error:
        do_decide_measure(
            measure, decision="declined", reasons="Changed mind", acting_user=officer, at=hkt(2025, 3, 20)
        )
    assert "decision" in error.value.message_dict
    measure.refresh_from_db()
    assert measure.decision == "approved"


@pytest.mark.parametrize("decision", [None, "declined"])
def test_it_refuses_to_implement_a_measure_not_approved(
    request_measure: RequestMeasure, officer: User, decision: str | None
) -> None:
    measure = request_measure(requested_at=REQUESTED)
    if decision:
        do_decide_measure(
            measure, decision=decision, reasons="No shared classes.", acting_user=officer, at=hkt(2025, 3, 19)
        )
    before = _unchanged(measure)
    events = CaseEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        do_implement_measure(
            measure, implemented_at=hkt(2025, 3, 20), note="Moved to T04.", acting_user=officer, at=hkt(2025, 3, 20)
        )
    assert "implemented_at" in error.value.message_dict
    assert _unchanged(measure) == before
    assert CaseEvent.objects.count() == events


def test_it_implements_reviews_and_lifts_an_approved_measure(
    case: Case, request_measure: RequestMeasure, officer: User
) -> None:
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    do_implement_measure(
        measure,
        implemented_at=hkt(2025, 3, 21, 9),
        note="Complainant moved to T04.",
        acting_user=officer,
        at=hkt(2025, 3, 21, 10),
    )
    measure.refresh_from_db()
    assert (measure.status, measure.implemented_by, measure.implementation_due_at) == ("implemented", officer, None)
    assert measure.implementation_due_at_completion == hkt(2025, 3, 25, 23, 59, 59)
    do_review_measure(measure, note="Still needed.", acting_user=officer, at=hkt(2025, 4, 22))
    do_lift_measure(measure, reason="Respondent withdrew from the course.", acting_user=officer, at=hkt(2025, 5, 2))
    measure.refresh_from_db()
    assert (measure.reviewed_at, measure.reviewed_by, measure.review_note) == (
        hkt(2025, 4, 22),
        officer,
        "Still needed.",
    )
    assert (measure.status, measure.lifted_by, measure.lift_reason) == (
        "lifted",
        officer,
        "Respondent withdrew from the course.",
    )
    actions = list(
        CaseEvent.objects.filter(case=case, detail__measure=measure.pk).values_list("detail__action", flat=True)
    )
    assert actions == [
        "measure_requested",
        "measure_decided",
        "measure_implemented",
        "measure_reviewed",
        "measure_lifted",
    ]
    case.refresh_from_db()
    assert case.last_activity_at == hkt(2025, 5, 2)


def test_it_refuses_an_implementation_time_before_the_request(request_measure: RequestMeasure, officer: User) -> None:
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    with pytest.raises(ValidationError) as error:
        do_implement_measure(measure, implemented_at=hkt(2025, 3, 1), note="", acting_user=officer, at=hkt(2025, 3, 20))
    assert "implemented_at" in error.value.message_dict


def test_it_refuses_to_review_or_lift_without_what_is_needed(request_measure: RequestMeasure, officer: User) -> None:
    measure = request_measure(requested_at=REQUESTED)
    with pytest.raises(ValidationError) as error:
        do_review_measure(measure, note="Fine.", acting_user=officer, at=hkt(2025, 3, 19))
    assert "reviewed_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        do_lift_measure(measure, reason="No longer needed.", acting_user=officer, at=hkt(2025, 3, 19))
    assert "lifted_at" in error.value.message_dict
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    with pytest.raises(ValidationError) as error:
        do_lift_measure(measure, reason=" ", acting_user=officer, at=hkt(2025, 3, 19))
    assert "reason" in error.value.message_dict


def test_it_ends_the_implementation_deadline_when_an_approved_measure_is_lifted(
    request_measure: RequestMeasure, officer: User
) -> None:
    measure = request_measure(requested_at=REQUESTED)
    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 19))
    do_lift_measure(measure, reason="Respondent left the university.", acting_user=officer, at=hkt(2025, 3, 20))
    measure.refresh_from_db()
    assert measure.implementation_due_at is None
