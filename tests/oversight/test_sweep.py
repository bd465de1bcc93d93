from __future__ import annotations

import datetime as dt

import pytest

from accommodations.actions import do_decide_measure, do_implement_measure
from accommodations.models import Measure
from accounts.models import User
from casemgr.vocabulary import FlagKind
from cases.models import Case, CaseEvent, EventType
from notifications.models import Notification, NotificationKind
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt

pytestmark = pytest.mark.django_db

DECISION = FlagKind.MEASURE_DECISION_OVERDUE
IMPLEMENTATION = FlagKind.MEASURE_IMPLEMENTATION_OVERDUE


def open_flag(kind: str) -> Flag | None:
    return Flag.objects.filter(kind=kind, closed_at__isnull=True).first()


def notified(flag: Flag) -> set[tuple[str, str, int]]:
    return {(n.recipient.username, n.kind, n.level) for n in Notification.objects.filter(flag=flag) if n.recipient}


def test_it_raises_nothing_while_the_decision_is_not_yet_overdue(separation: Measure) -> None:
    result = sweep(hkt(2025, 3, 18, 23, 59, 59))

    assert result.raised == 0
    assert not Flag.objects.exists()


def test_it_flags_the_decision_the_working_day_after_it_was_due(separation: Measure) -> None:
    result = sweep(hkt(2025, 3, 19, 0, 0, 1))

    flag = open_flag(DECISION)
    assert result.raised == 1
    assert flag is not None
    assert flag.step_key == f"measure:{separation.pk}"
    assert flag.measure == separation
    assert flag.due_at == hkt(2025, 3, 18, 23, 59, 59)
    assert (flag.level, flag.overdue_working_days) == (1, 1)
    assert flag.detail == {"shared_sessions_since_request": 0}
    assert open_flag(IMPLEMENTATION) is None


def test_it_flags_implementation_after_the_fifth_working_day(separation: Measure) -> None:
    sweep(hkt(2025, 3, 21, 23, 0))
    assert open_flag(IMPLEMENTATION) is None

    sweep(hkt(2025, 3, 24, 9, 0))

    flag = open_flag(IMPLEMENTATION)
    assert flag is not None
    assert flag.due_at == hkt(2025, 3, 21, 23, 59, 59)
    assert flag.overdue_working_days == 1
    decision = open_flag(DECISION)
    assert decision is not None
    assert decision.overdue_working_days == 4


@pytest.mark.parametrize(
    ("now", "level", "days"),
    [
        (hkt(2025, 3, 24, 9), 1, 4),
        (hkt(2025, 3, 25, 9), 2, 5),
        (hkt(2025, 4, 8, 9), 2, 14),  # 4 April 2025 (Ching Ming) is not a working day
        (hkt(2025, 4, 9, 9), 3, 15),
    ],
)
def test_it_sets_the_level_from_working_days_overdue(
    separation: Measure, now: dt.datetime, level: int, days: int
) -> None:
    sweep(now)

    flag = open_flag(DECISION)
    assert flag is not None
    assert (flag.level, flag.overdue_working_days) == (level, days)


def test_it_tells_officers_then_supervisors_then_governance(
    separation: Measure, officer: User, supervisor: User, reviewer: User, complainant: User
) -> None:
    sweep(hkt(2025, 3, 19, 9))
    flag = open_flag(DECISION)
    assert flag is not None
    assert notified(flag) == {
        ("officer.chan", NotificationKind.STEP_OVERDUE, 1),
        (complainant.username, NotificationKind.REQUEST_OVERDUE, 1),
    }

    result = sweep(hkt(2025, 3, 25, 9))
    flag.refresh_from_db()
    assert result.escalated >= 1
    assert flag.level == 2
    assert flag.escalated_at == hkt(2025, 3, 25, 9)
    assert ("supervisor.lee", NotificationKind.STEP_OVERDUE, 2) in notified(flag)
    assert ("reviewer.ng", NotificationKind.STEP_OVERDUE, 3) not in notified(flag)

    sweep(hkt(2025, 4, 9, 9))
    flag.refresh_from_db()
    assert flag.level == 3
    assert ("reviewer.ng", NotificationKind.STEP_OVERDUE, 3) in notified(flag)
    assert len(notified(flag)) == 4


