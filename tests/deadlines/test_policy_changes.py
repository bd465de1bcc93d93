"""Changing the policy's numbers changes the stored due dates of open steps, and not of closed ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accommodations.actions import do_decide_measure, do_implement_measure
from accommodations.models import Measure
from accounts.models import User
from cases.models import Case
from deadlines.models import ClosureDay, MeasureDeadlineRule, PolicyChange, StageDeadlineRule
from oversight.policy_changes import (
    do_delete_closure_day,
    do_save_closure_day,
    do_update_dormancy,
    do_update_measure_rule,
    do_update_stage_rule,
)
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure

REQUESTED = hkt(2025, 3, 18, 10, 0)  # a Tuesday
CHANGED = hkt(2025, 3, 19, 9, 0)


def _separation_rule(case: Case) -> MeasureDeadlineRule:
    return MeasureDeadlineRule.objects.get(policy=case.policy, measure_type="class_separation")


def test_it_moves_the_due_dates_of_open_steps_only(
    case: Case, request_measure: RequestMeasure, officer: User, supervisor: User
) -> None:
    open_measure = request_measure(requested_at=REQUESTED)
    decided = request_measure(requested_at=REQUESTED)
    do_decide_measure(decided, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 18, 12))
    done = request_measure(requested_at=REQUESTED)
    do_decide_measure(done, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 18, 12))
    do_implement_measure(done, implemented_at=hkt(2025, 3, 18, 15), note="", acting_user=officer, at=CHANGED)
    other_type = request_measure("support_referral", requested_at=REQUESTED, against=None)
    other_before = (other_type.decision_due_at, other_type.implementation_due_at)

    change = do_update_measure_rule(
        _separation_rule(case),
        decision_working_days=3,
        implementation_working_days=7,
        acting_user=supervisor,
        at=CHANGED,
    )

    for measure in (open_measure, decided, done, other_type):
        measure.refresh_from_db()
    assert (open_measure.decision_due_at, open_measure.implementation_due_at) == (
        hkt(2025, 3, 21, 23, 59, 59),
        hkt(2025, 3, 27, 23, 59, 59),
    )
    # The decided measure's decision stays done, with the due time it had; its implementation moves.
    assert decided.decision_due_at is None
    assert decided.decision_due_at_completion == hkt(2025, 3, 20, 23, 59, 59)
    assert decided.implementation_due_at == hkt(2025, 3, 27, 23, 59, 59)
    assert (done.decision_due_at, done.implementation_due_at) == (None, None)
    assert done.implementation_due_at_completion == hkt(2025, 3, 25, 23, 59, 59)
    assert (other_type.decision_due_at, other_type.implementation_due_at) == other_before
    assert (change.by, change.measures_recomputed) == (supervisor, 2)
    assert change.before == {"decision_working_days": 2, "implementation_working_days": 5}
    assert change.after == {"decision_working_days": 3, "implementation_working_days": 7}


def test_it_recomputes_in_a_constant_number_of_queries(
    case: Case,
    request_measure: RequestMeasure,
    supervisor: User,
    django_assert_max_num_queries: Callable[[int], Any],
) -> None:
    for _ in range(8):
        request_measure(requested_at=REQUESTED)
    rule = _separation_rule(case)
    # 12, and 3 for the audit row (chain lock, last row, insert).
    with django_assert_max_num_queries(15):
        do_update_measure_rule(
            rule, decision_working_days=4, implementation_working_days=6, acting_user=supervisor, at=CHANGED
        )
    assert set(Measure.objects.values_list("decision_due_at", flat=True)) == {hkt(2025, 3, 24, 23, 59, 59)}


@pytest.mark.parametrize(
    ("decide", "implement", "field"),
    [(-1, 5, "decision_working_days"), (2, 400, "implementation_working_days"), (5, 2, "implementation_working_days")],
)
def test_it_refuses_impossible_numbers(
    case: Case, request_measure: RequestMeasure, supervisor: User, decide: int, implement: int, field: str
) -> None:
    measure = request_measure(requested_at=REQUESTED)
    with pytest.raises(ValidationError) as error:
        do_update_measure_rule(
            _separation_rule(case),
            decision_working_days=decide,
            implementation_working_days=implement,
            acting_user=supervisor,
            at=CHANGED,
        )
    assert field in error.value.message_dict
    assert _separation_rule(case).decision_working_days == 2
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 3, 20, 23, 59, 59)
    assert not PolicyChange.objects.exists()


def test_it_moves_the_stage_due_date_of_open_cases(case: Case, supervisor: User) -> None:
    case.refresh_from_db()
    assert case.stage_due_at == hkt(2025, 3, 28, 23, 59, 59)  # 10 working days after Friday 14 March
    rule = StageDeadlineRule.objects.get(policy=case.policy, stage="received")
    change = do_update_stage_rule(rule, basis="received", working_days=12, acting_user=supervisor, at=CHANGED)
    case.refresh_from_db()
    assert case.stage_due_at == hkt(2025, 4, 1, 23, 59, 59)
    assert change.cases_recomputed == 1


def test_it_moves_the_dormancy_due_date_of_open_cases(case: Case, supervisor: User) -> None:
    case.refresh_from_db()
    last_activity = case.last_activity_at
    do_update_dormancy(case.policy, dormancy_working_days=5, acting_user=supervisor, at=CHANGED)
    case.refresh_from_db()
    assert last_activity == hkt(2025, 3, 14, 10)
    assert case.dormant_due_at == hkt(2025, 3, 21, 23, 59, 59)
    assert case.last_activity_at == last_activity  # a policy change is not activity on the case


def test_it_moves_open_deadlines_over_a_new_closure_day_and_back(
    case: Case, request_measure: RequestMeasure, supervisor: User
) -> None:
    measure = request_measure(requested_at=hkt(2025, 4, 17, 15, 0))
    assert measure.decision_due_at == hkt(2025, 4, 23, 23, 59, 59)
    closure = do_save_closure_day(
        ClosureDay(), date=hkt(2025, 4, 22).date(), reason="Typhoon signal 8", acting_user=supervisor, at=CHANGED
    )
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 4, 24, 23, 59, 59)
    assert PolicyChange.objects.get(subject="closure day").measures_recomputed == 1
    do_delete_closure_day(closure, acting_user=supervisor, at=CHANGED)
    measure.refresh_from_db()
    assert measure.decision_due_at == hkt(2025, 4, 23, 23, 59, 59)
