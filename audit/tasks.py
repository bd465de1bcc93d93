"""Celery tasks: beat links the rows left unlinked every minute and checkpoints the chain's head every
CASEMGR_AUDIT_CHECKPOINT_MINUTES (audit.linking, audit.checkpoints)."""

from __future__ import annotations

from celery import shared_task

from audit.checkpoints import write_checkpoint
from audit.linking import link_pending
from casemgr import clock


@shared_task(name="audit.link_pending")
def link_pending_task() -> int:
    return link_pending()


@shared_task(name="audit.checkpoint")
def checkpoint_task() -> int:
    checkpoint = write_checkpoint(at=clock.now())
    return checkpoint.seq if checkpoint is not None else 0