def test_it_tells_every_level_at_once_when_raised_late(separation: Measure, supervisor: User, reviewer: User) -> None:
    sweep(hkt(2025, 4, 9, 9))

    flag = open_flag(DECISION)
    assert flag is not None
    assert flag.level == 3
    assert flag.escalated_at is None
    levels = {level for _user, kind, level in notified(flag) if kind == NotificationKind.STEP_OVERDUE}
    assert levels == {1, 2, 3}


def test_it_writes_the_timeline_for_raise_escalation_and_close(separation: Measure, officer: User) -> None:
    sweep(hkt(2025, 3, 19, 9))
    sweep(hkt(2025, 3, 25, 9))
    do_decide_measure(separation, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 25, 10))
    sweep(hkt(2025, 3, 25, 11))

    events = CaseEvent.objects.filter(case=separation.case, type=EventType.SYSTEM, detail__kind=DECISION)
    assert [e.detail["action"] for e in events] == ["flag_raised", "flag_escalated", "flag_closed"]
    assert all(e.actor is None for e in events)


def test_it_raises_and_sends_nothing_new_when_run_twice(separation: Measure, supervisor: User) -> None:
    now = hkt(2025, 4, 9, 9)
    first = sweep(now)
    flags, events, notifications = Flag.objects.count(), CaseEvent.objects.count(), Notification.objects.count()

    second = sweep(now)

    assert first.raised > 0
    assert (second.raised, second.escalated, second.closed) == (0, 0, 0)
    assert second.open == first.open
    assert (Flag.objects.count(), CaseEvent.objects.count(), Notification.objects.count()) == (
        flags,
        events,
        notifications,
    )


def test_it_closes_the_decision_flag_once_decided_and_tells_the_complainant(
    separation: Measure, officer: User, complainant: User
) -> None:
    sweep(hkt(2025, 3, 19, 9))
    do_decide_measure(separation, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 20, 9))

    # The decision itself closes the flag (issue 8: flags close with the step), so the sweep has nothing left.
    flag = Flag.objects.get(kind=DECISION)
    assert flag.closed_at == hkt(2025, 3, 20, 9)
    assert (complainant.username, NotificationKind.REQUEST_DONE, 1) in notified(flag)
    result = sweep(hkt(2025, 3, 20, 9, 30))
    assert (result.closed, result.raised) == (0, 0)
    assert Flag.objects.get(kind=DECISION).closed_at == hkt(2025, 3, 20, 9)


def test_it_closes_the_implementation_flag_once_implemented(separation: Measure, officer: User) -> None:
    do_decide_measure(separation, decision="approved", reasons="", acting_user=officer, at=hkt(2025, 3, 17, 9))
    sweep(hkt(2025, 3, 24, 9))
    assert open_flag(IMPLEMENTATION) is not None
    at = hkt(2025, 3, 24, 12)
    do_implement_measure(separation, implemented_at=at, note="Moved to T04.", acting_user=officer, at=at)

    # Closed by the implementation itself, at its time; the next sweep leaves it closed.
    assert open_flag(IMPLEMENTATION) is None
    sweep(hkt(2025, 3, 24, 13))
    assert open_flag(IMPLEMENTATION) is None
    assert Flag.objects.get(kind=IMPLEMENTATION).closed_at == hkt(2025, 3, 24, 12)


def test_it_closes_when_the_step_is_no_longer_overdue_without_telling_the_complainant(
    separation: Measure, officer: User, complainant: User
) -> None:
    sweep(hkt(2025, 3, 19, 9))
    # An extension moves the stored due time into the future: the step is no longer overdue, not done.
    Measure.objects.filter(pk=separation.pk).update(decision_due_at=hkt(2025, 3, 31, 23, 59, 59))

    result = sweep(hkt(2025, 3, 20, 9))

    assert result.closed == 1
    flag = Flag.objects.get(kind=DECISION)
    assert (complainant.username, NotificationKind.REQUEST_DONE, 1) not in notified(flag)


