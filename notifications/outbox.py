"""Writing outbox rows. Callers are inside their own transaction: the rows commit with the change that
caused them, and nothing here talks to the broker or the mail server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from casemgr.sql import insert_ignoring_conflicts
from notifications.models import Notification

FIELDS: tuple[str, ...] = ("recipient_id", "to_email", "case_id", "flag_id", "kind", "step_kind", "subject", "level")
FIELDS += ("created_at", "next_attempt_at", "attempts", "last_error")


@dataclass(frozen=True)
class Outgoing:
    """One message to queue: to an account (`recipient_id`) or, for someone without one, to `to_email`.

    A message about a flag is identified by (flag, kind, level, recipient); any other by `subject`.
    """

    recipient_id: int | None
    case_id: int | None
    flag_id: int | None
    kind: str
    step_kind: str = ""
    level: int = 1
    subject: str = ""
    to_email: str = ""


def queue_notifications(messages: Iterable[Outgoing], *, at: dt.datetime) -> int:
    """Insert one pending row per message, due at `at`; returns how many were new.

    A message already queued (same flag, kind, level and recipient; or same kind, subject and recipient)
    is skipped by the unique constraints (ON CONFLICT DO NOTHING), so queueing is idempotent.
    """
    unique = sorted(
        set(messages),
        key=lambda m: (m.flag_id or 0, m.kind, m.subject, m.level, m.recipient_id or 0, m.to_email),
    )
    rows = [
        (m.recipient_id, m.to_email, m.case_id, m.flag_id, m.kind, m.step_kind, m.subject, m.level, at, at, 0, "")
        for m in unique
    ]
    return len(insert_ignoring_conflicts(Notification, FIELDS, rows, returning=("id",)))
