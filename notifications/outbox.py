"""Writing outbox rows. Callers are inside their own transaction: the rows commit with the change that
caused them, and nothing here talks to the broker or the mail server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from casemgr.sql import insert_ignoring_conflicts
from notifications.models import Notification

FIELDS: tuple[str, ...] = ("recipient_id", "case_id", "flag_id", "kind", "step_kind", "level", "created_at")
FIELDS += ("next_attempt_at", "attempts", "last_error")


@dataclass(frozen=True)
class Outgoing:
    recipient_id: int
    case_id: int
    flag_id: int | None
    kind: str
    step_kind: str
    level: int


def queue_notifications(messages: Iterable[Outgoing], *, at: dt.datetime) -> None:
    """Insert one pending row per message, due at `at`.

    A message already queued for the same flag, kind, level and recipient is skipped by the unique
    constraint (ON CONFLICT DO NOTHING), so queueing is idempotent.
    """
    unique = sorted(set(messages), key=lambda m: (m.flag_id or 0, m.kind, m.level, m.recipient_id))
    rows = [(m.recipient_id, m.case_id, m.flag_id, m.kind, m.step_kind, m.level, at, at, 0, "") for m in unique]
    insert_ignoring_conflicts(Notification, FIELDS, rows)
