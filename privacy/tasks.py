"""Celery tasks: beat runs `privacy.purge` nightly (CELERY_BEAT_SCHEDULE), the same function as `manage.py purge`."""

from __future__ import annotations

from celery import shared_task

from casemgr import clock
from privacy.purge import run_purge


@shared_task(name="privacy.purge")
def purge_task() -> int:
    return len(run_purge(now=clock.now(), origin="worker:purge").items)
