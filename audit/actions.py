"""One audit row per action.

`@audited` runs a `do_*` function as one audited action in one transaction (it replaces
`@transaction.atomic`). Inside, the action writes its row explicitly with `record_action`. An action
that calls other actions (recording a complaint creates the case, assigns the officer and adds each
person) writes one row saying what it did: the rows of the actions it calls are left out, as parts of
it. Their timeline entries are not affected; each part still appears in the case's chronology.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from django.db import transaction

from audit.log import record
from audit.models import AuditEntry

P = ParamSpec("P")
R = TypeVar("R")

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("audit_action_depth", default=0)
# Every function wrapped by @audited, so a test can check that no action was left out.
AUDITED: set[Callable[..., Any]] = set()


@contextmanager
def action_scope() -> Iterator[None]:
    """One audited action, in one transaction: actions called inside write no rows of their own.

    For code that is not a `do_*` function but writes one row for many actions (an import).
    """
    token = _depth.set(_depth.get() + 1)
    try:
        with transaction.atomic():
            yield
    finally:
        _depth.reset(token)


def audited(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a `do_*` action: it runs in one transaction as one audited action (see the module)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with action_scope():
            return func(*args, **kwargs)

    AUDITED.add(run)
    return run


def is_audited(func: object) -> bool:
    return func in AUDITED


def record_action(
    action: str,
    *,
    actor: Any,
    at: dt.datetime,
    case_id: int | None = None,
    target: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry | None:
    """Write the audit row of the action being run, in its transaction.

    Returns None and writes nothing when the action runs as a part of an enclosing audited action,
    whose own row covers it. `detail` holds ids and codes only: never names, summaries or free text.
    """
    if _depth.get() > 1:
        return None
    return record(action, actor=actor, at=at, case_id=case_id, target=target, detail=detail)
