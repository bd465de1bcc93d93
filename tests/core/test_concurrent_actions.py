"""Two officers acting on one case at once, each from its own database connection, lose nothing.

Each thread holds the copy of the case its request loaded (as `access_case` loads it, without a lock);
the actions lock and re-read the row, so the one that waits sees what the other committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from accounts.models import User
from cases.actions.case import do_record_event
from cases.models import Case, CaseEvent, EventType
from cases.workflow import do_change_stage
from tests.conftest import hkt


def run_at_once(*actions: Callable[[], object]) -> list[object]:
    barrier = threading.Barrier(len(actions))
    results: list[object] = [RuntimeError("not run")] * len(actions)

    def work(index: int) -> None:
        try:
            barrier.wait()
            results[index] = actions[index]()
        except BaseException as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_keeps_the_stage_when_a_note_is_recorded_while_another_officer_moves_it(
    case: Case, officer: User, other_officer: User
) -> None:
    # Both requests loaded the case before either acted: two stale copies in stage `received`.
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    stage_at, note_at = hkt(2025, 3, 18, 10), hkt(2025, 3, 18, 11)

    results = run_at_once(
        lambda: do_change_stage(first, to="investigation", reason="Start.", acting_user=officer, at=stage_at),
        lambda: do_record_event(second, type="note", text="Called the complainant.", acting_user=officer, at=note_at),
    )

    assert all(isinstance(r, CaseEvent) for r in results), results
    stored = Case.objects.get(pk=case.pk)
    assert stored.stage == "investigation"
    assert stored.stage_entered_at == stage_at
    assert stored.last_activity_at == note_at
    # The investigation's own deadline, 40 working days after entering it (Ching Ming, Easter, Labour Day
    # and the Buddha's Birthday not counted), not the 10 working days after receipt of `received`.
    assert stored.stage_due_at == hkt(2025, 5, 20, 23, 59, 59)
    assert CaseEvent.objects.filter(case=case, type=EventType.NOTE).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_checks_the_second_of_two_stage_moves_against_the_stage_the_first_made(
    case: Case, officer: User, other_officer: User
) -> None:
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    at = hkt(2025, 3, 18, 10)

    results = run_at_once(
        lambda: do_change_stage(first, to="investigation", reason="Start.", acting_user=officer, at=at),
        lambda: do_change_stage(second, to="investigation", reason="Start.", acting_user=other_officer, at=at),
    )

    # One move went through; the other was checked against `investigation`, which cannot move to itself.
    assert sorted(type(r).__name__ for r in results) == ["CaseEvent", "ValidationError"], results
    assert CaseEvent.objects.filter(case=case, type=EventType.STAGE).count() == 1
    assert Case.objects.get(pk=case.pk).stage == "investigation"
