"""Celery task: beat deletes the throttle's counted tries once their window has passed, so the hashed
addresses are gone even when nobody uses the public form for a while (intake.throttle)."""

from __future__ import annotations

from celery import shared_task

from casemgr import clock
from intake.throttle import forget_expired


@shared_task(name="intake.forget_throttle")
def forget_throttle_task() -> int:
    return forget_expired(now=clock.now())
