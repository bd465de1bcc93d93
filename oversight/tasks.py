"""Celery tasks: thin and explicitly named; beat runs `oversight.sweep` every CASEMGR_SWEEP_MINUTES."""

from __future__ import annotations

from celery import shared_task

from casemgr import clock
from oversight.sweep import sweep


@shared_task(name="oversight.sweep")
def sweep_task() -> int:
    return sweep(clock.now()).raised
