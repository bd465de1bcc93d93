"""A measure deadline may be paused or extended only with a recorded reason and a review date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from accommodations.actions import do_decide_measure
from accommodations.adjustments import do_end_adjustment, do_extend_measure_deadline, do_pause_measure_deadline
from accommodations.explain import measure_deadlines_explained
from accommodations.models import DeadlineAdjustment, Measure
from accounts.models import User
from cases.models import CaseEvent
from deadlines.calendar import WorkingCalendar
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure

REQUESTED = hkt(2025, 3, 18, 10, 0)
AT = hkt(2025, 3, 19, 9, 0)
POLICE_REVIEW = hkt(2025, 4, 2, 17, 0)


@pytest.fixture
def measure(request_measure: RequestMeasure) -> Measure:
    return request_measure(requested_at=REQUESTED)


def test_it_pauses_a_step_until_its_review_date_and_ends_the_pause(measure: Measure, supervisor: User) -> None:
    adjustment = do_pause_measure_deadline(
        measure,
        step="decision",
        reason="Police asked us to wait.",
        review_at=POLICE_REVIEW,
        acting_user=supervisor,
        at=AT,
    )
    measure.refresh_from_db()
    assert measure.decision_due_at == POLICE_REVIEW
    assert measure.implementation_due_at == hkt(2025, 3, 25, 23, 59, 59)  # the other step is not paused
    decision = measure_deadlines_explained(measure, calendar=WorkingCalendar.load(), now=AT)[0]
    assert decision.adjustment == adjustment
    assert decision.basis.startswith("Paused on 2025-03-19 until the review by 2025-04-02")
    assert CaseEvent.objects.filter(detail__adjustment=adjustment.pk).count() == 1

    do_end_adjustment(adjustment, acting_user=supervisor, at=hkt(2025, 3, 24))
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 3, 20, 23, 59, 59)
    with pytest.raises(ValidationError) as error:
        do_end_adjustment(adjustment, acting_user=supervisor, at=hkt(2025, 3, 24))
    assert "ended_at" in error.value.message_dict


def test_it_extends_a_step_to_its_new_due_time(measure: Measure, supervisor: User) -> None:
    new_due = hkt(2025, 4, 4, 23, 59, 59)
    do_extend_measure_deadline(
        measure,
        step="implementation",
        reason="Timetable office needs a week to move groups.",
        review_at=hkt(2025, 3, 28),
        new_due_at=new_due,
        acting_user=supervisor,
        at=AT,
    )
    measure.refresh_from_db()
    assert measure.implementation_due_at == new_due


@pytest.mark.parametrize(
    ("reason", "review_at", "field"),
    [
        ("", POLICE_REVIEW, "reason"),
        ("Police asked us to wait.", None, "review_at"),
        ("Police.", hkt(2025, 3, 1), "review_at"),
    ],
)
def test_it_refuses_a_pause_without_reason_or_review_date(
    measure: Measure, supervisor: User, reason: str, review_at: dt.datetime | None, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        do_pause_measure_deadline(
            measure,
            step="decision",
            reason=reason,
            review_at=review_at,
            acting_user=supervisor,
            at=AT,
        )
    assert field in error.value.message_dict
    assert not DeadlineAdjustment.objects.exists()
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 3, 20, 23, 59, 59)


def test_it_refuses_an_extension_without_reason_review_date_or_a_later_due(measure: Measure, supervisor: User) -> None:
    base = {"step": "implementation", "acting_user": supervisor, "at": AT}
    cases = [
        ({"reason": " ", "review_at": hkt(2025, 3, 28), "new_due_at": hkt(2025, 4, 4)}, "reason"),
        ({"reason": "Timetable office.", "review_at": None, "new_due_at": hkt(2025, 4, 4)}, "review_at"),
        ({"reason": "Timetable office.", "review_at": hkt(2025, 3, 21), "new_due_at": hkt(2025, 3, 24)}, "new_due_at"),
        ({"reason": "Timetable office.", "review_at": hkt(2025, 4, 10), "new_due_at": hkt(2025, 4, 4)}, "review_at"),
    ]
    for values, field in cases:
        with pytest.raises(ValidationError) as error:
            do_extend_measure_deadline(measure, **base, **values)  # type: ignore[arg-type]
        assert field in error.value.message_dict
    assert not DeadlineAdjustment.objects.exists()


def test_it_refuses_adjusting_a_step_that_is_done_or_already_adjusted(measure: Measure, officer: User) -> None:
    do_pause_measure_deadline(
        measure,
        step="implementation",
        reason="Police asked us to wait.",
        review_at=POLICE_REVIEW,
        acting_user=officer,
        at=AT,
    )
    with pytest.raises(ValidationError) as error:
        do_pause_measure_deadline(
            measure, step="implementation", reason="Again.", review_at=POLICE_REVIEW, acting_user=officer, at=AT
        )
    assert "step" in error.value.message_dict
    do_decide_measure(measure, decision="declined", reasons="No shared classes.", acting_user=officer, at=AT)
    with pytest.raises(ValidationError) as error:
        do_pause_measure_deadline(
            measure, step="decision", reason="Police.", review_at=POLICE_REVIEW, acting_user=officer, at=AT
        )
    assert "step" in error.value.message_dict
    # Declining ended the implementation pause: nothing is left to pause.
    assert not DeadlineAdjustment.objects.filter(ended_at__isnull=True).exists()
    measure.refresh_from_db()
    assert measure.implementation_due_at is None
