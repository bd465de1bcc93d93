"""Celery tasks write their audit rows as "worker:TASK_NAME" (connected in AuditConfig.ready)."""

from __future__ import annotations

import contextvars
from typing import Any

from celery.signals import task_postrun, task_prerun

from audit.context import Origin, reset_process_origin, set_process_origin

# The origin set for each running task, by task id, to put back what was there when it ends.
_tokens: dict[str, contextvars.Token[Origin | None]] = {}


def task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    if task_id is not None and task is not None:
        _tokens[task_id] = set_process_origin(f"worker:{task.name}")


def task_ended(task_id: str | None = None, **_: Any) -> None:
    token = _tokens.pop(task_id, None) if task_id is not None else None
    if token is not None:
        reset_process_origin(token)


def connect() -> None:
    task_prerun.connect(task_started, weak=False, dispatch_uid="audit.worker.task_started")
    task_postrun.connect(task_ended, weak=False, dispatch_uid="audit.worker.task_ended")
