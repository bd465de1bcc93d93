"""The action that completes a step closes its flag in the same transaction, not the next sweep."""

from __future__ import annotations

from accommodations.actions import do_decide_measure
from accommodations.models import Measure
from accounts.models import User
from casemgr.vocabulary import FlagKind
from cases.models import Case, CaseEvent, EventType
from notifications.models import Notification, NotificationKind
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt
from tests.measures.conftest import RequestMeasure


def test_a_measure_decided_in_a_request_leaves_no_open_flag(
    case: Case, officer: User, supervisor: User, complainant: User, request_measure: RequestMeasure
) -> None:
    measure: Measure = request_measure(requested_at=hkt(2025, 3, 14, 16))
    sweep(hkt(2025, 3, 19, 9))
    assert Flag.objects.filter(kind=FlagKind.MEASURE_DECISION_OVERDUE, closed_at__isnull=True).exists()
    decided_at = hkt(2025, 3, 19, 11)

    do_decide_measure(measure, decision="approved", reasons="", acting_user=officer, at=decided_at)

    flag = Flag.objects.get(kind=FlagKind.MEASURE_DECISION_OVERDUE)
    assert flag.closed_at == decided_at
    closing = CaseEvent.objects.get(case=case, type=EventType.SYSTEM, detail__action="flag_closed")
    assert closing.detail["done"] is True
    assert Notification.objects.filter(flag=flag, kind=NotificationKind.REQUEST_DONE, recipient=complainant).exists()
    # The supervisor is never told about a step already done: a sweep weeks later raises nothing for it.
    sweep(hkt(2025, 3, 28, 9))
    assert not Flag.objects.filter(kind=FlagKind.MEASURE_DECISION_OVERDUE, closed_at__isnull=True).exists()
    assert not Notification.objects.filter(recipient=supervisor, step_kind=FlagKind.MEASURE_DECISION_OVERDUE).exists()


def test_moving_the_stage_closes_the_stage_flag(case: Case, officer: User) -> None:
    from cases.workflow import do_change_stage

    sweep(hkt(2025, 3, 31, 9))
    assert Flag.objects.filter(kind=FlagKind.STAGE_OVERDUE, closed_at__isnull=True).exists()

    do_change_stage(case, to="investigation", reason="Start.", acting_user=officer, at=hkt(2025, 3, 31, 10))

    assert Flag.objects.get(kind=FlagKind.STAGE_OVERDUE).closed_at == hkt(2025, 3, 31, 10)
