"""One broken row does not silence every flag: the rest are raised, the failure is a flag of its own."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from accounts.models import User
from casemgr.vocabulary import FlagKind
from cases.models import Case
from oversight.failures import SWEEP_FAILURE
from oversight.models import Flag
from oversight.sweep import sweep
from tests.conftest import hkt


@pytest.fixture
def broken(case: Case) -> Case:
    """A second case whose stored stage deadline is a date no working days can be counted from (year 1)."""
    from cases.actions.case import do_create_case

    other = do_create_case(
        reference="IBSA-2025-0099",
        received_at=hkt(2025, 3, 14, 10),
        summary="",
        allegations=[],
        acting_user=None,
        at=hkt(2025, 3, 14, 10),
    )
    Case.objects.filter(pk=other.pk).update(stage_due_at=dt.datetime(1, 1, 1, tzinfo=dt.UTC))
    return other


def test_a_failing_row_does_not_stop_the_other_flags(
    case: Case, broken: Case, supervisor: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="oversight.sweep"):
        result = sweep(hkt(2025, 4, 9, 9))

    # The good case's stage and dormancy flags are raised as if nothing had happened.
    assert set(Flag.objects.filter(case=case, closed_at__isnull=True).values_list("kind", flat=True)) == {
        FlagKind.STAGE_OVERDUE,
        FlagKind.CASE_DORMANT,
    }
    failure = Flag.objects.get(kind=SWEEP_FAILURE)
    assert failure.step_key == f"stage_overdue:case:{broken.pk}"
    assert failure.level == 2
    assert failure.notifications.filter(recipient=supervisor, level=2).exists()
    assert result.failed == 1
    # The log names the step by its key and the error's class only.
    assert [r.getMessage() for r in caplog.records] == [
        f"sweep: step stage_overdue:case:{broken.pk} could not be processed (CalendarRangeError)"
    ]


def test_the_failure_flag_closes_once_the_row_is_repaired(case: Case, broken: Case) -> None:
    sweep(hkt(2025, 4, 9, 9))
    Case.objects.filter(pk=broken.pk).update(stage_due_at=hkt(2025, 3, 28, 23, 59, 59))

    sweep(hkt(2025, 4, 10, 9))

    assert Flag.objects.get(kind=SWEEP_FAILURE).closed_at == hkt(2025, 4, 10, 9)
    assert Flag.objects.filter(case=broken, kind=FlagKind.STAGE_OVERDUE, closed_at__isnull=True).exists()
