"""Inserting new flags so that two sweeps at once never raise the same one (see casemgr.sql)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from casemgr.sql import insert_ignoring_conflicts
from oversight.models import Flag

COLUMNS = (
    "case_id",
    "kind",
    "step_key",
    "measure_id",
    "sanction_id",
    "due_at",
    "level",
    "overdue_working_days",
    "detail",
    "raised_at",
    "escalated_at",
    "checked_at",
    "closed_at",
)


def insert_new_flags(flags: Sequence[Flag]) -> list[Flag]:
    """Insert `flags` (unsaved) unless an open flag for the same kind and step exists; return those inserted,
    with their primary keys set. Callers sort `flags`, so two sweeps inserting the same steps wait on each
    other row by row instead of deadlocking."""
    by_identity = {(f.kind, f.step_key): f for f in flags}
    created = []
    rows = [[getattr(flag, name) for name in COLUMNS] for flag in flags]
    for pk, kind, step_key in insert_ignoring_conflicts(Flag, COLUMNS, rows, returning=("id", "kind", "step_key")):
        flag = by_identity[(kind, step_key)]
        flag.pk = pk
        flag._state.adding = False
        flag._state.db = connection.alias
        created.append(flag)
    return created
