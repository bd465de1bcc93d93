"""Celery tasks: thin and explicitly named."""

from __future__ import annotations

from celery import shared_task

from casemgr import clock
from reports.monthly import queue_monthly_report


@shared_task(name="reports.queue_monthly_report")
def queue_monthly_report_task() -> int:
    return queue_monthly_report(at=clock.now())
