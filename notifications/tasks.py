"""Celery tasks: thin, explicitly named, reading the clock once and calling plain functions."""

from __future__ import annotations

from celery import shared_task

from casemgr import clock
from notifications.digests import send_daily_digests
from notifications.sending import send_pending

# Batches per run: each batch is claimed at one `now`, so a run stays inside the lease.
MAX_BATCHES = 25


@shared_task(name="notifications.send_pending")
def send_pending_task() -> int:
    sent = 0
    for _ in range(MAX_BATCHES):
        result = send_pending(now=clock.now())
        sent += result.sent
        if result.sent + result.failed == 0:
            break
    return sent


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests_task() -> int:
    return send_daily_digests(now=clock.now()).sent
