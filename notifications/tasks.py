"""Celery tasks: thin, explicitly named, reading the clock and calling plain functions."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings

from casemgr import clock
from notifications.digests import send_daily_digests
from notifications.sending import send_pending


def sending_window() -> dt.timedelta:
    """How long one run keeps starting batches: three quarters of Celery's soft time limit, which
    leaves the last batch (at most `send_pending`'s limit of messages) a quarter to finish in."""
    return dt.timedelta(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT * 3 / 4)


@shared_task(name="notifications.send_pending")
def send_pending_task() -> int:
    """Send batches while messages are due and the run is inside its window, then stop.

    It used to stop after 25 batches of 20, about 500 messages a beat minute, so 18,000 queued messages
    took 36 minutes. Each batch claims its rows at the time it starts (the lease runs from then), so a
    long run never holds a lease older than one batch. A batch that sends nothing (nothing due, or the
    mail server refusing everything) ends the run; the next beat tries again.
    """
    stop_at = clock.now() + sending_window()
    sent = 0
    while True:
        result = send_pending(now=clock.now())
        sent += result.sent
        if result.sent == 0 or clock.now() >= stop_at:
            return sent


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests_task() -> int:
    return send_daily_digests(now=clock.now()).sent
