"""Deadlines in working days, each with its basis, across Easter and Labour Day 2025."""

from __future__ import annotations

from accommodations.actions import do_decide_measure, do_implement_measure
from accommodations.explain import measure_deadlines_explained
from accounts.models import User
from deadlines.calendar import WorkingCalendar
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure


def test_it_counts_a_separation_decision_across_easter(request_measure: RequestMeasure) -> None:
    # Thursday 17 April 2025; Good Friday 18, the weekend, Easter Monday 21 are not working days.
    measure = request_measure(requested_at=hkt(2025, 4, 17, 15, 0))
    assert measure.decision_due_at is not None
    assert measure.decision_due_at.isoformat() == "2025-04-23T23:59:59+08:00"
    # 5 working days: 22, 23, 24, 25, 28 April.
    assert measure.implementation_due_at == hkt(2025, 4, 28, 23, 59, 59)
    decision, implementation = measure_deadlines_explained(
        measure, calendar=WorkingCalendar.load(), now=hkt(2025, 4, 22)
    )
    assert decision.status == "open"
    assert decision.due_at == hkt(2025, 4, 23, 23, 59, 59)
    assert decision.basis == (
        "2 working days after the request of 2025-04-17; not counted: 2025-04-18 (Good Friday), "
        "2025-04-21 (Easter Monday)"
    )
    assert implementation.status == "open"


def test_it_counts_across_labour_day_and_buddhas_birthday(request_measure: RequestMeasure) -> None:
    # Friday 25 April 2025: 1 May (Labour Day) and 5 May (Buddha's Birthday) are not counted.
    measure = request_measure("support_referral", requested_at=hkt(2025, 4, 25, 11, 0), against=None)
    assert measure.decision_due_at == hkt(2025, 5, 6, 23, 59, 59)
    assert measure.implementation_due_at == hkt(2025, 5, 13, 23, 59, 59)
    decision, _implementation = measure_deadlines_explained(
        measure, calendar=WorkingCalendar.load(), now=hkt(2025, 5, 8)
    )
    assert decision.status == "overdue"
    assert decision.overdue_working_days == 2  # 7 and 8 May
    assert "2025-05-01 (Labor Day)" in decision.basis
    assert "2025-05-05 (The Buddha's Birthday)" in decision.basis


def test_it_explains_done_and_not_applicable_steps(request_measure: RequestMeasure, officer: User) -> None:
    calendar = WorkingCalendar.load()
    declined = request_measure(requested_at=hkt(2025, 4, 17, 15, 0))
    do_decide_measure(
        declined, decision="declined", reasons="No shared classes.", acting_user=officer, at=hkt(2025, 4, 24)
    )
    decision, implementation = measure_deadlines_explained(declined, calendar=calendar, now=hkt(2025, 5, 2))
    assert (decision.status, decision.on_time, decision.due_at) == ("done", False, hkt(2025, 4, 23, 23, 59, 59))
    assert (implementation.status, implementation.due_at) == ("not_applicable", None)
    assert "declined" in implementation.basis

    approved = request_measure(requested_at=hkt(2025, 4, 17, 15, 0))
    do_decide_measure(approved, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 4, 22))
    do_implement_measure(approved, implemented_at=hkt(2025, 4, 25), note="", acting_user=officer, at=hkt(2025, 4, 25))
    decision, implementation = measure_deadlines_explained(approved, calendar=calendar, now=hkt(2025, 5, 2))
    assert (decision.status, decision.on_time) == ("done", True)
    assert (implementation.status, implementation.on_time, implementation.done_at) == ("done", True, hkt(2025, 4, 25))
