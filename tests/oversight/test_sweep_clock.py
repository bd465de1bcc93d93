"""`sweep --now` off the real clock cannot corrupt the flags: never backwards, and the future only as a dry run."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accommodations.models import Measure
from notifications.models import Notification
from oversight.models import Flag, SweepRun
from tests.conftest import hkt

REAL_NOW = hkt(2025, 4, 1, 12)


def run(*args: str) -> str:
    out = StringIO()
    with time_machine.travel(REAL_NOW, tick=False):
        call_command("sweep", *args, stdout=out)
    return out.getvalue()


def test_it_refuses_a_time_before_the_latest_sweep_and_changes_nothing(separation: Measure) -> None:
    run("--now", "2025-03-24T09:00:00+08:00")
    open_before = list(Flag.objects.filter(closed_at__isnull=True).values_list("pk", flat=True))

    with pytest.raises(CommandError, match="before the latest sweep"):
        run("--now", "2025-03-18T09:00:00+08:00")

    assert list(Flag.objects.filter(closed_at__isnull=True).values_list("pk", flat=True)) == open_before
    assert SweepRun.objects.get().now == hkt(2025, 3, 24, 9)


def test_a_replay_moving_forward_is_unaffected(separation: Measure) -> None:
    for moment in ("2025-03-19T09:00:00+08:00", "2025-03-24T09:00:00+08:00", "2025-03-31T09:00:00+08:00"):
        run("--now", moment)
    assert SweepRun.objects.get().now == hkt(2025, 3, 31, 9)
    assert Flag.objects.filter(closed_at__isnull=True, kind="measure_decision_overdue").get().level == 2


def test_a_future_time_is_refused_unless_it_is_a_dry_run_which_changes_nothing(separation: Measure) -> None:
    with pytest.raises(CommandError, match="in the future"):
        run("--now", "2025-05-01T09:00:00+08:00")

    printed = run("--now", "2025-05-01T09:00:00+08:00", "--dry-run")

    assert "would raise 4" in printed  # decision, implementation, stage and dormancy
    assert "measure_decision_overdue level 3" in printed
    assert not Flag.objects.exists()
    assert not Notification.objects.exists()
    assert not SweepRun.objects.exists()


def test_it_names_the_option_of_a_time_outside_the_accepted_years(db: None) -> None:
    with pytest.raises(CommandError, match="--now: 0001-01-01T00:00:00"):
        run("--now", "0001-01-01T00:00:00+08:00")