def test_it_flags_a_stage_overdue_and_a_dormant_case(case: Case) -> None:
    # Received 14 March 2025: leave `received` by 28 March; any activity by 7 April (4 April is a holiday).
    sweep(hkt(2025, 3, 31, 9))
    stage = open_flag(FlagKind.STAGE_OVERDUE)
    assert stage is not None
    assert stage.step_key == f"case:{case.pk}"
    assert stage.due_at == hkt(2025, 3, 28, 23, 59, 59)
    assert open_flag(FlagKind.CASE_DORMANT) is None

    sweep(hkt(2025, 4, 8, 9))

    dormant = open_flag(FlagKind.CASE_DORMANT)
    assert dormant is not None
    assert dormant.due_at == hkt(2025, 4, 7, 23, 59, 59)
    assert dormant.overdue_working_days == 1


def test_it_closes_stage_and_dormancy_flags_when_the_case_is_closed(case: Case, officer: User) -> None:
    from cases.workflow import do_change_stage

    sweep(hkt(2025, 4, 8, 9))
    assert Flag.objects.filter(closed_at__isnull=True).count() == 2
    do_change_stage(case, to="closed", reason="Resolved.", acting_user=officer, at=hkt(2025, 4, 8, 10))

    # Closing the case closes both flags at once (issue 8); the next sweep finds nothing to do.
    assert not Flag.objects.filter(closed_at__isnull=True).exists()
    assert set(Flag.objects.values_list("closed_at", flat=True)) == {hkt(2025, 4, 8, 10)}
    result = sweep(hkt(2025, 4, 8, 11))
    assert (result.closed, result.raised) == (0, 0)


def test_it_flags_a_sanction_not_complied_with_and_closes_it_on_compliance(case: Case, officer: User) -> None:
    from cases.actions.outcome import SanctionInput, do_record_compliance, do_record_outcome
    from cases.workflow import do_change_stage

    do_change_stage(case, to="investigation", reason="Start.", acting_user=officer, at=hkt(2025, 3, 17, 9))
    outcome = do_record_outcome(
        case,
        sanctions=[SanctionInput(type="apology", due_at=hkt(2025, 4, 30, 17))],
        reasons="Found.",
        acting_user=officer,
        at=hkt(2025, 4, 1, 9),
    )
    sanction = outcome.sanctions.get()

    sweep(hkt(2025, 5, 2, 9))
    flag = open_flag(FlagKind.SANCTION_COMPLIANCE_OVERDUE)
    assert flag is not None
    assert flag.step_key == f"sanction:{sanction.pk}"
    assert flag.sanction == sanction
    assert flag.measure is None

    do_record_compliance(sanction, complied_at=hkt(2025, 5, 2, 10), acting_user=officer, at=hkt(2025, 5, 2, 10))
    sweep(hkt(2025, 5, 2, 11))

    assert open_flag(FlagKind.SANCTION_COMPLIANCE_OVERDUE) is None


def test_it_raises_a_new_flag_when_a_closed_step_falls_overdue_again(case: Case, officer: User) -> None:
    from cases.actions.case import do_record_event

    sweep(hkt(2025, 4, 8, 9))
    do_record_event(case, type="note", text="Called the complainant.", acting_user=officer, at=hkt(2025, 4, 8, 10))
    sweep(hkt(2025, 4, 8, 11))
    assert open_flag(FlagKind.CASE_DORMANT) is None

    sweep(hkt(2025, 5, 30, 9))

    assert Flag.objects.filter(kind=FlagKind.CASE_DORMANT).count() == 2
    assert open_flag(FlagKind.CASE_DORMANT) is not None
