from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from accommodations.models import Measure
from accounts.models import User
from cases.models import CaseEvent, EventType
from notifications.models import Notification
from oversight.models import Flag
from oversight.sweep import SweepResult, sweep
from tests.conftest import hkt


def run_at_once(count: int, now_values: list[dt.datetime]) -> list[SweepResult | BaseException]:
    """Run `count` sweeps in threads (each with its own database connection), released together."""
    barrier = threading.Barrier(count)
    results: list[SweepResult | BaseException] = [RuntimeError("not run")] * count

    def work(index: int) -> None:
        try:
            barrier.wait()
            results[index] = sweep(now_values[index])
        except BaseException as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_raises_one_flag_when_two_sweeps_run_at_once(separation: Measure, supervisor: User) -> None:
    now = hkt(2025, 4, 9, 9)

    results = run_at_once(2, [now, now])

    assert all(isinstance(r, SweepResult) for r in results), results
    flags = Flag.objects.filter(closed_at__isnull=True)
    assert sorted(flags.values_list("kind", flat=True)) == [
        "case_dormant",
        "measure_decision_overdue",
        "measure_implementation_overdue",
        "stage_overdue",
    ]
    assert sum(r.raised for r in results if isinstance(r, SweepResult)) == 4
    raised = CaseEvent.objects.filter(type=EventType.SYSTEM, detail__action="flag_raised")
    assert raised.count() == 4
    per_flag = {(n.flag_id, n.kind, n.level, n.recipient_id) for n in Notification.objects.all()}
    assert len(per_flag) == Notification.objects.count()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_escalates_once_when_two_sweeps_run_at_once(separation: Measure, supervisor: User) -> None:
    sweep(hkt(2025, 3, 19, 9))
    later = hkt(2025, 3, 25, 9)

    results = run_at_once(2, [later, later])

    assert all(isinstance(r, SweepResult) for r in results), results
    assert sum(r.escalated for r in results if isinstance(r, SweepResult)) == 1
    escalations = CaseEvent.objects.filter(type=EventType.SYSTEM, detail__action="flag_escalated")
    assert escalations.count() == 1
    assert Notification.objects.filter(level=2, recipient=supervisor).count() == 1
