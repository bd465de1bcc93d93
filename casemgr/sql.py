"""INSERT ... ON CONFLICT DO NOTHING [RETURNING] for many rows at once.

The sweep relies on it twice: for flags (the partial unique constraint on open flags decides which of
two concurrent sweeps raises a flag, and RETURNING tells each sweep exactly which rows it created) and
for notification outbox rows (the unique key makes a second message impossible).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

BATCH = 1000


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a concrete column, not a relation's reverse side
    return field


def insert_ignoring_conflicts(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    returning: Sequence[str] = (),
) -> list[tuple[Any, ...]]:
    """Insert `rows` (plain values in the order of `fields`, attribute names such as "case_id") skipping
    any row that violates a unique constraint; return the `returning` columns of the rows actually
    inserted. Rows go in the given order. No model instances are built: a sweep may write thousands."""
    concrete = [_field(model, name) for name in fields]
    # Only JSON needs adapting; every other value here is a plain int, str, datetime or None.
    prepare = [isinstance(f, models.JSONField) for f in concrete]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in concrete)
    tail = " ON CONFLICT DO NOTHING"
    if returning:
        tail += " RETURNING " + ", ".join(quote(str(_field(model, name).column)) for name in returning)
    inserted: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            values = [
                [f.get_db_prep_save(row[i], connection) for row in chunk] if prepare[i] else [row[i] for row in chunk]
                for i, f in enumerate(concrete)
            ]
            # Identifiers and types come from the model's metadata; every value is a bound parameter.
            if connection.vendor == "postgresql":
                # One array parameter per column: building the statement stays cheap however many rows.
                arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in concrete)
                sql = f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}){tail}"  # noqa: S608  # nosec B608
                params: list[Any] = values
            else:
                row = "(" + ", ".join(["%s"] * len(concrete)) + ")"
                sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))}{tail}"  # noqa: S608  # nosec
                params = [column[i] for i in range(len(chunk)) for column in values]
            cursor.execute(sql, params)
            if returning:
                inserted.extend(cursor.fetchall())
    return inserted
